"""The query plans of the public pages on a benchmark database (bench/explain_pages.py, page cache off).

    .venv/bin/python bench/explain_bench.py [--count 10000] [--database postgres] [--full]

Reuses the database bench/import_bench.py left (SQLite) or builds one (not recorded; a PostgreSQL one is
dropped after), then prints what bench/explain_pages.py finds: each query of a warm request to the story,
tag, home and search pages, its time and the scans it uses. With BENCH_CORPUS=shared, the peer's story
and tag.
"""

import argparse
import subprocess
import sys

import http_bench
import peer
from benchlib import BENCH, PYTHON, ROOT, BenchError, corpus_kind, manage, run_benchmark


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--full", action="store_true", help="print the whole plans")
    args = parser.parse_args()
    return run_benchmark("explain", lambda: run(args), "printed above")


def run(args):
    database = http_bench.obtain_database(args.count, args.database, http_bench.DEFAULT_BUILD_TIMEOUT, record=False)
    try:
        env = database.env(NEWSROOM_PAGE_CACHE="0")
        manage("migrate", "--noinput", env=env, timeout=600)
        command = [PYTHON, str(BENCH / "explain_pages.py"), *(["--full"] if args.full else [])]
        if corpus_kind() == "shared" and peer.DIR.exists():
            command += ["--like", *http_bench.peer_like(peer.urls())]
        if subprocess.run(command, cwd=ROOT, env=env, timeout=600).returncode:
            raise BenchError("explain_pages.py failed")
    finally:
        if args.database == "postgres":
            database.drop()


if __name__ == "__main__":
    sys.exit(main())
