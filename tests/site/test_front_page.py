"""A front page with hierarchy, reading times, archives a reader can walk, times that name their zone."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import days_ago, make_article

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def at(year, month, day, hour=12, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


@pytest.mark.parametrize("url", ["/", "/topics/trade/"])
def test_the_first_page_leads_with_the_newest_story_and_its_standfirst_then_compact_teasers(client, url):
    make_article(headline="Older story", standfirst="Older standfirst.", published_at=days_ago(2), topics=["Trade"])
    make_article(headline="Newest story", standfirst="Newest standfirst.", published_at=days_ago(1), topics=["Trade"])
    html = page(client, url)
    lead = re.search(r'<article class="lead-story">(.*?)</article>', html, re.S).group(1)
    assert "Newest story" in lead and "Newest standfirst." in lead
    teasers = re.search(r'<ol class="article-list">(.*?)</ol>', html, re.S).group(1)
    assert "Older story" in teasers and "Older standfirst." not in teasers  # compact: headline and one line
    assert "Newest story" not in teasers


def test_later_pages_have_no_lead(client, settings):
    settings.NEWSROOM_PAGE_SIZE = 1
    make_article(headline="Older story", published_at=days_ago(2))
    make_article(headline="Newest story", published_at=days_ago(1))
    html = page(client, "/?page=2")
    assert "lead-story" not in html and "Older story" in html


def test_a_story_says_how_long_it_takes_to_read(client):
    short = make_article(body="A few words.")
    long = make_article(body="\n\n".join(" ".join(["word"] * 100) for _ in range(7)))  # 700 words
    assert "1 min read" in page(client, short.get_absolute_url())
    assert "4 min read" in page(client, long.get_absolute_url())


def test_a_year_links_the_years_before_and_after_that_have_stories(client):
    make_article(published_at=at(2021, 5, 1))
    make_article(published_at=at(2023, 5, 1))  # nothing in 2022
    make_article(published_at=at(2024, 5, 1))
    html = page(client, "/2023/")
    nav = re.search(r'<nav class="archive-years"[^>]*>(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r'<a rel="(\w+)" href="([^"]+)">(\d+)</a>', nav) == [
        ("prev", "/2021/", "2021"),
        ("next", "/2024/", "2024"),
    ]
    assert 'rel="next"' not in re.search(
        r'<nav class="archive-years"[^>]*>(.*?)</nav>', page(client, "/2024/"), re.S
    ).group(1)


def test_a_month_links_the_months_before_and_after_that_have_stories_across_years(client):
    make_article(published_at=at(2023, 11, 5))
    make_article(published_at=at(2024, 2, 5))  # nothing in December or January
    make_article(published_at=at(2024, 3, 5))
    make_article(headline="Hidden", status="draft", published_at=at(2024, 4, 5))
    links = lambda url: re.findall(  # noqa: E731
        r'<a rel="(\w+)" href="([^"]+)">([^<]+)</a>',
        re.search(r'<nav class="archive-months"[^>]*>(.*?)</nav>', page(client, url), re.S).group(1),
    )
    assert links("/2024/02/") == [("prev", "/2023/11/", "November 2023"), ("next", "/2024/03/", "March 2024")]
    assert links("/2024/03/") == [("prev", "/2024/02/", "February 2024")]  # April's story is a draft
    assert links("/2023/11/") == [("next", "/2024/02/", "February 2024")]


def test_the_archive_lists_every_year_and_month_with_stories_and_every_page_links_it(client):
    make_article(published_at=at(2023, 11, 5))
    make_article(published_at=at(2024, 3, 5))
    make_article(headline="Hidden", status="draft", published_at=at(2022, 1, 1))
    html = page(client, "/archive/")
    assert re.findall(r'href="(/\d{4}/(?:\d\d/)?)"', html) == ["/2024/", "/2024/03/", "/2023/", "/2023/11/"]
    for url in ["/", "/2024/", "/archive/"]:
        footer = re.search(r'<footer class="site-footer">(.*?)</footer>', page(client, url), re.S).group(1)
        assert 'href="/archive/"' in footer and 'href="/feeds/"' in footer, url


@pytest.mark.parametrize(("zone", "name"), [("UTC", "UTC"), ("Asia/Baku", "UTC+04"), ("Europe/London", "BST")])
def test_times_of_day_name_their_time_zone(client, settings, zone, name):
    settings.TIME_ZONE = zone
    with timezone.override(zone):
        story = make_article(published_at=at(2024, 6, 3, 7, 32), revised_at=at(2024, 6, 3, 9, 5))
    html = page(client, story.get_absolute_url())
    assert f"3 June 2024, 07:32 {name}</time>" in html
    assert (
        f'Updated <time datetime="2024-06-03T09:05:00{timezone.localtime(story.revised_at).strftime("%z")[:3]}' in html
    )
    assert f"3 June 2024, 09:05 {name}</time>" in html


def test_print_carries_the_storys_address(client):
    story = make_article()
    html = page(client, story.get_absolute_url())
    assert f'<p class="print-url">http://testserver{story.get_absolute_url()}</p>' in html
