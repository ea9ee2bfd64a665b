"""Every response carries the site's Content-Security-Policy, as settings.CONTENT_SECURITY_POLICY states it."""

import pytest
from django.test import Client
from django.urls import path

from tests.factories import make_article

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def policy(response):
    """The header's directives (django-csp writes them in no fixed order)."""
    return set(response["Content-Security-Policy"].split("; "))


def test_readers_pages_errors_and_the_desk_carry_the_policy(client):
    story = make_article(topics=["Trade"])
    for url in ["/", story.get_absolute_url(), "/topics/trade/", "/feeds/rss/", "/no/such/page/", "/admin/login/"]:
        assert policy(client.get(url)) == POLICY, url


def test_a_page_from_the_page_cache_carries_it_too(client):
    url = make_article().get_absolute_url()
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit" and policy(response) == POLICY


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken)]


def test_the_500_page_carries_it(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500 and policy(response) == POLICY


def test_the_policy_follows_the_setting(client, settings):
    directives = {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'self'", "https://cdn.example"]}
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": directives}
    assert "img-src 'self' https://cdn.example" in policy(client.get("/"))
