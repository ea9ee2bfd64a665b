"""Fuzzing: whatever query string comes with a public page or the desk's lists, the answer is never a 500.

Odd numbers (unicode digits, huge, negative, empty), repeated keys, control characters and NULs, very long
values and percent-encoded garbage, for every public list and detail page, the feeds, the sitemaps,
robots.txt and, logged in as an editor, the admin's lists and tag pickers; in three time zones, as dates
near the ends of datetime's range overflow differently in each. Data is built once per class and each
example runs in its own transaction (hypothesis.extra.django.TestCase): no function-scoped pytest fixture
is shared between examples. The test client raises whatever a view raises, so a failure shows its traceback.
"""

import datetime
from urllib.parse import quote

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.desk_forms import user_in
from tests.factories import make_article

ZONES = ["UTC", "Asia/Tokyo", "America/New_York"]

# Paginated, each ?page= read by the site's own code or Django's.
LIST_URLS = [
    "/",
    "/search/?q=story",
    "/countries/",
    "/ministries/",
    "/topics/",
    "/countries/azerbaijan/",
    "/ministries/ministry-of-economy-of-azerbaijan/",
    "/topics/trade/",
    "/2024/",
    "/2024/05/",
    "/2024/05/06/",
]
PUBLIC_URLS = [
    *LIST_URLS,
    "/search/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/countries/azerbaijan/rss/",
    "/topics/trade/atom/",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/sitemap-stories.xml",
    "/sitemap-countries.xml",
    "/sitemap-topics.xml",
    "/robots.txt",
    "/healthz",
    "story",  # the story's own page (its URL is known once it is made)
]
PUBLIC_KEYS = ["page", "q", "p", "o", "utm_source", ""]

CHANGELIST = reverse("admin:articles_article_changelist")
ADMIN_URLS = [
    CHANGELIST,
    reverse("admin:articles_countrytag_changelist"),
    reverse("admin:articles_ministrytag_changelist"),
    reverse("admin:articles_topictag_changelist"),
]
ADMIN_KEYS = [
    # Django's own
    "p",
    "o",
    "q",
    "all",
    "e",
    "_facets",
    "_popup",
    "_to_field",
    # the lists' filters and the stories' date drill-down
    "status",
    "mine",
    "headline",
    "countries",
    "ministries",
    "topics",
    "country__id__exact",
    "assignee__id__exact",
    "assignee__isnull",
    "published_at__gte",
    "published_at__lt",
    "published_at__year",
    "published_at__month",
    "published_at__day",
    # lookups no filter makes
    "published_at__year__gt",
    "headline__regex",
    "name__regex",
    "id__in",
    "slug",
    "author__username",
]
NUMBER_KEYS = {
    "page",
    "p",
    "o",
    "published_at__year",
    "published_at__month",
    "published_at__day",
    "published_at__year__gt",
    "country__id__exact",
    "assignee__id__exact",
    "id__in",
}
DATE_KEYS = {"published_at__gte", "published_at__lt"}

# Numbers as a link sends them and as nobody would: digits int() refuses ("²"), digits it takes that are
# not ASCII ("١٢"), the ends of a date's fields, past datetime's years, past int()'s 4,300 digits.
odd_digits = st.sampled_from(["²", "①", "١٢", "٣", "𝟗", "Ⅻ", "½", "¹⁰", "1²", "1.0", "1e3", "0x1", "+1", " 1", "-0"])
edge_numbers = st.sampled_from(["0", "00", "01", "1", "2", "12", "13", "29", "30", "31", "32", "40", "-1"])
edge_years = st.sampled_from(["1", "2", "1970", "2024", "9998", "9999", "10000", "99999999999999", "-1", "0"])
numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str)
long_digits = st.integers(min_value=10, max_value=6000).map(lambda n: "9" * n)
numberish = st.one_of(odd_digits, edge_numbers, edge_years, numbers, long_digits, st.just(""))
dates = st.sampled_from(
    [
        "0001-01-01",
        "0001-01-01 00:00:00",
        "0001-01-02",
        "9999-12-31",
        "9999-12-31 23:59:59",
        "9999-12-30",
        "2024-05-06",
        "2024-02-30",
        "10000-01-01",
        "2024-05-06T25:00",
        "2024-05-06 12:00:00+14:00",
    ]
)
controls = st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=5)
words = st.sampled_from(["live", "draft", "review", "machine", "edited", "assigned", "written", "azerbaijan", "trade"])
long_text = st.integers(min_value=100, max_value=10_000).map(lambda n: "a " * (n // 2))
values = st.one_of(st.just(""), numberish, dates, controls, words, long_text, st.text(max_size=30))
# Pieces of a query string written by hand, encoded by nobody: stray and broken escapes, invalid UTF-8,
# an encoded surrogate, a NUL, separators.
raw_pieces = st.sampled_from(
    ["%", "%%", "%zz", "%0", "%00", "%ff%fe", "%C0%80", "%ED%A0%80", "%E2%80%AE", "&", "&&", "=", "==", ";", "+", "#"]
)


def encode(text):
    return quote(text, safe="")


def value_for(key):
    if key in NUMBER_KEYS:
        return st.one_of(numberish, values)
    if key in DATE_KEYS:
        return st.one_of(dates, values)
    return values


@st.composite
def query_strings(draw, keys):
    """A query string: pairs of a known or invented key and an odd value, keys repeated at will, bare keys,
    and hand-written garbage."""
    parts = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["pair", "pair", "pair", "raw", "bare"]))
        key = draw(st.one_of(st.sampled_from(keys), st.text(max_size=8)))
        if kind == "pair":
            parts.append(f"{encode(key)}={encode(draw(value_for(key)))}")
        elif kind == "bare":
            parts.append(encode(key))
        else:
            parts.append(f"{encode(key)}={draw(raw_pieces)}{encode(draw(st.text(max_size=4)))}")
    return "&".join(parts)


