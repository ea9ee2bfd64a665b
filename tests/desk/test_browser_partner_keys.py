"""Partner keys in a real browser: a publisher makes one, copies it from the page that shows it once, and a
reload of that page (which sends the form again) makes no second key."""

import os
import re

import pytest
from django.db import connections

from articles.models import PartnerKey
from tests.browser import browser_page, needs_chromium
from tests.desk_forms import user_in

from .test_browser_desk import log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


def test_a_reload_of_the_page_showing_a_new_key_makes_no_second_key(live_server):
    user_in("Publishers", "paul")
    base = live_server.url
    with browser_page() as page:
        log_in(page, base, "paul")
        page.goto(base + "/admin/articles/partnerkey/add/")
        page.fill("#id_name", "Trend syndication")
        page.click("input[name=_save]")
        key = page.locator("code.newsroom-partner-key").inner_text()
        assert re.fullmatch(r"nrk_[\w-]{43}", key)
        assert "shown only this once" in page.locator("#content-main").inner_text()

        page.reload()  # the browser sends the form again
        assert "sent already" in page.locator("#content-main").inner_text()
        assert page.locator("code.newsroom-partner-key").count() == 0
        assert PartnerKey.objects.count() == 1 and PartnerKey.objects.matching(key) is not None

        page.click("input[name=_save]")  # the form as shown again: a new key, meant this time
        assert page.locator("code.newsroom-partner-key").inner_text() != key
        assert PartnerKey.objects.count() == 2
        assert page.console_errors == []
        # The ORM calls above ran inside Playwright's event loop, on a connection of their own.
        connections.close_all()


def test_a_keys_page_leads_to_its_uses_and_revokes_it(live_server, client):
    user_in("Publishers", "paul")
    record, key = PartnerKey.issue(name="Trend syndication", by=None)
    other, other_key = PartnerKey.issue(name="AzerNews", by=None)
    client.get("/api/v1/stories/?topic=energy", HTTP_AUTHORIZATION=f"Bearer {key}")
    client.get("/api/v1/countries/", HTTP_AUTHORIZATION=f"Bearer {other_key}")
    base = live_server.url
    with browser_page() as page:
        log_in(page, base, "paul")
        page.goto(base + "/admin/articles/partnerkey/")
        page.click("text=Revoked")  # the state filter, in words
        assert page.locator("#result_list").count() == 0
        page.goto(base + f"/admin/articles/partnerkey/{record.pk}/change/")
        page.click("text=Its uses")
        uses = page.locator("#result_list tbody").inner_text()
        assert "/api/v1/stories/?topic=energy" in uses and "/api/v1/countries/" not in uses

        page.go_back()
        page.click("input[name=_revoke]")
        assert "is revoked" in page.locator(".messagelist").inner_text()
        assert page.locator("input[name=_revoke]").count() == 0
        assert page.console_errors == []
        connections.close_all()
    record.refresh_from_db()
    other.refresh_from_db()
    assert record.revoked_at is not None and other.revoked_at is None
    assert client.get("/api/v1/stories/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
