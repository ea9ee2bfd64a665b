"""A reader in a real browser: home -> story -> tag -> another story -> search, with and without JavaScript."""

import contextlib
import os
import re
from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser import CHROMIUM, CHROMIUM_ARGS, browser_page, needs_chromium
from tests.factories import days_ago, make_article

# Playwright's sync API runs an event loop; the test's own ORM calls are made before it starts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


def test_a_reader_follows_the_seed_story_to_its_tags_and_back(live_server):
    call_command("import_seeds", stdout=StringIO())

    with browser_page() as page:
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Azerbaijan's Economy Minister").first.click()
        page.wait_for_url("**/2023/06/15/**")
        story_url = page.url
        assert page.get_by_role("heading", level=1).inner_text().startswith("Azerbaijan's Economy Minister")
        assert page.locator(".story .body p").count() == 8

        page.get_by_role("link", name="Ministry of Industry and New Technologies of Tajikistan").click()
        page.wait_for_url("**/ministries/ministry-of-industry-and-new-technologies-of-tajikistan/")
        assert (
            page.get_by_role("heading", level=1).inner_text()
            == "Ministry of Industry and New Technologies of Tajikistan"
        )

        page.get_by_role("link", name="Tajikistan", exact=True).first.click()
        page.wait_for_url("**/countries/tajikistan/")
        page.get_by_role("link", name="Azerbaijan's Economy Minister").click()
        assert page.url == story_url


def test_the_skip_link_takes_keyboard_users_to_the_content(live_server):
    with browser_page() as page:
        page.goto(live_server.url + "/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "content"


@contextlib.contextmanager
def reader_page(*, javascript=True, **context):
    """A page in its own browser context (viewport, JavaScript on or off) that records what went wrong.

    page.problems lists console errors, uncaught exceptions and every response of 400 or more.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(java_script_enabled=javascript, **context).new_page()
            page.set_default_timeout(10_000)
            page.problems = []
            page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
            page.on("pageerror", lambda error: page.problems.append(str(error)))
            page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status} {r.url}"))
            yield page
        finally:
            browser.close()


def a_newsroom():
    """The seed story, and a later story sharing one of its countries."""
    call_command("import_seeds", stdout=StringIO())
    return make_article(
        headline="Tajikistan opens an aluminium smelter",
        standfirst="The plant near Tursunzoda doubles the country's output.",
        body="The aluminium smelter opened on Monday.\n\nIt employs 2,000 people.",
        dateline="DUSHANBE",
        countries=["Tajikistan"],
        topics=["Industry"],
        published_at=days_ago(2),
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_reader_goes_from_home_to_a_story_a_tag_another_story_and_search(live_server, javascript):
    other = a_newsroom()

    with reader_page(javascript=javascript) as page:
        page.goto(live_server.url + "/")
        assert page.get_by_role("heading", level=1).text_content() == "Latest stories"
        page.get_by_role("link", name="Azerbaijan's Economy Minister").first.click()
        page.wait_for_url("**/2023/06/15/**")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Azerbaijan's Economy Minister")

        page.locator(".story").get_by_role("link", name="Tajikistan", exact=True).click()
        page.wait_for_url("**/countries/tajikistan/")
        assert page.get_by_role("heading", level=1).inner_text() == "Tajikistan"
        assert page.get_by_role("img", name=re.compile(r"^1 story tagged Tajikistan from ")).is_visible()

        page.get_by_role("link", name=other.headline).click()
        page.wait_for_url(f"**{other.get_absolute_url()}")
        assert page.get_by_role("heading", level=1).inner_text() == other.headline
        assert page.locator(".story .body p").all_inner_texts() == [
            "The aluminium smelter opened on Monday.",
            "It employs 2,000 people.",
        ]

        search = page.get_by_role("search").first.get_by_role("searchbox", name="Search stories")
        search.fill("aluminium smelter")
        search.press("Enter")
        page.wait_for_url("**/search/?q=aluminium+smelter")
        assert page.get_by_role("heading", level=1).inner_text() == "Stories matching “aluminium smelter”"
        results = page.locator(".article-list h2").all_inner_texts()
        assert results == [other.headline]

        assert page.problems == []


def every_kind_of_page():
    """A story of each kind and the URL of every kind of public page (a 410 and a 404 among them)."""
    from articles.desk.workflow import transition
    from tests.desk_forms import user_in

    other = a_newsroom()
    publisher = user_in("Publishers")
    gone = make_article(headline="Taken down", status="ready", published_at=None)
    transition(gone, "publish", by=publisher)
    transition(gone, "unpublish", by=publisher)
    year = other.published_at.year
    return [
        "/",
        other.get_absolute_url(),
        "/2023/06/15/minister-of-economy-of-azerbaijan-mikayil-jabbarov-held-talks-on-the-expansion/",
        "/countries/tajikistan/",
        "/ministries/ministry-of-economy-of-azerbaijan/",
        "/countries/",
        "/search/?q=aluminium",
        "/search/?q=nothing+like+it",
        f"/{year}/",
        f"/{year}/{other.published_at:%m}/",
        "/archive/",
        "/feeds/",
        gone.get_absolute_url(),
        "/nope/",
    ]


@pytest.mark.parametrize("width", [320, 1280])
def test_pages_fit_the_screen_without_sideways_scrolling(live_server, width):
    """WCAG 1.4.10: at 320 CSS pixels nothing needs scrolling sideways, the header's search form included."""
    urls = every_kind_of_page()

    with reader_page(viewport={"width": width, "height": 800}) as page:
        for url in urls:
            page.problems.clear()
            response = page.goto(live_server.url + url)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{url} is {overflow}px wider than a {width}px screen"
            # Nor does any element stick out of the page (an overflow the body hides would not scroll).
            wide = page.evaluate(
                "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right >"
                " document.documentElement.clientWidth + 0.5).map(e => e.tagName + '.' + e.className)"
            )
            assert wide == [], f"{url}: {wide} stick out at {width}px"
            # The 404 and 410 pages' own statuses are the one problem they may have.
            expected = [f"{response.status} {live_server.url}{url}"] if response.status >= 400 else []
            assert [problem for problem in page.problems if not problem.startswith("Failed to load")] == expected


def test_the_focused_link_is_outlined(live_server):
    with reader_page() as page:
        page.goto(live_server.url + "/")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "[document.activeElement.textContent, getComputedStyle(document.activeElement).outlineStyle]"
        )
        assert focused == ["Newsroom", "solid"]
