"""Restore asks first, as the admin's delete does: a page says which revision comes back and what it will change
in the story as it stands now; only its "Yes" restores, and never over a save made since it was shown."""

import re

import pytest
from django.contrib import messages
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from articles.desk import revisions
from articles.models import Article, TopicTag
from tests.desk_forms import change_url, desk_copy, restore_url, story_form, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status


def said(response):
    return [str(message) for message in messages.get_messages(response.wsgi_request)]


def form_of(page):
    """The confirmation page's form as a browser would post it: its hidden fields, with their values."""
    [form] = re.findall(r'<form method="post">(.*?)</form>', page, flags=re.DOTALL)
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


@pytest.fixture
def edited(client):
    """A draft whose headline and topics an editor changed: revision 1 as created, revision 2 as edited."""
    story = make_article(
        status=S.DRAFT,
        published_at=None,
        headline="Ferry line planned",
        body="The first ferry sails on Monday.",
        topics=["Trade"],
    )
    client.force_login(user_in("Editors", "edna"))
    energy = TopicTag.objects.get(name="Energy")
    client.post(change_url(story), story_form(story, headline="Ferry line opens", topics=[energy.pk]))
    story.refresh_from_db()
    return story


def test_restore_first_shows_which_revision_comes_back_and_what_it_will_change(client, edited):
    newest, created = revisions.history(edited)
    saved = re.search(rf'name="a" value="{created.pk}" aria-label="[^"]*saved ([^"]+)"', revisions_page(client, edited))

    response = client.get(restore_url(edited, created))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Restore revision 1?</h1>" in page
    assert f"Restore revision 1, saved {saved.group(1)} by import_seeds?" in page  # as the revisions list names it
    assert "Its comment: “Created by a test factory.”" in page
    assert "<del>opens</del>" in page and "<ins>planned</ins>" in page  # the story now, then what comes back
    assert "<ins>+ Trade</ins>" in page and "<del>− Energy</del>" in page
    form = form_of(page)
    assert form.pop("csrfmiddlewaretoken") and form == {"post": "yes", "base_version": str(edited.version)}
    assert 'value="Yes, restore this version"' in page
    back = reverse("admin:articles_article_revisions", args=[edited.pk])
    assert f'<a href="{back}" class="button">No, go back</a>' in page
    # Shown, not done.
    assert desk_copy(edited)["headline"] == "Ferry line opens"
    assert revisions.history(edited).count() == 2


def revisions_page(client, story):
    return client.get(reverse("admin:articles_article_revisions", args=[story.pk])).content.decode()


def test_the_revisions_page_restore_buttons_lead_to_the_confirmation(client, edited):
    newest, created = revisions.history(edited)
    page = revisions_page(client, edited)
    assert f'<a class="button" href="{restore_url(edited, created)}"' in page
    assert 'method="post"' not in page.split('id="content-main"')[1]


def test_yes_on_the_confirmation_page_restores_as_a_new_revision(edited):
    newest, created = revisions.history(edited)
    browser = Client(enforce_csrf_checks=True)  # as a browser: the form's own CSRF token or nothing
    browser.force_login(User.objects.get(username="edna"))
    page = browser.get(restore_url(edited, created)).content.decode()
    without_token = browser.post(restore_url(edited, created), {"post": "yes", "base_version": edited.version})
    assert without_token.status_code == 403

    response = browser.post(restore_url(edited, created), form_of(page))

    assert response.status_code == 302 and response["Location"] == change_url(edited)
    assert (desk_copy(edited)["headline"], desk_copy(edited)["topics"]) == ("Ferry line planned", ["Trade"])
    restored, *_ = revisions.history(edited)
    assert restored.revision.get_comment().startswith("Restored the revision of")
    assert restored.revision.user.username == "edna"


@pytest.mark.parametrize(
    "posted",
    [{}, {"base_version": "current"}, {"post": "yes"}, {"post": "no", "base_version": "current"},
     {"post": "yes", "base_version": "0"}, {"post": "yes", "base_version": "x"},
     {"post": "yes", "base_version": "99"}, {"post": "yes", "base_version": "99999999999999999999999"}],
    ids=["nothing", "the old page's form", "no version", "not yes", "version 0", "version not a number",
         "a version to come", "a version past any database's integers"],
)  # fmt: skip
def test_a_restore_posted_without_the_confirmation_restores_nothing_and_asks(client, edited, posted):
    newest, created = revisions.history(edited)
    posted = {key: edited.version if value == "current" else value for key, value in posted.items()}

    response = client.post(restore_url(edited, created), posted, follow=True)

    assert response.redirect_chain == [(restore_url(edited, created), 302)]
    page = response.content.decode()
    assert "Nothing was restored: read what the restore will change, then confirm it." in said(response)
    assert 'value="Yes, restore this version"' in page
    assert desk_copy(edited)["headline"] == "Ferry line opens"
    assert revisions.history(edited).count() == 2


def test_a_confirmation_shown_before_someone_saved_restores_nothing_and_says_who(client, edited):
    newest, created = revisions.history(edited)
    shown = form_of(client.get(restore_url(edited, created)).content.decode())
    other = Client()
    other.force_login(user_in("Editors", "bob"))
    other.post(change_url(edited), story_form(edited, body="Bob's newer body."))

    response = client.post(restore_url(edited, created), shown)

    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"Nothing was restored: bob saved this story at [^,]+, [^,]+, after this page showed", page)
    assert "<ins>Bob&#x27;s newer body.</ins>" in page  # what bob changed
    # Asked again against the story as it now is: confirming that restores over bob's save knowingly.
    assert {**form_of(page), "csrfmiddlewaretoken": ""} == {
        "csrfmiddlewaretoken": "",
        "post": "yes",
        "base_version": str(edited.version + 1),
    }
    assert desk_copy(edited)["body"] == "Bob's newer body." and desk_copy(edited)["headline"] == "Ferry line opens"
    assert revisions.history(edited).count() == 3


def test_a_live_storys_confirmation_says_the_text_will_wait_for_a_publisher(client):
    live = make_article(headline="Ferry line opens")
    client.force_login(user_in("Editors"))
    client.post(change_url(live), story_form(live, headline="Ferry line opened"))
    created = revisions.history(live).last()
    page = client.get(restore_url(live, created)).content.decode()
    assert "the restored text and tags become pending changes" in page
    assert "<del>opened</del>" in page and "<ins>opens</ins>" in page


def test_the_confirmation_names_tags_gone_since_that_the_restore_leaves_out(client, edited):
    created = revisions.history(edited).last()
    TopicTag.objects.get(name="Trade").delete()
    page = client.get(restore_url(edited, created)).content.decode()
    assert "These tags no longer exist and will not be restored: Trade." in page


def test_someone_who_cannot_change_the_story_can_neither_open_nor_post_a_restore(client):
    reporter = user_in("Reporters", "rita")
    story = make_article(status=S.IN_REVIEW, published_at=None, author=reporter)  # hers, but out of her hands
    client.force_login(reporter)
    version = revisions.history(story)[0]

    assert client.get(restore_url(story, version)).status_code == 403
    assert client.post(restore_url(story, version), {"post": "yes", "base_version": story.version}).status_code == 403
    assert revisions.history(story).count() == 1


def test_an_archived_storys_revisions_cannot_be_restored(client):
    story = make_article(status=S.ARCHIVED)
    client.force_login(user_in("Publishers"))
    version = revisions.history(story)[0]
    assert client.get(restore_url(story, version)).status_code == 403
