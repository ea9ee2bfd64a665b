"""On PostgreSQL, search reads the GIN index (migration 0008), not every story."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.search import SEARCH_INDEX, search
from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the search index exists on PostgreSQL only"),
]


def test_a_search_uses_the_index():
    # Among thousands of stories a few match: reading the index beats reading every story.
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Article.objects.bulk_create(
        Article(headline=f"Other story {n}", slug=f"other-{n}", body="Nothing to see.", status="published",
                published_at=yesterday)
        for n in range(3000)
    )  # fmt: skip
    for n in range(5):
        make_article(headline=f"Solar plant number {n}", body="A solar power plant opened.\n\nMore words.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    found = search(Article.objects.published(), "solar power plant")
    assert SEARCH_INDEX in found.explain()
    assert found.count() == 5
