"""Compression: collectstatic stores each static file gzipped and Brotli-compressed (whitenoise with the
Brotli package), and deploy/nginx.conf, run for real in front of the app, compresses pages, feeds,
sitemaps and JSON for clients that ask, and sends static files' own .gz."""

import gzip
import re
import urllib.request
from pathlib import Path

import brotli
import pytest
from django.conf import settings

from tests.factories import make_article

ROOT = Path(settings.BASE_DIR)


def test_collectstatic_stores_every_text_file_gzipped_and_brotli_compressed(collected):
    (stylesheet,) = [path for path in (collected / "css").glob("site.*.css") if path.suffix == ".css"]
    original = stylesheet.read_bytes()
    assert brotli.decompress(Path(f"{stylesheet}.br").read_bytes()) == original
    assert gzip.decompress(Path(f"{stylesheet}.gz").read_bytes()) == original
    assert len(Path(f"{stylesheet}.br").read_bytes()) < len(original) / 2


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
