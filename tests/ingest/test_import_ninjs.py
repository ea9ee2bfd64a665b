"""import_seeds with ninjs wire items, beside plain-text seeds and under the same rules: re-import changes
nothing, a new version updates only a story no editor touched, a bad item is refused by name and nothing of
it is written; the agency's pubstatus and embargo are followed."""

import datetime
import json
import shutil

import pytest
from django.utils import timezone

from articles.desk.revisions import record
from articles.models import Article
from articles.models.article import MACHINE_HEADLINE
from tests.conftest import SEED_FILE
from tests.ingest.test_import_seeds import run_import, run_import_conflicts, run_import_refused
from tests.ninjs_specs import EXAMPLES, example, specs

pytestmark = pytest.mark.django_db
URI = "urn:example:wire:1"


def write_item(folder, name="item.json", **fields):
    item = {
        "uri": URI,
        "version": "1",
        "versioncreated": "2024-05-06T10:00:00Z",
        "language": "en",
        "copyrightholder": "Trend",
        "headlines": [{"role": "main", "value": "Azerbaijan and Kazakhstan talk trade"}],
        "bodies": [{"contenttype": "text/html", "value": "<p>BAKU talks went well.</p><p>More talks follow.</p>"}],
    }
    item.update(fields)
    path = folder / name
    path.write_text(json.dumps({k: v for k, v in item.items() if v is not None}), encoding="utf-8")
    return path


def test_wire_items_and_seeds_import_together_and_a_wire_headline_is_not_machine_made(tmp_path):
    shutil.copy(SEED_FILE, tmp_path / SEED_FILE.name)
    write_item(tmp_path)
    out, _ = run_import(tmp_path)
    assert "2 file(s): 2 created" in out
    story = Article.objects.get(import_ref=URI)
    assert story.headline == "Azerbaijan and Kazakhstan talk trade" and story.credit == "Trend"
    assert story.body == "BAKU talks went well.\n\nMore talks follow."
    assert story.published_at == datetime.datetime(2024, 5, 6, 10, tzinfo=datetime.UTC)
    assert story.status == Article.Status.PUBLISHED and story.language == "en"
    assert sorted(story.countries.names()) == ["Azerbaijan", "Kazakhstan"]
    assert not story.headline_is_machine_made
    assert list(Article.objects.filter(MACHINE_HEADLINE)) == [Article.objects.get(import_ref=SEED_FILE.stem)]


def test_a_new_version_updates_a_story_nobody_edited_and_keeps_its_address(tmp_path):
    write_item(tmp_path)
    run_import(tmp_path)
    story = Article.objects.get()
    url = story.get_absolute_url()
    write_item(tmp_path, version="2", bodies=[{"contenttype": "text/plain", "value": "Corrected text."}])
    out, _ = run_import(tmp_path)
    assert "1 updated" in out
    story.refresh_from_db()
    assert story.body == "Corrected text." and story.get_absolute_url() == url and story.version == 2


def imported_then_edited(folder):
    """The item imported, then its story's headline changed by an editor."""
    write_item(folder)
    run_import(folder)
    story = Article.objects.get()
    story.headline = "An editor's headline"
    story.save_content(expected_version=story.version, fields=["headline"])
    record(story, comment="edited")
    return story


def test_a_new_version_leaves_a_story_an_editor_changed_and_says_so(tmp_path):
    story = imported_then_edited(tmp_path)
    write_item(tmp_path, version="2", headlines=[{"value": "The agency's new headline"}])
    out, _, _ = run_import_conflicts(tmp_path)
    assert "1 conflicts" in out and "headline" in out
    story.refresh_from_db()
    assert story.headline == "An editor's headline"


def test_an_older_version_changes_nothing(tmp_path):
    write_item(tmp_path, version="5")
    run_import(tmp_path)
    write_item(tmp_path, version="4", headlines=[{"value": "Stale"}])
    out, _ = run_import(tmp_path, "--verbosity", "2")
    assert "1 unchanged" in out and "older than version 5" in out
    assert Article.objects.get().headline == "Azerbaijan and Kazakhstan talk trade"


def test_a_bad_item_is_refused_by_name_and_nothing_of_it_is_written(tmp_path):
    write_item(tmp_path, "good.json")
    write_item(tmp_path, "no-body.json", uri="urn:example:wire:2", bodies=None)
    (tmp_path / "broken.json").write_text('{"uri": "urn:example:wire:3", ', encoding="utf-8")
    out, err, message = run_import_refused(tmp_path)
    assert "no-body.json: no body" in err and "broken.json: not JSON" in err and "2 file(s) refused" in message
    assert list(Article.objects.values_list("import_ref", flat=True)) == [URI]


