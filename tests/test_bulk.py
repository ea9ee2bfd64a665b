"""insert_rows: many rows at once, COPY on PostgreSQL, bulk_create elsewhere; read back as the ORM writes them."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.bulk import create_objects, insert_rows
from articles.models import Article, TagRedirect, WorkflowEvent
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_rows_are_read_back_as_the_orm_would_have_written_them():
    story = make_article()
    at, now = timezone.now() - datetime.timedelta(days=2), timezone.now()
    fields = ("article_id", "action", "from_status", "to_status", "actor_name", "reason", "publish_at", "created_at")
    insert_rows(WorkflowEvent, fields, [(story.pk, "publish_wire", "draft", "published", "import_seeds", "", at, now)])
    insert_rows(WorkflowEvent, fields, [])
    event = WorkflowEvent.objects.get()
    assert (event.article, event.action, event.actor, event.reason, event.publish_at) == (
        story,
        "publish_wire",
        None,
        "",
        at,
    )
    assert now <= event.created_at <= timezone.now()  # bulk_create sets an auto_now_add field itself
    assert WorkflowEvent.objects.filter(publish_at=at).exists()


def test_a_refused_row_raises_djangos_error_and_the_transaction_rolls_back():
    rows = [("topics", "old", "new"), ("topics", "old", "newer")]  # one redirect per old slug
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(TagRedirect, ("kind", "old_slug", "new_slug"), rows)
    assert not TagRedirect.objects.exists()
    insert_rows(TagRedirect, ("kind", "old_slug", "new_slug"), rows[:1])  # the connection is still usable
    assert TagRedirect.objects.count() == 1


def test_inserted_rows_are_seen_by_query_counting():
    with CaptureQueriesContext(connection) as counted:
        insert_rows(TagRedirect, ("kind", "old_slug", "new_slug"), [("topics", "a", "b")])
    assert any(query["sql"].startswith(("COPY", "INSERT")) for query in counted.captured_queries)


AT = timezone.now().replace(microsecond=123456)


def _new_story(n, **fields):
    values = {
        "headline": f"Wire story {n} — Türkiye's \u2019quoted\u2019 news",
        "slug": f"wire-story-{n}",
        "body": "First paragraph.\n\nSecond, with a tab\tand a backslash \\ and 'quotes'.",
        "status": Article.Status.PUBLISHED,
        "published_at": AT - datetime.timedelta(days=n),
        "embargo_until": AT + datetime.timedelta(hours=n) if n % 2 else None,
        "language": "en" if n % 2 else None,
        "import_ref": f"wire-{n}",
        "import_snapshot": {"headline": f"Wire story {n}", "countries": ["Türkiye"], "agency_headline": True},
        "tag_words": "Türkiye Turkiye Turkey",
    }
    return Article(**{**values, **fields})


def test_new_objects_get_their_keys_and_every_field_as_bulk_create_stores_it():
    made = [_new_story(n) for n in range(1, 4)]
    assert create_objects(Article, made, key=("slug",)) == made
    by_bulk_create = Article.objects.bulk_create(
        [_new_story(n, slug=f"bulk-{n}", import_ref=f"bulk-{n}") for n in range(1, 4)]
    )
    for story, twin in zip(made, by_bulk_create, strict=True):
        assert Article.objects.get(slug=story.slug).pk == story.pk
        # Set on the object as bulk_create sets them.
        assert story.created_at is not None and story.updated_at is not None
        stored, expected = (Article.objects.filter(pk=pk).values().get() for pk in (story.pk, twin.pk))
        for name in ("id", "slug", "import_ref", "created_at", "updated_at"):
            stored.pop(name), expected.pop(name)
        assert stored == expected
    assert create_objects(Article, [], key=("slug",)) == []


def test_a_refused_object_raises_djangos_error_and_nothing_of_the_batch_stays():
    make_article(slug="taken")
    with pytest.raises(IntegrityError), transaction.atomic():
        create_objects(Article, [_new_story(1), _new_story(2, slug="taken")], key=("slug",))
    assert not Article.objects.filter(slug="wire-story-1").exists()
