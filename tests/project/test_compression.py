"""Compression: collectstatic stores each static file gzipped and Brotli-compressed (whitenoise with the
Brotli package), and deploy/nginx.conf, run for real in front of the app, compresses pages, feeds,
sitemaps and JSON for clients that ask, and sends static files' own .gz."""

import gzip
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from io import StringIO
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.factories import make_article

ROOT = Path(settings.BASE_DIR)
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def collected(tmp_path):
    """collectstatic as production runs it, into a folder of the test's own."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path / "static", STORAGES=storages):
        call_command("collectstatic", "--noinput", stdout=StringIO())
    return tmp_path / "static"


def test_collectstatic_stores_every_text_file_gzipped_and_brotli_compressed(collected):
    (stylesheet,) = [path for path in (collected / "css").glob("site.*.css") if path.suffix == ".css"]
    original = stylesheet.read_bytes()
    assert brotli.decompress(Path(f"{stylesheet}.br").read_bytes()) == original
    assert gzip.decompress(Path(f"{stylesheet}.gz").read_bytes()) == original
    assert len(Path(f"{stylesheet}.br").read_bytes()) < len(original) / 2


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loopback(conf, *, port, upstream, static, home):
    """deploy/nginx.conf on loopback: its own ports, no TLS, this test's app, cache and folders; nothing else."""
    edits = [
        (r"^(\s*proxy_cache_path\s+)\S+", str(home / "cache")),
        (r"(upstream\s+newsroom_app\s*\{[^}]*?\bserver\s+)[^\s;]+", upstream),
        (r"^(\s*listen\s+)80\s*;", f"127.0.0.1:{free_port()};"),
        (r"^(\s*listen\s+)443\b[^;]*;", f"127.0.0.1:{port};"),
        (r"^(\s*)ssl_certificate(?:_key)?\s[^;]*;", "# no TLS here"),
        (r"(location\s+/static/\s*\{[^}]*?\balias\s+)[^\s;]+", f"{static}/"),
        (r"(location\s+/media/renditions/\s*\{[^}]*?\balias\s+)[^\s;]+", f"{home}/renditions/"),
    ]
    for pattern, value in edits:
        conf, found = re.subn(pattern, lambda match, value=value: match[1] + value, conf, flags=re.MULTILINE)
        assert found, pattern
    return conf


@pytest.fixture
def nginx(live_server, collected, tmp_path):
    """deploy/nginx.conf serving on loopback in front of the test's live server; its origin."""
    if NGINX is None:
        pytest.skip("no nginx on this machine (apt-get install nginx-light)")
    home = tmp_path / "nginx"
    (home / "tmp").mkdir(parents=True)
    port = free_port()
    site = loopback(
        (ROOT / "deploy" / "nginx.conf").read_text(),
        port=port,
        upstream=live_server.url.removeprefix("http://"),
        static=collected,
        home=home,
    )
    (home / "site.conf").write_text(site)
    # Run by root (as in CI's containers), nginx's workers would be "nobody", who cannot read pytest's folders.
    user = "user root;" if os.geteuid() == 0 else ""
    (home / "nginx.conf").write_text(
        f"daemon off; {user} pid {home}/nginx.pid; error_log {home}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ default_type text/html; access_log off; client_body_temp_path {home}/tmp/body;"
        f" proxy_temp_path {home}/tmp/proxy; fastcgi_temp_path {home}/tmp/fastcgi;"
        f" uwsgi_temp_path {home}/tmp/uwsgi; scgi_temp_path {home}/tmp/scgi;\n"
        " types { text/html html; text/css css; image/svg+xml svg; }\n"
        f" include {home}/site.conf; }}\n"
    )
    command = [NGINX, "-p", str(home), "-c", str(home / "nginx.conf")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    origin = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(origin + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        yield origin
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(url, encoding="gzip"):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding, "Host": "testserver"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read()


@pytest.mark.django_db(transaction=True)
def test_nginx_compresses_pages_feeds_and_sitemaps_for_clients_that_ask(nginx, settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    story = make_article(headline="Gas deal signed", topics=["Energy"], body="A long story. " * 100)
    for path in ["/", story.get_absolute_url(), "/feeds/rss/", "/feeds/atom/", "/sitemap.xml",
                 "/sitemap-pages.xml", "/sitemap-news.xml"]:  # fmt: skip
        headers, body = fetch(nginx + path)
        assert headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in headers["Vary"], path
        plain_headers, plain = fetch(nginx + path, encoding="identity")
        assert "Content-Encoding" not in plain_headers and gzip.decompress(body) == plain, path


def test_nginx_sends_static_files_own_gzip_as_collectstatic_made_it(nginx, collected):
    (stylesheet,) = [path for path in (collected / "css").glob("site.*.css") if path.suffix == ".css"]
    headers, body = fetch(f"{nginx}/static/css/{stylesheet.name}")
    assert headers["Content-Encoding"] == "gzip"
    assert body == Path(f"{stylesheet}.gz").read_bytes()  # the stored file, not compressed again
    assert "immutable" in ", ".join(headers.get_all("Cache-Control"))


def test_deploy_conf_names_every_compressed_type():
    """nginx compresses only the types it is told of, besides HTML: the site's feeds, sitemaps and JSON."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    types = set(re.search(r"gzip_types\s+([^;]+);", conf).group(1).split())
    assert {"application/rss+xml", "application/atom+xml", "application/xml", "application/json",
            "text/css", "text/plain"} <= types  # fmt: skip
