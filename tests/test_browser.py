"""A reader in a real browser: home -> story -> tag -> back to the story."""

import os
from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser import browser_page, needs_chromium

# Playwright's sync API runs an event loop; the test's own ORM calls are made before it starts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


def test_a_reader_follows_the_seed_story_to_its_tags_and_back(live_server):
    call_command("import_seeds", stdout=StringIO())

    with browser_page() as page:
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Minister of Economy of Azerbaijan").first.click()
        page.wait_for_url("**/2023/06/15/**")
        story_url = page.url
        assert page.get_by_role("heading", level=1).inner_text().startswith("Minister of Economy of Azerbaijan")
        assert page.locator(".story .body p").count() == 8

        page.get_by_role("link", name="Ministry of Industry and New Technologies of Tajikistan").click()
        page.wait_for_url("**/ministries/ministry-of-industry-and-new-technologies-of-tajikistan/")
        assert (
            page.get_by_role("heading", level=1).inner_text()
            == "Ministry of Industry and New Technologies of Tajikistan"
        )

        page.get_by_role("link", name="Tajikistan", exact=True).first.click()
        page.wait_for_url("**/countries/tajikistan/")
        page.get_by_role("link", name="Minister of Economy of Azerbaijan").click()
        assert page.url == story_url


def test_the_skip_link_takes_keyboard_users_to_the_content(live_server):
    with browser_page() as page:
        page.goto(live_server.url + "/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "content"
