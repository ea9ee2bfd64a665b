"""HTTP benchmark: the article, tag, home and search pages under gunicorn, bare and with the default cache.

    .venv/bin/python bench/http_bench.py --count 1000 [--database sqlite|postgres] [--duration 5] [--runs 3]

Builds a database of N generated stories (or reuses the one bench/import_bench.py left for the same corpus
and code), collects static files and starts `gunicorn newsroom.wsgi --workers 2 --worker-class sync` on a
free loopback port with production settings: once with NEWSROOM_PAGE_CACHE=0 (the bare path), once with the
defaults. Each page is loaded three times by `wrk -t2 -c8 -d5s` (a small threaded Python client when wrk
cannot be had) after a warm-up, and the median run is recorded with all three figures; the queries per
request are counted with Django's test client on the same database. Then nginx serves the article's bytes
as a static file, the machine's limit, and deploy/nginx.conf itself runs in front of the default server
(bench/nginx_proxy.py): the article through its cache, and how soon an edit and an unpublish show through
it. Appends rows to bench/results/http.md. `--only nginx` runs only the two nginx rows. On the bare server,
bench/sitemap_bench.py first times the sitemap index and every section, uncached (bench/results/sitemaps.md);
`--only sitemaps` runs just that.

With --peer (BENCH_PEER=1; make turns it on when .bench/peer-wagtail exists) and N the peer's size
(BENCH_PEER_COUNT, 10,000), the Wagtail peer (bench/peer.py) is served beside Newsroom by its own serve.sh
(gunicorn, 2 sync workers, as Newsroom here), and its story and tag pages are loaded by the same wrk, with
the same duration and connections, in alternation with Newsroom's runs of the same pages (peer, Newsroom,
Newsroom, peer, ...): the bare story and tag pages, and the story page with the page cache. Newsroom then
serves the same story and tag as the peer (BENCH_CORPUS=shared: the same corpus). Each ratio, and the
nginx one, goes to bench/results/floors.md with both figures.
"""

import argparse
import contextlib
import functools
import json
import os
import re
import shutil
import statistics
import string
import subprocess
import sys
import threading
import time
from pathlib import Path

import floors
import import_bench
import nginx_proxy
import peer
import sitemap_bench
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
    corpus_kind,
    corpus_note,
    free_port,
    load_note,
    machine,
    manage,
    run_benchmark,
    say,
    settle,
    stop,
    today,
    vacuum,
    wait_until_up,
    warm_up,
)

TABLE = RESULTS / "http.md"
COLUMNS = ["date", "machine", "commit", "database", "stories", "page cache", "page", "req/s", "p50 ms", "p99 ms",
           "queries", "errors", "note"]  # fmt: skip
