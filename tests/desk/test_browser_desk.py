"""The desk in a real browser: a reporter writes and submits, a publisher schedules, readers see it on time."""

import datetime
import os
import time
import urllib.error
import urllib.request

import pytest
from django.db import connections
from django.utils import timezone

from articles.models import Article
from tests.browser import browser_page, needs_chromium
from tests.desk_forms import user_in

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
