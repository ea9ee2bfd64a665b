"""Sitemaps of published stories and of the tag pages that list them, and a Google News sitemap."""

import datetime
from functools import partial
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Article, CountryTag, MinistryTag, TopicTag
from .feeds import xml_text

# Google News takes stories from the last two days, at most 1,000 to a sitemap.
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000


class NewsroomSitemap(Sitemap):
    def get_urls(self, page=1, site=None, protocol=None):
        if site is None:  # no request to take the address from (a command, a shell)
            address = urlsplit(settings.NEWSROOM_SITE_URL)
            site, protocol = SimpleNamespace(domain=address.netloc), protocol or address.scheme
        return super().get_urls(page=page, site=site, protocol=protocol)


class StorySitemap(NewsroomSitemap):
    """Every published story."""

    def items(self):
        return Article.objects.published().only("slug", "published_at", "created_at", "revised_at")

    def lastmod(self, article):
        return article.revised_at or article.published_at

    def get_latest_lastmod(self):
        # One aggregate instead of loading every story for the sitemap index.
        latest = Article.objects.published().aggregate(latest=Max(Coalesce("revised_at", "published_at")))
        return latest["latest"]


class TagSitemap(NewsroomSitemap):
    """The pages of every tag of one kind that published stories carry."""

    def __init__(self, tag_model):
        self.tag_model = tag_model

    def items(self):
        # Filtering before annotating makes the newest time that of a published story.
        return (
            self.tag_model.objects.filter(articles__in=Article.objects.published())
            .annotate(latest=Max(Coalesce("articles__revised_at", "articles__published_at")))
            .order_by("name")
        )

    def lastmod(self, tag):
        return tag.latest


class NewsSitemap(NewsroomSitemap):
    """The stories published in the last two days, for Google News (rendered by sitemaps/news.xml)."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .only("slug", "headline", "published_at", "created_at", "language")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            # The one text a sitemap carries: without what XML cannot hold, as in the feeds.
            url["title"] = xml_text(url["item"].headline)
        return urls


# Classes, not instances, so each request builds its own: the views keep per-request state on them.
SECTIONS = {
    "stories": StorySitemap,
    **{model.kind: partial(TagSitemap, model) for model in (CountryTag, MinistryTag, TopicTag)},
}
NEWS = {"news": NewsSitemap}
