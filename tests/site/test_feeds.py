"""RSS and Atom feeds: only published stories, valid XML, every item complete, a fixed number of queries."""

import calendar
import datetime
import html

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article, TopicTag
from articles.site.feeds import xml_text
from tests.factories import days_ago, make_article

pytestmark = pytest.mark.django_db

SITE_FEEDS = ["/feeds/rss/", "/feeds/atom/"]
TAGS = {
    "countries": ["Azerbaijan"],
    "ministries": ["Ministry of Economy of Azerbaijan"],
    "topics": ["Trade"],
}
TAG_FEEDS = [
    f"{page}{format}/"
    for page in ["/countries/azerbaijan/", "/ministries/ministry-of-economy-of-azerbaijan/", "/topics/trade/"]
    for format in ["rss", "atom"]
]
ALL_FEEDS = SITE_FEEDS + TAG_FEEDS


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, f"{url}: {parsed.get('bozo_exception')}"
    return parsed


def headlines(client, url):
    return [entry.title for entry in feed(client, url).entries]


def timestamp(struct):
    return calendar.timegm(struct)


def make_hidden_stories(**tags):
    """One story in each state readers must not see, all dated yesterday unless scheduled."""
    S, tomorrow = Article.Status, timezone.now() + datetime.timedelta(days=1)
    return [
        make_article(headline="Hidden draft", status=S.DRAFT, **tags),
        make_article(headline="Hidden in review", status=S.IN_REVIEW, **tags),
        make_article(headline="Hidden ready", status=S.READY, **tags),
        make_article(headline="Hidden scheduled", published_at=tomorrow, **tags),
        make_article(headline="Hidden embargoed", embargo_until=tomorrow, **tags),
        make_article(headline="Hidden unpublished", status=S.UNPUBLISHED, **tags),
        make_article(headline="Hidden archived", status=S.ARCHIVED, **tags),
    ]


def test_every_feed_parses_and_carries_the_published_story(client):
    published = days_ago(1).replace(microsecond=0)
    revised = published + datetime.timedelta(hours=3)
    article = make_article(headline="Trade talks in Baku", published_at=published, revised_at=revised, **TAGS)
    link = f"http://testserver{article.get_absolute_url()}"

    for url in ALL_FEEDS:
        entries = feed(client, url).entries
        assert len(entries) == 1, url
        entry = entries[0]
        assert entry.title == "Trade talks in Baku"
        assert entry.link == link
        assert entry.id == f"tag:127.0.0.1,{article.created_at:%Y-%m-%d}:story/{article.pk}"
        assert entry.summary == article.standfirst
        assert entry.author == "Trend"
        assert sorted(tag.term for tag in entry.tags) == sorted(name for names in TAGS.values() for name in names)
        assert timestamp(entry.published_parsed) == published.timestamp()
        if url.endswith("/atom/"):
            assert timestamp(entry.updated_parsed) == revised.timestamp()


def test_an_unrevised_story_is_updated_when_published(client):
    published = days_ago(1).replace(microsecond=0)
    make_article(published_at=published)
    entry = feed(client, "/feeds/atom/").entries[0]
    assert timestamp(entry.updated_parsed) == published.timestamp()


def test_feeds_name_their_scope_and_link_to_its_page(client):
    make_article(**TAGS)
    site = feed(client, "/feeds/atom/").feed
    assert site.title == "Newsroom"
    assert site.link == "http://testserver/"
    tag = feed(client, "/topics/trade/rss/").feed
    assert tag.title == "Newsroom: Trade"
    assert tag.link == "http://testserver/topics/trade/"


def test_stories_readers_cannot_see_are_in_no_feed(client):
    make_article(headline="The published one", **TAGS)
    make_hidden_stories(**TAGS)
    for url in ALL_FEEDS:
        assert headlines(client, url) == ["The published one"], url


