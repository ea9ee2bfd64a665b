"""The query plans of the public pages: each SQL query a warm request to the story, tag, home and search
pages makes (the pages bench/probe_pages.py picks), run again under EXPLAIN ANALYZE, with the scans it
uses. Run inside the app with the benchmark's settings, page cache off:

    DATABASE_URL=postgres://... NEWSROOM_PAGE_CACHE=0 DJANGO_SECRET_KEY=x DJANGO_ALLOWED_HOSTS=127.0.0.1 \\
        .venv/bin/python bench/explain_pages.py [--like STORY_FILE KIND/SLUG] [--full]

or on a benchmark database: `make bench-explain BENCH_DB=postgres` (bench/explain_bench.py).
Prints, per page and query, the time PostgreSQL (or SQLite's EXPLAIN QUERY PLAN) reports and each scan:
"Index Scan using articles_article_slug_key on articles_article", "Seq Scan on ..." (a sequential
scan of a big table on a public page is what to look for). --full prints the whole plans.
"""

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

import probe_pages  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SCAN = re.compile(r"((?:Parallel )?(?:Seq Scan|Index Scan|Index Only Scan|Bitmap Index Scan|Bitmap Heap Scan)\b[^(]*)")


def warm_queries(url):
    """The SQL of the second of two requests to `url` (the first fills per-process caches)."""
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, [query["sql"] for query in queries.captured_queries]


def explain(sql):
    """(time in ms or None, [scans], plan text) of one captured query."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            found = re.search(r"Execution Time: ([\d.]+) ms", plan)
            planning = re.search(r"Planning Time: ([\d.]+) ms", plan)
            timing = f"{float(found[1]):.2f} ms" if found else "?"
            if planning:
                timing += f" (+{float(planning[1]):.2f} planning)"
            return timing, [scan.strip() for scan in SCAN.findall(plan)], plan
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
        return "-", [line for line in plan.splitlines() if line.startswith(("SCAN", "SEARCH"))], plan


def main():
    args = sys.argv[1:]
    full = "--full" in args
    args = [arg for arg in args if arg != "--full"]
    like = None
    if "--like" in args:
        at = args.index("--like")
        like = tuple(args[at + 1 : at + 3])
    found = probe_pages.pages("solar power plant", like)
    print(f"{connection.vendor}, {found['stories']:,} published stories")
    for page, url in found["urls"].items():
        status, queries = warm_queries(url)
        print(f"\n{page} {url} (HTTP {status}, {len(queries)} queries)")
        for n, sql in enumerate(queries, 1):
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                print(f"  {n}. not a read: {sql[:100]}")
                continue
            timing, scans, plan = explain(sql)
            print(f"  {n}. {timing}: {sql[:110]}{'...' if len(sql) > 110 else ''}")
            for scan in scans:
                print(f"       {scan}")
            if full:
                print("\n".join("       | " + line for line in plan.splitlines()))


if __name__ == "__main__":
    main()
