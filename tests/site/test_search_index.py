"""Search reads an index, not every story: on PostgreSQL the GIN index on the stored words (migration
0010), on SQLite the FTS5 index (migration 0011)."""

import contextlib
import datetime
import importlib
import re
import sqlite3

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, OperationalError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.ingest.importers import FRESH_STATISTICS_AFTER, import_seeds
from articles.ingest.importers import _refresh_statistics as refresh_statistics
from articles.management.commands.generate_corpus import generate
from articles.models import Article
from articles.site import search as search_module
from articles.site.search import FTS_TABLE, SEARCH_INDEX, search
from tests.factories import make_article

# About a wire story's length: with short ones the whole table is a few pages, and reading it beats any index.
WIRE_LENGTH_BODY = " ".join(f"word{n % 500}" for n in range(400))

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")


@postgres_only
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


@postgres_only
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


@postgres_only
def test_the_stored_words_follow_an_edit():
    story = make_article(headline="Harbour reopens", body="The harbour reopened.")
    assert list(search(Article.objects.published(), "harbour")) == [story]
    story.headline, story.body = "Bridge reopens", "The bridge reopened."
    story.save()
    assert not search(Article.objects.published(), "harbour").exists()
    assert list(search(Article.objects.published(), "bridge")) == [story]


@postgres_only
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


@sqlite_only
def test_on_sqlite_a_search_reads_the_fts_index_and_the_newest_stories_only(monkeypatch):
    # A word in more stories than search.FEW: the FTS5 index finds the ids; the stories are walked newest
    # first by the publication index, so the walk stops at the page's last match: no scan of the table,
    # no sort of every match. (Fewer are read by id: test_search.py.)
    monkeypatch.setattr(search_module, "FEW", 0)
    make_article(headline="Solar plant opens")
    plan = search(Article.objects.published(), "solar plant").explain()
    assert re.search(rf"SCAN {FTS_TABLE} VIRTUAL TABLE INDEX \d+:\S*M", plan), plan  # M: by MATCH
    assert re.search(r"SEARCH articles_article USING (INDEX|INTEGER PRIMARY KEY)", plan), plan
    assert not re.search(r"SCAN articles_article(?!_fts)\b", plan), plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
    assert list(search(Article.objects.published(), "solar power plant")) == []
    assert [story.headline for story in search(Article.objects.published(), "solar plant")] == ["Solar plant opens"]


def _index_is_exact():
    """FTS5's own check that its index holds exactly the words of the stories table (rank 1: with the content)."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")


@sqlite_only
def test_on_sqlite_every_way_of_writing_stories_keeps_the_index_exact():
    story = make_article(headline="Harbour reopens", body="The harbour reopened.")
    Article.objects.bulk_create(
        Article(headline=f"Pipeline {n}", slug=f"pipeline-{n}", body="Gas.", status="published") for n in range(3)
    )
    story.body = "The harbour reopened to ferries."
    story.save()
    Article.objects.filter(headline__startswith="Pipeline").update(standfirst="Gas flows.")
    Article.objects.filter(headline="Pipeline 1").delete()
    _index_is_exact()
    with connection.cursor() as cursor:  # and the check can fail: a word the table no longer has
        cursor.execute(f"INSERT INTO {FTS_TABLE}(rowid, headline, standfirst, body) VALUES (%s, 'x', 'y', 'z')",
                       [story.pk])  # fmt: skip
    with pytest.raises(DatabaseError, match="malformed"):  # SQLITE_CORRUPT_VTAB
        _index_is_exact()


@sqlite_only
def test_on_sqlite_the_index_holds_exactly_the_spelt_words_of_stories_with_the_regions_letters():
    story = make_article(headline="Ferry reaches Bakı", body="Azərbaycan and Қазақстан.", countries=["Azerbaijan"])
    story.headline = "Ferry leaves Bakı for Łódź"
    story.save()
    make_article(headline="ŞƏKİ silk").delete()
    _index_is_exact()
    assert [s.headline for s in search(Article.objects.published(), "baki lodz qazaqstan")] == [story.headline]


@postgres_only
def test_on_postgresql_the_stored_words_are_spelt_as_the_query_is():
    """The SQL function of migration 0024 and text.search_spelling, which spells the query, agree on every letter."""
    from articles.text import SEARCH_SPELLING, search_spelling

    letters = "".join(map(chr, SEARCH_SPELLING)) + " Bakı ŞƏKİ Москва"
    with connection.cursor() as cursor:
        cursor.execute("SELECT newsroom_search_spelling(%s)", [letters])
        assert cursor.fetchone()[0] == search_spelling(letters)


@contextlib.contextmanager
def migrated_back_to(migration):
    """The articles app migrated back to `migration` for the block (which gets the Article model of then),
    then forward to the latest again, whatever happens in the block."""
    target = [("articles", migration)]
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(target)
        yield executor.loader.project_state(target).apps.get_model("articles", "Article")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes("articles"))


def published_then(model, headline):
    """A story written with the Article model of an earlier migration (later ones add columns)."""
    slug = headline.lower().replace(" ", "-")
    published_at = timezone.now() - datetime.timedelta(hours=1)
    return model.objects.create(
        headline=headline, slug=slug, body=headline, status="published", published_at=published_at
    )


@pytest.mark.django_db(transaction=True)  # migrations change the schema outside a test's transaction
def test_stories_indexed_before_the_letters_were_spelt_are_found_by_them_after_the_migration():
    with migrated_back_to("0023_stories_keep_their_shown_tags") as then:
        published_then(then, "Şəki silk festival opens")
        assert not search(Article.objects.published(), "seki").exists()  # reads no column later migrations add
    for query in ("seki", "Şəki", "ŞƏKİ"):
        assert [story.headline for story in search(Article.objects.published(), query)] == ["Şəki silk festival opens"]


def _schema(name_like):
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE name LIKE %s ORDER BY name", [name_like])
        return cursor.fetchall()


@sqlite_only
@pytest.mark.django_db(transaction=True)  # migrations change the schema outside a test's transaction
def test_on_sqlite_the_migrations_index_the_stories_already_there_and_come_off():
    make_article(headline="Harbour reopens", countries=["Türkiye"])
    with migrated_back_to("0010_search_vector_column_on_postgresql") as then:
        assert _schema(f"{FTS_TABLE}%") == []  # the table, its shadow tables and the triggers are gone
        published_then(then, "Bridge reopens")  # written while there is no index
    assert ("trigger", f"{FTS_TABLE}_update") in _schema(f"{FTS_TABLE}%")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'reopens'")
        assert cursor.fetchone() == (2,)
    assert [story.headline for story in search(Article.objects.published(), "reopens")] == [
        "Bridge reopens",
        "Harbour reopens",
    ]
    # The tags of a story already there are read too (migration 0016 writes their words).
    assert [story.headline for story in search(Article.objects.published(), "turkey")] == ["Harbour reopens"]
    _index_is_exact()


def test_without_fts5_the_migration_stops_and_says_why():
    migration = importlib.import_module("articles.migrations.0011_search_index_on_sqlite")

    class NoFts5:
        connection = type("Connection", (), {"vendor": "sqlite", "Database": sqlite3})

        def quote_name(self, name):
            return f'"{name}"'

        def execute(self, sql, params=()):
            raise OperationalError("no such module: fts5")

    with pytest.raises(ImproperlyConfigured, match="FTS5"):
        migration.add_index(None, NoFts5())
