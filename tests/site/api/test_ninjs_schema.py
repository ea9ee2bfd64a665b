"""Every item the API can produce is valid IPTC ninjs 2.1 (the IPTC's own schema, formats checked): a full
story, one with no credit, dateline or standfirst, one with a lead image, one in another language, an
embargoed one (as a partner sees it), a canceled one, embargoed copy pulled before it went out (canceled, for
partners) and a story back after a kill (its version marked), in the list, in `since` and on its own."""

import datetime

import pytest
from django.utils import timezone

from articles.desk.workflow import transition
from articles.models import Article
from tests.desk_forms import user_in
from tests.factories import days_ago, make_article
from tests.ninjs_specs import schema_errors

from .helpers import STORIES, bearer, every_item, item_url, partner_key

pytestmark = pytest.mark.django_db
IMAGE = {
    "lead_image_renditions": [
        {"width": 640, "height": 427, "name": "renditions/1/0123456789ab-640.webp"},
        {"width": 1280, "height": 853, "name": "renditions/1/0123456789ab-1280.webp"},
        {"width": 1200, "height": 675, "name": "renditions/1/0123456789ab-16x9.webp", "crop": "16x9"},
        {"width": 1200, "height": 900, "name": "renditions/1/0123456789ab-4x3.webp", "crop": "4x3"},
    ],
    "lead_image_alt": "The minister at the signing",
    "lead_image_credit": "Trend / Ali Aliyev",
}
# What only a partner's key reads: embargoed copy, and such copy pulled before it went out.
PARTNERS_ONLY = ("embargoed", "pulled from partners")


def every_kind_of_story():
    later = timezone.now() + datetime.timedelta(hours=6)
    stories = {
        "full": make_article(
            countries=["Azerbaijan"], ministries=["Ministry of Energy of Azerbaijan"], topics=["Energy"]
        ),
        "bare": make_article(standfirst="", dateline="", credit=""),
        "image": make_article(**IMAGE),
        "german": make_article(headline="Faktencheck", language="de", countries=["Germany"]),
        "embargoed": make_article(status=Article.Status.READY, published_at=None, embargo_until=later),
        "embargo over": make_article(embargo_until=days_ago(1) + datetime.timedelta(hours=12)),
        "canceled": make_article(headline="Withdrawn"),
        "pulled from partners": make_article(status=Article.Status.READY, published_at=None, embargo_until=later),
        "back after a kill": make_article(headline="Withdrawn, then back"),
    }
    publisher = user_in("Publishers")
    transition(stories["canceled"], "unpublish", by=publisher)
    transition(stories["pulled from partners"], "send_back", by=publisher, reason="Check the figures.")
    transition(stories["back after a kill"], "unpublish", by=publisher)
    transition(stories["back after a kill"], "publish", by=publisher)
    return stories


def test_every_item_the_api_gives_is_valid_ninjs(client):
    stories = every_kind_of_story()
    _record, key = partner_key()
    since = f"{STORIES}?since=2000-01-01T00:00:00Z"
    produced = {
        "list": every_item(client),
        "list, partner": every_item(client, **bearer(key)),
        "since": every_item(client, since),
        "since, partner": every_item(client, since, **bearer(key)),
        "each": [client.get(item_url(story)).json() for name, story in stories.items() if name not in PARTNERS_ONLY],
        "each, partner": [client.get(item_url(story), **bearer(key)).json() for story in stories.values()],
    }
    for where, items in produced.items():
        for item in items:
            assert schema_errors(item) == [], (where, item)
    kinds = {item["pubstatus"] for items in produced.values() for item in items}
    assert kinds == {"usable", "canceled"}
    partner_items = {item["uri"]: item for item in produced["each, partner"]}
    assert "embargoed" in partner_items[f"urn:newsroom:story:{stories['embargoed'].pk}"]
    image_item = partner_items[f"urn:newsroom:story:{stories['image'].pk}"]
    # The renditions are the picture's, on its association, not the text item's.
    [picture] = image_item["associations"]
    assert "renditions" not in image_item and picture["by"] == "Trend / Ali Aliyev"
    names = ["640w-webp", "16x9-1200w-webp", "4x3-1200w-webp", "1280w-webp"]
    assert [r["name"] for r in picture["renditions"]] == names
    assert picture["renditions"][0]["href"] == "http://testserver/media/renditions/1/0123456789ab-640.webp"
    pulled = partner_items[f"urn:newsroom:story:{stories['pulled from partners'].pk}"]
    assert pulled["pubstatus"] == "canceled"
    back = partner_items[f"urn:newsroom:story:{stories['back after a kill'].pk}"]
    assert back["pubstatus"] == "usable" and back["version"] != str(stories["back after a kill"].version)
    bare = partner_items[f"urn:newsroom:story:{stories['bare'].pk}"]
    assert not {"by", "copyrightholder", "located", "descriptions"} & set(bare)
