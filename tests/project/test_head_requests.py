"""HEAD, as load balancers and uptime checks send it: GET's headers, no body, and nothing in gunicorn's log.

gunicorn logged "WSGI app sent body bytes on a no-body response" for every HEAD (Django sent the body and left
dropping it to the server), flooding the log of a site behind a health-checking load balancer.
"""

import http.client
import os
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test import RequestFactory

from newsroom.head import HeadWithoutBodyMiddleware
from tests.factories import make_article

from .conftest import ROOT, free_port

# Headers that differ between any two responses, whatever the method.
PER_RESPONSE = {"date", "connection"}


def database_url():
    """The test database, for another process (it sees what a transactional test commits)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def gunicorn(collected, tmp_path):
    """gunicorn on loopback with production settings against the test database: (port, path of its log)."""
    port, log = free_port(), tmp_path / "gunicorn.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_", "DATABASE_URL"))},
        "DJANGO_SECRET_KEY": "head-test-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "NEWSROOM_CACHE_DIR": str(tmp_path / "cache"),
        "NEWSROOM_PAGE_CACHE": "1",
        "NEWSROOM_STATIC_ROOT": str(collected),
    }
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        for _attempt in range(200):
            try:
                request(port, "GET", "/healthz")  # never cached
                break
            except OSError:
                time.sleep(0.1)
        yield port, log
    finally:
        server.terminate()
        server.wait(timeout=10)


def request(port, method, path):
    """(status, {lower-case name: value}, body) of one request on its own connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def kept(headers, *, besides=()):
    """The headers to compare: all but those that differ between any two responses (and `besides`)."""
    return {k: v for k, v in headers.items() if k not in PER_RESPONSE | set(besides)}


@pytest.mark.django_db(transaction=True)
def test_head_gets_gets_headers_without_a_body_or_a_warning_in_gunicorns_log(gunicorn):
    port, log = gunicorn
    story = make_article(headline="Gas deal signed", topics=["Energy"])
    paths = ["/", story.get_absolute_url(), "/feeds/rss/", "/sitemap.xml", "/healthz", "/api/v1/stories/"]
    paths += ["/api/v1/countries/", "/robots.txt", "/static/css/site.css"]
    for path in paths:
        # A HEAD on a cold page cache first: the page it stores must be the whole one, for the GETs after it.
        status, cold_head, body = request(port, "HEAD", path)
        assert status == 200 and body == b"", path
        status, got, body = request(port, "GET", path)
        assert status == 200 and len(body) == int(got["content-length"]) > 0, path
        assert cold_head["content-length"] == got["content-length"], path
        # The first HEAD rendered the page (a miss), the GET after it was served from the cache (a hit).
        assert (cold_head.get("x-page-cache"), got.get("x-page-cache")) in [("miss", "hit"), (None, None)], path
        # Django's ConditionalGetMiddleware gives only GET an ETag.
        assert kept(cold_head, besides={"x-page-cache", "etag"}) == kept(got, besides={"x-page-cache", "etag"}), path
        status, head, body = request(port, "HEAD", path)
        assert status == 200 and body == b"", path
        assert kept(head, besides={"etag"}) == kept(got, besides={"etag"}), path
    assert b"Gas deal signed" in request(port, "GET", "/")[2]

    time.sleep(0.5)  # gunicorn writes its log as it goes
    assert "no-body response" not in log.read_text()


def head(response):
    request = RequestFactory().head("/")
    return HeadWithoutBodyMiddleware(lambda _request: response)(request)


def test_a_head_never_reads_a_streamed_body_and_closes_it(tmp_path):
    """A FileResponse's file is neither read nor handed to the server's sendfile, and is closed with the
    response, as after a GET; a generator's content is never produced."""
    path = tmp_path / "report.csv"
    path.write_bytes(b"a,b\n" * 1000)
    file = path.open("rb")
    response = head(FileResponse(file))
    assert response["Content-Length"] == "4000"
    assert response.file_to_stream is None and b"".join(response.streaming_content) == b""
    response.close()
    assert file.closed

    produced = []

    def rows():
        produced.append(True)
        yield b"row\n"

    streamed = head(StreamingHttpResponse(rows()))
    assert b"".join(streamed.streaming_content) == b"" and produced == []
    streamed.close()


@pytest.mark.django_db(transaction=True)
def test_a_head_through_nginx_leaves_the_whole_page_in_its_cache(nginx, settings):
    """nginx asks the app a GET for a HEAD (proxy_cache_convert_head, on by default), so its cache, keyed
    without the method, keeps the whole page for the GETs after a HEAD on a cold cache."""
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    story = make_article(headline="Gas deal signed")
    port = int(nginx.rsplit(":", 1)[1])

    def through_nginx(method):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        try:
            conn.request(method, story.get_absolute_url(), headers={"Host": "testserver"})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    status, headers, body = through_nginx("HEAD")
    assert status == 200 and body == b"" and headers["x-proxy-cache"] == "MISS"
    status, headers, body = through_nginx("GET")
    assert status == 200 and headers["x-proxy-cache"] == "HIT" and b"Gas deal signed" in body
