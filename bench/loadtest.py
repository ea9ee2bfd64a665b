"""Load test: many readers under gunicorn while an import runs and an editor saves; no request may fail.

    .venv/bin/python bench/loadtest.py [--readers 32] [--seconds 30] [--stories 2000] [--database sqlite|postgres]

A fresh database with `--stories` generated stories; gunicorn (2 workers, production settings, the
default page cache) on a loopback port. For `--seconds`: `--readers` threads fetch the home, story,
tag, search, feed and sitemap pages in a loop; an `import_seeds` of 1,000 more stories runs; an
editor logs in to the desk and saves a story's headline through the admin every half second, then
checks the public page shows it. Every request is counted; any status other than 200 (or the
editor's 302), any connection error, and any stale public page after a save are errors. One row
goes to bench/results/load.md; the exit status is non-zero if there was any error.
"""

import argparse
import contextlib
import http.cookiejar
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
from benchlib import PYTHON, RESULTS, ROOT, WORK, say  # noqa: E402

TABLE = RESULTS / "load.md"
COLUMNS = [
    "date",
    "machine",
    "commit",
    "database",
    "stories",
    "readers",
    "seconds",
    "requests",
    "req/s",
    "errors",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "editor saves",
    "stale pages",
    "imported",
    "note",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    benchlib.stop_on_sigterm()
    work = WORK / "load"
    work.mkdir(parents=True, exist_ok=True)
    database = f"sqlite:///{work / 'load.sqlite3'}"
    (work / "load.sqlite3").unlink(missing_ok=True)
    if args.database == "postgres":
        database = benchlib.POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/newsroom_bench_load"
        _postgres("DROP DATABASE IF EXISTS newsroom_bench_load")
        _postgres("CREATE DATABASE newsroom_bench_load")
    env = benchlib.app_env(database, NEWSROOM_CACHE_DIR=str(work / "cache"), NEWSROOM_STATIC_ROOT=str(work / "static"))
    log = work / "load.log"
    say("preparing the database")
    benchlib.manage("migrate", "--noinput", env=env, timeout=300, log=log)
    benchlib.manage("collectstatic", "--noinput", env=env, timeout=300, log=log)
    benchlib.manage("import_seeds", str(benchlib.corpus(args.stories)), env=env, timeout=900, log=log)
    extra = _extra_corpus(work)
    benchlib.manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth.models import User, Group; "
        "u = User.objects.create_user('loadeditor', password='load-pw', is_staff=True); "
        "u.groups.add(Group.objects.get(name='Editors'))",
        env=env,
        timeout=120,
        log=log,
    )
    port = benchlib.free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "newsroom.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60"],
        cwd=ROOT,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_for(base + "/healthz")
        urls = _reader_urls(base)
        say(f"{args.readers} readers for {args.seconds}s, an import of 1,000 stories and an editor, on {base}")
        stats = Stats()
        stop_at = time.monotonic() + args.seconds
        threads = [threading.Thread(target=reader, args=(urls, stop_at, stats)) for _ in range(args.readers)]
        editor_thread = threading.Thread(target=editor, args=(base, stop_at, stats))
        for thread in [*threads, editor_thread]:
            thread.start()
        started = time.monotonic()
        importing = subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), "import_seeds", str(extra)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=args.seconds * 20,
        )
        imported = re.search(r"(\d+) created", importing.stdout)
        if importing.returncode:
            stats.error(f"the import failed: {importing.stderr[-500:]}")
        for thread in [*threads, editor_thread]:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        benchlib.stop(server)
        if args.database == "postgres":
            with contextlib.suppress(benchlib.BenchError):
                _postgres("DROP DATABASE IF EXISTS newsroom_bench_load")
    row = stats.row(args, elapsed, imported.group(1) if imported else "0")
    benchlib.append_row(
        TABLE,
        "Load test",
        "Written by `bench/loadtest.py` (`make loadtest`): readers, an import and an editor at once under gunicorn "
        "with 2 workers and the default page cache. Errors must be 0.",
        COLUMNS,
        row,
    )
    say(", ".join(f"{key} {row[key]}" for key in ("requests", "req/s", "errors", "p50 ms", "p99 ms", "editor saves")))
    for message in stats.messages[:10]:
        say(f"error: {message}")
    return 1 if stats.errors else 0


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies, self.errors, self.messages, self.saves, self.stale = [], 0, [], 0, 0

    def request(self, seconds):
        with self.lock:
            self.latencies.append(seconds)

    def error(self, message):
        with self.lock:
            self.errors += 1
            self.messages.append(message)

    def row(self, args, elapsed, imported):
        ms = sorted(x * 1000 for x in self.latencies) or [0]
        quantile = statistics.quantiles(ms, n=100) if len(ms) > 1 else [ms[0]] * 99
        return {
            "date": benchlib.today(),
            "machine": benchlib.machine(),
            "commit": benchlib.commit(),
            "database": args.database,
            "stories": f"{args.stories:,}",
            "readers": args.readers,
            "seconds": args.seconds,
            "requests": f"{len(self.latencies):,}",
            "req/s": f"{len(self.latencies) / elapsed:,.0f}",
            "errors": self.errors,
            "p50 ms": f"{quantile[49]:.1f}",
            "p95 ms": f"{quantile[94]:.1f}",
            "p99 ms": f"{quantile[98]:.1f}",
            "editor saves": self.saves,
            "stale pages": self.stale,
            "imported": imported,
            "note": benchlib.load_note(),
        }


