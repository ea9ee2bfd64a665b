"""Copy partners were sent under an embargo that runs out with nobody publishing it: they were told they might
use it at that time, and may not. From that moment its item is `withheld` (without its text), and polling lists
it so; published at last, it is usable again with a version of its own. Readers, who never saw it, learn nothing."""

import datetime
import time

import pytest
from django.utils import timezone

from articles.desk.workflow import transition
from articles.models import Article
from tests.factories import make_article
from tests.ninjs_specs import schema_errors

from .helpers import bearer, every_item, item_url, partner_key, since, staff

pytestmark = pytest.mark.django_db
S = Article.Status
EMBARGO = datetime.timedelta(seconds=1.5)


def polled(client, moment, story, **headers):
    return [item for item in every_item(client, since(moment), **headers) if item["uri"].endswith(f":{story.pk}")]


def wait_until(moment):
    time.sleep(max(0, (moment - timezone.now()).total_seconds()) + 0.05)


def version_key(version):
    return tuple(int(part) for part in version.split("."))


@pytest.mark.parametrize("scheduled", [False, True], ids=["left ready", "scheduled for after its embargo"])
def test_copy_whose_embargo_runs_out_unpublished_is_withheld_from_partners(client, scheduled):
    start = timezone.now() - datetime.timedelta(seconds=1)
    embargo = timezone.now() + EMBARGO
    fields = {"status": S.PUBLISHED, "published_at": embargo + datetime.timedelta(hours=1)} if scheduled else {}
    story = make_article(
        headline="Budget figures", body="Secret figures.", **{"status": S.READY, "published_at": None, **fields},
        embargo_until=embargo,
    )  # fmt: skip
    _record, key = partner_key()
    usable = client.get(item_url(story), **bearer(key)).json()
    assert usable["pubstatus"] == "usable" and "embargoed" in usable
    wait_until(embargo)
    response = client.get(item_url(story), **bearer(key))
    withheld = response.json()
    assert response.status_code == 200 and withheld["pubstatus"] == "withheld"
    assert (
        set(withheld) == {"uri", "type", "version", "versioncreated", "pubstatus"} and b"Secret" not in response.content
    )
    assert withheld["versioncreated"] == embargo.isoformat()  # withheld from the moment it might have gone out
    assert not schema_errors(withheld)
    assert polled(client, start, story, **bearer(key)) == [withheld]
    # A client polling from the usable item's time gets the news, with a version it has not handled.
    assert polled(client, datetime.datetime.fromisoformat(usable["versioncreated"]), story, **bearer(key)) == [withheld]
    assert version_key(withheld["version"]) > version_key(usable["version"])
    # Readers never saw it, and see nothing of it.
    assert client.get(item_url(story)).status_code == 404
    assert polled(client, start, story) == []
    # Published at last: usable again, with a version of its own.
    publisher = staff("Publishers", "publisher")
    transition(Article.objects.get(pk=story.pk), "publish", by=publisher)
    back = client.get(item_url(story), **bearer(key)).json()
    assert back["pubstatus"] == "usable" and version_key(back["version"]) > version_key(withheld["version"])
    assert polled(client, start, story, **bearer(key)) == [
        {k: v for k, v in back.items() if k != "bodies"} | {"representationtype": "partial"}
    ]


def test_copy_sent_back_after_its_embargo_ran_out_is_canceled(client):
    embargo = timezone.now() + EMBARGO
    story = make_article(headline="Budget figures", status=S.READY, published_at=None, embargo_until=embargo)
    _record, key = partner_key()
    wait_until(embargo)
    withheld = client.get(item_url(story), **bearer(key)).json()
    transition(story, "send_back", by=staff("Editors", "editor"), reason="The figures are wrong.")
    canceled = client.get(item_url(story), **bearer(key)).json()
    assert [withheld["pubstatus"], canceled["pubstatus"]] == ["withheld", "canceled"]
    assert version_key(canceled["version"]) > version_key(withheld["version"])
