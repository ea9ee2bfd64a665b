"""The API speaks HTTP like the pages: ETags and 304, Cache-Control by who asked, the page cache for answers
without a key (never for a partner's), JSON errors with a status and a message, CORS for GET, a rate limit
per address and per key (429 with Retry-After), and an OpenAPI description."""

import base64
import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

from .helpers import STORIES, bearer, item_url, partner_key

pytestmark = pytest.mark.django_db


def test_a_repeat_request_with_its_etag_gets_304(client):
    story = make_article()
    for url in (STORIES, item_url(story), "/api/v1/countries/"):
        first = client.get(url)
        assert first.status_code == 200 and first["ETag"], url
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b"", url


def test_answers_without_a_key_are_public_and_cached_a_partners_private_and_never(client, django_assert_num_queries):
    story = make_article()
    _record, key = partner_key()
    first = client.get(item_url(story))
    public = f"public, max-age={settings.NEWSROOM_PUBLIC_MAX_AGE}, s-maxage={settings.NEWSROOM_PROXY_MAX_AGE}"
    assert first["Cache-Control"] == public and first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert client.get(item_url(story))["X-Page-Cache"] == "hit"
    assert "Authorization" in first["Vary"]
    for _ in range(2):
        mine = client.get(item_url(story), **bearer(key))
        assert mine["Cache-Control"] == "private, no-cache" and "X-Page-Cache" not in mine
    # A partner's answer (which can hold embargoed copy) is not what readers are then served.
    embargoed = make_article(status=Article.Status.READY, published_at=None,
                             embargo_until=timezone.now() + datetime.timedelta(hours=1))  # fmt: skip
    client.get(STORIES, **bearer(key))
    assert embargoed.headline not in client.get(STORIES).content.decode()