def reader(urls, stop_at, stats):
    rng = random.Random()
    while time.monotonic() < stop_at:
        url = rng.choice(urls)
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                response.read()
                if response.status != 200:
                    stats.error(f"{url}: {response.status}")
        except (urllib.error.URLError, OSError) as error:
            stats.error(f"{url}: {error}")
            continue
        stats.request(time.monotonic() - started)


def editor(base, stop_at, stats):
    """Log in to the desk and save a headline through the admin, then check the public page at once."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = base + "/admin/login/"
    try:
        page = opener.open(login, timeout=30).read().decode()
        opener.open(login, _form(page, username="loadeditor", password="load-pw", next="/admin/"), timeout=30).read()
        listing = opener.open(base + "/admin/articles/article/?status=live", timeout=30).read().decode()
        change = base + re.search(r'href="(/admin/articles/article/\d+/change/)[^"]*"', listing).group(1)
    except (urllib.error.URLError, OSError, AttributeError) as error:
        stats.error(f"editor could not start: {error}")
        return
    n = 0
    while time.monotonic() < stop_at:
        n += 1
        headline = f"Load test headline {n} {random.randrange(10**6)}"
        try:
            form = opener.open(change, timeout=30).read().decode()
            data = _change_form_fields(form)
            data["headline"] = headline
            opener.open(change, urllib.parse.urlencode(data, doseq=True).encode(), timeout=30).read()
            public = re.search(r'<a href="(/\d{4}/\d\d/\d\d/[^"]+/)" class="viewsitelink"', form)
            stats.saves += 1
            if public and headline not in urllib.request.urlopen(base + public.group(1), timeout=30).read().decode():
                stats.stale += 1
                stats.error(f"stale page after a save: {public.group(1)}")
        except (urllib.error.URLError, OSError) as error:
            stats.error(f"editor: {error}")
        time.sleep(0.5)


def _form(page, **fields):
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()


def _change_form_fields(page):
    """The change form's current values, as a browser would post them back."""
    fields = {}
    for name, value in re.findall(r'<input type="(?:text|hidden|number)" name="([^"]+)" value="([^"]*)"', page):
        fields[name] = _unescape(value)
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]*type="hidden"', page):
        fields.setdefault(name, _unescape(value))
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[name] = _unescape(body.lstrip("\n"))
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        selected = re.findall(r'<option value="([^"]*)"[^>]*selected', options)
        fields[name] = selected if "multiple" in page.split(f'name="{name}"', 1)[1][:200] else (selected or [""])[0]
    return fields


def _unescape(text):
    import html

    return html.unescape(text)


def _reader_urls(base):
    home = urllib.request.urlopen(base + "/", timeout=30).read().decode()
    stories = re.findall(r'<h2><a href="(/\d{4}/[^"]+)"', home)[:10]
    tags = re.findall(r'href="(/(?:countries|topics|ministries)/[a-z0-9-]+/)"', home)[:10]
    return [base + path for path in ["/", "/search/?q=minister", "/feeds/rss/", "/sitemap-news.xml", *stories, *tags]]


def _wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url, timeout=5).read()
            return
        time.sleep(0.2)
    raise benchlib.BenchError(f"{url} did not answer within {seconds}s")


def _extra_corpus(work):
    """1,000 stories not in the main corpus, for the import that runs during the test."""
    folder = work / "extra"
    if not any(folder.glob("*.txt")):
        subprocess.run(
            [
                PYTHON,
                str(ROOT / "manage.py"),
                "generate_corpus",
                str(folder),
                "--count",
                "1000",
                "--seed",
                "99",
                "--force",
            ],
            cwd=ROOT,
            env={**benchlib.app_env("sqlite:///:memory:"), "DJANGO_DEBUG": "1"},
            check=True,
            capture_output=True,
            timeout=300,
        )
    return folder


def _postgres(sql):
    subprocess.run(["psql", benchlib.POSTGRES_ADMIN_URL, "-q", "-c", sql], check=True, capture_output=True, timeout=60)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except benchlib.BenchError as error:
        say(str(error))
        sys.exit(2)