def test_a_tag_used_only_by_drafts_has_no_feed(client):
    make_article(headline="The published one", topics=["Trade"])
    make_article(ministries=["Ministry of Secret Plans of Azerbaijan"], status=Article.Status.DRAFT)
    for format in ["rss", "atom"]:
        assert client.get(f"/ministries/ministry-of-secret-plans-of-azerbaijan/{format}/").status_code == 404
    for url in SITE_FEEDS:
        assert b"Secret Plans" not in client.get(url).content


def test_a_tag_only_hidden_stories_carry_has_no_feed(client):
    make_article(headline="The published one")
    make_hidden_stories(topics=["Secret topic"])
    for format in ["rss", "atom"]:
        assert client.get(f"/topics/secret-topic/{format}/").status_code == 404


def test_an_unknown_tag_has_no_feed(client):
    make_article(**TAGS)
    for kind in TAGS:
        for format in ["rss", "atom"]:
            assert client.get(f"/{kind}/atlantis/{format}/").status_code == 404


def test_a_tag_feed_holds_only_stories_with_that_tag(client):
    make_article(headline="About trade", topics=["Trade"])
    make_article(headline="About energy", topics=["Energy"])
    assert headlines(client, "/topics/trade/rss/") == ["About trade"]
    assert headlines(client, "/topics/energy/atom/") == ["About energy"]


def test_feeds_hold_the_latest_30_stories_newest_first(client):
    make_article(headline="Hidden", status=Article.Status.DRAFT, topics=["Trade"])
    for day in range(35):
        make_article(headline=f"Story {day:02d} days old", published_at=days_ago(day + 1), topics=["Trade"])
    expected = [f"Story {day:02d} days old" for day in range(30)]
    for url in ["/feeds/rss/", "/feeds/atom/", "/topics/trade/rss/", "/topics/trade/atom/"]:
        assert headlines(client, url) == expected, url


def test_markup_in_copy_comes_back_as_text(client):
    make_article(headline="<b>bold</b> & co", standfirst="<i>x</i> & <script>y</script>", topics=["R&D"])
    for url in ["/feeds/rss/", "/feeds/atom/", "/topics/rd/rss/", "/topics/rd/atom/"]:
        response = client.get(url)
        assert b"<b>bold</b>" not in response.content and b"<b>" not in response.content
        entry = feed(client, url).entries[0]
        assert shown(entry.title_detail) == "<b>bold</b> & co"
        # The description is HTML in both formats: the standfirst arrives escaped, to be shown as text.
        assert "<" not in entry.summary
        assert html.unescape(entry.summary) == "<i>x</i> & <script>y</script>"
        assert [tag.term for tag in entry.tags] == ["R&D"]


def test_feeds_use_a_fixed_number_of_queries(client, bare, django_assert_max_num_queries):
    for batch in [3, 40]:
        for n in range(batch):
            make_article(
                countries=["Azerbaijan", f"Country {batch}-{n}"],
                ministries=[f"Ministry of Trade {batch}-{n} of Georgia"],
                topics=["Trade", f"Topic {batch}-{n}"],
            )
        for url in SITE_FEEDS:
            with django_assert_max_num_queries(2):  # the stories, their tags
                feed(client, url)
        for url in ["/countries/azerbaijan/rss/", "/topics/trade/atom/"]:
            with django_assert_max_num_queries(3):  # the tag, its latest stories, their tags
                feed(client, url)


def test_characters_xml_cannot_carry_are_left_out_of_every_feed(client):
    # Stored as they came, past any form: feeds must still answer, without the characters.
    article = make_article(**TAGS)
    Article.objects.filter(pk=article.pk).update(
        headline="Trade\x01 talks\x0b in Baku\ufffe", standfirst="Talks\x08 went on.", credit="Tr\x0cend"
    )
    TopicTag.objects.filter(name="Trade").update(name="Tr\x01ade\x0b")
    for url in [*SITE_FEEDS, "/topics/trade/rss/", "/topics/trade/atom/"]:
        parsed = feed(client, url)
        (entry,) = parsed.entries
        assert entry.title == "Trade talks in Baku", url
        assert entry.summary == "Talks went on."
        assert entry.author == "Trend"
        assert "Trade" in [tag.term for tag in entry.tags], url
    assert feed(client, "/topics/trade/rss/").feed.title == "Newsroom: Trade"


