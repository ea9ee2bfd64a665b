"""A story keeps its language, and every public surface says it: its page (the story's `lang`, in a page
whose own language is the site's), the story lists, the feeds (each item's xml:lang) and the news sitemap."""

from xml.etree import ElementTree

import feedparser
import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def stories():
    return make_article(headline="Faktencheck", language="de"), make_article(headline="Energy news")


def test_a_story_page_says_the_story_is_in_its_language(client):
    german, english = stories()
    page = client.get(german.get_absolute_url()).content.decode()
    assert '<html lang="en">' in page and '<article class="story" lang="de">' in page
    assert '<article class="story" lang="en">' in client.get(english.get_absolute_url()).content.decode()
    assert '<article lang="de">' in client.get("/").content.decode()


def test_each_feed_item_carries_its_language(client):
    german, english = stories()
    for url in ("/feeds/rss/", "/feeds/atom/"):
        root = ElementTree.fromstring(client.get(url).content)
        items = root.iter("item") if url.endswith("rss/") else root.iter("{http://www.w3.org/2005/Atom}entry")
        assert [item.get(XML_LANG) for item in items] == ["en", "de"], url
    entries = feedparser.parse(client.get("/feeds/atom/").content).entries
    assert [entry.title_detail.language for entry in entries] == ["en", "de"]


def test_the_news_sitemap_gives_each_story_its_language(client):
    german, english = stories()
    root = ElementTree.fromstring(client.get("/sitemap-news.xml").content)
    languages = [element.text for element in root.iter("{http://www.google.com/schemas/sitemap-news/0.9}language")]
    assert sorted(languages) == ["de", "en"]


def test_the_api_says_it(client):
    german, english = stories()
    item = client.get(f"/api/v1/stories/{german.pk}/").json()
    assert item["language"] == "de"
