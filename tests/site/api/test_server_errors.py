"""A server error under /api/ is JSON like the API's other answers (the README promises JSON errors); the site's
pages keep their own page. The database is made unreachable for real: the connection is pointed at a place with
no database, as when its server is down."""

import pytest
from django.db import connection
from django.test import Client

from tests.factories import make_article

from .helpers import STORIES, bearer, item_url, partner_key

UNREACHABLE = {"sqlite": {"NAME": "/nonexistent/newsroom/db.sqlite3"}, "postgresql": {"HOST": "127.0.0.1", "PORT": "9"}}


@pytest.fixture
def database_down():
    """Every query of the next requests fails to connect, as with the database's server down."""
    kept = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(UNREACHABLE[connection.vendor])
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(kept)


@pytest.mark.django_db(transaction=True)
def test_with_the_database_down_the_api_answers_json_500s_and_the_site_its_page(database_down):
    client = Client(raise_request_exception=False)
    for url in (STORIES, f"{STORIES}?since=2026-01-01T00:00:00Z", f"{STORIES}12/", "/api/v1/countries/"):
        response = client.get(url)
        assert response.status_code == 500, url
        assert response["Content-Type"] == "application/json", url
        assert response.json() == {"status": 500, "message": "The server could not answer; try again in a minute."}
        assert "no-store" in response["Cache-Control"] and response["Access-Control-Allow-Origin"] == "*"
    page = client.get("/")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


@pytest.mark.django_db(transaction=True)
def test_a_partners_request_with_the_database_down_is_a_json_500_too(request):
    story = make_article(headline="Ferry line opens")
    _record, key = partner_key()
    client = Client(raise_request_exception=False)
    assert client.get(item_url(story), **bearer(key)).status_code == 200
    request.getfixturevalue("database_down")
    response = client.get(item_url(story), **bearer(key))
    assert response.status_code == 500 and response.json()["status"] == 500
    assert b"Ferry" not in response.content