def test_xml_text_keeps_every_character_xml_can_carry():
    assert xml_text("a\tb\nc\rd é ü 中 \U0001f600 \ufffd") == "a\tb\nc\rd é ü 中 \U0001f600 \ufffd"
    assert xml_text("\x00\x01\x08\x0b\x0c\x0e\x1f\ud800\udfff\ufffe\uffff") == ""
    assert xml_text(["a\x01", "b"]) == ["a", "b"]
    assert xml_text(None) is None


def test_entry_ids_stay_the_same_when_the_host_or_the_storys_date_changes(client, settings):
    """A reader that has an entry must never see it again as new: its id is the story's, not its URL's."""
    settings.ALLOWED_HOSTS = ["testserver", "news.example"]
    article = make_article(published_at=days_ago(3))
    for url in ["/feeds/rss/", "/feeds/atom/"]:
        before = feed(client, url).entries[0]
        moved = feedparser.parse(client.get(url, headers={"Host": "news.example"}).content).entries[0]
        assert moved.link != before.link and moved.id == before.id, url
    Article.objects.filter(pk=article.pk).update(published_at=days_ago(2))  # rescheduled: a new URL
    for url in ["/feeds/rss/", "/feeds/atom/"]:
        assert feed(client, url).entries[0].id == before.id, url
    assert b'<guid isPermaLink="false">tag:' in client.get("/feeds/rss/").content


def test_every_atom_entry_has_an_author_the_agency_or_else_the_site(client, settings):
    settings.NEWSROOM_SITE_NAME = "Caspian Courier"
    make_article(headline="Credited", credit="AzerNews", published_at=days_ago(1))
    make_article(headline="Uncredited", credit="", published_at=days_ago(2))
    entries = feed(client, "/feeds/atom/").entries
    assert [(entry.title, entry.author) for entry in entries] == [
        ("Credited", "AzerNews"),
        ("Uncredited", "Caspian Courier"),
    ]
    assert b"<author><name>" in client.get("/feeds/atom/").content


def shown(detail):
    """A title as a reader shows it: HTML read as HTML (tags would act, references resolve), text as it is."""
    return html.unescape(detail.value) if detail.type == "text/html" else detail.value


@pytest.mark.parametrize("headline", ["Tariffs < 5% for R&D <b>now</b>", "Tom &amp; Jerry", "Ports & rails: 5 > 3"])
def test_titles_show_as_the_headline_in_every_reader(client, headline):
    """RSS does not say whether a title is text or HTML, and feedparser, like most readers, reads a title
    that looks like HTML as HTML: such a headline goes out escaped, to show as written. Atom's is text."""
    make_article(headline=headline, topics=["Trade"])
    for url in ["/feeds/rss/", "/topics/trade/rss/", "/feeds/atom/", "/topics/trade/atom/"]:
        entry = feed(client, url).entries[0]
        assert "<" not in entry.title_detail.value or entry.title_detail.type == "text/plain", url
        assert shown(entry.title_detail) == headline, url
    assert feed(client, "/feeds/atom/").entries[0].title_detail.type == "text/plain"


def test_feeds_are_for_shared_caches_briefly_and_revalidated_by_browsers(client):
    make_article(**TAGS)
    for url in ALL_FEEDS:
        response = client.get(url)
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=2", url
        assert response["X-Accel-Expires"] == "2", url
        assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304, url


def test_each_tag_page_links_its_feeds_and_the_feeds_page_lists_them(client):
    make_article(**TAGS)
    page = client.get("/topics/trade/").content.decode()
    assert '<a href="/topics/trade/rss/" type="application/rss+xml">RSS feed</a>' in page
    assert '<a href="/topics/trade/atom/" type="application/atom+xml">Atom feed</a>' in page
    feeds = client.get("/feeds/").content.decode()
    for url in SITE_FEEDS:
        assert f'href="{url}"' in feeds
    assert 'href="/feeds/"' in client.get("/").content.decode()  # from every page's footer
