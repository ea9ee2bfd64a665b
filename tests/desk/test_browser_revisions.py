"""A story's revisions in a real browser: the page opens on a real difference, and Restore asks before it acts."""

import os
import re

import pytest
from django.db import connections

from articles.desk import revisions
from tests.browser import browser_page, needs_chromium
from tests.desk.test_browser_desk import log_in
from tests.desk_forms import user_in
from tests.factories import make_article

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


def test_an_editor_sees_what_changed_then_restores_an_old_headline_after_confirming(live_server):
    user_in("Publishers", "paula")
    story = make_article(headline="Ferry line planned", body="The first ferry sails on Monday.")
    base = live_server.url

    with browser_page() as page:
        log_in(page, base, "paula")
        page.goto(f"{base}/admin/articles/article/{story.pk}/change/")
        page.fill("#id_headline", "Ferry line opens")
        page.click("input[name=_continue]")
        page.wait_for_selector("text=Your changes are pending")
        # Publishing the changes records a revision of its own, with the same text and tags.
        page.click("button[value=publish_changes]")
        page.wait_for_selector("text=the pending changes are live")

        page.click("text=Revisions")
        page.wait_for_url(f"**/{story.pk}/revisions/")
        compared = page.locator(".newsroom-diff")
        assert compared.locator("del").all_inner_texts() == ["planned"]
        assert compared.locator("ins").all_inner_texts() == ["opens"]
        assert "No difference" not in page.inner_text("#content-main")

        page.get_by_role("link", name=re.compile(r"^Restore revision 1, saved ")).click()
        page.wait_for_selector("h1:text('Restore revision 1?')")
        changes = page.locator(".newsroom-diff")
        assert changes.locator("del").all_inner_texts() == ["opens"]  # the story now
        assert changes.locator("ins").all_inner_texts() == ["planned"]  # what comes back
        assert revisions.history(story).count() == 3  # asked, not done

        page.click("input[value='Yes, restore this version']")
        page.wait_for_url(f"**/{story.pk}/change/")
        assert "Restored the revision of" in page.inner_text(".messagelist")
        assert page.input_value("#id_headline") == "Ferry line planned"
        assert page.console_errors == []
        connections.close_all()

    assert revisions.history(story).count() == 4
