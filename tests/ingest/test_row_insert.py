"""RowInserter, the importer's plain INSERTs: rows as Model.save() would write them."""

import pytest
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