INTRO = (
    "Written by `bench/http_bench.py`, one row per page and run, newest last: gunicorn with 2 sync workers "
    "and production settings on loopback, loaded by wrk with 2 threads and 8 connections after a warm-up. "
    '"bare" is NEWSROOM_PAGE_CACHE=0, "default" the production defaults, "static" nginx serving the '
    'article\'s bytes from a file, "nginx" deploy/nginx.conf itself (ports, paths and TLS changed for '
    "loopback) in front of the default server, with how soon an edit and an unpublish showed through it. "
    "Queries: per request once warm (the first request's count in brackets when different), through "
    "Django's test client on the same database. Reference, Wagtail 8.0.1 on the same kind of machine "
    "without a page cache: article 145 req/s, p50 54 ms, 12 queries; a tag with 2,000 stories 82 req/s, "
    "p50 96 ms, 9 queries; nginx static about 60,000 req/s."
)
PAGES = ("article", "tag", "home", "search", "api list", "api item")
# The API's rate limit per address stays on (its cost is measured) but far above what one wrk can ask.
API_RATE = {"NEWSROOM_API_RATE": "1000000000/s"}
MODES = (("bare", {"NEWSROOM_PAGE_CACHE": "0", **API_RATE}), ("default", API_RATE))
# Pages measured in alternation with Newsroom's own story page, in the same mode: the API's, whose floor is
# within 20% of the story page's requests/s (bench/floors.py).
AGAINST_STORY_PAGE = ("api list", "api item")
REFERENCE = {"article": 145, "tag": 82, "static": 60_000}
DEFAULT_BUILD_TIMEOUT = int(os.environ.get("BENCH_BUILD_TIMEOUT", "1800"))
# The pages measured beside the peer's in each mode (the peer has no page cache: its bare pages each time).
PEER_PAGES = {"bare": ("article", "tag"), "default": ("article",)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="stories in the database (default 1000)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "5")), help="s a run")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")), help="runs (the median)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2, one per core)")
    parser.add_argument("--query", default="solar power plant", help="the search page's query")
    parser.add_argument("--build-timeout", type=int, default=DEFAULT_BUILD_TIMEOUT)
    parser.add_argument(
        "--no-static", action="store_true", help="skip the nginx runs (the static-file baseline and deploy/nginx.conf)"
    )
    parser.add_argument(
        "--peer",
        action=argparse.BooleanOptionalAction,
        default=peer.wanted(),
        help=f"measure the Wagtail peer beside Newsroom at {peer.COUNT:,} stories (BENCH_PEER, BENCH_PEER_COUNT)",
    )
    parser.add_argument(
        "--no-sitemaps", action="store_true", help="skip the sitemaps' timing on the bare server (sitemap_bench.py)"
    )
    parser.add_argument(
        "--only",
        choices=["nginx", "sitemaps"],
        help="nginx only: the static baseline and deploy/nginx.conf in front of the default server; "
        "sitemaps only: their timing on the bare server",
    )
    args = parser.parse_args()
    return run_benchmark("HTTP benchmark", lambda: run(args), TABLE)


def run(args):
    database = obtain_database(args.count, args.database, args.build_timeout)
    try:
        measure(args, database)
    finally:
        if args.database == "postgres":
            database.drop()


def obtain_database(count, kind, timeout, record=True):
    """The database import_bench left for this corpus and code, or a new one (its import recorded unless
    `record` is false)."""
    database, folder = Database(kind, count), corpus(count)
    built = database.reusable(folder)
    if built:
        note = "" if built["complete"] else f" (an import stopped at its time limit: {built['stories']:,} stories)"
        say(f"reusing {database.path.relative_to(ROOT)}{note}")
        return database
    database, _stats = import_bench.build(count, kind, timeout=timeout, folder=folder, record=record)
    return database


def measure(args, database):
    label = database.label()
    env = database.env()
    log = WORK / "logs" / f"http-{database.kind}-{database.count}.log"
    log.unlink(missing_ok=True)
    manage("migrate", "--noinput", env=env, timeout=600, log=log)
    manage("createcachetable", env=env, timeout=120, log=log)
    manage("collectstatic", "--noinput", "-v", "0", env=env, timeout=300, log=log)
    vacuum(database)
    load_with = load_tool(args)
    rows, floor_rows = [], []
    with peer_site(args, database) as beside:
        like = None
        if beside:
            like = peer_like(beside["paths"])
        elif corpus_kind() == "shared" and peer.DIR.exists():
            like = peer_like(peer.urls())  # the same story and tag as the peer, even when it is not served
        settle()
        for mode, extra in MODES:
            if (args.only == "nginx" and mode != "default") or (args.only == "sitemaps" and mode != "bare"):
                continue
            shutil.rmtree(database.cache_dir, ignore_errors=True)  # each mode starts with an empty page cache
            mode_env = database.env(**extra)
            say(f"{mode}: counting queries per page")
            probe = probe_pages(mode_env, args.query, like)
            base = {"date": today(), "machine": machine(), "commit": commit(), "database": label,
                    "stories": f"{probe['stories']:,}", "page cache": mode}  # fmt: skip
            with gunicorn(mode_env, args.workers, log) as origin:
                if mode == "bare" and args.only != "nginx" and not args.no_sitemaps:
                    base_sitemaps = {key: base[key] for key in ("date", "machine", "commit", "database", "stories")}
                    sitemap_bench.measure(origin, base_sitemaps)
                for page in () if args.only in ("nginx", "sitemaps") else PAGES:
                    with_peer = beside if page in PEER_PAGES[mode] else None
                    values, compared = measure_page(args, base, origin, probe, page, load_with, with_peer)
                    rows.append(values)
                    if compared:
                        floor_rows.append(compared)
                if mode == "default" and not args.no_static and args.only != "sitemaps":
                    # The default server stays up: deploy/nginx.conf is measured in front of it.
                    nginx = nginx_rows(args, base, origin, probe["urls"]["article"], load_with, mode_env)
                    rows += nginx
                    floor_rows += nginx_floor(database, probe, nginx)
    for values in rows:
        if corpus_note() and corpus_note() not in values["note"]:
            values["note"] += f", {corpus_note()}"
        append_row(TABLE, "HTTP benchmark", INTRO, COLUMNS, values)
    for values in floor_rows:
        floors.record(**values)


