"""Sitemaps, uncached: how long the index and each section take on the bare server, at N stories.

Run by bench/http_bench.py on its bare server (NEWSROOM_PAGE_CACHE=0), so no page cache answers: the
index, then every section it lists and the news sitemap, each fetched `REPEATS` times one after another
(a crawler's pace, not a load), the median kept. Target: the index and every section under 200 ms at
100,000 stories, on SQLite and PostgreSQL. Appends one row to bench/results/sitemaps.md: the index, the
site's pages, each kind of tag, the news sitemap, and the months (median and slowest), with the slowest
section of all and the load average (other work on this 2-core machine slows every figure).
"""

import re
import statistics
import time
from urllib.parse import urlsplit

from benchlib import RESULTS, append_row, fetch, load_note, say

TABLE = RESULTS / "sitemaps.md"
REPEATS = 5
TARGET_MS = 200
COLUMNS = ["date", "machine", "commit", "database", "stories", "index ms", "pages ms", "countries ms",
           "ministries ms", "topics ms", "news ms", "months", "month median ms", "slowest ms", "note"]  # fmt: skip
INTRO = (
    "Written by `bench/sitemap_bench.py` (run by `bench/http_bench.py` on its bare server, the page cache "
    f"off): each sitemap fetched {REPEATS} times in a row by one client over loopback, the median in "
    "milliseconds (the server's time and the transfer). Target at 100,000 stories: the index and every "
    f'section under {TARGET_MS} ms, SQLite and PostgreSQL. "slowest" is the slowest of every section the '
    "index lists; the note has the load average when it started (other work on this 2-core machine "
    "slows every figure) and the sizes."
)


def timed(url):
    """Median milliseconds of REPEATS fetches, and the last body; a failure is an error, not a figure."""
    times, body = [], b""
    for _ in range(REPEATS):
        started = time.perf_counter()
        status, _headers, body = fetch(url)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
    return statistics.median(times), body


def measure(origin, base):
    """Time every sitemap the index lists on the server at `origin`; append the row; return it."""
    note = load_note()
    index_ms, index = timed(f"{origin}/sitemap.xml")
    paths = []
    for location in re.findall(rb"<loc>([^<]+)</loc>", index):
        address = urlsplit(location.decode().replace("&amp;", "&"))
        paths.append(address.path + (f"?{address.query}" if address.query else ""))
    figures, sizes = {}, {}
    for path in [*paths, "/sitemap-news.xml"]:
        figures[path], body = timed(origin + path)
        sizes[path] = len(body)
    months = [path for path in figures if path.startswith("/sitemap-stories-")]
    slowest = max(figures, key=figures.get)
    row = {
        **base,
        "index ms": f"{index_ms:.0f}",
        **{
            f"{name} ms": _ms(figures, f"/sitemap-{name}.xml")
            for name in ("pages", "countries", "ministries", "topics", "news")
        },  # fmt: skip
        "months": str(len(months)),
        "month median ms": f"{statistics.median(figures[path] for path in months):.0f}" if months else "",
        "slowest ms": f"{figures[slowest]:.0f} ({slowest.removeprefix('/sitemap-').removesuffix('.xml')})",
        "note": f"{note}; index {len(index):,} B, largest section {max(sizes.values()):,} B",
    }
    append_row(TABLE, "Sitemaps, uncached", INTRO, COLUMNS, row)
    verdict = "under" if max(index_ms, figures[slowest]) < TARGET_MS else "NOT under"
    say(f"sitemaps: index {index_ms:.0f} ms, slowest section {row['slowest ms']} ms: {verdict} {TARGET_MS} ms")
    return row


def _ms(figures, path):
    return f"{figures[path]:.0f}" if path in figures else "-"
