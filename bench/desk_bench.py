"""Desk benchmark: the server time of every desk page an editor opens, at N stories.

    .venv/bin/python bench/desk_bench.py --count 100000 [--database sqlite|postgres] [--requests 20]

The database: N generated stories imported (`import_seeds`, recorded in import.md as any import, and for
more than 10,000 the import's own growth in floors.md), kept apart from the import benchmark's under
bench/work/db/ (PostgreSQL: a database named after its size, kept between runs; `make bench-clean` drops
it) and turned into a working desk once by bench/desk_pages.py (accounts; stories in every state). A
database of the same corpus is reused, migrated to the code measured; on SQLite, a copy of the import
benchmark's database of the same corpus and code is the quickest start.

The pages (bench/desk_pages.py): the story list plain, on page 50, searched, filtered by each kind of
tag, by each state and by the other filters, sorted by each sortable column each way; the front page;
the tag lists; the tag picker; a story's form and its revisions. gunicorn serves them as for the HTTP
benchmark (2 sync workers, production settings), to an editor logged in; each page is requested
--requests times, one request at a time, round after round through all the pages (so a burst of other
work on the machine falls on every page alike). Server time is gunicorn's own (its access log's
request time, %(D)s); the queries of each page and their time are counted in a separate process with
Django's test client. Appends one row per page to bench/results/desk.md, with the target: 300 ms up to
100,000 stories, 500 ms above (issue 19), met when the median is under it.
"""

import argparse
import json
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request

import http_bench
import import_bench
from benchlib import (
    BENCH,
    PYTHON,
    RESULTS,
    ROOT,
    WORK,
    BenchError,
    Database,
    append_row,
    commit,
    corpus,
    corpus_note,
    load_note,
    machine,
    manage,
    run_benchmark,
    say,
    settle,
    today,
)

TABLE = RESULTS / "desk.md"
COLUMNS = ["date", "machine", "commit", "database", "stories", "page", "median ms", "p95 ms", "queries", "SQL ms",
           "target", "verdict", "note"]  # fmt: skip
INTRO = (
    "Written by `bench/desk_bench.py`, one row per desk page and run, newest last: an editor logged in, "
    "gunicorn with 2 sync workers and production settings on loopback, one request at a time, every page "
    "in turn for each round. Server time is gunicorn's own (its access log's request time): the median "
    "and 95th percentile of the rounds. Queries and SQL ms: of one request once warm, through Django's "
    "test client on the same database. Target (issue 19): under 300 ms up to 100,000 stories, under 500 ms "
    "at 1,000,000; the verdict is the median's."
)
FIXTURE = "2"  # the version of desk_pages.py's prepare(): a database prepared by another is prepared again


def target_ms(stories):
    return 300 if stories <= 100_000 else 500


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="stories in the database (default 10000)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=20, help="timed requests of each page (default 20)")
    parser.add_argument("--import-timeout", type=int, default=import_bench.DEFAULT_TIMEOUT)
    args = parser.parse_args()
    return run_benchmark("desk benchmark", lambda: run(args), TABLE)


def run(args):
    database = obtain(args.count, args.database, args.import_timeout)
    env = database.env()
    log = WORK / "logs" / f"desk-{database.kind}-{database.count}.log"
    log.unlink(missing_ok=True)
    started = time.monotonic()
    manage("migrate", "--noinput", env=env, timeout=7200, log=log)
    say(f"migrated in {time.monotonic() - started:.0f} s")
    manage("createcachetable", env=env, timeout=120, log=log)
    manage("collectstatic", "--noinput", "-v", "0", env=env, timeout=300, log=log)
    if database.reusable(corpus(args.count), same_code=False).get("desk") != FIXTURE:
        say("preparing the desk: accounts, stories in every state")
        say(f"  {in_app('prepare', env, log, timeout=3600)['states']}")
        database.mark(desk=FIXTURE)
    say("counting each page's queries")
    probe = in_app("probe", env, log, timeout=3600)
    bad = [page for page in probe["pages"] if page["status"] != 200]
    if bad:
        raise BenchError(f"pages that do not answer 200: {bad}")
    settle()
    load = load_note()
    times = serve_and_time(env, probe, args.requests, log)
    label = database.label()
    built = database.reusable(corpus(args.count), same_code=False)
    base = {"date": today(), "machine": machine(), "commit": commit(), "database": label,
            "stories": f"{probe['stories']:,}", "target": f"< {target_ms(probe['stories'])} ms"}  # fmt: skip
    for page in probe["pages"]:
        measured = times[page["url"]]
        median, p95 = statistics.median(measured), percentile(measured, 95)
        met = median < target_ms(probe["stories"])
        note = [load, f"{len(measured)} requests", f"database built by {built['code']}"]
        if corpus_note():
            note.append(corpus_note())
        values = {**base, "page": page["label"], "median ms": f"{median:.0f}", "p95 ms": f"{p95:.0f}",
                  "queries": str(page["queries"]), "SQL ms": f"{page['sql_ms']:.0f}",
                  "verdict": "met" if met else "NOT MET", "note": ", ".join(note)}  # fmt: skip
        append_row(TABLE, "Desk benchmark", INTRO, COLUMNS, values)
        say(f"  {median:6.0f} ms (p95 {p95:5.0f}), {page['queries']:2} queries, SQL {page['sql_ms']:5.0f} ms: "
            f"{page['label']}{'' if met else '  NOT MET'}")  # fmt: skip


