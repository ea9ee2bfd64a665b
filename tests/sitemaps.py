"""Reading the sitemaps as a crawler does: the index, then every section it lists."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml", url
    return ElementTree.fromstring(response.content)


def index(client):
    """[(section's path with its query, lastmod)] as /sitemap.xml lists them."""
    entries = []
    for entry in parse(client, "/sitemap.xml"):
        address = urlsplit(entry.findtext("sm:loc", namespaces=NS))
        path = address.path + (f"?{address.query}" if address.query else "")
        entries.append((path, entry.findtext("sm:lastmod", namespaces=NS)))
    return entries


def entries(client, path):
    """{location: lastmod} of one section."""
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS) for url in parse(client, path)
    }


def every_location(client):
    """Every address in every section the index lists, and in the news sitemap."""
    locations = set()
    for path, _lastmod in index(client):
        locations |= set(entries(client, path))
    return locations | {url.findtext("sm:loc", namespaces=NS) for url in parse(client, "/sitemap-news.xml")}


def every_section_text(client):
    """The text of the index and of every section it lists, and of the news sitemap, as one string."""
    paths = ["/sitemap.xml", "/sitemap-news.xml", *(path for path, _lastmod in index(client))]
    return "".join(client.get(path).content.decode() for path in paths)
