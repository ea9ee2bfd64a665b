"""The Wagtail peer (../shared/peers/wagtail/): set up, served and loaded beside Newsroom in the same run.

    .venv/bin/python bench/peer.py setup [--count 10000]     # the peer's venv, site and DB (reused when ready)
    .venv/bin/python bench/peer.py load [--count 10000]      # time a fresh load of N stories; prints JSON
    .venv/bin/python bench/peer.py urls                      # its story and tag page

The floors of the performance issue are ratios to Wagtail 8 measured in the same run, on the same corpus
and machine, because this machine's speed moves by a factor of two from one day to the next. This module
drives the peer's own scripts and nothing else: `setup.sh N DIR` (venv, site, N stories of
../shared/bench/gen_corpus.py as live pages; it skips the load when the DB already holds N), `serve.sh PORT
DIR` (gunicorn, 2 sync workers), `urls.sh DIR` (a story and its dateline country's tag page) and `stop.sh
DIR`. The peer lives in BENCH_PEER_DIR (default .bench/peer-wagtail, ignored by git); a timed reload goes
to bench/work/peer-load/, whose venv is a link to the peer's, so the served database is never rebuilt.
"""

import argparse
import contextlib
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchlib import ROOT, SHARED, WORK, BenchError, free_port, say, stop, stop_on_sigterm, warm_up

HOME = Path(os.environ.get("BENCH_PEER_HOME", SHARED / "peers" / "wagtail"))
DIR = Path(os.environ.get("BENCH_PEER_DIR", ROOT / ".bench" / "peer-wagtail")).absolute()
LOAD_DIR = WORK / "peer-load"
COUNT = int(os.environ.get("BENCH_PEER_COUNT", "10000"))
SETUP_TIMEOUT = int(os.environ.get("BENCH_PEER_SETUP_TIMEOUT", "900"))
LOAD_LINE = re.compile(r"loaded=(\d+) total_articles=(\d+) seconds=([\d.]+) pages_per_s=([\d.]+)")


def wanted():
    """Whether make asked for the peer (BENCH_PEER set and not 0): the benchmarks' --peer default."""
    return os.environ.get("BENCH_PEER", "") not in ("", "0")


def available():
    """Whether the peer's scripts are there (../shared/peers/wagtail, or BENCH_PEER_HOME)."""
    return (HOME / "setup.sh").exists()


def _env():
    """The caller's environment less what would point the peer at Newsroom's settings or database."""
    dropped = ("DJANGO_", "DATABASE_URL", "PEER_WAGTAIL_DB", "GUNICORN_CMD_ARGS", "PYTHONPATH", "VIRTUAL_ENV")
    return {k: v for k, v in os.environ.items() if not k.startswith(dropped)}


