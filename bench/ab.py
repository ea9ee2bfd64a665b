"""A/B benchmark: the bare story and tag pages of one database under two settings, measured in alternation.

    .venv/bin/python bench/ab.py --database postgres --count 10000 \\
        --a DATABASE_SERVER_SIDE_BINDING=0 --b DATABASE_SERVER_SIDE_BINDING=1 [--pairs 4] [--duration 5]

To keep a setting only if it helps, its effect must be told from the machine's own drift (the same code
runs up to a third faster or slower from one minute to the next here). Both variants are served at once,
each by its own bare gunicorn (NEWSROOM_PAGE_CACHE=0, 2 sync workers) on the same database, with the
environment variables given (settings are read from the environment), and each page is loaded on one then
the other, in pairs, alternating which goes first, as bench/growth.py does for two sizes. The change is
the median of the pairs' ratios (B over A). Reuses the database bench/import_bench.py left (SQLite) or
builds one, and appends a row per page to bench/results/ab.md.
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
    corpus_note,
    load_note,
    machine,
    manage,
    run_benchmark,
    say,
    settle,
    today,
    warm_up,
)

TABLE = RESULTS / "ab.md"
COLUMNS = ["date", "machine", "commit", "database", "stories", "page", "A", "B", "A req/s", "B req/s", "B/A",
           "pairs (B / A)", "queries A / B", "note"]  # fmt: skip
INTRO = (
    "Written by `bench/ab.py`, one row per page and run, newest last: the bare pages (NEWSROOM_PAGE_CACHE=0) of "
    "one database under two settings (environment variables A and B), each under its own gunicorn (2 sync "
    "workers), loaded by wrk in alternation so that each pair of runs shares a minute of the machine. req/s: "
    "the median of each variant's runs; B/A: the median of the pairs' ratios."
)
PAGES = ("article", "tag")


def variant(text):
    """'NAME=VALUE NAME2=VALUE2' -> a dict; '' for the defaults."""
    pairs = {}
    for item in text.split():
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {item!r}")
        pairs[name] = value
    return pairs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="stories in the database (default 10000)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--a", type=variant, default={}, help="environment of A, 'NAME=VALUE ...' (default: none)")
    parser.add_argument("--b", type=variant, required=True, help="environment of B, 'NAME=VALUE ...'")
    parser.add_argument("--pairs", type=int, default=4, help="pairs of runs per page (default 4)")
    parser.add_argument("--duration", type=int, default=5, help="s a run (default 5)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers each (default 2)")
    parser.add_argument("--build-timeout", type=int, default=http_bench.DEFAULT_BUILD_TIMEOUT)
    args = parser.parse_args()
    if args.pairs < 1:
        parser.error("need at least one pair")
    return run_benchmark("A/B benchmark", lambda: run(args), TABLE)


def run(args):
    database = http_bench.obtain_database(args.count, args.database, args.build_timeout, record=False)
    try:
        rows = measure(args, database)
    finally:
        if args.database == "postgres":
            database.drop()
    for values in rows:
        append_row(TABLE, "A/B benchmark", INTRO, COLUMNS, values)


def shown(env):
    return " ".join(f"{name}={value}" for name, value in env.items()) or "(defaults)"


def measure(args, database):
    load_with = http_bench.load_tool(args)
    sites = []
    with contextlib.ExitStack() as stack:
        for name, extra in (("A", args.a), ("B", args.b)):
            env = database.env(NEWSROOM_PAGE_CACHE="0", **extra)
            log = WORK / "logs" / f"ab-{name}-{database.kind}-{database.count}.log"
            log.unlink(missing_ok=True)
            manage("migrate", "--noinput", env=env, timeout=600, log=log)
            manage("collectstatic", "--noinput", "-v", "0", env=env, timeout=300, log=log)
            probe = http_bench.probe_pages(env, "x")
            origin = stack.enter_context(http_bench.gunicorn(env, args.workers, log))
            say(f"{name}: {shown(extra)} on {origin}")
            sites.append({"probe": probe, "origin": origin})
        settle()
        base = {"database": database.label(), "stories": f"{sites[0]['probe']['stories']:,}"}
        return [measure_page(args, base, sites, page, load_with) for page in PAGES]


def measure_page(args, base, sites, page, load_with):
    urls = [site["origin"] + site["probe"]["urls"][page] for site in sites]
    for url in urls:
        status, _body = warm_up(url, 3 * args.workers)
        if status != 200:
            raise BenchError(f"{url} answered HTTP {status}")
    load = load_note()
    runs = ([], [])
    for n in range(args.pairs):
        for side in (0, 1) if n % 2 == 0 else (1, 0):  # alternate which goes first
            result = load_with(urls[side])
            if result["errors"]:
                raise BenchError(f"{result['errors']} errors loading {urls[side]}")
            runs[side].append(result["rps"])
        say(f"{page}: pair {n + 1}: A {runs[0][-1]:,.0f} / B {runs[1][-1]:,.0f} req/s")
    ratios = [b / a for a, b in zip(*runs, strict=True)]
    change = statistics.median(ratios)
    say(f"{page}: B/A {change:.3f} (pairs {', '.join(f'{r:.2f}' for r in ratios)})")
    queries = " / ".join(str(site["probe"]["cost"][page]["queries"]) for site in sites)
    return {
        "date": today(),
        "machine": machine(),
        "commit": commit(),
        **base,
        "page": page,
        "A": shown(args.a),
        "B": shown(args.b),
        "A req/s": f"{statistics.median(runs[0]):,.0f}",
        "B req/s": f"{statistics.median(runs[1]):,.0f}",
        "B/A": f"{change:.3f}",
        "pairs (B / A)": ", ".join(f"{b:,.0f}/{a:,.0f}" for a, b in zip(*runs, strict=True)),
        "queries A / B": queries,
        "note": ", ".join(
            filter(None, [f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s", load, corpus_note()])
        ),  # fmt: skip
    }


if __name__ == "__main__":
    sys.exit(main())
