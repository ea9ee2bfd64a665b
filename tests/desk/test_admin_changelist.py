"""The desk's lists in the admin: odd filter, date and search parameters end in a page or the admin's
invalid-lookup redirect (?e=1), never a 500, on SQLite and PostgreSQL and in any newsroom time zone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import CountryTag, TopicTag
from tests.desk_forms import user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
INVALID = f"{CHANGELIST}?e=1"
ZONES = ["UTC", "Asia/Tokyo", "America/New_York"]

# Dates past what Python's datetime (years 1 to 9999) or the conversion to UTC can hold.
OUT_OF_RANGE = [
    "published_at__year=99999999999999",
    "published_at__year=9999",
    "published_at__year=9999&published_at__month=12",
    "published_at__year=9999&published_at__month=12&published_at__day=31",
    "published_at__year=1",
    "published_at__year=1&published_at__month=1&published_at__day=1",
    "published_at__year=-1",
    "published_at__year=0",
    "published_at__year=2024&published_at__month=13",
    "published_at__year=2024&published_at__month=2&published_at__day=30",
    "published_at__year=2024&published_at__month=5&published_at__day=40",
    "published_at__year=2024&published_at__month=99999999999999999999",
    "published_at__year=²",
    "published_at__gte=garbage",
    "published_at__lt=garbage",
    "published_at__gte=0001-01-01",
    "published_at__lt=0001-01-01+00:00:00",
    "published_at__gte=9999-12-31",
    "published_at__lt=9999-12-31+23:59:59",
    "published_at__gte=99999-01-01",
]
# Lookups no filter of the list makes: Django would apply them as they come (a regular expression the
# database refuses, a number too big for SQLite), so the list refuses them.
NOT_A_FILTER = [
    "headline__regex=(",
    "id__in=99999999999999999999",
    "published_at__year__gt=99999999999999999999",
    "published_at__day=40",
    "published_at__month=99999999999999999999",
    "slug=x",
]
# PostgreSQL refuses a NUL in any text; a tag's slug goes to the database as it comes.
NUL = ["countries=%00", "topics=a%00b", "status=%00", "published_at__gte=%00"]


@pytest.fixture
def editor(client):
    when = timezone.make_aware(datetime.datetime(2024, 5, 6, 12))
    make_article(
        headline="The May story",
        published_at=when,
        countries=["Azerbaijan"],
        ministries=["Ministry of Economy of Azerbaijan"],
        topics=["Trade"],
    )
    client.force_login(user_in("Editors"))
    return client


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("query", OUT_OF_RANGE)
def test_dates_out_of_range_answer_the_invalid_lookup_redirect_or_a_page(editor, settings, zone, query):
    settings.TIME_ZONE = zone
    response = editor.get(f"{CHANGELIST}?{query}")
    # 200: a date Python and the database can take after all (0001-01-01 in UTC).
    assert response.status_code == 200 or (response.status_code, response.get("Location")) == (302, INVALID)


@pytest.mark.parametrize("query", NOT_A_FILTER + NUL)
def test_lookups_no_filter_makes_and_nul_characters_answer_the_invalid_lookup_redirect(editor, query):
    response = editor.get(f"{CHANGELIST}?{query}")
    assert (response.status_code, response.get("Location")) == (302, INVALID)


@pytest.mark.parametrize("query", ["name__regex=(", "id__in=99999999999999999999", "country__id__exact=%00", "x=%00"])
@pytest.mark.parametrize("kind", ["countrytag", "ministrytag", "topictag"])
def test_the_tag_lists_refuse_lookups_no_filter_makes(editor, kind, query):
    response = editor.get(f"{reverse(f'admin:articles_{kind}_changelist')}?{query}")
    assert (response.status_code, response["Location"]) == (302, f"{reverse(f'admin:articles_{kind}_changelist')}?e=1")


def test_the_ministries_list_still_filters_by_country(editor):
    url = reverse("admin:articles_ministrytag_changelist")
    country = CountryTag.objects.get(name="Azerbaijan")
    page = editor.get(f"{url}?country__id__exact={country.pk}&q=Economy").content.decode()
    assert "Ministry of Economy of Azerbaijan" in page


@pytest.mark.parametrize("query", [OUT_OF_RANGE[0], NOT_A_FILTER[0], NUL[0]])
def test_odd_filters_after_the_redirect_answer_a_page(editor, query):
    # Django's own answer to bad parameters that come back with ?e=1.
    assert editor.get(f"{CHANGELIST}?e=1&{query}").status_code == 200


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    "query",
    [
        "published_at__gte=2024-01-01+00:00:00%2B00:00&published_at__lt=2025-01-01+00:00:00%2B00:00",
        "published_at__gte=2024-05-01&published_at__lt=2024-06-01",
        "published_at__gte=2024-05-06&published_at__lt=2024-05-07",
        "published_at__gte=9998-12-30&published_at__lt=9998-12-31",
        "countries={country}&topics={topic}&status=live&headline=machine&mine=written",
        "p=²",
        "p=1",
        "o=²",
        "q=story",
    ],
)
def test_the_list_still_filters_by_date_tag_and_status(editor, settings, zone, query):
    settings.TIME_ZONE = zone
    tags = {"country": CountryTag.objects.get(name="Azerbaijan").pk, "topic": TopicTag.objects.get(name="Trade").pk}
    response = editor.get(f"{CHANGELIST}?{query.format(**tags)}")
    assert response.status_code == 200, response.get("Location")
    shown = "The May story" in response.content.decode()
    assert shown == (query.startswith(("published_at__gte=2024", "p=", "o=", "q=")))


AUTOCOMPLETE = {"app_label": "articles", "model_name": "article", "field_name": "countries"}


@pytest.mark.parametrize(
    "url, params",
    [
        (CHANGELIST, {}),
        (reverse("admin:articles_countrytag_changelist"), {}),
        (reverse("admin:autocomplete"), AUTOCOMPLETE),
    ],
)
@pytest.mark.parametrize("term", ["a " * 3000, "Azer\x00baijan"])
def test_a_search_of_thousands_of_words_or_a_nul_answers_a_page(editor, url, params, term):
    # Each word is a condition on every search field: thousands are more than SQLite parses (a NUL, more than
    # PostgreSQL takes). The tag pickers of the story form search as the tag lists do.
    response = editor.get(url, {**params, "term" if params else "q": term})
    assert response.status_code == 200