def _script(name, *args, timeout, log):
    if not available():
        raise BenchError(f"the Wagtail peer is not there: {HOME} (BENCH_PEER_HOME)")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a") as out:
        out.write(f"$ {name} {' '.join(map(str, args))}\n")
        out.flush()
        # A session of its own, so a time limit or Ctrl-C stops the script and what it started (a load).
        process = subprocess.Popen(["bash", str(HOME / name), *map(str, args)], env=_env(), stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            stop(process)
            raise BenchError(f"peer {name} did not finish within {timeout}s; see {log}") from None
        except BaseException:
            stop(process)
            raise
    if process.returncode:
        tail = log.read_text(errors="replace")[-2000:]
        raise BenchError(f"peer {name} failed (exit {process.returncode}); see {log}:\n{tail}")


def setup(count=COUNT, directory=DIR, timeout=SETUP_TIMEOUT):
    """The peer with `count` live stories in `directory`: instant when it is already there (setup.sh
    only refreshes the site code and counts the pages); a first setup takes 3-5 minutes."""
    log = WORK / "logs" / "peer.log"
    started = time.monotonic()
    held = recorded_load(directory)
    if held and held["stories"] != count and (directory / "site" / "db.sqlite3").exists():
        say(f"peer: {_shown(directory)} was built with {held['stories']:,} stories: setup.sh reloads {count:,}")
    say(f"peer: setup.sh {count} {_shown(directory)} (reuses its database when it holds {count:,} live stories)")
    _script("setup.sh", count, directory, timeout=timeout, log=log)
    say(f"peer: ready in {time.monotonic() - started:.0f}s: {versions(directory)}")
    return directory


def versions(directory=DIR):
    """'wagtail 8.0.1, Django 5.2.20, gunicorn 27.0.1' from setup.sh's versions.txt."""
    with contextlib.suppress(OSError):
        pins = dict(
            line.split("==", 1) for line in (directory / "versions.txt").read_text().splitlines() if "==" in line
        )
        return ", ".join(f"{name} {pins[name]}" for name in ("wagtail", "Django", "gunicorn") if name in pins)
    return "unknown versions"


def label(directory=DIR):
    """'Wagtail 8.0.1': the peer's name in result rows."""
    found = re.search(r"wagtail ([\w.]+)", versions(directory))
    return f"Wagtail {found[1]}" if found else "Wagtail"


def recorded_load(directory=DIR):
    """The load setup.sh recorded in DIR/load.txt when it built the served database: a dict with the
    date of the file, or None."""
    path = directory / "load.txt"
    found = LOAD_LINE.search(path.read_text()) if path.exists() else None
    if not found:
        return None
    when = datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return {"stories": int(found[1]), "seconds": float(found[3]), "rate": float(found[4]), "measured": when}


def timed_load(count, timeout=SETUP_TIMEOUT):
    """Load `count` stories into a fresh peer database now, with the peer's own setup.sh, in
    bench/work/peer-load/ (its venv a link to the served peer's): the peer's load rate in this run.

    setup.sh runs makemigrations and migrate (untimed), then `manage.py load_corpus`, whose own timer
    (the load loop alone, without Python's start) is what load.txt holds."""
    if not (DIR / "venv" / "bin" / "gunicorn").exists():
        setup()
    LOAD_DIR.mkdir(parents=True, exist_ok=True)
    venv = LOAD_DIR / "venv"
    if not venv.is_symlink():
        shutil.rmtree(venv, ignore_errors=True)
        venv.symlink_to(DIR / "venv")
    for stale in (LOAD_DIR / "load.txt", LOAD_DIR / "site" / "db.sqlite3"):
        stale.unlink(missing_ok=True)  # setup.sh would otherwise keep a database that holds `count`
    say(f"peer: loading {count:,} stories into a fresh Wagtail database ({_shown(LOAD_DIR)}; time limit {timeout}s)")
    started = time.monotonic()
    _script("setup.sh", count, LOAD_DIR, timeout=timeout, log=WORK / "logs" / "peer-load.log")
    wall = time.monotonic() - started
    loaded = recorded_load(LOAD_DIR)
    if not loaded or loaded["stories"] != count:
        raise BenchError(f"the peer's load did not record {count} stories: {LOAD_DIR / 'load.txt'}")
    say(f"peer: {count:,} stories in {loaded['seconds']:.1f}s, {loaded['rate']:.1f} pages/s "
        f"(setup.sh {wall:.0f}s in all)")  # fmt: skip
    return {**loaded, "setup_seconds": wall}


def reference_load(count, load_count):
    """The peer's load rate to compare an import of `count` stories with: a fresh load of `load_count`
    stories timed now (0: the figure setup.sh recorded when it built the served database, marked with its
    date). A dict with the rate and a note saying which it is."""
    if load_count:
        loaded = timed_load(load_count)
        note = f"Wagtail loaded {load_count:,} stories in this run ({loaded['seconds']:.0f} s)"
        if load_count < count:
            note += f"; its rate falls as its tree grows, so against {count:,} this is conservative"
        return {**loaded, "note": note}
    loaded = recorded_load()
    if not loaded:
        raise BenchError(f"no {DIR / 'load.txt'}: set BENCH_PEER_LOAD to time a load in this run")
    return {**loaded, "note": f"OLDER FIGURE: Wagtail's load of {loaded['stories']:,} on {loaded['measured']}, "
                              "not this run"}  # fmt: skip


def urls(directory=DIR):
    """The peer's story page and its dateline country's tag page (paths), from urls.sh."""
    log = WORK / "logs" / "peer.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["bash", str(HOME / "urls.sh"), str(directory)], env=_env(), capture_output=True,
                            text=True, timeout=120)  # fmt: skip
    paths = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("/")]
    if result.returncode or len(paths) < 2:
        raise BenchError(f"peer urls.sh failed:\n{result.stdout[-1000:]}{result.stderr[-1000:]}")
    return {"article": paths[0], "tag": paths[1]}


@contextlib.contextmanager
def serving(directory=DIR):
    """The peer under its own serve.sh (gunicorn, 2 sync workers) on a free loopback port, stopped with
    its stop.sh (by the pid serve.sh wrote) when the block ends. Yields (origin, {page: path})."""
    log = WORK / "logs" / "peer.log"
    _script("stop.sh", directory, timeout=30, log=log)  # one a killed run left behind, by its pid file
    paths = urls(directory)
    port = free_port()
    _script("serve.sh", port, directory, timeout=60, log=log)
    try:
        origin = f"http://127.0.0.1:{port}"
        for page, path in paths.items():
            status, _body = warm_up(origin + path, 6)
            if status != 200:
                raise BenchError(f"the peer's {page} page {path} answered HTTP {status}")
        say(f"peer: {label(directory)} on {origin}: story {paths['article']}, tag {paths['tag']}")
        yield origin, paths
    finally:
        _script("stop.sh", directory, timeout=30, log=log)


def _shown(path):
    with contextlib.suppress(ValueError):
        return str(Path(path).relative_to(ROOT))
    return str(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["setup", "load", "urls"])
    parser.add_argument("--count", type=int, default=COUNT)
    args = parser.parse_args()
    stop_on_sigterm()
    try:
        if args.action == "setup":
            setup(args.count)
        elif args.action == "load":
            print(json.dumps(timed_load(args.count)))
        else:
            print(json.dumps(urls()))
    except BenchError as error:
        say(f"peer: {error}")
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
