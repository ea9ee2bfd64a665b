"""Sitemaps, the Google News sitemap and robots.txt: sections by month with true dates, the site's own pages,
only what readers may see, a bounded number of queries, cached like pages."""

import datetime
import re

import pytest
from django.utils import timezone

from articles.desk.workflow import transition
from articles.models import Article
from articles.site.queries import month_start
from tests import sitemaps
from tests.desk_forms import user_in
from tests.factories import days_ago, make_article

pytestmark = pytest.mark.django_db

W3C_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)")
TAG_SECTIONS = ["/sitemap-countries.xml", "/sitemap-ministries.xml", "/sitemap-topics.xml"]


def lastmod(text):
    assert W3C_DATETIME.fullmatch(text), text
    return datetime.datetime.fromisoformat(text)


def second(moment):
    """A moment as sitemaps give it: to the second."""
    return moment.replace(microsecond=0)


def absolute(obj):
    return f"http://testserver{obj if isinstance(obj, str) else obj.get_absolute_url()}"


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def make_hidden_stories(**tags):
    """One story in each state readers must not see, all dated within the hour unless scheduled."""
    S, recent, tomorrow = Article.Status, timezone.now() - datetime.timedelta(hours=1), days_ago(-1)
    return [
        make_article(headline="Hidden draft", status=S.DRAFT, published_at=recent, **tags),
        make_article(headline="Hidden in review", status=S.IN_REVIEW, published_at=recent, **tags),
        make_article(headline="Hidden ready", status=S.READY, published_at=recent, **tags),
        make_article(headline="Hidden scheduled", published_at=tomorrow, **tags),
        make_article(headline="Hidden embargoed", published_at=recent, embargo_until=tomorrow, **tags),
        make_article(headline="Hidden unpublished", status=S.UNPUBLISHED, published_at=recent, **tags),
        make_article(headline="Hidden archived", status=S.ARCHIVED, published_at=recent, **tags),
    ]


def test_the_index_lists_the_sites_pages_each_kind_of_tag_and_a_section_per_month_with_stories(client):
    make_article(published_at=at(2024, 1, 10), countries=["Azerbaijan"], ministries=["Ministry of Energy of Georgia"])
    make_article(published_at=at(2024, 3, 5), topics=["Trade"])  # February has none
    index = sitemaps.index(client)
    assert [path for path, _lastmod in index] == [
        "/sitemap-pages.xml",
        *TAG_SECTIONS,
        "/sitemap-stories-2024-01.xml",
        "/sitemap-stories-2024-03.xml",
    ]
    for _path, date in index:
        lastmod(date)


def test_each_month_is_dated_by_its_own_last_change_so_a_closed_month_keeps_its_date(client):
    january = make_article(published_at=at(2024, 1, 10))
    revised = make_article(published_at=at(2024, 3, 5), revised_at=at(2024, 4, 2))
    dates = dict(sitemaps.index(client))
    assert lastmod(dates["/sitemap-stories-2024-01.xml"]) == january.published_at
    assert lastmod(dates["/sitemap-stories-2024-03.xml"]) == revised.revised_at
    make_article(published_at=days_ago(1))  # news today: January's section has not changed
    assert lastmod(dict(sitemaps.index(client))["/sitemap-stories-2024-01.xml"]) == january.published_at


def test_a_months_section_lists_its_published_stories_with_their_last_change(client):
    plain = make_article(published_at=at(2024, 3, 3))
    revised = make_article(published_at=at(2024, 3, 20), revised_at=at(2024, 5, 1))
    other_month = make_article(published_at=at(2024, 4, 1))
    entries = sitemaps.entries(client, "/sitemap-stories-2024-03.xml")
    assert entries == {absolute(plain): entries[absolute(plain)], absolute(revised): entries[absolute(revised)]}
    assert lastmod(entries[absolute(plain)]) == plain.published_at
    assert lastmod(entries[absolute(revised)]) == revised.revised_at
    assert absolute(other_month) in sitemaps.entries(client, "/sitemap-stories-2024-04.xml")


