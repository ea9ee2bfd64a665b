"""Two editors on one story in real browsers: each sees the other while the other's page is open, not after,
and the one whose save is refused keeps their text, ticks the box by the save buttons and saves."""

import os

import pytest
from django.db import connections

from articles.models import Article
from tests.browser import browser_pages, needs_chromium
from tests.desk.test_browser_desk import log_in
from tests.desk_forms import user_in
from tests.factories import make_article

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


def test_an_editor_sees_who_else_has_the_story_open_until_they_close_it(live_server, settings):
    settings.NEWSROOM_PRESENCE_HEARTBEAT_SECONDS = 1  # the page asks every second instead of every 15
    user_in("Editors", "alice"), user_in("Editors", "bob")
    story = make_article(headline="Ferry line opens")
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"

    with browser_pages(2) as (alice, bob):
        log_in(alice, live_server.url, "alice")
        log_in(bob, live_server.url, "bob")
        bob.goto(change)
        notice = bob.locator(".newsroom-presence")
        assert notice.is_hidden()
        alice.goto(change)
        notice.wait_for(state="visible", timeout=5_000)  # bob's open page learns of alice by itself
        assert notice.inner_text().startswith("alice also has this story open.")
        assert "errornote" not in notice.get_attribute("class")

        alice.close()  # closing the tab says so
        notice.wait_for(state="hidden", timeout=5_000)
        assert bob.console_errors == []
        connections.close_all()


def test_the_second_editor_ticks_the_box_by_the_save_buttons_and_their_save_goes_through(live_server):
    user_in("Editors", "alice"), user_in("Editors", "bob")
    story = make_article(headline="Ferry line opens", body="One.", status=Article.Status.READY)
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"

    with browser_pages(2) as (alice, bob):
        for page, name in ((alice, "alice"), (bob, "bob")):
            log_in(page, live_server.url, name)
            page.goto(change)
        alice.fill("#id_headline", "Ferry line opens on Monday")
        alice.click("input[name=_continue]")
        alice.wait_for_selector("text=was changed successfully")

        bob.fill("#id_body", "One, as Bob wrote it.")
        bob.click("input[name=_continue]")
        bob.wait_for_selector(".newsroom-conflict")
        instruction = bob.inner_text(".newsroom-conflict")
        assert "tick “I have read their changes: save my version over theirs” by the save buttons below" in instruction
        assert bob.input_value("#id_body") == "One, as Bob wrote it."
        box, save = bob.locator("input[name=overwrite]").bounding_box(), bob.locator("input[name=_save]").bounding_box()
        assert 0 < save["y"] - box["y"] < 120  # right above the save buttons
        bob.check("input[name=overwrite]")
        bob.click("input[name=_continue]")
        bob.wait_for_selector("text=was changed successfully")
        assert alice.console_errors == [] and bob.console_errors == []
        connections.close_all()

    story.refresh_from_db()
    assert (story.headline, story.body) == ("Ferry line opens on Monday", "One, as Bob wrote it.")
    assert Article.objects.count() == 1