@pytest.mark.parametrize("names", [("item_v1.json", "item_v2.json"), ("item_v2.json", "item_v1.json")])
def test_versions_of_one_item_side_by_side_leave_the_story_at_the_newest(tmp_path, names):
    """Agencies keep each version of an item in a file of its own: whatever order the names sort in, the
    story ends at the newest version, and importing the folder again changes nothing."""
    newer, older = (names[1], names[0]) if "v2" in names[1] else names
    write_item(tmp_path, older, version="1")
    write_item(tmp_path, newer, version="2", headlines=[{"value": "Corrected: Azerbaijan and Kazakhstan talk trade"}])
    out, _ = run_import(tmp_path, "--verbosity", "2")
    assert "0 refused" in out
    assert Article.objects.get().headline == "Corrected: Azerbaijan and Kazakhstan talk trade"
    out, _ = run_import(tmp_path, "--verbosity", "2")
    assert "2 unchanged" in out and "older than version 2" in out
    assert Article.objects.get().headline == "Corrected: Azerbaijan and Kazakhstan talk trade"


def test_canceled_on_the_wire_unpublishes_and_is_never_imported_new(tmp_path, client):
    write_item(tmp_path)
    run_import(tmp_path)
    story = Article.objects.get()
    write_item(tmp_path, version="2", pubstatus="canceled")
    write_item(tmp_path, "other.json", uri="urn:example:wire:killed", pubstatus="canceled")
    out, _ = run_import(tmp_path, "--verbosity", "2")
    assert "unpublished: canceled on the wire" in out and "canceled on the wire before it was imported" in out
    story.refresh_from_db()
    assert story.status == Article.Status.UNPUBLISHED and Article.objects.count() == 1
    assert client.get(f"/api/v1/stories/{story.pk}/").json()["pubstatus"] == "canceled"


def test_withheld_on_the_wire_is_a_draft(tmp_path):
    write_item(tmp_path, "held.json", uri="urn:example:wire:held", pubstatus="withheld")
    write_item(tmp_path)
    run_import(tmp_path)
    assert Article.objects.get(import_ref="urn:example:wire:held").status == Article.Status.DRAFT
    write_item(tmp_path, version="2", pubstatus="withheld")
    run_import(tmp_path)
    assert Article.objects.get(import_ref=URI).status == Article.Status.DRAFT


def test_an_embargoed_item_waits_for_its_embargo(tmp_path, client):
    until = (timezone.now() + datetime.timedelta(hours=2)).replace(microsecond=0)
    write_item(tmp_path, embargoed=until.isoformat())
    run_import(tmp_path)
    story = Article.objects.get()
    assert story.embargo_until == until and story not in Article.objects.published()
    assert story in Article.objects.for_partners()
    assert story.workflow_events.filter(action="embargo").exists()


def test_the_three_agencies_examples_import_in_their_languages(tmp_path):
    out, _ = run_import(*(specs() / name for name in EXAMPLES))
    assert "3 created" in out
    for name in EXAMPLES:
        wire = example(name)
        story = Article.objects.get(import_ref=wire["uri"])
        assert story.lang == wire.get("language", "en")
    # Text tagging reads English only: the German and Swedish items name no country by ISO code.
    assert not Article.objects.get(language="de").countries.exists()
    assert list(Article.objects.get(import_ref=example(EXAMPLES[1])["uri"]).countries.names()) == ["Italy"]


def test_a_kill_of_a_story_an_editor_changed_is_reported_as_a_change(tmp_path):
    story = imported_then_edited(tmp_path)
    write_item(tmp_path, version="2", pubstatus="canceled", headlines=[{"value": "KILL"}])
    out, _, _ = run_import_conflicts(tmp_path)
    assert "1 conflicts" in out and "unpublished: canceled on the wire" in out
    assert "No story changed" not in out  # it was taken off the site
    story.refresh_from_db()
    assert story.status == Article.Status.UNPUBLISHED and story.headline == "An editor's headline"


def test_tt_and_ap_copy_become_stories_with_their_lead_their_dateline_and_no_teaser(tmp_path, client):
    lead = "The trial of the captain of the wrecked cruise ship began on Tuesday in a theater in Tuscany."
    ap_body = [{"contenttype": "text/html", "value": f"<p>GROSSETO, Italy (AP) \u2014 {lead}</p><p>More.</p>"}]
    write_item(tmp_path, headlines=None, bodies=ap_body)
    run_import(tmp_path, *(specs() / name for name in EXAMPLES))
    ap = Article.objects.get(import_ref=URI)
    assert (ap.dateline, ap.body) == ("GROSSETO", f"{lead}\n\nMore.") and ap.headline_is_machine_made
    assert ap.headline.startswith("The trial of the captain")
    page = client.get(ap.get_absolute_url()).content.decode()
    assert '<span class="dateline">GROSSETO</span>' in page and "(AP) \u2014" not in page
    tt = Article.objects.get(import_ref=example("tt_text_image_2.json")["uri"])
    lead = "Pandemin satte stopp för den stora internationella militärövningen Aurora 2020 förra våren."
    assert tt.standfirst == lead and tt.body.startswith(lead)
    page = client.get(tt.get_absolute_url()).content.decode()
    # The page's description, and its Open Graph and Twitter ones, are the lead's sentence, not the cut teaser.
    assert f'<meta name="description" content="{lead}">' in page and page.count(f'content="{lead}"') == 3
