"""The reader's site: search, archives, related stories, notes on changes, metadata, caching, errors."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from tests.factories import days_ago, make_article

pytestmark = pytest.mark.django_db
S = Article.Status


def get(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, url
    return response


def unmarked(response):
    """A results page's text without the marks on the words found."""
    return re.sub(r"</?mark>", "", response.content.decode())


def test_search_finds_every_word_anywhere_headline_hits_first_on_postgresql_newest_first_on_sqlite(client):
    body_only = make_article(
        headline="Ports report", body="Cotton exports through Poti rose.", published_at=days_ago(1)
    )
    headline = make_article(headline="Cotton exports rise", body="Figures for the year.", published_at=days_ago(5))
    make_article(headline="Wheat harvest", body="Nothing about the other crop.")
    page = unmarked(get(client, "/search/?q=cotton+exports"))
    # SQLite does not rank: it would read every match (articles/site/search.py).
    first, then = (headline, body_only) if connection.vendor == "postgresql" else (body_only, headline)
    assert page.index(first.headline) < page.index(then.headline)
    assert "Wheat harvest" not in page


def test_search_is_case_insensitive_and_echoes_the_query_escaped(client):
    make_article(headline="Caspian ferry", body="The FERRY sailed.")
    page = get(client, "/search/?q=<b>ferry</b>").content.decode()
    assert "&lt;b&gt;ferry&lt;/b&gt;" in page and "<b>ferry</b>" not in page
    assert "Caspian ferry" in unmarked(get(client, "/search/?q=FERRY"))


@pytest.mark.parametrize("query", ["", "   ", "%00", "a" * 5000, "'; DROP TABLE x; --", "\\", "%", "_", "&&&"])
def test_odd_search_input_answers_a_page_never_an_error(client, query):
    make_article(headline="Anything")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url", ["/search/?page=abc", "/search/?q=x&page=0", "/search/?q=x&page=999999999999", "/?page=-1"]
)
def test_odd_page_numbers_answer_404(client, url):
    assert client.get(url).status_code == 404


LIST_PAGES = [
    "/",
    "/countries/azerbaijan/",
    "/countries/",
    "/topics/",
    "/2024/",
    "/2024/05/",
    "/2024/05/06/",
    "/search/?q=x",
]


@pytest.mark.parametrize("number", ["²", "①", "١٢", "1²", "9" * 5000, "-1", "+1", " 1", "1.0", "0x1"])
@pytest.mark.parametrize("url", LIST_PAGES)
def test_a_page_number_that_is_not_plain_digits_answers_404_on_every_list_page(client, url, number):
    # str.isdigit takes "²" and "①", which int() refuses; int() refuses 5,000 digits too.
    make_article(
        headline="x", countries=["Azerbaijan"], published_at=timezone.make_aware(datetime.datetime(2024, 5, 6))
    )
    assert client.get(url).status_code == 200
    separator = "&" if "?" in url else "?"
    assert client.get(f"{url}{separator}page={number}").status_code == 404


def test_date_archives_list_the_published_stories_of_a_year_month_and_day(client):
    when = timezone.make_aware(datetime.datetime(2024, 5, 6, 12))
    story = make_article(headline="May story", published_at=when)
    make_article(headline="Draft in May", status=S.DRAFT, published_at=when)
    for url in ["/2024/", "/2024/05/", "/2024/05/06/"]:
        page = get(client, url).content.decode()
        assert story.headline in page and "Draft in May" not in page
    get(client, "/2023/", status=404)
    get(client, "/2024/13/", status=404)


def test_each_archive_describes_its_period_in_english(client):
    make_article(headline="May story", published_at=timezone.make_aware(datetime.datetime(2024, 5, 6, 12)))
    for url, description in [
        ("/2024/", "The stories published in 2024."),
        ("/2024/05/", "The stories published in May 2024."),
        ("/2024/05/06/", "The stories published on 6 May 2024."),
    ]:
        assert f'<meta name="description" content="{description}">' in get(client, url).content.decode()