@contextlib.contextmanager
def peer_site(args, database):
    """The Wagtail peer served beside Newsroom when --peer and this is its size; else None."""
    if not args.peer or args.only == "nginx":
        yield None
        return
    if database.count != peer.COUNT:
        say(f"peer: not measured at {database.count:,} stories (it holds {peer.COUNT:,}: BENCH_PEER_COUNT)")
        yield None
        return
    if corpus_kind() != "shared":
        raise BenchError("the peer is compared on its own corpus only: set BENCH_CORPUS=shared")
    peer.setup(peer.COUNT)
    same_corpus(database.count)
    with peer.serving() as (origin, paths):
        yield {"origin": origin, "paths": paths, "label": peer.label()}


def same_corpus(count):
    """Refuse to compare when the peer's DIR/corpus-N and the folder Newsroom imported differ."""
    theirs = peer.DIR / f"corpus-{count}"
    if not theirs.is_dir():
        return
    ours = corpus(count)
    names = sorted(path.name for path in theirs.glob("*.txt"))
    if names != sorted(path.name for path in ours.glob("*.txt")):
        raise BenchError(f"the peer's corpus {theirs} is not the one Newsroom imported ({ours})")
    say(f"peer: same corpus as Newsroom's ({count:,} files, same names and hashes)")


def peer_like(paths):
    """probe_pages.py's --like: the seed file of the peer's story (its slug ends in the file's number) and
    the peer's tag (/tags/KIND/SLUG/)."""
    number = re.search(r"-(\d+)/?$", paths["article"])
    tag = re.search(r"/tags/(\w+)/([\w-]+)/?$", paths["tag"])
    if not (number and tag):
        raise BenchError(f"cannot read the peer's pages: {paths}")
    return f"{int(number[1]):06d}_", f"{tag[1]}/{tag[2]}"


def measure_page(args, base, origin, probe, page, load_with, beside=None):
    """Load one page (in alternation with the peer's same page when `beside`); its http.md row, and its
    floors.md row when compared with the peer."""
    url = origin + probe["urls"][page]
    status, body = warm_up(url, 3 * args.workers)
    load = load_note()
    mode = base["page cache"]
    say(f"{mode}: {page} {probe['urls'][page]} ({len(body):,} bytes, HTTP {status})")
    if beside:
        peer_url = beside["origin"] + beside["paths"][page]
        say(f"  in alternation with {beside['label']}'s {beside['paths'][page]}")
        result, theirs, ratio = interleaved(args.runs, load_with, url, peer_url)
    elif page in AGAINST_STORY_PAGE:
        say(f"  in alternation with the story page {probe['urls']['article']}")
        result, story, ratio = interleaved(args.runs, load_with, url, origin + probe["urls"]["article"])
        theirs = None
    else:
        result, theirs, ratio = median_of(args.runs, load_with, url), None, None
    cost = probe["cost"][page]
    queries = str(cost["queries"]) + (f" ({cost['cold']})" if cost["cold"] != cost["queries"] else "")
    name = page
    if page == "tag":
        name = f"tag ({probe['tag_name']}, {probe['tag_stories']:,} stories)"
    elif page == "search":
        name = f"search ({args.query})"
    extra = [corpus_note()] if corpus_note() else []
    floor = None
    if theirs:
        extra.append(f"{beside['label']} in alternation: {theirs['rps']:,.0f} req/s, {ratio:.2f}x")
        say(f"  {beside['label']}: {summary(theirs)}")
        say(f"  Newsroom: {summary(result)}, {ratio:.2f}x Wagtail's, {queries} queries")
        kind = "postgres" if base["database"].startswith("PostgreSQL") else "sqlite"
        what = {"article": "story page", "tag": f"tag page ({probe['tag_name']})"}[page]
        floor = ratio_floor(base, probe, what, result, theirs, ratio, cost, least=floors.floor_for(
            f"{mode} {page}", kind), reference=f"{beside['label']}, bare", sides=("Newsroom", "Wagtail"))  # fmt: skip
    elif page in AGAINST_STORY_PAGE:
        extra.append(f"story page in alternation: {story['rps']:,.0f} req/s, {ratio:.2f}x")
        say(f"  story page: {summary(story)}")
        say(f"  {page}: {summary(result)}, {ratio:.2f}x the story page's, {queries} queries")
        floor = ratio_floor(base, probe, f"API {page.split()[1]} ({probe['urls'][page]})", result, story, ratio, cost,
                            least=floors.floor_for(f"{mode} {page}", None),
                            reference=f"Newsroom's story page, {mode}", sides=("API", "story page"))  # fmt: skip
    else:
        say(f"  {summary(result)}{versus(page, result)}, {queries} queries")
    return row(base, name, result, queries, status, len(body), load, extra), floor


