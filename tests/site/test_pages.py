"""Public pages: only published stories, every paragraph, tags by kind, copy always escaped."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.ingest.seeds import parse_seed
from articles.models import Article
from articles.site import page_cache
from tests.conftest import SEED_FILE
from tests.factories import days_ago, make_article

pytestmark = pytest.mark.django_db


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_seed_story_is_served_with_every_paragraph_and_its_tags(client):
    call_command("import_seeds", stdout=StringIO())
    article = Article.objects.get()
    url = article.get_absolute_url()
    assert url.startswith("/2023/06/15/")

    page = html(client, url)

    for paragraph in parse_seed(SEED_FILE.read_bytes()).paragraphs:
        assert paragraph.replace("'", "&#39;") in page
    assert '<span class="dateline">BAKU</span>' in page
    assert "15 June 2023" in page
    assert "Trend" in page
    for name, link in [
        ("Azerbaijan", "/countries/azerbaijan/"),
        ("Tajikistan", "/countries/tajikistan/"),
        ("Ministry of Economy of Azerbaijan", "/ministries/ministry-of-economy-of-azerbaijan/"),
        (
            "Ministry of Industry and New Technologies of Tajikistan",
            "/ministries/ministry-of-industry-and-new-technologies-of-tajikistan/",
        ),
        ("Industrial parks", "/topics/industrial-parks/"),
        ("Trade", "/topics/trade/"),
        ("Transport", "/topics/transport/"),
    ]:
        assert f'<a href="{link}">{name}</a>' in page
        assert url in html(client, link), f"{link} does not list the story"


def test_tags_are_grouped_by_kind_in_page_order(client):
    article = make_article(countries=["Azerbaijan"], ministries=["Ministry of Economy of Azerbaijan"], topics=["Trade"])
    page = html(client, article.get_absolute_url())
    assert page.index("Countries:") < page.index("Ministries:") < page.index("Topics:")


def test_list_pages_show_each_storys_tags_on_one_short_line(client):
    make_article(headline="Tagged", countries=["Azerbaijan", "Georgia"], ministries=["Ministry of Energy of Georgia"],
                 topics=["Energy"], published_at=days_ago(2))  # fmt: skip
    make_article(headline="Lead story", published_at=days_ago(1))
    page = html(client, "/")
    teaser = page.split("<h2><a")[2]  # the first after the lead
    assert "Tagged" in teaser and "tag-kind" not in teaser
    tags = re.search(r'<span class="tag-line">(.*?)</span>', teaser, re.S).group(1)
    # Countries first, then topics; ministries' long names last, and at most two names in all.
    assert re.findall(r">([^<>]+)</a>", tags) == ["Azerbaijan", "Georgia"]


def test_a_tag_pages_list_does_not_repeat_its_own_tag(client):
    make_article(headline="Tagged", countries=["Azerbaijan"], topics=["Energy", "Trade"], published_at=days_ago(2))
    make_article(headline="Lead story", countries=["Azerbaijan"], published_at=days_ago(1))
    teaser = html(client, "/countries/azerbaijan/").split("<h2><a")[2]
    tags = re.search(r'<span class="tag-line">(.*?)</span>', teaser, re.S).group(1)
    assert re.findall(r">([^<>]+)</a>", tags) == ["Energy", "Trade"]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Baku", "America/Los_Angeles"])
def test_a_story_list_dates_and_links_each_story_in_the_newsrooms_time_zone(client, settings, zone):
    from django.template import Context, Template

    settings.TIME_ZONE = zone
    # Late in the UTC day: the local date differs from UTC's east and west of it.
    published = timezone.now().replace(hour=23, minute=30, second=0, microsecond=0) - datetime.timedelta(days=2)
    story = make_article(published_at=published, topics=["Energy"])
    page = html(client, "/")
    with timezone.override(zone):
        expected = Template('<time datetime="{{ d|date:"c" }}">{{ d|date:"j F Y" }}</time>').render(
            Context({"d": published})
        )
    assert expected in page
    assert f'<a href="{story.get_absolute_url()}">{story.headline}</a>' in page
    html(client, story.get_absolute_url())


def test_links_follow_the_script_prefix_of_a_site_served_under_a_path(client):
    story = make_article(headline="Tagged", countries=["Azerbaijan"], topics=["Energy"])
    from django.urls import set_script_prefix

    set_script_prefix("/news/")  # as the WSGI handler sets it from SCRIPT_NAME
    try:
        page = html(client, "/")
    finally:
        set_script_prefix("/")
    day = timezone.localtime(story.published_at)
    assert f'href="/news/{day:%Y/%m/%d}/{story.slug}/"' in page
    assert 'href="/news/countries/azerbaijan/"' in page and 'href="/news/topics/energy/"' in page


def test_home_lists_published_stories_newest_first(client):
    old = make_article(headline="Older story", published_at=days_ago(3))
    new = make_article(headline="Newer story", published_at=days_ago(1))
    page = html(client, "/")
    assert page.index(new.headline) < page.index(old.headline)


def test_unpublished_stories_appear_nowhere(client):
    tags = {"countries": ["Azerbaijan"], "topics": ["Trade"]}
    make_article(headline="The published one", **tags)
    draft = make_article(headline="A secret draft", status=Article.Status.DRAFT, **tags)
    future = make_article(headline="Tomorrow's story", published_at=timezone.now() + datetime.timedelta(days=1), **tags)

    for url in ["/", "/countries/azerbaijan/", "/topics/trade/"]:
        page = html(client, url)
        assert "The published one" in page
        assert "A secret draft" not in page
        assert "Tomorrow" not in page
    draft.published_at = days_ago(1)
    draft.save()
    html(client, draft.get_absolute_url(), status=404)
    html(client, future.get_absolute_url(), status=404)


def test_a_tag_used_only_by_drafts_has_no_public_page(client):
    make_article(ministries=["Ministry of Secret Plans of Azerbaijan"], status=Article.Status.DRAFT)
    html(client, "/ministries/ministry-of-secret-plans-of-azerbaijan/", status=404)
    assert "Secret Plans" not in html(client, "/ministries/")


def test_tag_indexes_count_published_stories_only(client):
    make_article(countries=["Azerbaijan"])
    make_article(countries=["Azerbaijan"])
    make_article(countries=["Azerbaijan", "Georgia"], status=Article.Status.DRAFT)
    page = html(client, "/countries/")
    assert "2 stories" in page
    assert "Georgia" not in page


def test_each_tag_index_lists_its_own_kind(client):
    make_article(countries=["Azerbaijan"], ministries=["Ministry of Economy of Azerbaijan"], topics=["Trade"])
    assert "Ministry of Economy of Azerbaijan" in html(client, "/ministries/")
    assert "Trade" in html(client, "/topics/")
    assert "Ministry of Economy" not in html(client, "/countries/")


def test_a_ministry_page_names_its_country_and_pages_its_stories(client):
    for n in range(25):
        make_article(
            headline=f"Econ {n:02d}", published_at=days_ago(n + 1), ministries=["Ministry of Economy of Azerbaijan"]
        )
    url = "/ministries/ministry-of-economy-of-azerbaijan/"
    first = html(client, url)
    assert 'A ministry of <a href="/countries/azerbaijan/">Azerbaijan</a>' in first and "Econ 00" in first
    second = html(client, f"{url}?page=2")
    assert "Econ 20" in second and "Econ 24" in second and "Econ 19" not in second
    html(client, f"{url}?page=3", status=404)


def test_tag_pages_are_paginated_newest_first(client, settings):
    for day in range(25):
        make_article(headline=f"Trade story {day:02d} days old", published_at=days_ago(day + 1), topics=["Trade"])
    first = html(client, "/topics/trade/")
    second = html(client, "/topics/trade/?page=2")
    assert "Trade story 00 days old" in first and "Trade story 19 days old" in first
    assert "Trade story 20 days old" not in first
    assert "Trade story 24 days old" in second
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_a_tag_page_lists_exactly_its_published_stories_newest_first(client):
    make_article(topics=["Energy"], headline="Energy only")
    for day in range(25):
        make_article(headline=f"Trade {day:02d}", published_at=days_ago(day + 1), topics=["Trade"])
    make_article(headline="Trade draft", status=Article.Status.DRAFT, topics=["Trade"])
    make_article(headline="Trade due", published_at=timezone.now() + datetime.timedelta(hours=1), topics=["Trade"])
    pages = html(client, "/topics/trade/") + html(client, "/topics/trade/?page=2")
    shown = re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', pages)
    assert shown == [f"Trade {day:02d}" for day in range(25)]


def test_unknown_tags_and_pages_answer_404(client):
    make_article(topics=["Trade"])
    html(client, "/countries/atlantis/", status=404)
    html(client, "/topics/trade/?page=99", status=404)
    html(client, "/2023/13/45/no-such-story/", status=404)


def test_a_story_at_a_wrong_date_redirects_to_its_own(client):
    article = make_article(published_at=timezone.make_aware(datetime.datetime(2024, 5, 6, 12)))
    html(client, f"/2024/05/06/{article.slug}/")
    response = client.get(f"/2024/05/07/{article.slug}/")
    assert (response.status_code, response["Location"]) == (301, f"/2024/05/06/{article.slug}/")
    html(client, "/2024/05/07/no-such-story/", status=404)


def test_markup_in_copy_is_shown_as_text(client):
    article = make_article(
        headline="<script>alert('headline')</script>",
        standfirst="<b>bold</b>",
        body="<img src=x onerror=alert(1)>\n\n<a href='javascript:x'>link</a>",
        topics=["<i>Topic</i>"],
    )
    for url in ["/", article.get_absolute_url(), "/topics/", "/topics/itopici/"]:
        page = html(client, url)
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "<i>Topic</i>" not in page
    page = html(client, article.get_absolute_url())
    assert "&lt;script&gt;alert(&#39;headline&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_every_value_in_a_story_list_is_escaped(client):
    make_article(
        headline='<script>alert("h")</script> & co',
        standfirst="<b>bold</b> 'quoted'",
        dateline="<i>BAKU</i>",
        countries=["Azerbaijan"],
        topics=['<img src=x onerror="t">'],
    )
    page = html(client, "/")
    assert "<script>alert" not in page and "<b>bold" not in page and "<i>BAKU" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;h&#34;)&lt;/script&gt; &amp; co" in page
    assert "&lt;b&gt;bold&lt;/b&gt; &#39;quoted&#39;" in page
    assert '<span class="dateline">&lt;i&gt;BAKU&lt;/i&gt;</span>' in page
    assert "&lt;img src=x onerror=&#34;t&#34;&gt;</a>" in page


# Queries per public page on the bare path (no page cache), whatever the number of stories shown: the
# story or the page of stories (their tags come with them: Article.shown_tags), and what the page adds. A
# story's related stories and a tag's chart and companions are aggregates kept by
# page_cache.until_next_change; they cost two queries more on the first view after a change (test below).
PAGE_QUERIES = {
    "/": 1,  # the stories, with their tags
    "/?page=2": 1,
    "story": 1,  # the story, with its tags
    "/countries/georgia/": 2,  # the tag, its stories
    "/countries/georgia/?page=2": 2,
    "/ministries/ministry-of-trade-0-of-georgia/": 2,  # the same, the ministry's country read with it
    "/topics/trade/": 2,
    "/countries/": 2,  # a count and the tags with their numbers of stories
    "/ministries/": 2,
    "/topics/": 2,
    # On SQLite, the matches' ids first when there are few (articles/site/search.py FEW), then the stories.
    "/search/?q=story": 2 if connection.vendor == "sqlite" else 1,
    "year": 2,  # the months with stories, the stories
    "month": 2,  # the days with stories, the stories
    "day": 1,  # the stories
    "/countries/old-georgia/": 4,  # no such tag, the redirect, the tag it leads to, whether it has a story
}


@pytest.mark.parametrize("stories", [22, 45])  # a second page of 2 stories, and one of 20
def test_every_public_page_costs_a_fixed_number_of_queries(client, bare, django_assert_num_queries, stories):
    from articles.models import TagRedirect

    for n in range(stories):
        make_article(
            countries=["Azerbaijan", "Georgia"], ministries=[f"Ministry of Trade {n} of Georgia"], topics=["Trade"]
        )
    TagRedirect.objects.create(kind="countries", old_slug="old-georgia", new_slug="georgia")
    day = timezone.localtime(Article.objects.first().published_at)
    urls = {
        "story": Article.objects.first().get_absolute_url(),
        "year": f"/{day:%Y}/",
        "month": f"/{day:%Y/%m}/",
        "day": f"/{day:%Y/%m/%d}/",
    }
    for page in PAGE_QUERIES:  # the first view of each, which fills the shared aggregates
        html(client, urls.get(page, page), status=301 if "old-" in page else 200)
    for page, count in PAGE_QUERIES.items():
        assert count <= 4
        with django_assert_num_queries(count):
            client.get(urls.get(page, page))


def test_a_first_view_after_a_change_costs_its_aggregates_once(client, bare, django_assert_num_queries):
    for n in range(5):
        make_article(countries=["Azerbaijan"], topics=["Trade"] if n % 2 else ["Energy"])
    story = Article.objects.first()
    page_cache.moment()  # the page cache's own key, read once a change by whichever page comes first
    page_cache.usable()  # and its own check, every few seconds (a write, and any bump a change owes)
    with django_assert_num_queries(3):  # the story with its tags, the related candidates, their shared tags
        html(client, story.get_absolute_url())
    with django_assert_num_queries(4):  # the tag, its stories, the monthly chart, the companions
        html(client, "/topics/trade/")
    with django_assert_num_queries(1):
        html(client, story.get_absolute_url())
    with django_assert_num_queries(2):
        html(client, "/topics/trade/")
