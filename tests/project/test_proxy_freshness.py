"""deploy/nginx.conf, run for real in front of the app: a reader never gets a page older than the proxy's few
seconds, however long nobody asked for it, and a partner's conditional request gets its 304."""

import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings as django_settings

from articles.desk.workflow import transition
from articles.models import PartnerKey
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def get(url, **headers):
    """(status, headers, body) of a GET through nginx, errors included."""
    request = urllib.request.Request(url, headers={"Host": "testserver", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(autouse=True)
def hosts(settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]


def test_the_first_reader_after_a_quiet_spell_gets_the_story_taken_down_since(nginx):
    """nginx once answered the first request after its copy expired with that copy (STALE), refreshing it
    in the background: a story read less often than every few minutes stayed up one visit after a takedown."""
    story, other = make_article(headline="Gas deal signed", topics=["Energy"]), make_article(headline="Rain")
    page, feed, unchanged = nginx + story.get_absolute_url(), nginx + "/feeds/rss/", nginx + other.get_absolute_url()
    for url in (page, feed, unchanged):
        assert get(url)[0] == 200
        assert get(url)[1]["X-Proxy-Cache"] == "HIT", url

    time.sleep(django_settings.NEWSROOM_PROXY_MAX_AGE + 1)  # nobody reads it for longer than nginx keeps it
    transition(story, "unpublish", by=None)

    status, headers, _body = get(page)
    assert status == 410, headers["X-Proxy-Cache"]
    status, headers, body = get(feed)
    assert status == 200 and b"Gas deal signed" not in body, headers["X-Proxy-Cache"]
    status, headers, body = get(unchanged)  # asked again with the copy's ETag: the app's 304 renews it
    assert status == 200 and b"Rain" in body and headers["X-Proxy-Cache"] == "REVALIDATED"


def test_a_partner_asking_again_with_its_etag_gets_a_304_through_nginx(nginx):
    """Partners' requests bypass the cache (they can hold embargoed copy); their conditional headers must
    still reach the app, which nginx otherwise drops for a cache it is not using."""
    story = make_article(headline="Gas deal signed")
    _partner, key = PartnerKey.issue(name="Wire partner", by=None)
    url, authorization = f"{nginx}/api/v1/stories/{story.pk}/", f"Bearer {key}"

    status, headers, body = get(url, Authorization=authorization)
    assert status == 200 and b"Gas deal signed" in body and headers["X-Proxy-Cache"] == "BYPASS"

    status, headers, body = get(url, Authorization=authorization, **{"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""

    assert get(url, Authorization=authorization, **{"If-None-Match": '"something-else"'})[0] == 200
