"""insert_rows: many rows at once, COPY on PostgreSQL, bulk_create elsewhere; read back as the ORM writes them."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.bulk import insert_rows
from articles.models import TagRedirect, WorkflowEvent
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
