"""The conflict screen says what works (tick the box by the save buttons, then save), and "also open now"
is information about the people who could make a save stale, kept up to date while the page is open."""

import datetime
import re

import pytest
from django.utils import timezone

from articles.models import Article, EditingPresence
from tests.desk_forms import change_url, story_form, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status


def presence_url(story):
    return f"/admin/articles/article/{story.pk}/presence/"


def open_story(client, user, story):
    client.force_login(user)
    return client.get(change_url(story)).content.decode()


def test_the_conflict_screen_says_to_tick_the_box_by_the_save_buttons_and_that_works(client):
    alice, bob = user_in("Editors", "alice"), user_in("Editors", "bob")
    story = make_article(headline="Original", status=S.READY)  # not live: saves apply at once
    bobs_form = story_form(story, body="Bob's body.")
    client.force_login(alice)
    client.post(change_url(story), story_form(story, headline="Alice's headline"))
    client.force_login(bob)

    page = client.post(change_url(story), bobs_form).content.decode()

    assert "tick “I have read their changes: save my version over theirs” by the save buttons below" in page
    assert "save again to keep yours over theirs" not in page
    # The box comes after the story's fields and the workflow, right before the save buttons.
    box = page.index('name="overwrite"')
    assert page.index('name="body"') < box < page.index('name="_save"')
    assert page.index('id="workflow"') < box
    assert not re.search(r'class="submit-row"', page[page.index('name="body"') : box])
    seen = re.search(r'name="seen_version" value="(\d+)"', page).group(1)
    response = client.post(change_url(story), {**bobs_form, "overwrite": "on", "seen_version": seen})
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.body) == ("Alice's headline", "Bob's body.")


def test_the_conflict_is_told_once_and_a_real_field_error_still_shows(client):
    alice, bob = user_in("Editors", "alice"), user_in("Editors", "bob")
    story = make_article(headline="Original", status=S.READY)
    bobs_form = story_form(story, body="Bob's body.")
    client.force_login(alice)
    client.post(change_url(story), story_form(story, headline="Alice's headline"))
    client.force_login(bob)

    page = client.post(change_url(story), bobs_form).content.decode()
    with_bad_field = client.post(change_url(story), {**bobs_form, "headline": ""}).content.decode()

    assert page.count("after you opened it") == 1
    assert "Please correct the error" not in page
    assert "Someone else saved this story after you opened it" not in page
    assert "Please correct the error" in with_bad_field


def test_also_open_now_is_information_not_an_error(client):
    alice, bob = user_in("Editors", "alice"), user_in("Editors", "bob")
    story = make_article()
    open_story(client, alice, story)
    page = open_story(client, bob, story)
    notice = re.search(r'<div class="([^"]*newsroom-presence[^"]*)"[^>]*role="(\w+)"', page)
    assert "errornote" not in notice.group(1) and notice.group(2) == "status"
    assert "alice also has this story open." in page


def test_also_open_now_lists_only_people_who_can_edit_the_story(client):
    rita, otto, editor = user_in("Reporters", "rita"), user_in("Publishers", "paula"), user_in("Editors", "edna")
    story = make_article(status=S.IN_REVIEW, author=rita)  # rita may read it now, not change it
    open_story(client, rita, story)
    open_story(client, otto, story)
    page = open_story(client, editor, story)
    assert "paula also has this story open." in page
    assert "rita" not in page.split('class="newsroom-presence')[1].split("</div>")[0]


@pytest.mark.parametrize(
    ("names", "sentence"),
    [
        (["alice"], "alice also has this story open."),
        (["alice", "bob"], "alice and bob also have this story open."),
        (["alice", "bob", "carol"], "alice, bob and carol also have this story open."),
    ],
)
def test_also_open_now_reads_well_for_any_number_of_people(client, names, sentence):
    story = make_article()
    for name in reversed(names):  # the last to open the story is named first
        open_story(client, user_in("Editors", name), story)
    assert sentence in open_story(client, user_in("Editors", "zed"), story)


def test_the_open_page_heartbeat_keeps_someone_present_and_a_closed_page_drops_out_at_once(client):
    alice, bob = user_in("Editors", "alice"), user_in("Editors", "bob")
    story = make_article()
    open_story(client, alice, story)
    open_story(client, bob, story)

    assert client.post(presence_url(story)).json() == {"notice": "alice also has this story open."}
    client.force_login(alice)
    assert client.post(presence_url(story), {"leave": "1"}).status_code == 204  # her page closed
    client.force_login(bob)
    assert client.post(presence_url(story)).json() == {"notice": ""}


def test_someone_whose_page_stopped_answering_drops_out_within_a_minute(client):
    alice, bob = user_in("Editors", "alice"), user_in("Editors", "bob")
    story = make_article()
    open_story(client, alice, story)
    open_story(client, bob, story)
    # Her browser crashed: no heartbeat and no word of leaving since 61 seconds ago.
    EditingPresence.objects.filter(user=alice).update(last_seen=timezone.now() - datetime.timedelta(seconds=61))
    assert client.post(presence_url(story)).json() == {"notice": ""}


def test_the_heartbeat_is_posted_with_the_csrf_token_by_someone_who_can_see_the_story(client):
    from django.test import Client

    story = make_article(status=S.DRAFT, author=user_in("Reporters", "rita"))
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(user_in("Editors", "edna"))
    assert checked.post(presence_url(story)).status_code == 403
    client.force_login(user_in("Reporters", "otto"))
    assert client.post(presence_url(story)).status_code == 404
    assert client.get(presence_url(story)).status_code == 405
    assert not EditingPresence.objects.exists()