def test_an_archive_has_one_address_its_other_spellings_redirect_there(client):
    make_article(headline="May story", published_at=timezone.make_aware(datetime.datetime(2024, 5, 6, 12)))
    for url, address in [
        ("/2024/5/", "/2024/05/"),
        ("/02024/05/", "/2024/05/"),
        ("/2024/05/6/", "/2024/05/06/"),
        ("/2024/5/6/", "/2024/05/06/"),
        ("/2024/005/?page=1", "/2024/05/?page=1"),
    ]:
        response = get(client, url, status=301)
        # Not the same page again under a canonical of its own: a duplicate for search engines.
        assert response["Location"] == address, url
    get(client, "/2024/05/", status=200)
    for url in ["/2024/13/", "/2024/5x/", "/2024/\u00b2/", "/2024/05/32/", "/0001/", "/1/", "/0999/05/06/"]:
        get(client, url, status=404)


def test_an_article_lists_related_stories_by_shared_tags(client):
    story = make_article(countries=["Azerbaijan"], topics=["Trade", "Energy"])
    close = make_article(headline="Shares two tags", countries=["Azerbaijan"], topics=["Trade"])
    far = make_article(headline="Shares one tag", topics=["Energy"])
    make_article(headline="Shares nothing", topics=["Health"])
    make_article(headline="Unpublished relative", countries=["Azerbaijan"], topics=["Trade"], status=S.DRAFT)
    page = get(client, story.get_absolute_url()).content.decode()
    related = page.split('id="related-heading"')[1]
    assert related.index(close.headline) < related.index(far.headline)
    assert "Shares nothing" not in related and "Unpublished relative" not in related


def test_a_story_changed_after_publication_says_so_and_shows_its_correction(client, admin_client):
    story = make_article(published_at=days_ago(2))
    story.correction = "An earlier version misspelled the minister's name."
    story.headline = "Corrected headline"
    from django.db import transaction

    with transaction.atomic():
        story.save_content(expected_version=story.version, fields=["headline", "correction"])
    page = get(client, story.get_absolute_url()).content.decode()
    assert "Updated" in page
    assert "misspelled the minister&#39;s name" in page


def test_the_tag_page_charts_coverage_per_month_and_names_companion_tags(client):
    make_article(countries=["Azerbaijan"], topics=["Trade"], published_at=days_ago(1))
    make_article(countries=["Azerbaijan", "Georgia"], topics=["Trade"], published_at=days_ago(40))
    page = get(client, "/topics/trade/").content.decode()
    chart = re.search(r"<svg.*?</svg>", page, re.DOTALL).group(0)
    assert chart.count("<rect") == 24
    assert 'aria-label="2 stories tagged Trade' in chart
    often = page.split('id="companions-heading"')[1]
    assert often.index("Azerbaijan") < often.index("Georgia")


def test_a_tag_pages_companions_are_linked_counted_and_escaped(client):
    make_article(countries=["Azerbaijan"], topics=["Trade", '<img src=x onerror="t">'])
    make_article(countries=["Azerbaijan"], topics=["Trade"])
    page = get(client, "/topics/trade/").content.decode()
    often = page.split('id="companions-heading"')[1].split("</ul>")[0]
    assert '<li><a href="/countries/azerbaijan/">Azerbaijan</a> <span class="count">2</span></li>' in often
    assert '&lt;img src=x onerror=&#34;t&#34;&gt;</a> <span class="count">1</span>' in often
    assert "<img src=x" not in often


def test_a_tags_chart_and_companions_follow_each_change(client, bare):
    """Kept in the cache until the next change: a second story shows at once, a withdrawn one goes."""
    make_article(countries=["Azerbaijan"], topics=["Trade"])
    assert "Georgia" not in get(client, "/topics/trade/").content.decode()
    second = make_article(countries=["Georgia"], topics=["Trade"])
    page = get(client, "/topics/trade/").content.decode()
    assert 'aria-label="2 stories tagged Trade' in page and "Georgia" in page.split('id="companions-heading"')[1]
    second.status = S.UNPUBLISHED
    second.save()
    page = get(client, "/topics/trade/").content.decode()
    assert 'aria-label="1 story tagged Trade' in page and "Georgia" not in page


