"""Every public surface is fed by published(): no draft, scheduled or embargoed story shows anywhere."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests import sitemaps
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status
TAGS = {"countries": ["Azerbaijan"], "ministries": ["Ministry of Secrets of Azerbaijan"], "topics": ["Trade"]}


def hidden_stories():
    later = timezone.now() + datetime.timedelta(days=1)
    return [
        make_article(headline="Hidden draft zebra", status=S.DRAFT, **TAGS),
        make_article(headline="Hidden review zebra", status=S.IN_REVIEW, **TAGS),
        make_article(headline="Hidden ready zebra", status=S.READY, **TAGS),
        make_article(headline="Hidden scheduled zebra", status=S.PUBLISHED, published_at=later, **TAGS),
        make_article(headline="Hidden embargoed zebra", status=S.PUBLISHED, embargo_until=later, **TAGS),
        make_article(headline="Hidden unpublished zebra", status=S.UNPUBLISHED, **TAGS),
        make_article(headline="Hidden archived zebra", status=S.ARCHIVED, **TAGS),
    ]


PUBLIC_URLS = [
    "/",
    "/search/?q=zebra",
    "/countries/",
    "/topics/",
    "/countries/azerbaijan/",
    "/topics/trade/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/countries/azerbaijan/rss/",
    "/topics/trade/atom/",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/sitemap-pages.xml",
    "/sitemap-countries.xml",
    "/sitemap-ministries.xml",
    "/sitemap-topics.xml",
    "/archive/",
    "/feeds/",
]


def test_no_hidden_story_appears_on_any_public_surface(client):
    visible = make_article(headline="Visible zebra story", countries=["Azerbaijan"], topics=["Trade"])
    hidden = hidden_stories()
    months = [path for path, _lastmod in sitemaps.index(client) if path.startswith("/sitemap-stories-")]
    pages = [visible.get_absolute_url(), f"/{visible.published_at:%Y}/", *PUBLIC_URLS, *months]

    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = b"".join(response.streaming_content) if response.streaming else response.content
        for story in hidden:
            assert story.headline.encode() not in text, (url, story.headline)
            assert story.slug.encode() not in text, (url, story.slug)
        # A ministry only hidden stories carry is itself hidden.
        assert b"Ministry of Secrets" not in text, url

    for story in hidden:
        # None was ever on the site (no workflow took one off it): not found, rather than gone (410).
        assert client.get(story.get_absolute_url()).status_code == 404, story.headline
    # Nor has a tag only hidden stories carry a page or a feed: its name may be all a draft reveals.
    for url in ["/ministries/ministry-of-secrets-of-azerbaijan/", "/ministries/ministry-of-secrets-of-azerbaijan/rss/"]:
        response = client.get(url)
        assert response.status_code == 404 and b"Secrets" not in response.content, url


def test_tag_counts_count_only_published_stories(client):
    make_article(countries=["Azerbaijan"])
    hidden_stories()
    assert "1 story" in client.get("/countries/").content.decode()
