"""RowInserter, the importer's plain INSERTs: rows as Model.save() would write them."""

import contextlib
import threading

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.ingest.row_insert import RowInserter
from articles.models import Article, WorkflowEvent

pytestmark = pytest.mark.django_db


def test_rows_get_the_model_defaults_and_their_keys_back_in_order():
    now = timezone.now()
    inserter = RowInserter(Article, ["slug", "headline", "body", "import_snapshot"], fixed={"status": "published"})
    inserter.per_statement = 2  # several statements, to check the keys come back in row order across them
    ids = inserter.insert([(f"s-{n}", f"Story {n}", "Body.", {"n": n}) for n in range(5)])
    stories = Article.objects.in_bulk(ids)
    assert [stories[pk].headline for pk in ids] == [f"Story {n}" for n in range(5)]
    story = stories[ids[3]]
    assert story.import_snapshot == {"n": 3}  # JSON through the field's own conversion
    assert (story.status, story.version, story.correction, story.lead_image_renditions) == ("published", 1, "", [])
    assert story.created_at >= now and story.updated_at >= now  # auto_now fields filled as save() would


def test_rows_without_keys_back_and_a_misnamed_column_refused():
    story = Article.objects.create(headline="H", slug="h", body="B")
    RowInserter(WorkflowEvent, ["article_id", "action"], fixed={"actor_name": "x"}).insert_only(
        [(story.pk, "one"), (story.pk, "two")]
    )
    assert sorted(WorkflowEvent.objects.values_list("action", flat=True)) == ["one", "two"]
    with pytest.raises(ValueError, match="no column for headlin"):
        RowInserter(Article, ["headlin"])


def test_the_databases_errors_on_insert_are_djangos():
    Article.objects.create(headline="H", slug="taken", body="B")
    with pytest.raises(IntegrityError), transaction.atomic():
        RowInserter(Article, ["slug", "headline", "body"]).insert([("taken", "H", "B")])
    with pytest.raises(DatabaseError), transaction.atomic():
        RowInserter(Article, ["slug", "headline", "body"]).insert([("ok", "H", object())])


def test_inserts_join_the_atomic_block_and_refuse_a_broken_one():
    inserter = RowInserter(Article, ["slug", "headline", "body"])
    with transaction.atomic():
        [pk] = inserter.insert([("inside", "H", "B")])
        assert Article.objects.get(pk=pk).slug == "inside"  # the same connection, the same transaction
    with transaction.atomic():
        with contextlib.suppress(IntegrityError):
            Article.objects.create(headline="H", slug="inside", body="B")  # no savepoint: the block is broken
        with pytest.raises(TransactionManagementError):
            inserter.insert([("after", "H", "B")])


@pytest.mark.django_db(transaction=True)
def test_inserts_from_another_thread_open_that_threads_own_connection():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:":
        pytest.skip("threads cannot share an in-memory SQLite test database")
    found, errors = [], []

    def insert():
        try:
            assert connection.connection is None  # not yet opened in this thread
            found.extend(RowInserter(Article, ["slug", "headline", "body"]).insert([("threaded", "H", "B")]))
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=insert)
    thread.start()
    thread.join()
    assert errors == [] and Article.objects.get(pk=found[0]).slug == "threaded"


def test_the_importers_inserts_are_seen_by_query_counting():
    with CaptureQueriesContext(connection) as counted:
        RowInserter(Article, ["slug", "headline", "body"]).insert([("counted", "H", "B")])
    assert any("INSERT" in query["sql"] for query in counted.captured_queries)
