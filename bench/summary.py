"""The latest figures from bench/results/, as a summary: printed, and written into bench/README.md.

    .venv/bin/python bench/summary.py

First the floors (bench/results/floors.md): for each database, size and floor, the newest row, a ratio to
a reference measured in the same run (Wagtail 8 beside Newsroom, or nginx serving a file). Then, for each
database and size, the newest import row and the newest row of each page and cache mode, with ratios to
the fixed figures Wagtail gave on 2026-11-29 (an older day of this machine: only the floors' ratios are
from the same run), and the growth from the smallest to the largest database measured.
"""

import re
import sys

from benchlib import BENCH, RESULTS, family, read_table

README = BENCH / "README.md"
START, END = "<!-- summary:start -->", "<!-- summary:end -->"
FLOORS = RESULTS / "floors.md"
SEARCH_FLOOR = 200  # req/s, SQLite, 100k stories
REFERENCE_IMPORT = 56
REFERENCE_PAGES = {"article": 145, "tag": 82, "static": 60_000}


def number(text):
    with_digits = re.sub(r"[^\d.]", "", text or "")
    return float(with_digits) if with_digits else 0.0


def corpus(row):
    """' (shared corpus)' for a row measured on the Wagtail peer's corpus, kept apart from the others."""
    return " (shared corpus)" if "shared corpus" in row.get("note", "") else ""


def where(row):
    return family(row["database"]) + corpus(row)


def shown(row):
    return row["database"] + corpus(row)


def latest(rows, key):
    newest = {}
    for row in rows:  # the tables are in run order, newest last
        newest[key(row)] = row
    return newest


def page_kind(row):
    if row.get("page cache") in ("static", "nginx"):
        return row["page cache"]
    page = row.get("page", "")
    return " ".join(page.split(" ")[:2]) if page.startswith("api ") else page.split(" ")[0]


