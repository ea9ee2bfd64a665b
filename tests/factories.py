"""Test data built in code."""

import datetime
import itertools

from django.utils import timezone

from articles.desk import revisions
from articles.models import Article

_numbers = itertools.count(1)


def now():
    return timezone.now()


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def make_article(*, countries=(), ministries=(), topics=(), **fields):
    """A published story from yesterday unless told otherwise."""
    n = next(_numbers)
    values = {
        "headline": f"Story number {n}",
        "slug": f"story-number-{n}",
        "standfirst": f"Standfirst of story {n}.",
        "body": f"First paragraph of story {n}.\n\nSecond paragraph of story {n}.",
        "dateline": "BAKU",
        "credit": "Trend",
        "status": Article.Status.PUBLISHED,
        "published_at": days_ago(1),
    }
    values.update(fields)
    article = Article.objects.create(**values)
    article.countries.add(*countries)
    article.ministries.add(*ministries)
    article.topics.add(*topics)
    # Every way the product creates a story (admin, importer) keeps a first revision.
    revisions.record(article, comment="Created by a test factory.")
    return article