def ratio_floor(base, probe, what, ours, theirs, ratio, cost, *, least, reference, sides):
    """A floors.md row: `ours` over `theirs`, the two loaded in alternation, against the floor `least`; with the
    page cache off a page also needs at most MAX_QUERIES queries once warm (the first request after a start
    also fills per-process caches)."""
    bare = base["page cache"] == "bare"
    cache = "page cache off" if bare else "page cache on"
    return {
        "database": base["database"],
        "stories": probe["stories"],
        "measure": f"{what}, {cache}, req/s",
        "ours": f"{ours['rps']:,.0f}",
        "reference": f"{theirs['rps']:,.0f} ({reference})",
        "ratio": f"{ratio:.2f}x",
        "floor": f">= {least:g}x" + (f", <= {floors.MAX_QUERIES} queries" if bare else ""),
        "met": ratio >= least and ours["errors"] == 0 and (not bare or cost["queries"] <= floors.MAX_QUERIES),
        "note": "; ".join(filter(None, [
            f"queries {cost['queries']} (first request {cost['cold']})",
            f"p50 {ours['p50']:.1f} / {theirs['p50']:.1f} ms",
            f"errors {ours['errors']} / {theirs['errors']}",
            f"runs in alternation: {sides[0]} {ours['figures']}, {sides[1]} {theirs['figures']} req/s; the ratio "
            "is the median of the pairs'",
            corpus_note(),
            load_note(),
        ])),
    }  # fmt: skip


def nginx_floor(database, probe, nginx):
    """deploy/nginx.conf against nginx serving the same bytes from a file, from the two nginx rows."""
    static = next((r for r in nginx if r["page cache"] == "static"), None)
    proxied = next((r for r in nginx if r["page cache"] == "nginx"), None)
    if not (static and proxied):
        return []
    ours, reference = (float(r["req/s"].replace(",", "")) for r in (proxied, static))
    least = floors.floor_for("nginx", database.kind)
    ratio = ours / reference if reference else 0.0
    return [{
        "database": proxied["database"],
        "stories": probe["stories"],
        "measure": "story page behind deploy/nginx.conf, req/s",
        "ours": proxied["req/s"],
        "reference": f"{static['req/s']} (nginx, the same bytes from a file)",
        "ratio": f"{ratio:.2f}x",
        "floor": f">= {least:g}x",
        "met": ratio >= least and proxied["errors"] == "0",
        "note": "; ".join(filter(None, [corpus_note(), load_note()])),
    }]  # fmt: skip


def interleaved(runs, load_with, url, peer_url):
    """`runs` runs of each URL in alternation (peer, Newsroom, Newsroom, peer, ...: each goes first in
    turn), so that each pair shares a minute of the machine; the median run of each, and the median of the
    pairs' ratios (Newsroom over the peer), which is the ratio recorded."""
    ours, theirs = [], []
    for n in range(runs):
        order = ((theirs, peer_url), (ours, url)) if n % 2 == 0 else ((ours, url), (theirs, peer_url))
        for results, target in order:
            results.append(load_with(target))
    ratios = [a["rps"] / b["rps"] if b["rps"] else 0.0 for a, b in zip(ours, theirs, strict=True)]
    return _median(ours), _median(theirs), statistics.median(ratios)


