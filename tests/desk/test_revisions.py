"""Revisions: every saved change of text and tags is kept, compared and restorable; no edit is lost."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.desk import revisions
from articles.models import Article, CountryTag, TopicTag
from tests.conftest import SEED_FILE
from tests.desk_forms import change_url, desk_copy, new_story_form, restore_confirmed, restore_url, story_form, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("import_seeds", str(SEED_FILE), stdout=StringIO())
    return Article.objects.get()


def test_the_import_is_the_first_revision(seeded):
    [version] = revisions.history(seeded)
    state = revisions.state(version)
    assert state["headline"] == seeded.headline
    assert state["countries"] == ["Azerbaijan", "Tajikistan"]
    assert "Trade" in state["topics"]


def test_a_story_made_in_the_desk_starts_its_history_saying_so(admin_client, admin_user):
    admin_client.post(reverse("admin:articles_article_add"), new_story_form(headline="Ferry to Aktau"))
    [first] = revisions.history(Article.objects.get(headline="Ferry to Aktau"))
    assert (first.revision.comment, first.revision.user) == ("Created in the desk.", admin_user)


def test_every_admin_save_is_a_revision_with_its_tags_and_author(admin_client, admin_user, seeded):
    trade = TopicTag.objects.get(name="Trade")
    admin_client.post(change_url(seeded), story_form(seeded, headline="First edit", topics=[trade.pk]))
    seeded.refresh_from_db()
    admin_client.post(change_url(seeded), story_form(seeded, body=seeded.body + "\n\nA new last paragraph."))

    newest, middle, imported = revisions.history(seeded)
    assert newest.revision.user == admin_user
    assert revisions.state(middle)["headline"] == "First edit"
    assert revisions.state(middle)["topics"] == ["Trade"]
    assert revisions.state(newest)["body"].endswith("A new last paragraph.")
    assert len(revisions.state(imported)["topics"]) > 1


def test_the_diff_between_two_revisions_is_readable(admin_client, seeded):
    georgia = CountryTag.objects.get(name="Georgia")
    countries = [tag.pk for tag in seeded.countries.all()] + [georgia.pk]
    admin_client.post(
        change_url(seeded),
        story_form(seeded, headline="Azerbaijan and Tajikistan talk industry", countries=countries),
    )
    newest, imported = revisions.history(seeded)
    page = admin_client.get(
        reverse("admin:articles_article_revisions", args=[seeded.pk]), {"a": imported.pk, "b": newest.pk}
    ).content.decode()
    assert "<ins>Azerbaijan and Tajikistan talk industry</ins>" in page
    assert "Economy Minister pointed out the special importance that Azerbaijan attaches</del>" in page
    assert "<ins>+ Georgia</ins>" in page


def test_word_diff_marks_only_what_changed():
    segments = revisions.word_diff("The minister met the delegation.", "The minister met the Tajik delegation.")
    assert segments == [("equal", "The minister met the"), ("insert", "Tajik"), ("equal", "delegation.")]


def test_restoring_an_old_revision_brings_back_text_and_tags_as_a_new_revision(admin_client, seeded):
    original_headline, original_topics = seeded.headline, sorted(seeded.topics.names())
    trade = TopicTag.objects.get(name="Trade")
    admin_client.post(change_url(seeded), story_form(seeded, headline="A worse headline", topics=[trade.pk]))
    imported = list(revisions.history(seeded))[-1]

    response = admin_client.post(restore_url(seeded, imported), restore_confirmed(seeded))

    assert response.status_code == 302
    seeded.refresh_from_db()
    assert seeded.headline == original_headline
    assert sorted(seeded.topics.names()) == original_topics
    history = list(revisions.history(seeded))
    assert len(history) == 3
    assert "Restored the revision" in history[0].revision.get_comment()


def test_restore_follows_a_merged_tag_to_its_survivor(seeded):
    from articles.models import TagRedirect

    energy = TopicTag.objects.get(name="Energy")
    power = TopicTag.objects.create(name="Power and energy", slug="power-and-energy")
    imported = revisions.history(seeded)[0]
    seeded.topics.remove(energy)
    energy.delete()
    TagRedirect.objects.create(kind="topics", old_slug="energy", new_slug=power.slug)

    missing = revisions.restore(seeded, imported, user=None)

    assert missing == []
    assert "Power and energy" in desk_copy(seeded)["topics"]


def test_a_reporter_cannot_restore_someone_elses_story(client, seeded):
    client.force_login(user_in("Reporters"))
    version = revisions.history(seeded)[0]
    assert client.get(restore_url(seeded, version)).status_code == 404
    response = client.post(restore_url(seeded, version), restore_confirmed(seeded))
    assert response.status_code == 404


def test_restore_keeps_a_tag_that_was_only_renamed_since(seeded):
    imported = revisions.history(seeded)[0]
    trade = TopicTag.objects.get(name="Trade")
    trade.name = "Trade and commerce"
    trade.save()
    seeded.topics.remove(trade)

    missing = revisions.restore(seeded, imported, user=None)

    assert missing == []
    assert "Trade and commerce" in desk_copy(seeded)["topics"]


def test_a_restore_after_someone_saved_is_refused_with_the_conflict_message(admin_client, seeded):
    imported = list(revisions.history(seeded))[-1]
    admin_client.post(change_url(seeded), story_form(seeded, headline="Changed once"))
    seen = restore_confirmed(seeded)  # the restore's confirmation page is opened here ...
    seeded.refresh_from_db()
    admin_client.post(change_url(seeded), story_form(seeded, headline="Changed again meanwhile"))

    response = admin_client.post(restore_url(seeded, imported), seen)

    assert response.status_code == 200
    assert "Nothing was restored: admin saved this story at" in response.content.decode()
    assert desk_copy(seeded)["headline"] == "Changed again meanwhile"


def test_the_restore_confirmation_sends_the_version_it_shows(admin_client, seeded):
    admin_client.post(change_url(seeded), story_form(seeded, headline="Changed once"))
    seeded.refresh_from_db()
    page = admin_client.get(restore_url(seeded, revisions.history(seeded).last())).content.decode()
    assert f'name="base_version" value="{seeded.version}"' in page


def test_each_revisions_controls_are_named_by_its_number_so_a_screen_reader_tells_the_rows_apart(admin_client, seeded):
    admin_client.post(change_url(seeded), story_form(seeded, headline="Changed once"))
    seeded.refresh_from_db()
    admin_client.post(change_url(seeded), story_form(seeded, headline="Changed twice"))
    page = admin_client.get(reverse("admin:articles_article_revisions", args=[seeded.pk])).content.decode()
    labels = re.findall(r'aria-label="([^"]*)"', page)
    for kind in ("compare from revision", "compare to revision"):
        named = [label for label in labels if label.startswith(kind)]
        assert len(named) == len(set(named)) == 3, named
    assert len([label for label in labels if label.startswith("Restore revision")]) == 2


def test_an_imported_first_revision_holds_what_django_reversion_itself_records(seeded):
    """The import writes first revisions in bulk (revisions.record_many): the same versions as record()."""
    import json

    [imported] = revisions.history(seeded)
    revisions.record(seeded, comment="Recorded by django-reversion.")
    by_reversion = revisions.history(seeded)[0]

    def held(version):
        return sorted(
            (v.content_type_id, v.object_id, v.db, v.format, json.loads(v.serialized_data), v.object_repr)
            for v in version.revision.version_set.all()
        )

    [(_type, _id, _db, _format, [story], _repr)] = held(imported)  # the story alone, its tags in it
    assert story["fields"]["shown_tags"]["countries"] == [
        [tag.pk, tag.name, tag.slug] for tag in seeded.countries.all()
    ]
    assert held(imported) == held(by_reversion)
    assert imported.revision.get_comment() == f"Imported from {SEED_FILE.name}."
    assert imported.revision.user is None


def test_an_imported_revision_is_stored_in_the_very_text_django_reversion_writes(seeded):
    """record_many serializes with a one-piece encoder (revisions.WholeTextEncoder): the stored text, not only
    what it reads back as, is django-reversion's own, non-ASCII copy included."""
    import json

    [imported] = revisions.history(seeded)
    # The story as the importer held it: PostgreSQL gives a JSON object back with its keys in an order of its own.
    seeded.shown_tags = json.loads(imported.serialized_data)[0]["fields"]["shown_tags"]
    revisions.record(seeded, comment="Recorded by django-reversion.")
    by_reversion = revisions.history(seeded)[0]

    def texts(version):
        return sorted((v.content_type_id, v.object_id, v.serialized_data) for v in version.revision.version_set.all())

    assert texts(imported) == texts(by_reversion)


def test_the_one_piece_encoder_writes_what_djangos_json_serializer_writes():
    from django.core import serializers

    country = CountryTag.objects.get(name="Türkiye")
    story = make_article(
        countries=[country],
        headline="Türkiye’s minister — “quoted” \\ \t",
        embargo_until=timezone.now().replace(microsecond=654321) + datetime.timedelta(days=1),
        pending={"changes": {"headline": "Ünïcode", "countries": [[1, "Türkiye", "turkiye"]]}},
    )
    assert story.shown_tags["countries"] == [[country.pk, "Türkiye", country.slug]]
    fields = revisions.KEPT_FIELDS[Article]
    assert serializers.serialize("json", [story], fields=fields, cls=revisions.WholeTextEncoder) == (
        serializers.serialize("json", [story], fields=fields)
    )
