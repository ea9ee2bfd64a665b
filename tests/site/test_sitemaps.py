"""Sitemaps, the Google News sitemap and robots.txt: only what readers may see, a fixed number of queries."""

import datetime
import re
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from articles.models import Article
from articles.site.sitemaps import StorySitemap
from tests.factories import days_ago, make_article

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}
SECTIONS = ["stories", "countries", "ministries", "topics"]
W3C_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)


def lastmod(text):
    assert W3C_DATETIME.fullmatch(text), text
    return datetime.datetime.fromisoformat(text)


def section_entries(client, section):
    """{location: last change} of one section of the sitemap index."""
    root = xml(client, f"/sitemap-{section}.xml")
    return {url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS) for url in root}


def news_entries(client):
    return {url.findtext("sm:loc", namespaces=NS): url for url in xml(client, "/sitemap-news.xml")}


def every_location(client):
    locations = set(news_entries(client))
    for section in SECTIONS:
        locations |= set(section_entries(client, section))
    return locations


def absolute(obj):
    return f"http://testserver{obj.get_absolute_url()}"


def make_hidden_stories(**tags):
    """One story in each state readers must not see, all dated within the hour unless scheduled."""
    S, recent, tomorrow = (
        Article.Status,
        timezone.now() - datetime.timedelta(hours=1),
        timezone.now() + datetime.timedelta(days=1),
    )
    return [
        make_article(headline="Hidden draft", status=S.DRAFT, published_at=recent, **tags),
        make_article(headline="Hidden in review", status=S.IN_REVIEW, published_at=recent, **tags),
        make_article(headline="Hidden ready", status=S.READY, published_at=recent, **tags),
        make_article(headline="Hidden scheduled", published_at=tomorrow, **tags),
        make_article(headline="Hidden embargoed", published_at=recent, embargo_until=tomorrow, **tags),
        make_article(headline="Hidden unpublished", status=S.UNPUBLISHED, published_at=recent, **tags),
        make_article(headline="Hidden archived", status=S.ARCHIVED, published_at=recent, **tags),
    ]


