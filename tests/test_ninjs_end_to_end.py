"""Wire items in, ninjs out: the three agencies' example items are imported beside a plain-text seed, read
back through the API as valid ninjs 2.1 with their headline and text intact, and a second import changes
nothing. No browser: the import command and the API's JSON, as a syndication client reads it."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.ingest.ninjs import html_paragraphs
from articles.models import Article
from tests.conftest import SEED_FILE
from tests.ninjs_specs import EXAMPLES, example, schema_errors, specs

pytestmark = pytest.mark.django_db
AP_DATELINE = "GROSSETO, Italy (AP) -- "


def import_examples(*extra):
    out = StringIO()
    call_command("import_seeds", *(str(specs() / name) for name in EXAMPLES), *map(str, extra), stdout=out)
    return out.getvalue()


def api_item(client, uri):
    """The API's item with this wire uri, found through the list as a client would."""
    story = Article.objects.get(import_ref=uri)
    listed = {item["uri"]: item for item in client.get("/api/v1/stories/").json()["results"]}
    item = client.get(f"/api/v1/stories/{story.pk}/").json()
    # The list gives the item without its bodies.
    whole = {**item, "representationtype": "partial"}
    del whole["bodies"]
    assert listed[item["uri"]] == whole and item["representationtype"] == "full"
    return item


def test_the_examples_come_back_through_the_api_as_valid_ninjs_with_their_text(client):
    report = import_examples(SEED_FILE)
    assert "4 file(s): 4 created" in report
    for name in EXAMPLES:
        wire = example(name)
        item = api_item(client, wire["uri"])
        assert schema_errors(item) == [], name
        assert item["headlines"][0]["value"] == wire["headlines"][0]["value"], name
        assert item["language"] == wire.get("language", "en"), name
        assert item["pubstatus"] == "usable"
        html = next(body["value"] for body in wire["bodies"] if body["contenttype"] == "text/html")
        text = next(body for body in item["bodies"] if body["contenttype"] == "text/plain")["value"]
        paragraphs = html_paragraphs(html)
        if name == "ninjsExSimpleText_2.json":  # AP's dateline is the story's, out of its lead
            paragraphs[0] = paragraphs[0].removeprefix(AP_DATELINE)
            assert item["located"] == "GROSSETO"
        assert text.split("\n\n") == paragraphs, name
    # The AP item's plain-text body is its dateline and four paragraphs run together: the same words, in order.
    ap = example("ninjsExSimpleText_2.json")
    ap_text = next(b for b in api_item(client, ap["uri"])["bodies"] if b["contenttype"] == "text/plain")["value"]
    assert AP_DATELINE + ap_text.replace("\n\n", " ") == ap["bodies"][0]["value"]


def test_importing_the_examples_again_changes_nothing(client):
    import_examples()
    before = {story.pk: (story.version, story.updated_at) for story in Article.objects.all()}
    listed = client.get("/api/v1/stories/").content
    report = import_examples()
    assert "3 unchanged" in report and "No story changed." in report
    assert {story.pk: (story.version, story.updated_at) for story in Article.objects.all()} == before
    assert client.get("/api/v1/stories/").content == listed
