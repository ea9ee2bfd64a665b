"""A live story's pending changes through the workflow: never put out unread, and whose they were is recorded."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, TopicTag, WorkflowEvent
from tests.desk_forms import change_url, desk_copy, story_form, transition_url, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status


@pytest.fixture
def waiting():
    """A live story an editor, alice, has changed: her headline and topic wait for a publisher."""
    story = make_article(headline="Ferry line opens", body="The first ferry sailed on Monday.", topics=["Trade"])
    alice = Client()
    alice.force_login(user_in("Editors", "alice"))
    energy = TopicTag.objects.get(name="Energy")
    alice.post(change_url(story), story_form(story, headline="Unchecked: ferry line sold", topics=[energy.pk]))
    story.refresh_from_db()
    assert story.pending
    return story


def bulk(client, action, *stories):
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [story.pk for story in stories]},
        follow=True,
    )


def test_unpublish_then_publish_in_bulk_never_puts_an_editors_unread_change_on_the_site(client, waiting):
    other = make_article(headline="Nothing waiting here")
    client.force_login(user_in("Publishers"))

    unpublished = bulk(client, "unpublish_selected", waiting, other).content.decode()

    said = "2 stories unpublished (1 keeps its changes waiting for a publisher, not taken along: “Ferry line opens”)."
    assert said in unpublished
    waiting.refresh_from_db()
    assert (waiting.status, waiting.headline) == (S.UNPUBLISHED, "Ferry line opens")
    assert desk_copy(waiting)["headline"] == "Unchecked: ferry line sold"  # alice's text is kept
    assert desk_copy(waiting)["topics"] == ["Energy"]

    published = bulk(client, "publish_selected", waiting).content.decode()

    assert "1 story published (1 keeps its changes waiting for a publisher" in published
    page = client.get(waiting.get_absolute_url()).content.decode()
    assert "Ferry line opens" in page and "Unchecked" not in page
    waiting.refresh_from_db()
    assert waiting.is_live and desk_copy(waiting)["headline"] == "Unchecked: ferry line sold"
    assert "with changes waiting" in client.get(change_url(waiting)).content.decode()

    # Read on the story's page, they go out when the publisher says so.
    client.post(transition_url(waiting, "publish_changes"), {"base_version": waiting.version})
    assert "Unchecked: ferry line sold" in client.get(waiting.get_absolute_url()).content.decode()


def test_an_editors_later_save_of_the_story_taken_off_the_site_still_waits(client, waiting):
    client.force_login(user_in("Publishers"))
    bulk(client, "unpublish_selected", waiting)
    waiting.refresh_from_db()
    client.force_login(user_in("Editors", "bob"))

    client.post(change_url(waiting), story_form(waiting, body="Bob's body."))

    waiting.refresh_from_db()
    assert (waiting.headline, waiting.body) == ("Ferry line opens", "The first ferry sailed on Monday.")
    assert (desk_copy(waiting)["headline"], desk_copy(waiting)["body"]) == ("Unchecked: ferry line sold", "Bob's body.")


def test_a_publisher_unpublishing_from_the_story_page_takes_the_changes_along_on_the_record(client, waiting):
    client.force_login(user_in("Publishers", "pat"))

    response = client.post(change_url(waiting), story_form(waiting, _transition="unpublish"), follow=True)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.headline, waiting.pending) == (S.UNPUBLISHED, "Unchecked: ferry line sold", None)
    assert list(waiting.topics.names()) == ["Energy"]
    event = WorkflowEvent.objects.get(article=waiting, action="take_changes")
    assert (event.actor_name, event.from_status, event.to_status) == ("pat", S.PUBLISHED, S.UNPUBLISHED)
    history = response.content.decode()
    assert "pat took the pending changes along, to headline, topics, saved by alice" in history
    assert "pat unpublished" in history