@pytest.mark.parametrize(
    "zone, published, month",
    [
        ("Asia/Baku", datetime.datetime(2024, 1, 31, 22), "2024-02"),  # UTC+4: 1 February in Baku
        ("Europe/London", datetime.datetime(2024, 7, 31, 23, 30), "2024-08"),  # summer time: 00:30 on 1 August
        ("Europe/London", datetime.datetime(2024, 1, 31, 23, 30), "2024-01"),  # winter: still 31 January
        ("America/New_York", datetime.datetime(2024, 3, 1, 3), "2024-02"),  # 22:00 on 29 February
    ],
)
def test_months_follow_the_newsrooms_time_zone(client, settings, zone, published, month):
    settings.TIME_ZONE = zone
    story = make_article(published_at=published.replace(tzinfo=datetime.UTC))
    year, number = map(int, month.split("-"))
    with timezone.override(zone):
        assert month_start(year, number) <= story.published_at
    assert absolute(story) in sitemaps.entries(client, f"/sitemap-stories-{month}.xml")
    assert f"/sitemap-stories-{month}.xml" in [path for path, _date in sitemaps.index(client)]


@pytest.mark.parametrize(
    "name", ["stories-2024-02", "stories-2024-13", "stories-24-01", "stories-2024-1", "news-2024-01", "atlantis"]
)
def test_a_section_with_no_stories_or_no_such_name_answers_404(client, name):
    make_article(published_at=at(2024, 1, 10))
    assert client.get(f"/sitemap-{name}.xml").status_code == 404


def test_the_pages_section_lists_home_the_tag_indexes_the_feeds_the_archive_and_its_years_and_months(client):
    newest = make_article(published_at=at(2024, 3, 5))
    make_article(published_at=at(2023, 11, 5))
    entries = sitemaps.entries(client, "/sitemap-pages.xml")
    assert set(entries) == {
        absolute(path)
        for path in [
            "/", "/countries/", "/ministries/", "/topics/", "/feeds/", "/archive/",
            "/2023/", "/2024/", "/2023/11/", "/2024/03/",
        ]
    }  # fmt: skip
    assert lastmod(entries[absolute("/")]) == newest.published_at
    assert lastmod(entries[absolute("/2023/11/")]) == at(2023, 11, 5)


def test_tag_sections_date_each_tag_page_by_its_newest_published_story(client):
    older = make_article(published_at=days_ago(3), topics=["Trade", "Energy"], countries=["Azerbaijan"])
    newest = make_article(published_at=days_ago(2), revised_at=days_ago(1), topics=["Trade"])
    make_hidden_stories(topics=["Trade"], countries=["Azerbaijan"])
    topics = sitemaps.entries(client, "/sitemap-topics.xml")
    assert set(topics) == {absolute("/topics/trade/"), absolute("/topics/energy/")}
    assert lastmod(topics[absolute("/topics/trade/")]) == second(newest.revised_at)
    assert lastmod(topics[absolute("/topics/energy/")]) == second(older.published_at)
    # The hidden stories with that country are newer, and do not count.
    countries = sitemaps.entries(client, "/sitemap-countries.xml")
    assert list(countries) == [absolute("/countries/azerbaijan/")]
    assert lastmod(countries[absolute("/countries/azerbaijan/")]) == second(older.published_at)
    assert sitemaps.entries(client, "/sitemap-ministries.xml") == {}
    assert "/sitemap-ministries.xml" not in dict(sitemaps.index(client))  # no tag of that kind to list


