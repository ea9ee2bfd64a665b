"""The revisions page compares, by default, the newest revision with the latest one before it whose text or tags
read differently, says so when none does, and takes any odd address calmly."""

import re

import pytest
from django.contrib import messages
from django.urls import reverse

from articles.desk import revisions
from articles.models import Article
from tests.desk_forms import change_url, story_form, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status
ODD_ADDRESS = "The address asks for a revision this story does not have"


def revisions_page(client, story, query=None):
    response = client.get(reverse("admin:articles_article_revisions", args=[story.pk]), query or {})
    assert response.status_code == 200
    return response


def said(response):
    return [(message.level, str(message)) for message in messages.get_messages(response.wsgi_request)]


def checked(page, column):
    """The id of the revision whose radio is checked in a column ("a" the older, "b" the newer), or None."""
    found = re.findall(rf'name="{column}" value="(\d+)"[^>]* checked', page)
    return int(found[0]) if found else None


@pytest.fixture
def published_changes(client):
    """A live story whose headline an editor changed and a publisher then published: the publishing records a
    revision of its own, whose text and tags are the pending changes' revision's."""
    story = make_article(headline="Ferry line planned", body="The first ferry sails on Monday.", topics=["Trade"])
    client.force_login(user_in("Editors"))
    client.post(change_url(story), story_form(story, headline="Ferry line opens"))
    story.refresh_from_db()
    client.force_login(user_in("Publishers"))
    client.post(change_url(story), {**story_form(story), "_transition": "publish_changes"})
    story.refresh_from_db()
    assert (story.headline, story.pending) == ("Ferry line opens", None)
    return story


def test_by_default_the_newest_revision_is_compared_with_the_latest_that_reads_differently(client, published_changes):
    published, pending, created = revisions.history(published_changes)
    assert "Published the pending changes" in published.revision.get_comment()

    response = revisions_page(client, published_changes)
    page = response.content.decode()

    assert "<del>planned</del>" in page and "<ins>opens</ins>" in page
    assert "No difference" not in page
    assert re.search(r"<h2>From revision 1 \([^)]+\) to revision 3 \([^)]+\)</h2>", page)
    assert "The revision between them has the same text and tags as revision 3." in page
    assert (checked(page, "a"), checked(page, "b")) == (created.pk, published.pk)
    assert not [text for _level, text in said(response) if text.startswith(ODD_ADDRESS)]

    # A choice made in the columns is kept as it is, even two revisions that read the same.
    page = revisions_page(client, published_changes, {"a": pending.pk, "b": published.pk}).content.decode()
    assert "No difference in text or tags." in page and "<ins>" not in page
    assert (checked(page, "a"), checked(page, "b")) == (pending.pk, published.pk)


def test_a_newer_revision_chosen_alone_is_compared_with_the_latest_before_it_that_differs(client, published_changes):
    published, pending, created = revisions.history(published_changes)
    client.force_login(user_in("Editors", "later"))
    client.post(change_url(published_changes), story_form(published_changes, headline="Ferry line opens at last"))

    page = revisions_page(client, published_changes, {"b": published.pk}).content.decode()

    assert "<del>planned</del>" in page and "<ins>opens</ins>" in page and "last</ins>" not in page
    assert (checked(page, "a"), checked(page, "b")) == (created.pk, published.pk)


def test_when_no_earlier_revision_differs_in_text_or_tags_the_page_says_so(client):
    story = make_article(status=S.DRAFT, published_at=None, headline="Ferry line planned")
    editor = user_in("Editors", "edna")
    client.force_login(editor)
    client.post(change_url(story), story_form(story, assignee=editor.pk))  # the desk's, not the text
    newest, created = revisions.history(story)
    assert revisions.state(newest)["assignee"] == editor.pk

    page = revisions_page(client, story).content.decode()

    assert "No earlier revision differs from this one, revision 2" in page
    assert "in its text or tags." in page
    assert "No difference in text or tags." not in page
    assert (checked(page, "a"), checked(page, "b")) == (None, newest.pk)


def test_a_story_with_one_revision_says_there_is_nothing_to_compare_yet(client):
    story = make_article(status=S.DRAFT, published_at=None)
    client.force_login(user_in("Editors"))
    page = revisions_page(client, story).content.decode()
    assert "This is the story’s only revision: there is nothing to compare it with yet." in page


@pytest.mark.parametrize(
    "query",
    [
        {"a": "another story's"},
        {"b": "another story's"},
        {"a": "another story's", "b": "another story's"},
        {"a": "this story's", "b": "another story's"},
        {"a": "987654321"},
        {"a": "99999999999999999999999999", "b": "-1"},
        {"a": "abc"},
        {"b": "1.5e3"},
        {"a": "\x00", "b": "１"},
        {"a": "NaN", "b": "this story's"},
    ],
    ids=lambda query: "&".join(f"{key}={value!r}" for key, value in query.items()),
)
def test_an_odd_address_says_so_and_shows_the_usual_comparison_never_another_storys(client, published_changes, query):
    other = make_article(status=S.DRAFT, published_at=None, headline="Secret scoop", body="Not for this page.")
    mine, theirs = revisions.history(published_changes)[0].pk, revisions.history(other)[0].pk
    values = {"another story's": theirs, "this story's": mine}
    query = {key: values.get(value, value) for key, value in query.items()}

    response = revisions_page(client, published_changes, query)
    page = response.content.decode()

    assert [text for level, text in said(response) if level == messages.WARNING][0].startswith(ODD_ADDRESS)
    assert "Secret scoop" not in page and "Not for this page" not in page
    assert "<del>planned</del>" in page and "<ins>opens</ins>" in page  # the usual comparison
