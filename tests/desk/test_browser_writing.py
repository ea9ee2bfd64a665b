"""Writing in the story's form, in a real browser: unsaved work is not lost by leaving, Preview shows the text
as typed in a new tab, and the headline and body count as you type."""

import os

import pytest
from django.db import connections

from articles.desk import revisions
from articles.models import Article
from tests.browser import browser_pages, needs_chromium
from tests.desk.test_browser_desk import log_in
from tests.desk_forms import user_in
from tests.factories import make_article

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


def test_leaving_a_changed_form_warns_and_preview_shows_the_unsaved_text_in_a_new_tab(live_server):
    user_in("Editors", "edna")
    story = make_article(status=Article.Status.DRAFT, headline="Ferry line planned", body="The old body.")
    base, change = live_server.url, f"{live_server.url}/admin/articles/article/{story.pk}/change/"

    with browser_pages(1) as (page,):
        dialogs = []

        def answer(dialog):
            dialogs.append(dialog.type)
            dialog.dismiss()  # "Stay on this page"

        page.on("dialog", answer)
        log_in(page, base, "edna")
        page.goto(change)
        page.click(".breadcrumbs a >> nth=0")  # nothing typed yet: leaves without a word
        page.wait_for_url(base + "/admin/")
        assert dialogs == []

        page.goto(change)
        page.click("#id_headline")
        page.keyboard.press("End")
        page.keyboard.type(" and opens on Monday")
        page.fill("#id_body", "Typed, not saved.\n\nA second paragraph.")
        page.click(".breadcrumbs a >> nth=0", no_wait_after=True)
        page.wait_for_timeout(500)
        assert dialogs == ["beforeunload"]
        assert page.url == change
        assert page.input_value("#id_headline") == "Ferry line planned and opens on Monday"

        with page.context.expect_page() as opened:
            page.click("text=Preview")
        preview = opened.value
        preview.wait_for_load_state()
        assert page.url == change  # the form stays where it was, in its own tab
        text = preview.inner_text("body")
        assert "Ferry line planned and opens on Monday" in text
        assert "Typed, not saved." in text and "A second paragraph." in text
        assert "as typed, not saved yet" in text
        connections.close_all()
        story.refresh_from_db()
        assert (story.headline, story.body, story.version) == ("Ferry line planned", "The old body.", 1)
        assert revisions.history(story).count() == 1

        page.click("input[name=_continue]")  # saving is leaving on purpose: no warning
        page.wait_for_selector("text=was changed successfully")
        assert dialogs == ["beforeunload"]
        assert page.console_errors == [] and preview.console_errors == []
        connections.close_all()

    story.refresh_from_db()
    assert story.headline == "Ferry line planned and opens on Monday"


def test_the_headline_counts_its_characters_with_a_hint_past_90_and_the_body_its_words(live_server):
    user_in("Editors", "edna")
    story = make_article(status=Article.Status.DRAFT, headline="Short", body="One two three.")

    with browser_pages(1, viewport={"width": 1366, "height": 900}) as (page,):
        log_in(page, live_server.url, "edna")
        page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
        counter = page.locator("#id_headline + .newsroom-count")
        assert counter.inner_text() == "5 characters"
        page.fill("#id_headline", "x" * 91)
        assert counter.inner_text().startswith("91 characters — over 90")
        page.fill("#id_headline", "x" * 90)
        assert counter.inner_text() == "90 characters"
        assert page.locator("#id_body + .newsroom-count").inner_text() == "3 words"
        page.fill("#id_body", "One two.\n\nThree four five.")
        assert page.locator("#id_body + .newsroom-count").inner_text() == "5 words"

        # Made for writing: the headline runs across the form, the body is tall.
        headline, body = page.locator("#id_headline").bounding_box(), page.locator("#id_body").bounding_box()
        fieldset = page.locator("#id_headline").locator("xpath=ancestor::fieldset").bounding_box()
        assert headline["width"] > 0.7 * fieldset["width"]
        assert body["height"] > 500
        assert page.console_errors == []
        connections.close_all()


def test_each_tag_pickers_search_box_is_named_for_screen_readers_by_its_label(live_server):
    user_in("Editors", "edna")
    story = make_article(status=Article.Status.DRAFT, countries=["Azerbaijan"], topics=["Energy"])

    with browser_pages(1) as (page,):
        log_in(page, live_server.url, "edna")
        page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
        for label in ("Countries", "Ministries", "Topics"):
            box = page.get_by_role("searchbox", name=label, exact=True)
            assert box.count() == 1, label
        # The picker with the keyboard's focus shows it.
        page.get_by_role("searchbox", name="Topics", exact=True).focus()
        outline = page.evaluate("getComputedStyle(document.activeElement.closest('.select2-selection')).outlineStyle")
        assert outline != "none"
        # Picking a tag redraws the picker: its box keeps its name.
        page.get_by_role("searchbox", name="Topics", exact=True).fill("Ener")
        page.wait_for_selector(".select2-results__option")
        page.keyboard.press("Escape")
        assert page.get_by_role("searchbox", name="Topics", exact=True).count() == 1
