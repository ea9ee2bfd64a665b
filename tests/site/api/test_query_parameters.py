"""The query string: a partner key in it is refused (it would be served as anonymous, and kept in access logs
and caches), and so is any parameter an address does not read, by name; every documented one still works."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

from .helpers import STORIES, bearer, every_item, headlines, item_url, partner_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["api_key", "key", "token", "access_token", "API_KEY"])
def test_a_key_in_the_address_is_a_400_saying_to_send_it_in_the_header(client, name):
    later = timezone.now() + datetime.timedelta(hours=3)
    story = make_article(
        headline="Held until noon", status=Article.Status.READY, published_at=None, embargo_until=later
    )
    _record, key = partner_key()
    for url in (STORIES, item_url(story), "/api/v1/countries/"):
        for _again in range(2):  # never kept by the page cache either
            response = client.get(url, {name: key})
            assert response.status_code == 400, url
            assert response["Content-Type"] == "application/json"
            assert "Authorization: Bearer <key>" in response.json()["message"]
            assert key not in response.content.decode()
            assert "no-store" in response["Cache-Control"] and "X-Page-Cache" not in response
    # Refused even beside the header, so that a client learns to take it out of the address.
    response = client.get(STORIES, {name: key}, **bearer(key))
    assert response.status_code == 400 and b"Held" not in response.content


@pytest.mark.parametrize(
    ("url", "query", "named"),
    [
        (STORIES, "limit=5", "'limit'"),
        (STORIES, "page_size=50&country=azerbaijan", "'page_size'"),
        (STORIES, "countries=azerbaijan", "'countries'"),
        ("/api/v1/topics/", "per_page=500", "'per_page'"),
        (f"{STORIES}1/", "fields=headlines", "'fields'"),
    ],
)
def test_a_parameter_an_address_does_not_read_is_a_400_naming_it(client, url, query, named):
    story = make_article(headline="Gas from Baku", countries=["Azerbaijan"])
    url = url.replace("/1/", f"/{story.pk}/")
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    message = response.json()["message"]
    assert message.startswith(f"{named}: not a parameter of this address"), message


def test_every_documented_parameter_still_works(client):
    tags = {"countries": ["Azerbaijan"], "ministries": ["Ministry of Energy of Azerbaijan"], "topics": ["Energy"]}
    for n in range(12):
        make_article(headline=f"Gas from Baku {n}", body="Pipeline news.", **tags)
    query = (
        "country=azerbaijan&ministry=ministry-of-energy-of-azerbaijan&topic=energy&q=pipeline"
        "&since=2000-01-01T00:00:00Z"
    )
    first = client.get(f"{STORIES}?{query}")
    assert len(headlines(first)) == 10 and "cursor=" in first.json()["next"]
    assert len(every_item(client, f"{STORIES}?{query}")) == 12
    assert client.get("/api/v1/countries/?page=1").json()["results"][0]["slug"] == "azerbaijan"
