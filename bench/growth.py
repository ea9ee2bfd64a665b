"""Growth benchmark: the article and tag pages at a small and a large archive, measured in alternation.

    .venv/bin/python bench/growth.py [--small 1000] [--large 100000] [--pairs 4] [--duration 5]

The growth target compares two archive sizes on one machine. Measured in separate runs minutes apart,
the comparison carries the machine's own drift (this shared VM runs the same code up to a third faster
or slower from one minute to the next). Here both servers run at once, bare (NEWSROOM_PAGE_CACHE=0),
each on its own database, and each page is loaded on one then the other, in pairs, alternating which
goes first: each pair's ratio comes from the same minute. The growth is the median of the pairs' ratios.
Only one server is loaded at a time; the idle one costs nothing. Reuses the databases bench/import_bench.py
left (or builds them), and appends a row per page to bench/results/growth.md.
"""

import argparse
import contextlib
import statistics
import sys

import http_bench
from benchlib import (
    RESULTS,
    WORK,
    BenchError,
    append_row,
    commit,
    load_note,
    machine,
    manage,
    run_benchmark,
    say,
    settle,
    today,
    warm_up,
)

TABLE = RESULTS / "growth.md"
COLUMNS = ["date", "machine", "commit", "database", "page", "small", "large", "small req/s", "large req/s",
           "growth", "pairs (large / small)", "note"]  # fmt: skip
INTRO = (
    "Written by `bench/growth.py`, one row per page and run, newest last: the bare pages (NEWSROOM_PAGE_CACHE=0) "
    "of a small and a large archive, each under its own gunicorn (2 sync workers), loaded by wrk in "
    "alternation so that each pair of runs shares a minute of the machine. req/s: the median of each "
    "size's runs; growth: the median of the pairs' ratios, large over small, less one. Target: within 20% "
    "(a faster page at the large size counts as within)."
)
PAGES = ("article", "tag")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1000, help="stories in the small archive (default 1000)")
    parser.add_argument("--large", type=int, default=100_000, help="stories in the large one (default 100000)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pairs", type=int, default=4, help="pairs of runs per page (default 4)")
    parser.add_argument("--duration", type=int, default=5, help="s a run (default 5)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers each (default 2)")
    parser.add_argument("--build-timeout", type=int, default=http_bench.DEFAULT_BUILD_TIMEOUT)
    args = parser.parse_args()
    if args.pairs < 1 or args.small >= args.large:
        parser.error("need at least one pair, and --small below --large")
    return run_benchmark("growth benchmark", lambda: run(args), TABLE)


def run(args):
    databases = []
    try:
        for count in (args.small, args.large):
            databases.append(http_bench.obtain_database(count, args.database, args.build_timeout))
        rows = measure(args, databases)
    finally:
        if args.database == "postgres":
            for database in databases:
                database.drop()
    for values in rows:
        append_row(TABLE, "Growth benchmark", INTRO, COLUMNS, values)


def measure(args, databases):
    load_with = http_bench.load_tool(args)
    sites = []
    with contextlib.ExitStack() as stack:
        for database in databases:
            env = database.env(NEWSROOM_PAGE_CACHE="0")
            log = WORK / "logs" / f"growth-{database.kind}-{database.count}.log"
            log.unlink(missing_ok=True)
            manage("migrate", "--noinput", env=env, timeout=600, log=log)
            manage("createcachetable", env=env, timeout=120, log=log)
            manage("collectstatic", "--noinput", "-v", "0", env=env, timeout=300, log=log)
            say(f"{database.count:,} stories: finding the pages")
            probe = http_bench.probe_pages(env, "x")
            origin = stack.enter_context(http_bench.gunicorn(env, args.workers, log))
            sites.append({"database": database, "probe": probe, "origin": origin})
        settle()
        return [measure_page(args, sites, page, load_with) for page in PAGES]


def measure_page(args, sites, page, load_with):
    urls = [site["origin"] + site["probe"]["urls"][page] for site in sites]
    for url in urls:
        status, _body = warm_up(url, 3 * args.workers)
        if status != 200:
            raise BenchError(f"{url} answered HTTP {status}")
    load = load_note()
    runs = ([], [])
    for n in range(args.pairs):
        order = (0, 1) if n % 2 == 0 else (1, 0)  # alternate which size goes first
        for size in order:
            result = load_with(urls[size])
            if result["errors"]:
                raise BenchError(f"{result['errors']} errors loading {urls[size]}")
            runs[size].append(result["rps"])
        say(f"{page}: pair {n + 1}: {runs[0][-1]:,.0f} / {runs[1][-1]:,.0f} req/s")
    ratios = [large / small for small, large in zip(*runs, strict=True)]
    growth = statistics.median(ratios) - 1
    small, large = (site["probe"] for site in sites)
    say(f"{page}: growth {growth:+.0%} (pairs {', '.join(f'{r:.2f}' for r in ratios)})")
    tag = page == "tag"
    return {
        "date": today(),
        "machine": machine(),
        "commit": commit(),
        "database": sites[0]["database"].label(),
        "page": page,
        "small": f"{small['stories']:,}" + (f" (tag on {small['tag_stories']:,})" if tag else ""),
        "large": f"{large['stories']:,}" + (f" (tag on {large['tag_stories']:,})" if tag else ""),
        "small req/s": f"{statistics.median(runs[0]):,.0f}",
        "large req/s": f"{statistics.median(runs[1]):,.0f}",
        "growth": f"{growth:+.0%}",
        "pairs (large / small)": ", ".join(f"{a:,.0f}/{b:,.0f}" for b, a in zip(*runs, strict=True)),
        "note": f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {load}",
    }


if __name__ == "__main__":
    sys.exit(main())