def test_a_tag_last_seen_long_ago_is_dated_by_that_story_and_an_old_story_revised_today_dates_its_tags(client):
    """The last months are read one by one, the rest at once: both must find every tag."""
    make_article(published_at=days_ago(1), ministries=["Ministry of Energy of Georgia"])
    long_ago = make_article(published_at=days_ago(400), ministries=["Ministry of Health of Georgia"])
    revised = make_article(
        published_at=days_ago(500), revised_at=timezone.now(), ministries=["Ministry of Trade of Georgia"]
    )
    ministries = sitemaps.entries(client, "/sitemap-ministries.xml")
    assert lastmod(ministries[absolute("/ministries/ministry-of-health-of-georgia/")]) == long_ago.published_at.replace(
        microsecond=0
    )
    assert lastmod(ministries[absolute("/ministries/ministry-of-trade-of-georgia/")]) == revised.revised_at.replace(
        microsecond=0
    )
    index = dict(sitemaps.index(client))
    assert lastmod(index["/sitemap-ministries.xml"]) == revised.revised_at.replace(microsecond=0)


def test_stories_readers_cannot_see_are_in_no_sitemap(client):
    tags = {"countries": ["Azerbaijan"], "ministries": ["Ministry of Economy of Azerbaijan"], "topics": ["Trade"]}
    published = make_article(published_at=days_ago(1), **tags)
    hidden = make_hidden_stories(**tags)
    locations = sitemaps.every_location(client)
    assert absolute(published) in locations
    for article in hidden:
        assert absolute(article) not in locations, article.headline
    # The newest hidden story is an hour old, the published one a day: the index dates sections by the latter.
    assert {lastmod(date) for _path, date in sitemaps.index(client)} == {published.published_at.replace(microsecond=0)}


def test_a_tag_used_only_by_hidden_stories_is_in_no_sitemap(client):
    make_article(topics=["Trade"])
    make_hidden_stories(ministries=["Ministry of Secret Plans of Azerbaijan"], topics=["Secret topic"])
    assert absolute("/topics/trade/") in sitemaps.every_location(client)
    assert "secret" not in sitemaps.every_section_text(client).casefold()


def test_an_unpublished_story_leaves_every_sitemap_at_once_though_they_are_cached(client):
    publisher = user_in("Publishers")
    story = make_article(headline="Soon gone", status=Article.Status.READY, published_at=None, topics=["Trade"])
    transition(story, "publish", by=publisher)
    before = sitemaps.every_section_text(client)
    assert story.slug in before
    assert client.get("/sitemap-news.xml")["X-Page-Cache"] == "hit"
    transition(story, "unpublish", by=publisher)
    assert story.slug not in sitemaps.every_section_text(client)


def test_sitemaps_and_robots_txt_are_for_shared_caches_and_revalidated_by_browsers(client):
    make_article(published_at=at(2024, 1, 10), topics=["Trade"])
    for url in ["/sitemap.xml", "/sitemap-pages.xml", "/sitemap-topics.xml", "/sitemap-stories-2024-01.xml",
                "/sitemap-news.xml", "/robots.txt"]:  # fmt: skip
        response = client.get(url)
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=2", url
        assert response["X-Accel-Expires"] == "2", url
        assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304, url


def test_the_news_sitemap_holds_only_the_last_two_days_newest_first(client):
    now = timezone.now()
    fresh = make_article(published_at=now - datetime.timedelta(hours=1))
    nearly_stale = make_article(published_at=now - datetime.timedelta(hours=47))
    make_article(published_at=now - datetime.timedelta(hours=49))
    make_article(published_at=days_ago(5))
    hidden = make_hidden_stories()
    root = sitemaps.parse(client, "/sitemap-news.xml")
    locations = [url.findtext("sm:loc", namespaces=sitemaps.NS) for url in root]
    assert locations == [absolute(fresh), absolute(nearly_stale)]
    for article in hidden:
        assert absolute(article) not in locations