def obtain(count, kind, timeout):
    """The desk's database of `count` stories: kept from an earlier run, copied from the import benchmark's
    (SQLite), or imported now."""
    folder = corpus(count)
    database = Database(kind, count, purpose="desk")
    if database.reusable(folder, same_code=False):
        say(f"reusing the desk's database {database.path.relative_to(ROOT) if kind == 'sqlite' else database.name}")
        return database
    imported = Database(kind, count)
    if kind == "sqlite" and imported.reusable(folder):
        say(f"copying {imported.path.relative_to(ROOT)}")
        database.create()
        source = sqlite3.connect(f"file:{imported.path}?mode=ro", uri=True)
        with source, sqlite3.connect(database.path) as copy:
            source.backup(copy)
        source.close()
        shutil.copy(imported.marker, database.marker)
        return database
    database, stats = import_bench.build(count, kind, timeout=timeout, folder=folder, purpose="desk")
    if count > 10_000:
        import_bench.record_growth(database.label(), count, stats)
    return database


def in_app(action, env, log, timeout):
    result = subprocess.run([PYTHON, str(BENCH / "desk_pages.py"), action], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=timeout)  # fmt: skip
    with log.open("a") as out:
        out.write(f"$ desk_pages.py {action}\n{result.stderr}")
    if result.returncode:
        raise BenchError(f"desk_pages.py {action} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def serve_and_time(env, probe, rounds, log):
    """{url: [server ms, ...]}: every page requested once per round, `rounds` rounds after a warm-up."""
    access = WORK / "logs" / "desk-access.log"
    access.unlink(missing_ok=True)
    cookie = "; ".join(f"{name}={value}" for name, value in probe["cookie"].items())
    urls = [page["url"] for page in probe["pages"]]
    # gunicorn's request time, microseconds, is the first field of each line.
    extra = ["--access-logfile", str(access), "--access-logformat", "%(D)s %(s)s %(r)s"]
    with http_bench.gunicorn(env, 2, log, extra) as origin:
        say(f"warming up: {len(urls)} pages, twice each (two workers)")
        for _ in range(2):
            for url in urls:
                get(origin + url, cookie)
        offset = access.stat().st_size
        say(f"timing: {rounds} rounds of {len(urls)} pages")
        for n in range(rounds):
            for url in urls:
                status = get(origin + url, cookie)
                if status != 200:
                    raise BenchError(f"{url} answered {status}")
            if n % 5 == 4:
                say(f"  round {n + 1} of {rounds}")
        time.sleep(0.5)  # the last lines of the access log
    with access.open() as lines:
        lines.seek(offset)
        return server_times(lines, urls)


def get(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def server_times(lines, urls):
    """{url: [ms]} from access log lines "MICROSECONDS STATUS GET /path?query HTTP/1.1"."""
    times = {url: [] for url in urls}
    for line in lines:
        match = re.match(r"(\d+) (\d+) GET (\S+) HTTP", line)
        if match and match[3] in times:
            times[match[3]].append(int(match[1]) / 1000)
    missing = [url for url, measured in times.items() if not measured]
    if missing:
        raise BenchError(f"no server times in the access log for {missing}")
    return times


def percentile(values, n):
    return statistics.quantiles(values, n=100, method="inclusive")[n - 1] if len(values) > 1 else values[0]


if __name__ == "__main__":
    sys.exit(main())
