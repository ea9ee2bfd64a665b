"""A button pressed after the session ran out: the login page sends you back to the button's address by a plain
visit, which does nothing and brings you back to the story with a word (a restore, to the page that asks before
it), not to a blank "405" page."""

import pytest
from django.contrib import messages
from django.urls import reverse

from articles.desk import revisions
from articles.models import Article
from tests.desk_forms import change_url, story_form, transition_url, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status


def log_in_and_follow(client, username, next_url):
    """Log in on the desk's login page that a lost session led to, and follow where it sends you."""
    login = reverse("admin:login")
    form = {"username": username, "password": "pw", "next": next_url}
    return client.post(f"{login}?next={next_url}", form, follow=True)


def notes(response):
    return [(message.level, message.message) for message in messages.get_messages(response.wsgi_request)]


def test_withdraw_pressed_after_the_session_ran_out_lands_on_the_story_and_changes_nothing(client):
    reporter = user_in("Reporters")
    story = make_article(status=S.IN_REVIEW, author=reporter, headline="Ferry line planned")
    withdraw = transition_url(story, "withdraw")
    assert client.post(withdraw)["Location"].startswith(reverse("admin:login"))  # logged out: off to log in

    response = log_in_and_follow(client, "reporter", withdraw)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == change_url(story)
    [(level, text)] = notes(response)
    assert level == messages.WARNING and "Nothing was done" in text and "Press it again" in text
    story.refresh_from_db()
    assert story.status == S.IN_REVIEW


def test_restore_confirmed_after_the_session_ran_out_lands_on_the_confirmation_and_restores_nothing(client):
    user_in("Editors", "edna")
    story = make_article(status=S.DRAFT, headline="Ferry line planned", body="The first body.")
    client.force_login(user_in("Editors", "ed"))
    client.post(change_url(story), story_form(story, body="The second body."))
    saved = list(revisions.history(story))
    first = saved[-1]
    assert len(saved) == 2 and revisions.state(first)["body"] == "The first body."
    client.logout()
    restore = reverse("admin:articles_article_restore", args=[story.pk, first.pk])

    response = log_in_and_follow(client, "edna", restore)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == restore
    assert 'value="Yes, restore this version"' in response.content.decode()  # asked again, with what it changes
    story.refresh_from_db()
    assert story.body == "The second body."
    assert revisions.history(story).count() == 2


def test_a_button_address_of_a_story_you_cannot_see_still_says_nothing_of_it(client):
    story = make_article(status=S.DRAFT, headline="Someone else's scoop")
    client.force_login(user_in("Reporters"))
    response = client.get(transition_url(story, "submit"))
    assert response.status_code == 404
    assert b"scoop" not in response.content
