"""The desk's pages as a screen shows them: the story list fits 1366 px, the front page's table reads across."""

import datetime
import os

import pytest
from django.db import connections
from django.utils import timezone

from articles.desk import revisions
from articles.models import Article
from tests.browser import browser_pages, needs_chromium
from tests.desk.test_browser_desk import log_in
from tests.desk_forms import user_in
from tests.factories import make_article

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]

LONG_MINISTRY = "Ministry of Investment, Industry and Trade of Uzbekistan"


def busy_list():
    """A list page's worth of the longest stories the wire sends: 100-character headlines, many tags."""
    assignee = user_in("Editors", "alexandra.konstantinopoulou")
    for n in range(20):
        story = make_article(
            headline=f"Minister of Economy of Azerbaijan Mikayil Jabbarov met Minister of Industry {n:02d} of Tajik…",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() + datetime.timedelta(days=n % 3 - 1),
            embargo_until=timezone.now() + datetime.timedelta(days=2) if n % 2 else None,
            assignee=assignee,
            countries=["Azerbaijan", "Tajikistan", "Türkiye", "Kazakhstan"],
            ministries=[LONG_MINISTRY, "Ministry of Economy of Azerbaijan"],
            topics=["Trade", "Industrial parks", "Investment", "Energy"],
        )
        Article.objects.filter(pk=story.pk).update(import_snapshot={"headline": story.headline})


def test_the_story_list_fits_a_1366_px_screen_and_marks_headlines_to_rewrite(live_server):
    user_in("Publishers", "paula")
    busy_list()

    with browser_pages(1, viewport={"width": 1366, "height": 768}) as (page,):
        log_in(page, live_server.url, "paula")
        page.goto(f"{live_server.url}/admin/articles/article/")
        results = page.locator(".results").evaluate("list => [list.scrollWidth, list.clientWidth]")
        assert results[0] <= results[1], f"the list scrolls sideways: {results[0]} px in {results[1]}"
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        headline = page.locator("tbody tr:first-child .field-headline").bounding_box()
        tags = page.locator("tbody tr:first-child .field-tag_list").bounding_box()
        assert headline["width"] >= 250 and headline["width"] > tags["width"]
        mark = page.locator("tbody tr:first-child .field-machine_headline .newsroom-machine")
        assert mark.inner_text().startswith("⚠")
        assert page.locator(".field-machine_headline img").count() == 0  # no green tick
        assert page.console_errors == []
        connections.close_all()


def test_the_front_pages_table_of_figures_reads_across(live_server):
    user_in("Publishers", "paula")

    with browser_pages(1, viewport={"width": 1366, "height": 768}) as (page,):
        log_in(page, live_server.url, "paula")
        page.click("text=The same figures as a table")
        header = page.locator(".newsroom-published thead th", has_text="Stories").bounding_box()
        assert header["width"] > header["height"]
        assert page.console_errors == []
        connections.close_all()


def widest(page):
    """The page's width, and the elements reaching past the window: what a phone would scroll sideways to."""
    return page.evaluate(
        """() => {
            const scrolls = (e) => { for (let a = e.parentElement; a; a = a.parentElement)
                if (["auto", "scroll", "hidden"].includes(getComputedStyle(a).overflowX)) return true; return false; };
            return [document.documentElement.scrollWidth, [...document.querySelectorAll("body *")]
                .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !scrolls(e))
                .slice(0, 5).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)];
        }"""
    )


def test_the_desk_fits_a_phone_without_scrolling_sideways(live_server):
    user_in("Publishers", "paula")
    busy_list()
    story = Article.objects.first()
    story.notes.create(author=user_in("Editors", "edna"), text="Check the minister's name with the ministry's site.")
    story.headline = "Changed once"
    story.save()

    with browser_pages(1, viewport={"width": 375, "height": 740}) as (page,):
        log_in(page, live_server.url, "paula")
        first = revisions.history(story).last()
        for path in ("", f"{story.pk}/change/", f"{story.pk}/revisions/", f"{story.pk}/revisions/{first.pk}/restore/"):
            page.goto(f"{live_server.url}/admin/articles/article/{path}")
            width, past = widest(page)
            assert width <= 375, f"{path or 'the list'} is {width} px wide: {past}"
        assert page.console_errors == []
        connections.close_all()