def median_of(runs, load_with, url):
    """The run with the median requests/s of `runs` in a row, with every run's figure and all their errors.

    This shared virtual machine runs the same code up to a fifth faster or slower from one minute to the
    next; the median of a few shorter runs moves less with it than one long run.
    """
    return _median([load_with(url) for _ in range(runs)])


def _median(runs):
    """The run with the median requests/s, with all the runs' errors and figures (in run order)."""
    results = sorted(runs, key=lambda result: result["rps"])
    middle = dict(results[len(results) // 2])
    middle["figures"] = " / ".join(f"{result['rps']:,.0f}" for result in runs)
    if len(runs) > 1:
        middle["errors"] = sum(result["errors"] for result in results)
        figures = " / ".join(f"{result['rps']:,.0f}" for result in results)
        middle["tool"] += f", median of {len(runs)} runs ({figures} req/s)"
    return middle


def nginx_rows(args, base, origin, article, load_with, env):
    """The static limit (nginx serving the article's bytes from a file), then deploy/nginx.conf in front
    of `origin`: requests/s through its cache, and how soon an edit and an unpublish show."""
    nginx = shutil.which("nginx") or ensure_package("nginx", "nginx-light")
    if not nginx:
        say("nginx runs skipped: nginx is not installed (apt-get install nginx-light)")
        return []
    _status, article_bytes = warm_up(origin + article, 1)
    load = load_note()
    load_with = functools.partial(median_of, args.runs, load_with)
    static = static_baseline(nginx, article_bytes, load_with)
    rows = [row({**base, "page cache": "static"}, "article (nginx, file)", static, "-", 200, len(article_bytes), load)]
    say(f"static: {summary(static)}{versus('static', static)}")
    load = load_note()
    proxied = nginx_proxy.measure(nginx, origin, article, load=load_with, wrk=shutil.which("wrk"), wrk_args=args,
                                  env=env, static=WORK / "static")  # fmt: skip
    result, share = proxied["result"], proxied["result"]["rps"] / static["rps"]
    notes = [
        f"{share:.0%} of static",
        f"{proxied['asked']} request{'' if proxied['asked'] == 1 else 's'} reached the app in "
        f"{args.runs * args.duration}s",
        f"edit visible after {proxied['edit_seconds']:.1f} s",
        f"unpublish after {proxied['unpublish_seconds']:.1f} s",
        *([] if proxied["under_load"] else ["changes timed without load (no wrk)"]),
    ]
    rows.append(row({**base, "page cache": "nginx"}, "article (deploy/nginx.conf)", result, "-", proxied["status"],
                    proxied["bytes"], load, notes))  # fmt: skip
    say(f"nginx: {summary(result)}, {share:.0%} of static; " + ", ".join(notes[1:]))
    return rows


def row(base, page, result, queries, status, size, load, extra=()):
    note = [f"{size / 1024:.0f} kB", result["tool"], load, *extra]
    if status != 200:
        note.insert(0, f"HTTP {status}")
    return {
        **base,
        "page": page,
        "req/s": f"{result['rps']:,.0f}",
        "p50 ms": f"{result['p50']:.1f}",
        "p99 ms": f"{result['p99']:.1f}",
        "queries": queries,
        "errors": str(result["errors"]),
        "note": ", ".join(note),
    }


def summary(result):
    return (
        f"{result['rps']:,.0f} req/s, p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms, {result['errors']} errors"
    )


def versus(page, result):
    reference = REFERENCE.get(page)
    return f" ({result['rps'] / reference:.2f}x the 2026-11-29 reference)" if reference else ""


# -- the app and its server ------------------------------------------------------------------------------


def probe_pages(env, query, like=None):
    command = [PYTHON, str(BENCH / "probe_pages.py"), query, *(("--like", *like) if like else ())]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode:
        raise BenchError(f"probe_pages.py failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


@contextlib.contextmanager
def gunicorn(env, workers, log, extra=()):
    port = free_port()
    binary = Path(PYTHON).parent / "gunicorn"
    command = [str(binary)] if binary.exists() else [PYTHON, "-m", "gunicorn"]
    # As the peer's serve.sh: sync workers (each closes the connection after a response), no control socket.
    command += ["newsroom.wsgi", "--workers", str(workers), "--worker-class", "sync", "-b", f"127.0.0.1:{port}"]
    command += ["--no-control-socket"] if _has_control_socket(command[0]) else []
    command += extra
    with log.open("a") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        origin = f"http://127.0.0.1:{port}"
        wait_until_up(origin + "/healthz", process, log)
        yield origin
    finally:
        stop(process)


@functools.cache
def _has_control_socket(binary):
    """Whether this gunicorn has --no-control-socket (recent ones open a socket under ~/.gunicorn)."""
    if binary == PYTHON:
        return False
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        return "--no-control-socket" in subprocess.run([binary, "--help"], capture_output=True, text=True,
                                                       timeout=30).stdout  # fmt: skip
    return False


# -- the static limit ------------------------------------------------------------------------------------


def static_baseline(nginx, article_bytes, load):
    work = WORK / "nginx"
    for folder in ("www", "tmp"):
        (work / folder).mkdir(parents=True, exist_ok=True)
    (work / "www" / "article.html").write_bytes(article_bytes)
    port = free_port()
    template = string.Template((BENCH / "nginx-static.conf").read_text())
    conf = work / "nginx.conf"
    conf.write_text(template.substitute(port=port, root=work / "www", work=work))
    log = work / "error.log"
    process = subprocess.Popen(
        [nginx, "-e", str(log), "-p", str(work), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_up(url, process, log, timeout=20)
        warm_up(url, 10)
        say("static: nginx serving the article's bytes")
        return load(url)
    finally:
        stop(process)


# -- load generators -------------------------------------------------------------------------------------


def load_tool(args):
    wrk = shutil.which("wrk") or ensure_package("wrk", "wrk")
    if wrk:
        return lambda url: run_wrk(wrk, url, args)
    say("wrk is not available: using the Python load generator (it measures less than wrk can)")
    return lambda url: python_load(url, args)


def ensure_package(binary, package):
    """apt-get install a missing tool when running as root on Debian; its path, or None."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    say(f"installing {package} with apt-get")
    with contextlib.suppress(subprocess.SubprocessError, OSError):
        subprocess.run(
            ["apt-get", "install", "-y", "--no-install-recommends", package],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            capture_output=True,
            timeout=300,
            check=True,
        )
    return shutil.which(binary)


def run_wrk(wrk, url, args):
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
               "--latency", url]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 60).stdout
    rps = re.search(r"Requests/sec:\s*([\d.]+)", output)
    p50 = re.search(r"^\s*50%\s+([\d.]+\w+)", output, re.MULTILINE)
    p99 = re.search(r"^\s*99%\s+([\d.]+\w+)", output, re.MULTILINE)
    if not (rps and p50 and p99):
        raise BenchError(f"cannot read wrk's output:\n{output}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    return {
        "rps": float(rps[1]),
        "p50": _milliseconds(p50[1]),
        "p99": _milliseconds(p99[1]),
        "errors": errors + (int(non_2xx[1]) if non_2xx else 0),
        "tool": f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s",
    }


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def python_load(url, args):
    """A bounded threaded client: `connections` threads, each a request at a time, for `duration` seconds."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, errors, lock = [], [0], threading.Lock()
    started = time.monotonic()
    deadline = started + args.duration

    def client():
        mine, failed = [], 0
        while time.monotonic() < deadline:
            begun = time.monotonic()
            try:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status >= 400:
                    failed += 1
            except OSError:
                failed += 1
            mine.append(time.monotonic() - begun)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.duration + 30)
    elapsed = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0] if latencies else 0] * 99
    return {
        "rps": len(latencies) / elapsed,
        "p50": cuts[49] * 1000,
        "p99": cuts[98] * 1000,
        "errors": errors[0],
        "tool": f"python client, {args.connections} threads, {args.duration}s",
    }


if __name__ == "__main__":
    sys.exit(main())
