"""The rate limit's store (Redis) down: the API answers as if unlimited rather than 500 (fails open), the failure is
logged as a warning once, not at every request, and /healthz says so; once the store answers, 429 again."""

import logging

import pytest
from django.urls import reverse

from tests.factories import make_article

from .helpers import STORIES, bearer, headlines, partner_key

pytestmark = pytest.mark.django_db

# Port 1 on this machine: nothing listens there, so every connection is refused at once.
NOBODY = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}


def warnings_from(caplog, logger):
    return [r for r in caplog.records if r.name == logger and r.levelno == logging.WARNING]


def test_a_partner_is_served_when_the_rate_store_does_not_answer(client, settings, caplog):
    settings.CACHES = {**settings.CACHES, "api-rate": NOBODY}
    settings.NEWSROOM_API_PARTNER_RATE = "2/m"
    make_article(headline="Talks resume in Baku")
    _record, key = partner_key()
    # More than the limit, asked differently each time so that no cache answers for the app.
    for word in ["talks", "resume", "baku", "talks+baku"]:
        assert headlines(client.get(f"{STORIES}?q={word}", **bearer(key))) == ["Talks resume in Baku"]
    assert client.get(f"{STORIES}?q=anyone", REMOTE_ADDR="198.51.100.1").status_code == 200
    [logged] = warnings_from(caplog, "articles.site.api.partners")
    assert "rate limit" in logged.getMessage() and "NEWSROOM_CACHE_URL" in logged.getMessage()


def test_healthz_says_the_rate_store_is_failing_but_answers_200(client, settings):
    settings.CACHES = {**settings.CACHES, "api-rate": NOBODY}
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith("ok\n") and "warning: API rate limit" in body and "not enforced" in body
    assert "127.0.0.1:1" not in body  # the details go to the log, not to whoever asks


def test_healthz_says_nothing_of_a_rate_store_that_works(client):
    assert client.get(reverse("healthz")).content.decode() == "ok\n"


def test_the_rate_limit_still_answers_429_once_its_store_answers_again(client, settings):
    working = settings.CACHES["api-rate"]
    settings.CACHES = {**settings.CACHES, "api-rate": NOBODY}
    make_article()
    assert client.get(f"{STORIES}?q=down", REMOTE_ADDR="198.51.100.1").status_code == 200
    settings.CACHES = {**settings.CACHES, "api-rate": working}
    settings.NEWSROOM_API_RATE = "2/m"
    codes = [client.get(f"{STORIES}?q=up{n}", REMOTE_ADDR="198.51.100.1").status_code for n in range(3)]
    assert codes == [200, 200, 429]
