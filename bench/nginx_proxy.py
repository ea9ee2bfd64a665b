"""deploy/nginx.conf itself in front of the benchmark's gunicorn: the article's requests/s through its
cache, how often the app is asked meanwhile, and how soon an edit and an unpublish reach readers.

The documented file is read and changed only where a loopback test must differ: both listeners on free
127.0.0.1 ports (no TLS, so no certificate), the upstream at the benchmark's gunicorn, the cache and
the static and media folders under bench/work/. Everything else (cache lifetime, locking, stale
serving, bypasses) is measured as documented; if the file no longer has one of the directives changed
here, the benchmark stops and says which.
"""

import contextlib
import json
import re
import shutil
import string
import subprocess
import time
from urllib.parse import urlsplit

from benchlib import BENCH, PYTHON, ROOT, WORK, BenchError, fetch, free_port, say, stop, wait_until_up, warm_up

DEPLOY_CONF = ROOT / "deploy" / "nginx.conf"
HOME = WORK / "nginx-proxy"
POLL_EVERY = 0.1  # seconds between two looks at the page while waiting for a change
SEEN_WITHIN = 60  # seconds: a change not visible by then is a failure, not a figure
CACHED = {"HIT", "STALE", "UPDATING", "REVALIDATED"}  # X-Proxy-Cache of an answer nginx gave from its cache


def loopback_config(text, *, port, redirect_port, upstream, static):
    """deploy/nginx.conf with its ports, upstream, paths and TLS made fit for a loopback test."""
    edits = [
        ("proxy_cache_path", r"^(\s*proxy_cache_path\s+)\S+", str(HOME / "cache"), 1),
        ("upstream newsroom_app's server", r"(upstream\s+newsroom_app\s*\{[^}]*?\bserver\s+)[^\s;]+", upstream, 1),
        ("listen 80", r"^(\s*listen\s+)80\s*;", f"127.0.0.1:{redirect_port};", 1),
        ("listen 443", r"^(\s*listen\s+)443\b[^;]*;", f"127.0.0.1:{port};", 1),
        ("ssl_certificate and ssl_certificate_key", r"^(\s*)ssl_certificate(?:_key)?\s[^;]*;", "# no TLS here", 2),
        ("alias in location /static/", r"(location\s+/static/\s*\{[^}]*?\balias\s+)[^\s;]+", f"{static}/", 1),
        ("alias in location /media/renditions/", r"(location\s+/media/renditions/\s*\{[^}]*?\balias\s+)[^\s;]+",
         f"{HOME / 'media' / 'renditions'}/", 1),
    ]  # fmt: skip
    for what, pattern, value, expected in edits:
        text, found = re.subn(pattern, lambda match, value=value: match[1] + value, text, flags=re.MULTILINE)
        if found != expected:
            raise BenchError(
                f"{DEPLOY_CONF.relative_to(ROOT)}: expected {expected} {what} directive(s), found {found}; "
                "bench/nginx_proxy.py must learn the file's new shape before it can measure it"
            )
    return text


@contextlib.contextmanager
def running(nginx, app_origin, static):
    """nginx with the loopback deploy/nginx.conf and an empty cache; its origin (http://127.0.0.1:port)."""
    shutil.rmtree(HOME, ignore_errors=True)  # no page cached by an earlier run can answer
    for folder in ("tmp", "media/renditions"):
        (HOME / folder).mkdir(parents=True)
    port = free_port()
    site = HOME / "newsroom.conf"
    upstream = urlsplit(app_origin).netloc
    text = loopback_config(
        DEPLOY_CONF.read_text(), port=port, redirect_port=free_port(), upstream=upstream, static=static
    )
    site.write_text(text)
    conf = HOME / "nginx.conf"
    conf.write_text(string.Template((BENCH / "nginx-proxy.conf").read_text()).substitute(work=HOME, site=site))
    log = HOME / "error.log"
    command = [nginx, "-e", str(log), "-p", str(HOME), "-c", str(conf)]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    if check.returncode:
        raise BenchError(f"nginx refuses the loopback version of deploy/nginx.conf ({site}):\n{check.stderr}")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        origin = f"http://127.0.0.1:{port}"
        wait_until_up(origin + "/healthz", process, log, timeout=20)
        yield origin
    finally:
        stop(process)


