"""The story list's tag filters in a real browser: a tag is found by typing its name, not picked from a list."""

import os

import pytest

from articles.models import MinistryTag
from tests.browser import browser_page, needs_chromium
from tests.desk.test_browser_desk import log_in
from tests.desk_forms import user_in
from tests.factories import make_article

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


def test_an_editor_finds_a_ministry_by_typing_and_the_list_shows_its_stories(live_server):
    user_in("Editors", "eddie")
    make_article(headline="Baku gas deal signed", ministries=["Ministry of Energy of Azerbaijan"], topics=["Trade"])
    make_article(headline="Tashkent cotton harvest", ministries=["Ministry of Agriculture of Uzbekistan"])
    energy = MinistryTag.objects.get(name="Ministry of Energy of Azerbaijan")
    base = live_server.url

    with browser_page() as page:
        log_in(page, base, "eddie")
        page.goto(base + "/admin/articles/article/?status=live")
        page.click("#newsroom-filter-ministries + .select2 .select2-selection")
        page.fill(".select2-search__field", "energy")
        page.click(".select2-results__option >> text=Ministry of Energy of Azerbaijan")
        page.wait_for_url(f"**ministries={energy.pk}**")

        listed = page.inner_text("#result_list")
        assert "Baku gas deal signed" in listed and "Tashkent cotton harvest" not in listed
        assert "status=live" in page.url  # the other filters kept
        assert (
            page.inner_text("#newsroom-filter-ministries + .select2")
            .strip()
            .endswith("Ministry of Energy of Azerbaijan")
        )

        # Cleared, the filter goes and the others stay.
        page.click("#newsroom-filter-ministries + .select2 .select2-selection__clear")
        page.wait_for_url(lambda url: "ministries=" not in url)
        assert "status=live" in page.url
        assert "Tashkent cotton harvest" in page.inner_text("#result_list")
        assert page.console_errors == []
