"""The reader's pages as a phone, a dark screen and a printer show them, in headless chromium."""

import json
import os
from pathlib import Path

import pytest
from PIL import Image

from tests.browser import needs_chromium
from tests.factories import days_ago, make_article
from tests.site.test_browser import reader_page

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
needs_axe = pytest.mark.skipif(
    not AXE.exists() and not os.environ.get("CI"), reason=f"no {AXE.name}: run `make node_modules/.installed`"
)

# Wire headlines and standfirsts run long: the front page must still show five at a glance.
HEADLINE = "Minister of Energy of Azerbaijan held talks on the expansion of the gas pipeline network {n}"
STANDFIRST = "The minister met a delegation in Baku to discuss supplies for the coming winter and new routes."


def a_busy_newsroom():
    for n in range(12):
        make_article(
            headline=HEADLINE.format(n=n),
            standfirst=STANDFIRST,
            dateline="BAKU",
            countries=["Azerbaijan", "Belgium"],
            ministries=["Ministry of Energy of Azerbaijan"],
            topics=["Energy"],
            published_at=days_ago(n + 1),
        )


@pytest.mark.parametrize("url", ["/", "/countries/azerbaijan/"])
def test_a_phone_shows_at_least_five_headlines_at_a_glance(live_server, url):
    a_busy_newsroom()
    with reader_page(viewport={"width": 390, "height": 844}) as page:
        page.goto(live_server.url + url)
        seen = page.evaluate(
            "[...document.querySelectorAll('main h2 a')].filter(a => {"
            " const box = a.getBoundingClientRect(); return box.top >= 0 && box.bottom <= innerHeight;"
            "}).length"
        )
        assert seen >= 5, f"{url}: {seen} headlines fully on a 390x844 screen"
        # The lead carries its standfirst; the teasers below it are a headline and one short line.
        assert page.locator(".lead-story .standfirst").is_visible()
        assert page.locator(".article-list .standfirst").count() == 0


def contrast_violations(page):
    """axe-core's WCAG AA colour-contrast check of the page as it is shown."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast']}})"
        ".then(r => r.violations.flatMap(v => v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)))"
    )
    return result


@needs_axe
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_kind_of_page_meets_aa_contrast_in_light_and_dark_mode(live_server, scheme, tmp_path):
    a_busy_newsroom()
    story = make_article(headline="Solar plant opens", topics=["Energy"], revised_at=days_ago(0))
    urls = ["/", story.get_absolute_url(), "/countries/azerbaijan/", "/topics/", "/search/?q=energy+minister",
            "/archive/", "/nope/"]  # fmt: skip
    # bypass_csp: axe is added to the page as a script, which the site's policy would rightly refuse.
    with reader_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme, bypass_csp=True) as page:
        for url in urls:
            page.goto(live_server.url + url)
            assert contrast_violations(page) == [], f"{url} in {scheme} mode"
        if scheme == "dark":
            # The screenshot a reader sees: a dark page (the corner) with light text (some pixels of the story).
            page.goto(live_server.url + story.get_absolute_url())
            shot = tmp_path / "dark.png"
            page.screenshot(path=str(shot))
            image = Image.open(shot).convert("L")
            assert image.getpixel((5, 5)) < 40, "the page's background is not dark"
            assert image.crop((0, 100, 1280, 400)).getextrema()[1] > 200, "no light text on it"


def test_print_shows_the_storys_address_and_leaves_out_the_navigation(live_server):
    story = make_article(headline="Solar plant opens", topics=["Energy"])
    with reader_page() as page:
        page.goto(live_server.url + story.get_absolute_url())
        assert not page.locator(".print-url").is_visible()
        page.emulate_media(media="print")
        address = page.locator(".print-url")
        assert address.is_visible()
        assert address.inner_text().endswith(f"{live_server.url}{story.get_absolute_url()}")
        assert not page.locator(".sections").is_visible() and not page.locator(".site-search").is_visible()


def test_a_results_page_marks_the_words_found(live_server):
    make_article(headline="Turkish energy ministers meet", countries=["Türkiye"], topics=["Energy"])
    with reader_page() as page:
        page.goto(live_server.url + "/search/?q=turkey+energy")
        assert page.get_by_role("status").inner_text().startswith("1 story matches")
        marks = page.locator("main mark").all_inner_texts()
        assert marks[:2] == ["Turkish", "energy"] and "Türkiye" in marks
        colours = page.evaluate("getComputedStyle(document.querySelector('main mark')).backgroundColor")
        assert json.dumps(colours) != json.dumps("rgba(0, 0, 0, 0)")  # marked where the reader can see it
