"""articles/driver.py: a Statement reads what Django's cursor reads, raises Django's errors, and stays
visible to whoever counts or watches queries."""

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.site.compiled import CompiledRead
from articles.site.driver import Statement
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SLUGS = Statement("SELECT slug, '100%%' FROM articles_article WHERE slug IN (%s, %s) ORDER BY slug")


def through_django(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_a_statement_reads_what_djangos_cursor_reads():
    make_article(slug="one")
    make_article(slug="two")
    expected = through_django(SLUGS.sql, ["two", "one"])
    assert expected == [("one", "100%"), ("two", "100%")]
    assert SLUGS.fetchall(["two", "one"]) == expected


def test_the_drivers_errors_come_back_as_djangos():
    with pytest.raises(DatabaseError, match="no such table|does not exist"):
        Statement("SELECT 1 FROM no_such_table WHERE 1 = %s").fetchall([1])


def test_counted_and_watched_queries_are_seen():
    make_article(slug="one")
    with CaptureQueriesContext(connection) as counted:
        assert SLUGS.fetchall(["one", "x"]) == [("one", "100%")]
    assert len(counted) == 1 and "articles_article" in counted[0]["sql"]
    seen = []

    def watch(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        SLUGS.fetchall(["one", "x"])
    assert seen == [SLUGS.sql]


def test_compiled_times_read_as_the_orm_reads_them_with_and_without_time_zones(settings):
    story = make_article(slug="one")
    read = CompiledRead(lambda now, slug: Article.objects.published(now).filter(slug=slug), values=1)
    for use_tz in (True, False):
        settings.USE_TZ = use_tz
        now = timezone.now()
        [found] = read.objects(now, "one")
        assert found.published_at == Article.objects.get(pk=story.pk).published_at
        assert (found.published_at.tzinfo is not None) is use_tz