def measure(nginx, app_origin, path, *, load, wrk, wrk_args, env, static):
    """Load the article through the proxy, then time an edit and an unpublish; the figures as a dict."""
    with running(nginx, app_origin, static) as origin:
        url = origin + path
        warm_up(url, 10)
        status, headers, body = fetch(url)
        if headers.get("X-Proxy-Cache") not in CACHED:
            raise BenchError(
                f"nginx does not answer {path} from its cache (X-Proxy-Cache: {headers.get('X-Proxy-Cache')}); "
                "does the app send X-Accel-Expires or Cache-Control: public?"
            )
        say(f"nginx: {path} through deploy/nginx.conf ({len(body):,} bytes, HTTP {status})")
        started = time.time()
        result = load(url)
        asked = app_requests(started, time.time())
        say(f"nginx: checking how soon an edit and an unpublish show through {origin}")
        with background_load(wrk, url, wrk_args):
            fresh = freshness(url, path, env)
    return {"status": status, "bytes": len(body), "result": result, "asked": asked, **fresh,
            "under_load": bool(wrk)}  # fmt: skip


def app_requests(since, until):
    """How many requests nginx sent to the app between two times (its to-app log)."""
    log = HOME / "to-app.log"
    lines = log.read_text().splitlines() if log.exists() else []
    return sum(1 for line in lines if since <= float(line.split()[0]) <= until)


@contextlib.contextmanager
def background_load(wrk, url, args, limit=120):
    """wrk on the page, as the measured run, until the block ends (at most `limit` seconds)."""
    if not wrk:
        yield
        return
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{limit}s", url]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        time.sleep(1)  # the load is on before the change is made
        yield
    finally:
        stop(process)


def freshness(url, path, env):
    """Seconds from a committed edit to the new headline through nginx, then the same for an unpublish."""
    headline = f"Freshness check {time.time():.0f}"
    saved = app_change(env, "state", path)
    try:
        edited = app_change(env, "edit", path, headline)
        edit_seconds = seen_after(url, edited["committed"], lambda status, body: headline.encode() in body)
        say(f"nginx: the edit showed after {edit_seconds:.1f}s")
        gone = app_change(env, "unpublish", path)
        # 410 Gone: a story taken down answers so (articles/site/views.py), so search engines drop it soon.
        unpublish_seconds = seen_after(url, gone["committed"], lambda status, body: status == 410)
        say(f"nginx: the unpublished story answered 410 after {unpublish_seconds:.1f}s")
    finally:
        app_change(env, "restore", path, json.dumps(saved))  # the database is left as it was built
    return {"edit_seconds": edit_seconds, "unpublish_seconds": unpublish_seconds}


def app_change(env, *args):
    """Run bench/freshness.py (edit, unpublish, restore) with the app's settings; its JSON answer."""
    result = subprocess.run(
        [PYTHON, str(BENCH / "freshness.py"), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    if result.returncode:
        raise BenchError(f"bench/freshness.py {args[0]} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def seen_after(url, since, seen):
    """Poll `url` every POLL_EVERY seconds until `seen(status, body)`; seconds since `since` (Unix time)."""
    deadline = time.monotonic() + SEEN_WITHIN
    while time.monotonic() < deadline:
        status, _headers, body = fetch(url, timeout=10)
        if seen(status, body):
            return time.time() - since
        time.sleep(POLL_EVERY)
    raise BenchError(f"{url}: the change did not show through nginx within {SEEN_WITHIN}s")
