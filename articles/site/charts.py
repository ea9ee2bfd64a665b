"""Small server-rendered SVG bar charts: no scripts, every value escaped, readable by screen readers."""

from django.utils.html import format_html, format_html_join

# Geometry in SVG user units: bars BAR wide, GAP apart, at most PLOT high, inside the margins.
BAR, GAP, PLOT = 14, 4, 100
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 24


def bar_chart_svg(bars, *, title, summary, first_label, last_label, color="#417690", empty_label=""):
    """An SVG bar chart of [(tooltip, count)], with its title, a spoken summary, and the ends of the axis; with
    no count above 0, `empty_label` across it instead of a scale from 0 to 0."""
    if not bars:
        return ""
    top = max(count for _tooltip, count in bars)
    peak = top or 1
    width = LEFT + len(bars) * (BAR + GAP) - GAP + RIGHT
    height = TOP + PLOT + BOTTOM
    baseline = TOP + PLOT

    def bar(index, tooltip, count):
        # A bar with any story keeps a visible sliver however tall the tallest is.
        bar_height = max(round(PLOT * count / peak, 1), 1) if count else 0
        return (LEFT + index * (BAR + GAP), baseline - bar_height, BAR, bar_height, color, tooltip)

    rects = format_html_join(
        "\n",
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
        (bar(index, tooltip, count) for index, (tooltip, count) in enumerate(bars)),
    )
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        'role="img" aria-label="{summary}">\n'
        "<title>{title}</title>\n"
        '<g class="chart-axis" fill="#555" font-size="11">'
        "{scale}"
        '<text x="{left}" y="{date_y}">{first}</text>'
        '<text x="{right}" y="{date_y}" text-anchor="end">{last}</text>'
        "</g>\n"
        '<line x1="{left}" y1="{baseline}" x2="{right}" y2="{baseline}" stroke="#999" stroke-width="1"/>\n'
        "{rects}\n</svg>",
        width=width,
        height=height,
        summary=summary,
        title=title,
        scale=format_html(
            '<text x="{}" y="{}" text-anchor="end">{}</text><text x="{}" y="{}" text-anchor="end">0</text>',
            LEFT - 6,
            TOP + 4,
            top,
            LEFT - 6,
            baseline,
        )
        if top
        else format_html('<text x="{}" y="{}" text-anchor="middle">{}</text>', width / 2, TOP + PLOT / 2, empty_label),
        baseline=baseline,
        left=LEFT,
        right=width - RIGHT,
        date_y=height - 6,
        first=first_label,
        last=last_label,
        rects=rects,
    )