def floors_summary():
    """The newest row of each floor per database and size, and the search floor from http.md."""
    rows = latest(read_table(FLOORS), lambda r: (family(r["database"]), number(r["stories"]), r["measure"]))
    lines = [
        "| database | stories | measure | Newsroom | reference, same run | ratio | floor | verdict | measured |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for (_db, stories, _measure), r in sorted(rows.items()):
        older = " (older reference)" if "OLDER FIGURE" in r["note"] else ""
        lines.append(
            f"| {r['database']} | {stories:,.0f} | {r['measure']} | {r['Newsroom']} | {r['reference']}{older} "
            f"| {r['ratio']} | {r['floor']} | {r['verdict']} | {r['date']}, {r['commit']} |"
        )
    search = latest(
        (
            r
            for r in read_table(RESULTS / "http.md")
            if r["page"].startswith("search") and r["page cache"] == "bare" and number(r["stories"]) >= 100_000
        ),
        where,
    )
    for db, r in sorted(search.items()):
        sqlite = db.startswith("SQLite")
        floor = f">= {SEARCH_FLOOR} req/s" if sqlite else "its GIN index (bench/explain_pages.py)"
        verdict = ("met" if number(r["req/s"]) >= SEARCH_FLOOR else "NOT MET") if sqlite else "see the plan"
        lines.append(
            f"| {shown(r)} | {number(r['stories']):,.0f} | search page, page cache off, req/s | {r['req/s']} | - "
            f"| - | {floor} | {verdict} | {r['date']}, {r['commit']} |"
        )
    if len(lines) == 2:
        return ['No floor figures yet: `make bench BENCH_PEER=1` (bench/README.md, "Against Wagtail").']
    return lines


def import_summary():
    rows = latest(read_table(RESULTS / "import.md"), lambda r: (where(r), number(r["stories"])))
    if not rows:
        return ["No import figures yet: `make bench-import`."]
    lines = [
        "| database | stories | stories/s | x Wagtail of 2026-11-29 (56/s) | wall s | peak RSS MB | note | measured |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for (_db, stories), r in sorted(rows.items()):
        rate = number(r["stories/s"])
        lines.append(
            f"| {shown(r)} | {stories:,.0f} | {r['stories/s']} | {rate / REFERENCE_IMPORT:.1f}x | {r['wall s']} "
            f"| {r['peak RSS MB']} | {r['note']} | {r['date']} |"
        )
    return lines


def http_summary():
    table = read_table(RESULTS / "http.md")
    rows = latest(table, lambda r: (where(r), number(r["stories"]), page_kind(r), r["page cache"]))
    if not rows:
        return ["No HTTP figures yet: `make bench-http`."]
    lines = [
        "| database | stories | page | cache | req/s | x Wagtail of 2026-11-29 | p50 ms | p99 ms | queries "
        "| measured |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    order = {"article": 0, "tag": 1, "home": 2, "search": 3, "api list": 4, "api item": 5, "static": 6, "nginx": 7}

    def in_order(item):
        (db, stories, kind, cache), _row = item
        return db, stories, order.get(kind, 9), cache

    for (_db, stories, kind, cache), r in sorted(rows.items(), key=in_order):
        reference = REFERENCE_PAGES.get(kind)
        ratio = f"{number(r['req/s']) / reference:.2f}x" if reference else ""
        static = rows.get((_db, stories, "static", "static"))
        if kind == "nginx" and static:
            ratio = f"{number(r['req/s']) / number(static['req/s']):.2f}x static"
        lines.append(
            f"| {shown(r)} | {stories:,.0f} | {r['page']} | {cache} | {r['req/s']} | {ratio} | {r['p50 ms']} "
            f"| {r['p99 ms']} | {r['queries']} | {r['date']} |"
        )
    lines += behind_nginx(rows)
    lines += growth(rows)
    return lines


def behind_nginx(rows):
    """deploy/nginx.conf against the static limit of the same run, and how soon changes showed through it."""
    lines = []
    for (db, stories, kind, _cache), r in sorted(rows.items()):
        static = rows.get((db, stories, "static", "static"))
        if kind != "nginx" or not static:
            continue
        share = number(r["req/s"]) / max(number(static["req/s"]), 1e-9)
        fresh = [
            found[0]
            for found in (re.search(rf"{what} after [\d.]+ s", r["note"]) for what in ("edit visible", "unpublish"))
            if found
        ]
        through = f"{r['req/s']} req/s through the cache, {share:.0%} of the static {static['req/s']}"
        lines.append(f"- {shown(r)}, {stories:,.0f} stories: {through}" + "".join(f"; {text}" for text in fresh))
    target = "Behind deploy/nginx.conf (target: at least half the static limit; a change visible within a few seconds):"
    return ["", target, "", *lines] if lines else []


def growth(rows):
    """Requests/s at the largest database against the smallest, page by page, measured on the same commit
    (a comparison across code changes says nothing about growth), in separate runs minutes apart."""
    lines = []
    for (db, small, kind, cache), r in rows.items():
        if kind not in ("article", "tag"):
            continue
        same = [
            (s, row)
            for (d, s, k, c), row in rows.items()
            if (d, k, c) == (db, kind, cache) and row["commit"] == r["commit"]
        ]
        big, big_row = max(same, key=lambda item: item[0])
        if small != min(s for s, _row in same) or big == small:
            continue
        change = number(big_row["req/s"]) / max(number(r["req/s"]), 1e-9) - 1
        lines.append(
            f"- {db} {kind} page, {cache}: {change:+.0%} req/s from {small:,.0f} to {big:,.0f} stories "
            f"(commit {r['commit']})"
        )
    return (
        ["", "Growth, from the separate runs above (each carries its own minute of the machine):", "", *sorted(lines)]
        if lines
        else []
    )


def paired_growth():
    """The newest row of bench/growth.py per database and page: both sizes loaded in alternation."""
    rows = latest(
        read_table(RESULTS / "growth.md"), lambda r: (family(r["database"]), r["small"], r["large"], r["page"])
    )
    lines = [
        f"- {r['database']} {r['page']} page: {r['growth']} req/s from {r['small']} to {r['large']} stories "
        f"({r['small req/s']} and {r['large req/s']} req/s; pairs {r['pairs (large / small)']}; commit {r['commit']}, "
        f"{r['date']})"
        for _key, r in sorted(rows.items())
    ]
    title = "Growth, the two sizes loaded in alternation (`make bench-growth`; target: within 20%):"
    return ["", title, "", *lines] if lines else []


def desk_summary():
    """The newest desk run of each database and size (bench/desk_bench.py), page by page side by side."""
    table = read_table(RESULTS / "desk.md")
    runs = latest(table, lambda r: (where(r), number(r["stories"])))
    if not runs:
        return ["No desk figures yet: `make bench-desk`."]
    columns = sorted(runs, key=lambda key: (key[1], key[0]))
    newest = {key: [r for r in table if (where(r), number(r["stories"])) == key and r["date"] == run["date"]
                    and r["commit"] == run["commit"]] for key, run in runs.items()}  # fmt: skip
    pages = {}
    for key in columns:
        for r in newest[key]:
            pages.setdefault(r["page"].split(" (")[0], {})[key] = r
    lines = [
        "| page | " + " | ".join(f"{db}, {stories:,.0f}" for db, stories in columns) + " |",
        "| --- |" + " --- |" * len(columns),
    ]
    for page, cells in pages.items():
        shown_cells = [
            f"{r['median ms']} ({r['p95 ms']}), {r['queries']} q{'' if r['verdict'] == 'met' else ', NOT MET'}"
            if (r := cells.get(key)) else "-"
            for key in columns
        ]  # fmt: skip
        lines.append(f"| {page} | " + " | ".join(shown_cells) + " |")
    met = [sum(r["verdict"] == "met" for r in newest[key]) for key in columns]
    lines.append("| **under the target** | " + " | ".join(
        f"{n} of {len(newest[key])} pages (< {newest[key][0]['target'].strip('< ')}); {runs[key]['date']}, "
        f"{runs[key]['commit']}" for n, key in zip(met, columns, strict=True)) + " |")  # fmt: skip
    intro = ("Server time in ms, median (95th percentile), and queries of each page; the target's verdict is the "
             "median's. `bench/results/desk.md` has every run, with the load of the machine.")  # fmt: skip
    return [intro, "", *lines]


def render():
    return "\n".join(
        [
            START,
            "_Generated by `bench/summary.py` from the newest rows of `bench/results/`; do not edit by hand._",
            "",
            "**Floors** (ratios to references measured in the same run; `bench/results/floors.md`)",
            "",
            *floors_summary(),
            "",
            "**Import**",
            "",
            *import_summary(),
            "",
            "**Pages**",
            "",
            *http_summary(),
            *paired_growth(),
            "",
            "**The desk** (an editor logged in; `make bench-desk`)",
            "",
            *desk_summary(),
            END,
        ]
    )


def main():
    text = render()
    print(text)
    readme = README.read_text()
    # A trial run's tables (BENCH_RESULTS elsewhere) are printed, not put in the README.
    if RESULTS.resolve() == (BENCH / "results").resolve() and START in readme and END in readme:
        before, rest = readme.split(START, 1)
        README.write_text(before + text + rest.split(END, 1)[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