def test_every_answer_allows_any_origin_and_the_preflight_allows_a_key(client):
    story = make_article()
    assert client.get(item_url(story), HTTP_ORIGIN="https://app.example")["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(STORIES, HTTP_ORIGIN="https://app.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.post(STORIES).status_code == 405


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("since=yesterday", "since"),
        ("since=2024-13-01", "since"),
        ("since=0001-01-01T00:00:00%2B01:00", "since"),
        ("cursor=bm90IGEgY3Vyc29y", "cursor"),
        ("cursor=%F0%9F%99%82", "cursor"),
        ("country=Not%20a%20slug", "country"),
        ("topic=" + "a" * 101, "topic"),
    ],
)
def test_a_bad_parameter_is_a_json_400_naming_it(client, query, parameter):
    response = client.get(f"{STORIES}?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json()["status"] == 400 and response.json()["message"].startswith(f"{parameter}: ")
    assert response["Cache-Control"] == "no-store"


def test_other_addresses_under_the_api_are_json_404s(client):
    for url in ("/api/", "/api/v1/", "/api/v2/stories/", "/api/v1/nothing/"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["status"] == 404, url
    assert client.get("/api/v1/countries/?page=0").status_code == 400


def test_too_many_requests_from_one_address_get_429_with_retry_after(client, settings):
    settings.NEWSROOM_API_RATE = "3/m"
    make_article()
    # Different questions, so that the page cache cannot answer them for the app.
    answers = [client.get(f"{STORIES}?q=story{n}", REMOTE_ADDR="198.51.100.1") for n in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert 1 <= int(refused["Retry-After"]) <= 60 and refused.json()["status"] == 429
    # Another address is counted on its own.
    assert client.get(f"{STORIES}?q=other", REMOTE_ADDR="198.51.100.2").status_code == 200


def test_a_partner_key_is_limited_on_its_own_wherever_it_asks_from(client, settings):
    settings.NEWSROOM_API_PARTNER_RATE = "2/m"
    _record, key = partner_key()
    _other, other_key = partner_key("Another partner")
    codes = [client.get(STORIES, **bearer(key), REMOTE_ADDR=f"203.0.113.{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]
    assert client.get(STORIES, **bearer(other_key)).status_code == 200


def test_the_openapi_description_names_every_endpoint(client):
    description = client.get("/api/v1/openapi.json").json()
    assert description["openapi"].startswith("3.1")
    assert {"/api/v1/stories/", "/api/v1/stories/{story_id}/", "/api/v1/countries/"} <= set(description["paths"])
    parameters = {p["name"] for p in description["paths"]["/api/v1/stories/"]["get"]["parameters"]}
    assert {"country", "ministry", "topic", "since", "q", "cursor"} <= parameters
    assert description["components"]["securitySchemes"]["partnerKey"]["scheme"] == "bearer"
    item = description["paths"]["/api/v1/stories/{story_id}/"]["get"]["responses"]["200"]
    assert item["content"]["application/json"]["schema"] == {
        "$ref": "https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"
    }


def test_a_forged_cursor_at_the_end_of_time_is_a_400(client):
    for text in ("d|0001-01-01T00:00:00+14:00|1", "d|9999-12-31T23:59:59-14:00|1", "d|2024-01-01T00:00:00|1"):
        cursor = base64.urlsafe_b64encode(text.encode()).decode()
        assert client.get(f"{STORIES}?cursor={cursor}").status_code == 400, text


def test_a_page_of_stories_and_a_story_cost_one_query_each(client, bare, django_assert_num_queries):
    stories = [make_article(countries=["Azerbaijan"], topics=["Energy"]) for _ in range(5)]
    client.get(STORIES), client.get(item_url(stories[0]))  # the first request fills per-process caches
    with django_assert_num_queries(1):  # the stories, with their tags
        client.get(STORIES)
    with django_assert_num_queries(1):
        client.get(item_url(stories[0]))
    with django_assert_num_queries(1):
        client.get(f"{STORIES}?since=2000-01-01T00:00:00Z")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("country=nowhere&country=azerbaijan", "country"),
        ("since=garbage&since=2024-01-01T00:00:00Z", "since"),
        ("q=one&q=two", "q"),
    ],
)
def test_a_parameter_given_twice_is_a_400_not_a_silent_choice_of_one(client, query, parameter):
    make_article(countries=["Azerbaijan"])
    response = client.get(f"{STORIES}?{query}")
    assert response.status_code == 400
    assert response.json()["message"].startswith(f"{parameter}: given more than once")
    assert client.get("/api/v1/countries/?page=1&page=2").status_code == 400


def test_since_takes_rfc_3339_times_with_a_lower_case_t_and_z(client):
    story = make_article()
    upper = client.get(f"{STORIES}?since=2000-01-01T00:00:00Z")
    lower = client.get(f"{STORIES}?since=2000-01-01t00:00:00z")
    assert lower.status_code == 200 and lower.json() == upper.json()
    assert lower.json()["results"][0]["uri"].endswith(f":{story.pk}")


def test_an_address_without_its_final_slash_is_told_the_right_one(client):
    story = make_article()
    for url in (f"/api/v1/stories/{story.pk}", "/api/v1/stories", "/api/v1/countries"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["message"].endswith(f"{url}/"), url
        assert client.get(f"{url}/").status_code == 200
    assert "openapi.json" in client.get("/api/v1/nothing").json()["message"]


def test_the_openapi_description_says_a_key_is_optional_and_describes_each_answer(client):
    response = client.get("/api/v1/openapi.json", HTTP_ORIGIN="https://app.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    operations = [op for path in response.json()["paths"].values() for op in path.values()]
    for operation in operations:
        # A generated client must not demand a key: without one, the API answers with live stories.
        assert {} in operation["security"] and {"partnerKey": []} in operation["security"], operation["operationId"]
        assert "What every API answer shares" not in operation["description"], operation["operationId"]
    tags = response.json()["paths"]["/api/v1/countries/"]["get"]["responses"]["200"]["content"]["application/json"]
    tag = tags["schema"]["properties"]["results"]["items"]
    assert {"name", "slug", "stories", "url", "api"} <= set(tag["required"])


def test_a_page_number_on_the_stories_is_refused_and_format_is_no_switch(client):
    make_article()
    response = client.get(f"{STORIES}?page=2")
    assert response.status_code == 400 and response.json()["message"].startswith("page: stories are paged by cursor")
    for query in ("format=xml", "format=json"):
        response = client.get(f"{STORIES}?{query}")
        assert response.status_code == 400 and response["Content-Type"] == "application/json", query
        assert response.json()["message"] == "format: the API answers JSON only: leave format out"