def test_the_index_lists_a_section_for_stories_and_one_per_kind_of_tag(client):
    make_article(countries=["Azerbaijan"], ministries=["Ministry of Economy of Azerbaijan"], topics=["Trade"])
    index = xml(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    assert [entry.findtext("sm:loc", namespaces=NS) for entry in index] == [
        f"http://testserver/sitemap-{section}.xml" for section in SECTIONS
    ]
    for entry in index:
        lastmod(entry.findtext("sm:lastmod", namespaces=NS))


def test_the_stories_section_lists_every_published_story_with_its_last_change(client):
    plain = make_article(published_at=days_ago(3))
    revised = make_article(published_at=days_ago(2), revised_at=days_ago(1))
    entries = section_entries(client, "stories")
    assert set(entries) == {absolute(plain), absolute(revised)}
    assert lastmod(entries[absolute(plain)]) == plain.published_at
    assert lastmod(entries[absolute(revised)]) == revised.revised_at


def test_tag_sections_date_each_tag_page_by_its_newest_published_story(client):
    older = make_article(published_at=days_ago(3), topics=["Trade", "Energy"], countries=["Azerbaijan"])
    newest = make_article(published_at=days_ago(2), revised_at=days_ago(1), topics=["Trade"])
    make_hidden_stories(topics=["Trade"], countries=["Azerbaijan"])
    topics = section_entries(client, "topics")
    assert set(topics) == {"http://testserver/topics/trade/", "http://testserver/topics/energy/"}
    assert lastmod(topics["http://testserver/topics/trade/"]) == newest.revised_at
    assert lastmod(topics["http://testserver/topics/energy/"]) == older.published_at
    # The hidden stories with that country are newer, and do not count.
    countries = section_entries(client, "countries")
    assert list(countries) == ["http://testserver/countries/azerbaijan/"]
    assert lastmod(countries["http://testserver/countries/azerbaijan/"]) == older.published_at
    assert section_entries(client, "ministries") == {}


def test_stories_readers_cannot_see_are_in_no_sitemap(client):
    tags = {"countries": ["Azerbaijan"], "ministries": ["Ministry of Economy of Azerbaijan"], "topics": ["Trade"]}
    published = make_article(**tags)
    hidden = make_hidden_stories(**tags)
    locations = every_location(client)
    assert absolute(published) in locations
    for article in hidden:
        assert absolute(article) not in locations, article.headline
    index = xml(client, "/sitemap.xml")
    # The newest hidden story is an hour old, the published one a day: the index dates sections by the latter.
    assert {lastmod(entry.findtext("sm:lastmod", namespaces=NS)) for entry in index} == {published.published_at}


def test_a_tag_used_only_by_hidden_stories_is_in_no_sitemap(client):
    make_article(topics=["Trade"])
    make_hidden_stories(ministries=["Ministry of Secret Plans of Azerbaijan"], topics=["Secret topic"])
    locations = every_location(client)
    assert "http://testserver/topics/trade/" in locations
    assert not any("secret" in location for location in locations)
    for url in ["/sitemap.xml", "/sitemap-news.xml", *(f"/sitemap-{section}.xml" for section in SECTIONS)]:
        assert b"Secret" not in client.get(url).content


def test_an_unknown_section_answers_404(client):
    assert client.get("/sitemap-atlantis.xml").status_code == 404


def test_the_news_sitemap_holds_only_the_last_two_days(client):
    now = timezone.now()
    fresh = make_article(published_at=now - datetime.timedelta(hours=1))
    nearly_stale = make_article(published_at=now - datetime.timedelta(hours=47))
    make_article(published_at=now - datetime.timedelta(hours=49))
    make_article(published_at=days_ago(5))
    hidden = make_hidden_stories()
    entries = news_entries(client)
    assert list(entries) == [absolute(fresh), absolute(nearly_stale)]
    for article in hidden:
        assert absolute(article) not in entries


def test_the_news_sitemap_gives_publication_date_and_title(client):
    article = make_article(headline="<b>bold</b> & co", published_at=timezone.now() - datetime.timedelta(hours=1))
    response = client.get("/sitemap-news.xml")
    assert b"&lt;b&gt;bold&lt;/b&gt; &amp; co" in response.content
    root = xml(client, "/sitemap-news.xml")
    assert root.tag == f"{{{NS['sm']}}}urlset"
    (url,) = root
    assert url.findtext("sm:loc", namespaces=NS) == absolute(article)
    news = url.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Newsroom"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert lastmod(news.findtext("news:publication_date", namespaces=NS)) == article.published_at
    assert news.findtext("news:title", namespaces=NS) == "<b>bold</b> & co"


def test_the_news_sitemap_leaves_out_characters_xml_cannot_carry(client):
    # Stored as they came, past any form: the sitemap must still be XML, the title without them.
    article = make_article(published_at=timezone.now() - datetime.timedelta(hours=1))
    Article.objects.filter(pk=article.pk).update(headline="Trade\x01 talks\x0b in Baku\ufffe")
    (url,) = xml(client, "/sitemap-news.xml")
    assert url.findtext("news:news/news:title", namespaces=NS) == "Trade talks in Baku"


def test_robots_txt_lists_both_sitemaps_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[:3] == ["User-agent: *", "Disallow: /admin/", "Disallow: /search/"]
    assert "Sitemap: https://testserver/sitemap.xml" in lines
    assert "Sitemap: https://testserver/sitemap-news.xml" in lines


def test_a_sitemap_built_without_a_request_uses_the_site_url(settings):
    settings.NEWSROOM_SITE_URL = "https://news.example.org"
    article = make_article()
    assert [url["location"] for url in StorySitemap().get_urls()] == [
        f"https://news.example.org{article.get_absolute_url()}"
    ]


def test_sitemaps_use_a_fixed_number_of_queries(client, bare, django_assert_max_num_queries):
    for batch in [3, 40]:
        for n in range(batch):
            make_article(
                published_at=timezone.now() - datetime.timedelta(hours=n + 1),
                countries=["Azerbaijan", f"Country {batch}-{n}"],
                ministries=[f"Ministry of Trade {batch}-{n} of Georgia"],
                topics=["Trade", f"Topic {batch}-{n}"],
            )
        # Per section: a count for the paginator, and the newest change.
        with django_assert_max_num_queries(2 * len(SECTIONS)):
            xml(client, "/sitemap.xml")
        for url in ["/sitemap-news.xml", *(f"/sitemap-{section}.xml" for section in SECTIONS)]:
            with django_assert_max_num_queries(2):
                xml(client, url)
