"""Embargoed copy pulled before it went out: partners, who may hold it, are told to take it down (pubstatus
canceled, listed by `since` and answered by its id); readers, who never saw it, learn nothing of it."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from articles.desk.workflow import set_embargo, transition
from articles.models import Article
from articles.site.search import FTS_TABLE
from tests.desk_forms import user_in
from tests.factories import make_article

from .helpers import STORIES, bearer, every_item, item_url, partner_key

pytestmark = pytest.mark.django_db
S = Article.Status


def ready_under_embargo():
    later = timezone.now() + datetime.timedelta(hours=3)
    return make_article(headline="Budget leaks", status=S.READY, published_at=None, embargo_until=later)


def published_under_embargo():
    return make_article(headline="Budget leaks", embargo_until=timezone.now() + datetime.timedelta(hours=3))


# Each way the desk takes a story partners hold under embargo out of what they may read, before readers saw it.
PULLS = {
    "ready, sent back to draft": (ready_under_embargo, "send_back"),
    "ready, archived": (ready_under_embargo, "archive"),
    "ready, its embargo lifted": (ready_under_embargo, "lift"),
    "published under embargo, unpublished": (published_under_embargo, "unpublish"),
    "published under embargo, archived": (published_under_embargo, "archive"),
}


def pull(story, how):
    publisher = User.objects.filter(username="publisher").first() or user_in("Publishers")
    if how == "lift":
        set_embargo(story, None, by=publisher)
    else:
        transition(story, how, by=publisher, reason="The figures are wrong.")


def since_url(moment):
    return f"{STORIES}?since={moment.isoformat().replace('+', '%2B')}"


def urn(story):
    return f"urn:newsroom:story:{story.pk}"


@pytest.mark.parametrize("way", list(PULLS))
def test_embargoed_copy_pulled_before_it_went_out_is_canceled_for_partners_and_unknown_to_readers(client, way):
    make_story, how = PULLS[way]
    before = timezone.now() - datetime.timedelta(seconds=1)
    story = make_story()
    _record, key = partner_key()
    usable = client.get(item_url(story), **bearer(key)).json()
    assert usable["pubstatus"] == "usable"
    pull(story, how)
    polled = [item for item in every_item(client, since_url(before), **bearer(key)) if item["uri"] == urn(story)]
    assert [item["pubstatus"] for item in polled] == ["canceled"]
    assert set(polled[0]) == {"uri", "type", "version", "versioncreated", "pubstatus"}
    response = client.get(item_url(story), **bearer(key))
    assert response.json() == polled[0]
    assert b"Budget" not in response.content
    # Readers never saw it: no list, poll or address of theirs says a word of it, not even its urn.
    for url in (STORIES, since_url(before)):
        response = client.get(url)
        assert response.json()["results"] == [], url
        assert urn(story).encode() not in response.content
    assert client.get(item_url(story)).status_code == 404


def test_a_pulled_story_approved_again_under_embargo_is_usable_again_for_partners(client):
    story = ready_under_embargo()
    _record, key = partner_key()
    first = client.get(item_url(story), **bearer(key)).json()
    editor = user_in("Editors")
    transition(story, "send_back", by=editor, reason="Check the figures.")
    canceled = client.get(item_url(story), **bearer(key)).json()
    transition(story, "submit", by=editor)
    transition(story, "approve", by=editor)
    again = client.get(item_url(story), **bearer(key)).json()
    assert (first["pubstatus"], canceled["pubstatus"], again["pubstatus"]) == ("usable", "canceled", "usable")
    assert len({first["version"], canceled["version"], again["version"]}) == 3
    assert again["headlines"] == first["headlines"]
    assert client.get(item_url(story)).status_code == 404


def test_the_desk_refuses_to_delete_a_story_partners_hold_and_says_to_archive_it(admin_client, client):
    story = ready_under_embargo()
    never_shown = make_article(headline="A draft", status=S.DRAFT)
    delete = reverse("admin:articles_article_delete", args=[story.pk])
    response = admin_client.post(delete, {"post": "yes"}, follow=True)
    assert "Archive it instead" in response.content.decode()
    changelist = reverse("admin:articles_article_changelist")
    admin_client.post(changelist, {"action": "delete_selected", "_selected_action": [story.pk], "post": "yes"})
    assert Article.objects.filter(pk=story.pk).exists()
    _record, key = partner_key()
    assert client.get(item_url(story), **bearer(key)).json()["pubstatus"] == "usable"
    # A story nobody outside the desk saw can still be deleted.
    admin_client.post(reverse("admin:articles_article_delete", args=[never_shown.pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=never_shown.pk).exists()


@pytest.mark.django_db(transaction=True)  # migrations change the schema outside a test's transaction
def test_embargoed_copy_pulled_before_the_migration_is_canceled_for_partners_after_it(client):
    # Pulled while the API said nothing of it (sent back from ready under embargo): partners may hold it.
    pulled = ready_under_embargo()
    previous = [("articles", "0020_live_index_holds_the_id")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(previous)
        then = executor.loader.project_state(previous).apps
        then.get_model("articles", "Article").objects.filter(pk=pulled.pk).update(status=S.DRAFT)
        then.get_model("articles", "WorkflowEvent").objects.create(
            article_id=pulled.pk, action="send_back", from_status=S.READY, to_status=S.DRAFT, actor_name="editor"
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes("articles"))
    _record, key = partner_key()
    assert client.get(item_url(pulled), **bearer(key)).json()["pubstatus"] == "canceled"
    assert client.get(item_url(pulled)).status_code == 404
    # The column was added in place: on SQLite the search index's triggers (a table rebuild drops them) remain.
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{FTS_TABLE}%"])
            assert (f"{FTS_TABLE}_update",) in cursor.fetchall()
