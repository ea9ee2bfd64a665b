"""The list's tag filters as a partner uses them: a country by the ISO code the API itself gives, any case; a
value that names nothing is a 400 that says so and where the values are, never an empty list that reads as
"no news"; a slug a merge retired still leads to the tag it went into; a poll still gets its kills."""

import datetime

import pytest
from django.utils import timezone

from articles.desk.tag_care import merge_tags
from articles.desk.workflow import transition
from articles.models import Article, TopicTag
from tests.factories import make_article

from .helpers import STORIES, bearer, every_item, headlines, partner_key, staff

pytestmark = pytest.mark.django_db


def refusal(response, parameter):
    assert response.status_code == 400 and response["Content-Type"] == "application/json", response.content
    assert response["Cache-Control"] == "no-store"
    message = response.json()["message"]
    assert response.json()["status"] == 400 and message.startswith(f"{parameter}: "), message
    return message


def test_a_country_by_the_iso_code_the_api_gives_or_its_slug_in_any_case(client):
    make_article(headline="Gas from Baku", countries=["Azerbaijan"])
    make_article(headline="Cotton from Tashkent", countries=["Uzbekistan"])
    countries = client.get("/api/v1/countries/").json()["results"]
    assert {entry["code"] for entry in countries} == {"AZ", "UZ"}
    for entry in countries:
        by_slug = headlines(client.get(f"{STORIES}?country={entry['slug']}"))
        assert by_slug and headlines(client.get(f"{STORIES}?country={entry['code']}")) == by_slug
    for value in ("az", "AZ", "Az", "AZERBAIJAN", "Azerbaijan"):
        assert headlines(client.get(f"{STORIES}?country={value}")) == ["Gas from Baku"], value
    assert headlines(client.get(f"{STORIES}?country=kz")) == []  # a country no story carries: no news indeed


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("country=azerbaijn", "/api/v1/countries/"),
        ("country=zz", "/api/v1/countries/"),
        ("ministry=ministry-of-nothing", "/api/v1/ministries/"),
        ("topic=energyy", "/api/v1/topics/"),
        ("country=", "/api/v1/countries/"),
        ("topic=", "/api/v1/topics/"),
    ],
)
def test_a_tag_filter_naming_nothing_is_a_400_pointing_to_the_list(client, query, listed):
    make_article(countries=["Azerbaijan"], ministries=["Ministry of Energy of Azerbaijan"], topics=["Energy"])
    message = refusal(client.get(f"{STORIES}?{query}"), query.partition("=")[0])
    assert listed in message


@pytest.mark.parametrize("query", ["q=", "q=%20%20", "q=%00"])
def test_a_search_without_a_word_is_a_400_as_an_empty_filter_is(client, query):
    make_article(headline="Gas from Baku")
    refusal(client.get(f"{STORIES}?{query}"), "q")


def test_a_tag_merged_into_another_still_leads_to_its_stories(client):
    make_article(headline="Spelt right", topics=["Energy"])
    make_article(headline="Spelt wrong", topics=["Enrgy"])
    merge_tags(
        TopicTag.objects.get(name="Energy"), [TopicTag.objects.get(name="Enrgy")], user=staff("Publishers", "publisher")
    )
    for value in ("enrgy", "ENRGY", "energy"):
        assert sorted(headlines(client.get(f"{STORIES}?topic={value}"))) == ["Spelt right", "Spelt wrong"], value


def test_a_partner_filters_by_a_tag_only_its_embargoed_copy_carries_readers_cannot(client):
    embargo = {"status": Article.Status.READY, "published_at": None}
    embargo["embargo_until"] = timezone.now() + datetime.timedelta(hours=3)
    make_article(headline="Under embargo", topics=["Sanctions"], **embargo)
    url = f"{STORIES}?topic=sanctions"
    assert headlines(client.get(url, **bearer(partner_key()[1]))) == ["Under embargo"]
    refusal(client.get(url), "topic")


def test_a_poll_still_gets_the_kill_of_the_last_story_its_tag_had(client):
    story = make_article(headline="Only one", topics=["Ferries"])
    poll = f"{STORIES}?since=2000-01-01T00:00:00Z&topic=ferries"
    assert [item["pubstatus"] for item in every_item(client, poll)] == ["usable"]
    transition(story, "unpublish", by=staff("Publishers", "publisher"), reason="legal")
    refusal(client.get(f"{STORIES}?topic=ferries"), "topic")  # no story has it now
    assert [item["pubstatus"] for item in every_item(client, poll)] == ["canceled"]