def json_ld(page):
    """{@type: data} of every JSON-LD block of a page."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    return {data["@type"]: data for data in map(json.loads, blocks)}


def test_an_article_carries_canonical_open_graph_twitter_and_news_article_json_ld(client):
    story = make_article(
        headline='Baku & Ankara sign "deal"', standfirst="A deal.", countries=["Azerbaijan"], topics=["Trade"]
    )
    page = get(client, story.get_absolute_url()).content.decode()
    url = f"http://testserver{story.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Baku &amp; Ankara sign &#34;deal&#34;">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    data = json_ld(page)["NewsArticle"]
    assert data["headline"] == 'Baku & Ankara sign "deal"'
    assert data["datePublished"] == story.published_at.isoformat(timespec="seconds")
    assert data["dateModified"] == story.published_at.isoformat(timespec="seconds")
    assert data["author"][0]["name"] == "Trend"
    assert data["keywords"] == ["Azerbaijan", "Trade"]
    assert data["mainEntityOfPage"]["@id"] == url


def test_json_ld_cannot_be_broken_out_of(client):
    story = make_article(headline="</script><script>alert(1)</script>")
    page = get(client, story.get_absolute_url()).content.decode()
    assert json_ld(page)["NewsArticle"]["headline"] == "</script><script>alert(1)</script>"
    assert json_ld(page)["BreadcrumbList"]["itemListElement"][-1]["name"] == "</script><script>alert(1)</script>"


def test_browsers_revalidate_public_pages_and_get_304_while_shared_caches_keep_them_briefly(client):
    story = make_article()
    for url in ["/", story.get_absolute_url(), "/topics/", "/search/?q=story"]:
        response = get(client, url)
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=2", url
        assert "Cookie" not in response.get("Vary", "")
        etag = response["ETag"]
        assert get(client, url, status=304, headers={"If-None-Match": etag}).content == b""


def test_an_edit_changes_the_etag_so_a_revalidation_gets_the_new_page(client):
    story = make_article(headline="First headline")
    url = story.get_absolute_url()
    etag = get(client, url)["ETag"]
    story.headline = "Second headline"
    story.save()
    response = get(client, url, headers={"If-None-Match": etag})
    assert "Second headline" in response.content.decode() and response["ETag"] != etag


def test_the_admin_and_previews_are_never_cached(admin_client):
    story = make_article(status=S.DRAFT)
    for url in ["/admin/", f"/admin/articles/article/{story.pk}/preview/"]:
        cache_control = get(admin_client, url)["Cache-Control"]
        assert "no-cache" in cache_control and "private" in cache_control and "public" not in cache_control


def test_friendly_404(client):
    page = get(client, "/no/such/page/", status=404).content.decode()
    assert "We could not find that page" in page and 'role="search"' in page


def test_friendly_500():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Something went wrong" in page and 'href="/"' in page


@pytest.mark.parametrize(
    "url",
    [
        "/countries/%00/",
        "/countries/..%2f..%2fetc%2fpasswd/",
        "/topics/" + "a" * 300 + "/",
        "/ministries/%E2%80%AE/",
        "/countries/azerbaijan/?page=abc",
        "/countries/azerbaijan/?page=99999999999999999999",
        "/2024/99/99/story/",
        "/9999/",
        "/2024/00/",
        "/9999/12/31/",
        "/9999/12/",
        "/countries/azerbaijan/rss/?x=%00",
        "/sitemap-nothing.xml",
    ],
)
def test_odd_tag_date_and_feed_urls_answer_404_never_500(client, url):
    make_article(countries=["Azerbaijan"])
    assert client.get(url).status_code in (200, 404)


def test_a_story_asked_for_under_another_date_redirects_to_its_own_address(client):
    story = make_article(headline="Moved")
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200  # its own address answers, never a redirect to itself
    moved = client.get("/2001/01/01/" + story.slug + "/")
    assert (moved.status_code, moved["Location"]) == (301, url)
    assert client.get("/2001/01/01/no-such-story/").status_code == 404
