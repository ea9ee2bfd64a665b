"""Each use of a partner key is kept NEWSROOM_PARTNER_KEY_USE_DAYS (30 by default), not for ever: a key's first use
in a minute prunes the older ones (of every key, revoked ones too), a bounded batch. The desk still shows the
recent uses and their count, and the rate limit still answers 429."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import PartnerKeyUse, partners
from tests.desk_forms import user_in

from .helpers import STORIES, bearer, partner_key

pytestmark = pytest.mark.django_db
USES = reverse("admin:articles_partnerkeyuse_changelist")


def use(record, *, days_ago, path):
    return PartnerKeyUse.objects.create(
        key=record, used_at=timezone.now() - datetime.timedelta(days=days_ago), path=path, address="192.0.2.1"
    )


def test_uses_past_the_retention_are_gone_and_the_desk_shows_the_recent_ones(client, settings):
    settings.NEWSROOM_PARTNER_KEY_USE_DAYS = 30
    record, key = partner_key()
    revoked, _other_key = partner_key("AzerNews")
    revoked.revoke()
    use(record, days_ago=31, path="/api/v1/stories/?topic=old")
    use(revoked, days_ago=45, path="/api/v1/countries/?old")
    use(record, days_ago=29, path="/api/v1/stories/?topic=recent")

    assert client.get(STORIES, **bearer(key), REMOTE_ADDR="192.0.2.7").status_code == 200

    assert sorted(PartnerKeyUse.objects.values_list("path", flat=True)) == [
        "/api/v1/stories/",
        "/api/v1/stories/?topic=recent",
    ]
    client.force_login(user_in("Publishers", "paul"))
    page = client.get(f"{USES}?key__id__exact={record.pk}").content.decode()
    assert "/api/v1/stories/?topic=recent" in page and "192.0.2.7" in page and "topic=old" not in page
    keys = client.get(reverse("admin:articles_partnerkey_changelist")).context["cl"].result_list
    assert {(k.name, k.use_count) for k in keys} == {("Trend syndication", 2), ("AzerNews", 0)}


def test_a_keys_first_use_in_a_minute_prunes_and_the_others_only_write_their_own(client):
    _record, key = partner_key()
    while True:
        minute = timezone.now().replace(second=0, microsecond=0)
        with CaptureQueriesContext(connection) as first:
            client.get(f"{STORIES}?q=first", **bearer(key))
        with CaptureQueriesContext(connection) as second:
            client.get(f"{STORIES}?q=second", **bearer(key))
        if timezone.now().replace(second=0, microsecond=0) == minute:  # else a new minute began between them
            break
    deletes = [[q["sql"] for q in queries if q["sql"].startswith("DELETE")] for queries in (first, second)]
    assert [len(sqls) for sqls in deletes] == [1, 0]


def test_a_prune_deletes_a_bounded_batch_the_oldest_first(monkeypatch):
    monkeypatch.setattr(partners, "PRUNE_BATCH", 2)
    record, _key = partner_key()
    for days in (40, 35, 50, 1):
        use(record, days_ago=days, path=f"/api/v1/stories/?days={days}")

    assert PartnerKeyUse.objects.prune() == 2
    assert sorted(PartnerKeyUse.objects.values_list("path", flat=True)) == [
        "/api/v1/stories/?days=1",
        "/api/v1/stories/?days=35",
    ]
    assert PartnerKeyUse.objects.prune() == 1 and PartnerKeyUse.objects.count() == 1


def test_the_rate_limit_still_answers_429_as_old_uses_are_pruned(client, settings):
    settings.NEWSROOM_API_PARTNER_RATE = "3/m"
    record, key = partner_key()
    use(record, days_ago=60, path="/api/v1/stories/?topic=old")

    codes = [client.get(f"{STORIES}?q=word{n}", **bearer(key)).status_code for n in range(4)]

    assert codes == [200, 200, 200, 429]
    assert not PartnerKeyUse.objects.filter(path__contains="old").exists()
