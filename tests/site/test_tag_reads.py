"""A tag's stories are read one of two ways (articles/queries.py crowded_at): by walking the newest
stories, or from the tag's links. Either way a reader sees the same stories, never a hidden one, and a
tag only hidden stories carry has no page or feed (its name may be all a draft reveals)."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import days_ago, make_article

pytestmark = pytest.mark.django_db

HIDDEN = {
    "draft": {"status": Article.Status.DRAFT},
    "in_review": {"status": Article.Status.IN_REVIEW},
    "ready": {"status": Article.Status.READY},
    "unpublished": {"status": Article.Status.UNPUBLISHED},
    "archived": {"status": Article.Status.ARCHIVED},
    "scheduled": {"published_at": timezone.now() + datetime.timedelta(hours=2)},
    "embargoed": {"embargo_until": timezone.now() + datetime.timedelta(hours=2)},
}
SECRET_PAGES = [
    "/topics/secretopic/",
    "/topics/secretopic/rss/",
    "/topics/secretopic/atom/",
    "/ministries/ministry-of-secrets-of-azerbaijan/",
    "/ministries/ministry-of-secrets-of-azerbaijan/rss/",
]


@pytest.mark.parametrize("crowding", ["few", "crowded"])
@pytest.mark.parametrize("state", HIDDEN)
def test_hidden_stories_are_never_listed_and_their_own_tags_have_no_page(client, request, bare, crowding, state):
    if crowding == "crowded":
        request.getfixturevalue("crowded_at_three")
    for n in range(4):
        make_article(
            headline=f"Secret {state} {n}",
            topics=["Secretopic"],
            ministries=["Ministry of Secrets of Azerbaijan"],
            **HIDDEN[state],
        )
        make_article(headline=f"Visible {n}", topics=["Trade"], published_at=days_ago(n + 1))
        make_article(headline=f"Hidden {state} {n}", topics=["Trade"], **HIDDEN[state])
    for url in SECRET_PAGES:
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Secret" not in response.content, url
    for url in ["/topics/trade/", "/topics/trade/rss/", "/topics/trade/atom/", "/"]:
        body = client.get(url).content.decode()
        assert "Visible 0" in body and "Hidden" not in body, url


@pytest.mark.parametrize("crowding", ["few", "crowded"])
def test_a_ministry_page_names_its_country_and_pages_its_stories(client, request, crowding):
    if crowding == "crowded":
        request.getfixturevalue("crowded_at_three")
    for n in range(25):
        make_article(
            headline=f"Econ {n:02d}", published_at=days_ago(n + 1), ministries=["Ministry of Economy of Azerbaijan"]
        )
    url = "/ministries/ministry-of-economy-of-azerbaijan/"
    first = client.get(url).content.decode()
    assert 'A ministry of <a href="/countries/azerbaijan/">Azerbaijan</a>' in first and "Econ 00" in first
    second = client.get(f"{url}?page=2").content.decode()
    assert "Econ 20" in second and "Econ 24" in second and "Econ 19" not in second
    assert client.get(f"{url}?page=3").status_code == 404
