"""X-Accel-Expires: the site's own proxy keeps public pages a few seconds, and nothing private at all."""

import pytest
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from articles.models import Article
from newsroom.proxy_cache import ProxyMaxAgeMiddleware
from tests.factories import make_article

pytestmark = pytest.mark.django_db
HEADER = "X-Accel-Expires"


def public_urls():
    story = make_article(topics=["Trade"])
    return ["/", story.get_absolute_url(), "/topics/", "/topics/trade/", "/search/?q=story"]


def test_public_pages_tell_the_proxy_to_keep_them_two_seconds_and_browsers_to_ask_each_time(client):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response[HEADER] == "2", url
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=2", url


def test_a_revalidation_answered_304_carries_it_too(client):
    """nginx takes a revalidated copy's lifetime from the 304."""
    url = make_article().get_absolute_url()
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304 and response[HEADER] == "2"


def test_the_setting_decides_for_the_proxy_and_every_shared_cache(client, settings, bare):
    url = make_article().get_absolute_url()
    settings.NEWSROOM_PROXY_MAX_AGE = 5
    response = client.get(url)
    assert response[HEADER] == "5" and response["Cache-Control"] == "public, max-age=0, s-maxage=5"
    settings.NEWSROOM_PROXY_MAX_AGE = 0
    assert client.get(url)[HEADER] == "0"  # nginx: do not keep it
    settings.NEWSROOM_PROXY_MAX_AGE, settings.NEWSROOM_PUBLIC_MAX_AGE = 2, 30
    assert client.get(url)["Cache-Control"] == "public, max-age=30, s-maxage=2"


def test_the_desk_previews_and_errors_never_carry_it(admin_client, client):
    draft = make_article(status=Article.Status.DRAFT)
    for url in ["/admin/", "/admin/articles/article/", f"/admin/articles/article/{draft.pk}/preview/"]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert HEADER not in response, url
    for url in ["/admin/login/", "/no/such/page/", draft.get_absolute_url(), "/healthz"]:
        assert HEADER not in client.get(url), url


def test_a_reader_logged_in_to_the_desk_gets_no_proxy_lifetime(admin_client):
    """nginx bypasses its cache for a session cookie; the app does not invite it to keep such a page either."""
    for url in public_urls():
        response = admin_client.get(url)
        assert response.status_code == 200 and HEADER not in response, url


def public_view(*, cookie=False, vary_cookie=False, immutable=False):
    def view(request):
        response = HttpResponse("a page")
        patch_cache_control(response, public=True, max_age=60, **({"immutable": True} if immutable else {}))
        if cookie:
            response.set_cookie("seen", "1")
        if vary_cookie:
            response["Vary"] = "Cookie"
        return response

    return ProxyMaxAgeMiddleware(view)


def test_a_public_page_that_sets_a_cookie_or_varies_on_it_is_not_for_the_proxy(rf):
    assert public_view()(rf.get("/"))[HEADER] == "2"
    assert HEADER not in public_view(cookie=True)(rf.get("/"))
    assert HEADER not in public_view(vary_cookie=True)(rf.get("/"))


def test_files_that_never_change_keep_their_own_lifetime(rf):
    assert HEADER not in public_view(immutable=True)(rf.get("/"))
