"""Desk features: preview, editorial notes, assignees and "my stories", filters and search."""

import pytest
from django.urls import reverse

from articles.models import Article, EditorialNote, TopicTag
from tests.desk_forms import change_url, story_form, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def test_staff_preview_an_unpublished_story_as_readers_would_see_it_never_cached(admin_client):
    draft = make_article(status=S.DRAFT, headline="Not out yet", body="Para one.\n\nPara two.")
    response = admin_client.get(preview_url(draft))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Not out yet" in page and "<p>Para two.</p>" in page
    assert "Preview" in page
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_readers_and_other_reporters_cannot_preview(client):
    draft = make_article(status=S.DRAFT, author=user_in("Reporters", "rita"))
    assert client.get(preview_url(draft)).status_code == 302  # to the login page
    client.force_login(user_in("Reporters", "otto"))
    assert client.get(preview_url(draft)).status_code == 404


def test_editorial_notes_are_kept_with_their_author_and_never_published(client):
    editor = user_in("Editors")
    story = make_article(status=S.PUBLISHED)
    client.force_login(editor)
    form = story_form(
        story,
        **{"notes-TOTAL_FORMS": "1", "notes-0-text": "Check the minister's name with the ministry."},
    )
    assert client.post(change_url(story), form).status_code == 302
    note = EditorialNote.objects.get(article=story)
    assert note.author == editor
    client.logout()
    assert "Check the minister" not in client.get(story.get_absolute_url()).content.decode()


def test_my_stories_lists_what_is_assigned_to_me(client):
    editor = user_in("Editors")
    make_article(headline="Assigned to the editor", assignee=editor)
    make_article(headline="Someone else's job")
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_changelist"), {"mine": "assigned"}).content.decode()
    assert "Assigned to the editor" in page and "Someone else" not in page


def test_the_changelist_filters_by_status_tag_and_searches_the_body(admin_client):
    make_article(
        headline="Scheduled one", status=S.PUBLISHED, published_at=make_article().published_at.replace(year=2099)
    )
    make_article(headline="Trade story", topics=["Trade"], body="Cotton exports rose.")
    url = reverse("admin:articles_article_changelist")
    assert "Scheduled one" in admin_client.get(url, {"status": "scheduled"}).content.decode()
    assert "Scheduled one" not in admin_client.get(url, {"status": "live"}).content.decode()
    by_topic = admin_client.get(url, {"topics": TopicTag.objects.get(name="Trade").pk}).content.decode()
    assert "Trade story" in by_topic and "Scheduled one" not in by_topic
    assert "Trade story" in admin_client.get(url, {"q": "cotton"}).content.decode()


def test_a_new_story_belongs_to_its_reporter_and_starts_as_a_draft(client):
    from tests.desk_forms import new_story_form

    reporter = user_in("Reporters")
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_article_add"), new_story_form(headline="My scoop", slug="my-scoop"))
    assert response.status_code == 302
    story = Article.objects.get(slug="my-scoop")
    assert (story.author, story.status) == (reporter, S.DRAFT)
