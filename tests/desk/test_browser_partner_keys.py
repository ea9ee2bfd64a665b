"""Partner keys in a real browser: a publisher makes one, copies it from the page that shows it once, and a
reload of that page (which sends the form again) makes no second key."""

import os
import re

import pytest

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
        assert page.console_errors == []
