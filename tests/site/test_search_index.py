"""On PostgreSQL, search reads the GIN index on the stored words (migration 0010), not every story."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from articles.ingest.importers import FRESH_STATISTICS_AFTER, import_seeds
from articles.ingest.importers import _refresh_statistics as refresh_statistics
from articles.management.commands.generate_corpus import generate
from articles.models import Article
from articles.site import search as search_module
from articles.site.search import SEARCH_INDEX, search
from tests.factories import make_article

# About a wire story's length: with short ones the whole table is a few pages, and reading it beats any index.
WIRE_LENGTH_BODY = " ".join(f"word{n % 500}" for n in range(400))

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the search index exists on PostgreSQL only"),
]


@pytest.mark.django_db(transaction=True)  # statistics are refreshed after committed imports only
def test_a_search_uses_the_index():
    # Among thousands of stories a few match: reading the index beats reading every story.
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Article.objects.bulk_create(
        Article(headline=f"Other story {n}", slug=f"other-{n}", body=WIRE_LENGTH_BODY, status="published",
                published_at=yesterday)
        for n in range(3000)
    )  # fmt: skip
    for n in range(5):
        make_article(headline=f"Solar plant number {n}", body="A solar power plant opened.\n\nMore words.")
    refresh_statistics()  # as a large import does
    found = search(Article.objects.published(), "solar power plant")
    assert SEARCH_INDEX in found.explain()
    assert found.count() == 5


@pytest.mark.django_db(transaction=True)  # the import's own transactions commit, as in production
def test_after_a_large_import_a_search_reads_the_index_at_once(tmp_path):
    # Autovacuum would get there in a minute or more; until then the planner saw an empty table and
    # computed every story's words for each search.
    for name, data in generate(FRESH_STATISTICS_AFTER, seed=3):
        (tmp_path / name).write_bytes(data)
    report = import_seeds([tmp_path], workers=0)
    assert report.count("created") == FRESH_STATISTICS_AFTER
    found = search(Article.objects.published(), "solar power plant")  # in about one story in eight
    assert SEARCH_INDEX in found.explain()
    assert found.exists()


def test_the_stored_words_follow_an_edit():
    story = make_article(headline="Harbour reopens", body="The harbour reopened.")
    assert list(search(Article.objects.published(), "harbour")) == [story]
    story.headline, story.body = "Bridge reopens", "The bridge reopened."
    story.save()
    assert not search(Article.objects.published(), "harbour").exists()
    assert list(search(Article.objects.published(), "bridge")) == [story]


@pytest.mark.django_db(transaction=True)
def test_refreshing_the_statistics_never_fails_an_import(monkeypatch, caplog):
    # The stories are saved by then: code deployed ahead of its migration (no index yet) or any database
    # error here must not turn a finished import into a traceback.
    monkeypatch.setattr(search_module, "SEARCH_INDEX", "no_such_index")
    refresh_statistics()
    assert not caplog.records
    monkeypatch.setattr(search_module, "SEARCH_INDEX", 'not "a name')
    refresh_statistics()
    assert "statistics were not refreshed" in caplog.text
    assert Article.objects.count() == 0  # and the connection still answers