@st.composite
def drill_downs(draw):
    """The date drill-down's year, month and day: each may be missing, odd, or past what a date holds."""
    fields = {"published_at__year": draw(st.one_of(edge_years, numberish))}
    if draw(st.booleans()):
        fields["published_at__month"] = draw(st.one_of(edge_numbers, numberish))
        if draw(st.booleans()):
            fields["published_at__day"] = draw(st.one_of(edge_numbers, numberish))
    return "&".join(f"{key}={encode(value)}" for key, value in fields.items())


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class QueryStringsNeverAnswer500(TestCase):
    @classmethod
    def setUpTestData(cls):
        story = make_article(
            headline="The May story",
            published_at=timezone.make_aware(datetime.datetime(2024, 5, 6, 12), datetime.UTC),
            countries=["Azerbaijan"],
            ministries=["Ministry of Economy of Azerbaijan"],
            topics=["Trade"],
        )
        # Within the news sitemap's two days, so it has an entry too.
        make_article(headline="Fresh story", published_at=timezone.now() - datetime.timedelta(hours=1))
        cls.story_url = story.get_absolute_url()
        cls.editor = user_in("Editors")

    def answer(self, url, query, zone="UTC"):
        url = self.story_url if url == "story" else url
        with override_settings(TIME_ZONE=zone):
            response = self.client.get(f"{url}{'&' if '?' in url else '?'}{query}")
        self.assertLess(response.status_code, 500, f"{url} {query} ({zone})")

    @FUZZ
    @given(url=st.sampled_from(PUBLIC_URLS), query=query_strings(PUBLIC_KEYS), zone=st.sampled_from(ZONES))
    def test_public_pages(self, url, query, zone):
        self.answer(url, query, zone)

    @settings(max_examples=150, deadline=None)
    @given(url=st.sampled_from(LIST_URLS), page=numberish)
    def test_page_numbers_on_every_list(self, url, page):
        self.answer(url, f"page={encode(page)}")

    @FUZZ
    @given(url=st.sampled_from(ADMIN_URLS), query=query_strings(ADMIN_KEYS), zone=st.sampled_from(ZONES))
    def test_the_desks_lists(self, url, query, zone):
        self.client.force_login(self.editor)
        self.answer(url, query, zone)

    @settings(max_examples=150, deadline=None)
    @given(query=drill_downs(), zone=st.sampled_from(ZONES), facets=st.booleans())
    def test_the_story_lists_date_drill_down(self, query, zone, facets):
        self.client.force_login(self.editor)
        self.answer(CHANGELIST, f"{query}&_facets=1" if facets else query, zone)

    @settings(max_examples=60, deadline=None)
    @given(term=st.one_of(values, raw_pieces))
    def test_the_tag_pickers(self, term):
        # The story form's tag pickers search their tag's admin with what was typed.
        self.client.force_login(self.editor)
        term = term if term.startswith("%") else encode(term)  # hand-written pieces as they are
        for kind in ["countries", "topics"]:
            self.answer(
                reverse("admin:autocomplete"), f"app_label=articles&model_name=article&field_name={kind}&term={term}"
            )