def test_the_news_sitemap_takes_its_publication_name_and_language_from_settings(client, settings):
    settings.NEWSROOM_SITE_NAME, settings.NEWSROOM_NEWS_LANGUAGE = "Caspian & Courier", "ru"
    article = make_article(headline="<b>bold</b> & co", published_at=timezone.now() - datetime.timedelta(hours=1))
    response = client.get("/sitemap-news.xml")
    assert b"&lt;b&gt;bold&lt;/b&gt; &amp; co" in response.content
    (url,) = sitemaps.parse(client, "/sitemap-news.xml")
    assert url.findtext("sm:loc", namespaces=sitemaps.NS) == absolute(article)
    news = url.find("news:news", sitemaps.NS)
    assert news.findtext("news:publication/news:name", namespaces=sitemaps.NS) == "Caspian & Courier"
    assert news.findtext("news:publication/news:language", namespaces=sitemaps.NS) == "ru"
    published = lastmod(news.findtext("news:publication_date", namespaces=sitemaps.NS))
    assert published == article.published_at.replace(microsecond=0)
    assert news.findtext("news:title", namespaces=sitemaps.NS) == "<b>bold</b> & co"


def test_the_news_sitemap_holds_at_most_1000_stories(client):
    recent = timezone.now() - datetime.timedelta(hours=2)
    Article.objects.bulk_create(
        Article(headline=f"Story {n}", slug=f"story-{n}", body="Text.", status="published", published_at=recent)
        for n in range(1001)
    )
    assert len(sitemaps.parse(client, "/sitemap-news.xml")) == 1000


def test_the_news_sitemap_leaves_out_characters_xml_cannot_carry(client):
    # Stored as they came, past any form: the sitemap must still be XML, the title without them.
    article = make_article(published_at=timezone.now() - datetime.timedelta(hours=1))
    Article.objects.filter(pk=article.pk).update(headline="Trade\x01 talks\x0b in Baku\ufffe")
    (url,) = sitemaps.parse(client, "/sitemap-news.xml")
    assert url.findtext("news:news/news:title", namespaces=sitemaps.NS) == "Trade talks in Baku"


def test_robots_txt_lists_both_sitemaps_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[:3] == ["User-agent: *", "Disallow: /admin/", "Disallow: /search/"]
    assert "Sitemap: https://testserver/sitemap.xml" in lines
    assert "Sitemap: https://testserver/sitemap-news.xml" in lines


def test_sitemaps_cost_a_number_of_queries_set_by_months_not_by_stories(client, bare, django_assert_max_num_queries):
    """The index: the months in one query, and per kind of tag its newest month's tags and the revised
    stories'. A section: the months, at most a few months' tags, then the rest at once."""
    for batch in [3, 40]:
        for n in range(batch):
            make_article(
                published_at=days_ago(n % 12 * 31 + 1),
                countries=["Azerbaijan", f"Country {batch}-{n}"],
                ministries=[f"Ministry of Trade {batch}-{n} of Georgia"],
                topics=["Trade", f"Topic {batch}-{n}"],
            )
        assert len([path for path, _date in sitemaps.index(client) if "stories-" in path]) >= min(batch, 12)
        with django_assert_max_num_queries(1 + 3 * 2):
            sitemaps.parse(client, "/sitemap.xml")
        for url in TAG_SECTIONS:
            with django_assert_max_num_queries(1 + 1 + 3 + 2 + 1):
                sitemaps.parse(client, url)
        for url in ["/sitemap-news.xml", f"/sitemap-stories-{timezone.localtime(days_ago(1)):%Y-%m}.xml"]:
            with django_assert_max_num_queries(1):
                sitemaps.parse(client, url)


@pytest.mark.parametrize("zone", ["UTC", "Asia/Baku", "America/New_York", "Pacific/Kiritimati"])
@pytest.mark.parametrize("month", ["0000-01", "0001-01", "9999-11", "9999-12", "10000-01"])
def test_the_first_and_last_months_a_date_can_hold_answer_404_not_500(client, settings, zone, month):
    # No story is published there (a story is live only once its time has passed): nothing to list, nothing to break.
    settings.TIME_ZONE = zone
    make_article(published_at=at(2024, 1, 10))
    assert client.get(f"/sitemap-stories-{month}.xml").status_code == 404
