"""The desk in a real browser: a reporter writes and submits, a publisher schedules, readers see it on time."""

import datetime
import os
import time
import urllib.error
import urllib.request

import pytest
from django.db import connections
from django.utils import timezone

from articles.desk import working_copy
from articles.models import Article
from tests.browser import browser_page, needs_chromium
from tests.desk_forms import user_in
from tests.factories import make_article

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


def status_of(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def log_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")


def test_reporter_writes_and_submits_publisher_schedules_readers_see_it_on_time(live_server):
    user_in("Reporters", "rita")
    user_in("Publishers", "paul")
    base = live_server.url

    with browser_page() as page:
        log_in(page, base, "rita")
        page.goto(base + "/admin/articles/article/add/")
        page.fill("#id_headline", "Caspian ferry line opens")
        page.fill("#id_standfirst", "A new ferry links Baku and Aktau.")
        page.fill("#id_dateline", "BAKU")
        page.fill("#id_body", "The first ferry sailed on Monday.\n\nIt carried 40 lorries.")
        page.click("input[name=_continue]")
        page.wait_for_selector("text=was added successfully")
        page.click("button[value=submit]")
        page.wait_for_selector("text=in review")
        page.context.clear_cookies()

        story = Article.objects.get(slug="caspian-ferry-line-opens")
        assert story.status == Article.Status.IN_REVIEW
        assert story.author.username == "rita"

        log_in(page, base, "paul")
        page.goto(f"{base}/admin/articles/article/{story.pk}/change/")
        page.click("button[value=approve]")
        page.wait_for_selector("button[value=schedule]")
        at = timezone.localtime(timezone.now() + datetime.timedelta(seconds=6)).replace(microsecond=0)
        page.fill("#publish-at", at.strftime("%Y-%m-%dT%H:%M:%S"))
        page.click("button[value=schedule]")
        page.wait_for_selector("text=scheduled")
        assert page.console_errors == []
        # The ORM calls above ran inside Playwright's event loop, on a connection of their own.
        connections.close_all()

    story.refresh_from_db()
    assert story.is_scheduled and story.published_at == at
    public = base + story.get_absolute_url()
    assert status_of(public) == 404
    time.sleep(max(0, (at - timezone.now()).total_seconds()) + 0.5)
    assert status_of(public) == 200


def read_page(url):
    with urllib.request.urlopen(url) as response:
        return response.read().decode()


def test_an_editors_change_to_a_live_story_reaches_readers_only_once_a_publisher_publishes_it(live_server):
    user_in("Editors", "eddie")
    user_in("Publishers", "paul")
    story = make_article(headline="Ferry line opens", body="The first ferry sailed on Monday.")
    base, public = live_server.url, live_server.url + story.get_absolute_url()
    change = f"{base}/admin/articles/article/{story.pk}/change/"

    with browser_page() as page:
        log_in(page, base, "eddie")
        page.goto(change)
        page.fill("#id_headline", "Ferry line to Aktau opens")
        page.click("input[name=_continue]")
        page.wait_for_selector("text=Your changes are pending")
        assert page.input_value("#id_headline") == "Ferry line to Aktau opens"
        assert page.locator("button[value=publish_changes]").count() == 0
        readers_see = read_page(public)
        assert "Ferry line opens" in readers_see and "Aktau" not in readers_see
        page.context.clear_cookies()

        log_in(page, base, "paul")
        page.goto(change)
        waiting = page.locator(".newsroom-pending")
        assert "last saved by eddie" in waiting.inner_text()
        assert waiting.locator("ins").first.inner_text() == "to Aktau"
        page.click("button[value=publish_changes]")
        page.wait_for_selector("text=the pending changes are live")
        assert page.locator(".newsroom-pending").count() == 0
        assert page.console_errors == []
        connections.close_all()

    readers_see = read_page(public)
    assert "Ferry line to Aktau opens" in readers_see


def test_discarding_pending_changes_asks_first_and_keeps_them_if_the_publisher_says_no(live_server):
    user_in("Editors", "eddie")
    paul = user_in("Publishers", "paul")
    story = make_article(headline="Ferry line opens", body="The first ferry sailed on Monday.")
    working_copy.save(story, {"headline": "Ferry line to Aktau opens"}, expected_version=story.version, by=paul)
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"

    with browser_page() as page:
        answers = iter([False, True])  # "Cancel", then "OK"
        asked = []

        def answer(dialog):
            asked.append(dialog.message)
            dialog.accept() if next(answers) else dialog.dismiss()

        page.on("dialog", answer)
        log_in(page, live_server.url, "paul")
        page.goto(change)
        page.click("text=Discard the pending changes")
        page.wait_for_timeout(500)
        assert len(asked) == 1 and "Discard the changes waiting for a publisher" in asked[0]
        story.refresh_from_db()
        assert story.pending  # "Cancel" kept them
        page.click("text=Discard the pending changes")
        page.wait_for_selector("text=the pending changes were discarded")
        connections.close_all()

    story.refresh_from_db()
    assert not story.pending and len(asked) == 2
