"""Preview of the text as typed: a POST of the story's form renders the story page with it, and writes nothing."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.desk import revisions
from articles.models import Article, EditingPresence, TopicTag
from tests.desk_forms import change_url, story_form, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def test_a_preview_of_the_form_shows_the_text_and_tags_as_typed_and_saves_nothing(client):
    story = make_article(status=S.DRAFT, headline="Saved headline", body="Saved body.", topics=["Energy"])
    trade = TopicTag.objects.get(name="Trade")
    client.force_login(user_in("Editors"))
    client.get(change_url(story))
    before = (story.version, revisions.history(story).count(), list(EditingPresence.objects.values_list("last_seen")))

    typed = story_form(story, headline="Typed headline", body="Typed first.\r\n\r\nTyped second.", topics=[trade.pk])
    response = client.post(preview_url(story), typed)

    assert response.status_code == 200
    assertContains(response, "<h1>Typed headline</h1>", html=True)
    assertContains(response, "<p>Typed second.</p>", html=True)
    assertContains(response, ">Trade</a>")
    assertNotContains(response, ">Energy</a>")
    assertContains(response, "Preview of the text as typed, not saved yet")
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    story.refresh_from_db()
    assert (story.headline, story.body, list(story.topics.names())) == ("Saved headline", "Saved body.", ["Energy"])
    after = (story.version, revisions.history(story).count(), list(EditingPresence.objects.values_list("last_seen")))
    assert after == before
    assert not LogEntry.objects.exists()
    # A page elsewhere cannot post to it: the form's CSRF token is required.
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(user_in("Editors", "edna"))
    assert forged.post(preview_url(story), typed).status_code == 403


def test_a_field_typed_so_it_would_not_save_is_previewed_as_saved_and_named(client):
    story = make_article(status=S.DRAFT, headline="Saved headline")
    client.force_login(user_in("Editors"))
    response = client.post(preview_url(story), story_form(story, headline="Bad\x07headline", body="New body."))
    assertContains(response, "<h1>Saved headline</h1>", html=True)
    assertContains(response, "<p>New body.</p>", html=True)
    assertContains(response, "Shown as saved, because what was typed there cannot be saved: Headline.")


def test_only_someone_who_may_change_the_story_previews_unsaved_text(client):
    rita = user_in("Reporters", "rita")
    in_review = make_article(status=S.IN_REVIEW, author=rita, headline="Submitted")
    client.force_login(rita)
    assert client.get(preview_url(in_review)).status_code == 200  # the saved story, as before
    response = client.post(preview_url(in_review), story_form(in_review, headline="Not hers to change now"))
    assert response.status_code == 403
    assertContains(response, "You cannot change this story", status_code=403)
    client.force_login(user_in("Reporters", "otto"))
    assert client.post(preview_url(in_review), story_form(in_review)).status_code == 404
    client.logout()
    assert client.post(preview_url(in_review), story_form(in_review)).status_code == 302  # to the log-in page


def test_the_change_form_opens_the_preview_in_a_new_tab(admin_client):
    story = make_article(status=S.DRAFT)
    page = admin_client.get(change_url(story)).content.decode()
    assert f'<a href="{preview_url(story)}" target="_blank"' in page
    assert f'formaction="{preview_url(story)}" formtarget="_blank"' in page
