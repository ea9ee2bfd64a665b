"""Partner keys: a publisher makes one in the desk, sees it once, and can revoke it; the site keeps only its
hash and records each use. With it a partner also reads stories that are ready and under embargo (never a
draft or a story in review); a wrong or revoked key is refused with 401."""

import datetime
import hashlib
import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, PartnerKey, PartnerKeyUse
from tests.desk_forms import user_in
from tests.factories import make_article

from .helpers import STORIES, bearer, headlines, item_url, partner_key

pytestmark = pytest.mark.django_db
S = Article.Status
ADD = reverse("admin:articles_partnerkey_add")
CHANGELIST = reverse("admin:articles_partnerkey_changelist")
# Port 1 on this machine: nothing listens there, so every connection is refused at once.
REDIS_DOWN = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}


def embargoed_stories():
    later = timezone.now() + datetime.timedelta(hours=2)
    return {
        "ready": make_article(headline="Ready under embargo", status=S.READY, published_at=None, embargo_until=later),
        "scheduled": make_article(headline="Published under embargo", embargo_until=later),
        "draft": make_article(headline="Draft under embargo", status=S.DRAFT, embargo_until=later),
        "review": make_article(headline="In review under embargo", status=S.IN_REVIEW, embargo_until=later),
        "ready, no embargo": make_article(headline="Ready, no embargo", status=S.READY, published_at=None),
    }


def test_a_partner_also_reads_ready_stories_under_embargo_and_never_drafts(client):
    make_article(headline="Live story")
    stories = embargoed_stories()
    _record, key = partner_key()
    response = client.get(STORIES, **bearer(key))
    assert sorted(headlines(response)) == ["Live story", "Published under embargo", "Ready under embargo"]
    for name in ("draft", "review", "ready, no embargo"):
        assert stories[name].headline.encode() not in response.content
        assert client.get(item_url(stories[name]), **bearer(key)).status_code == 404
    item = client.get(item_url(stories["ready"]), **bearer(key)).json()
    assert item["embargoed"] == stories["ready"].embargo_until.isoformat()


def test_without_a_key_only_live_stories_are_read(client):
    make_article(headline="Live story")
    stories = embargoed_stories()
    assert headlines(client.get(STORIES)) == ["Live story"]
    assert client.get(item_url(stories["ready"])).status_code == 404


def test_a_wrong_or_revoked_key_is_refused_not_taken_for_no_key(client):
    make_article(headline="Live story")
    record, key = partner_key()
    for header in (f"Bearer {key}x", "Bearer ", "Basic dXNlcjpwdw==", key):
        response = client.get(STORIES, HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'
        assert response.json()["status"] == 401 and "Live story" not in response.content.decode()
    record.revoke()
    response = client.get(STORIES, **bearer(key))
    assert response.status_code == 401 and "revoked" in response.json()["message"]


def test_each_use_of_a_key_is_recorded(client):
    record, key = partner_key()
    client.get(STORIES, **bearer(key), REMOTE_ADDR="192.0.2.7")
    client.get(f"{STORIES}?topic=energy", **bearer(key), REMOTE_ADDR="192.0.2.7")
    uses = list(PartnerKeyUse.objects.filter(key=record).order_by("used_at"))
    assert [(use.path, use.address) for use in uses] == [
        ("/api/v1/stories/", "192.0.2.7"),
        ("/api/v1/stories/?topic=energy", "192.0.2.7"),
    ]
    record.refresh_from_db()
    assert record.last_used_at == uses[-1].used_at


def test_a_publisher_makes_a_key_sees_it_once_and_the_site_keeps_only_its_hash(client):
    client.force_login(user_in("Publishers"))
    response = client.post(ADD, {"name": "AzerNews"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    key = re.search(r"nrk_[\w-]{43}", response.content.decode())[0]
    record = PartnerKey.objects.get(name="AzerNews")
    assert record.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str([getattr(record, field.attname) for field in PartnerKey._meta.fields])
    for page in (CHANGELIST, reverse("admin:articles_partnerkey_change", args=[record.pk])):
        assert key not in client.get(page).content.decode()
    client.logout()
    assert client.get(STORIES, **bearer(key)).status_code == 200


def test_a_publisher_makes_a_key_when_the_cache_does_not_answer(client, settings, caplog):
    """The form's one-time token is kept in the cache: with Redis down the key is made all the same, and logged."""
    settings.CACHES = {**settings.CACHES, "default": REDIS_DOWN}
    client.force_login(user_in("Publishers"))
    once = re.search(r'name="once" value="([^"]+)"', client.get(ADD).content.decode())[1]
    for name in ("AzerNews", "Trend"):  # each sending is taken as the first; the failure is logged once
        response = client.post(ADD, {"name": name, "once": once})
        assert response.status_code == 200
        key = re.search(r"nrk_[\w-]{43}", response.content.decode())[0]
        assert PartnerKey.objects.get(name=name).digest == hashlib.sha256(key.encode()).hexdigest()
    warnings = [r for r in caplog.records if r.name == "articles.desk.admin.partners" and r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "second key" in warnings[0].getMessage()
    client.logout()
    assert client.get(STORIES, **bearer(key)).status_code == 200


def test_a_publisher_revokes_a_key_in_the_desk(client):
    record, key = partner_key()
    client.force_login(user_in("Publishers", username="another-publisher"))
    client.post(CHANGELIST, {"action": "revoke_selected", "_selected_action": [record.pk]})
    record.refresh_from_db()
    assert record.revoked_at is not None
    client.logout()
    assert client.get(STORIES, **bearer(key)).status_code == 401


def test_only_publishers_make_keys(client):
    for role in ("Reporters", "Editors"):
        client.force_login(user_in(role))
        assert client.post(ADD, {"name": "Sneaky"}).status_code == 403, role
        assert client.get(CHANGELIST).status_code == 403, role
    assert not PartnerKey.objects.exists()
