"""A revision keeps one version, the story, with its tags in it as they were after the change it records; a
revision recorded before, with the story's links and tags kept beside it, still reads, compares and restores."""

import contextlib
import json
from io import StringIO

import pytest
import reversion
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from articles.desk import revisions
from articles.desk.tag_care import merge_tags, rename_tag
from articles.models import TAG_THROUGH, Article, CountryTag, TopicTag
from tests.conftest import SEED_FILE
from tests.desk_forms import change_url, desk_copy, restore_confirmed, restore_url, story_form, transition_url, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def kept(version):
    """The tags a revision holds, by kind, from its one version: the story's."""
    [only] = version.revision.version_set.all()
    assert only.object_id == version.object_id
    return json.loads(only.serialized_data)[0]["fields"]["shown_tags"]


def topics(version):
    return revisions.state(version)["topics"]


def diff_page(client, story, older, newer):
    url = reverse("admin:articles_article_revisions", args=[story.pk])
    return client.get(url, {"a": older.pk, "b": newer.pk}).content.decode()


@pytest.fixture
def draft():
    return make_article(status=Article.Status.DRAFT, countries=["Azerbaijan"], topics=["Trade", "Energy"])


def test_a_desk_save_keeps_the_story_alone_with_the_tags_it_saved(admin_client, draft):
    georgia, energy = CountryTag.objects.get(name="Georgia"), TopicTag.objects.get(name="Energy")
    countries = [tag.pk for tag in draft.countries.all()] + [georgia.pk]
    admin_client.post(change_url(draft), story_form(draft, countries=countries, topics=[energy.pk]))

    newest, created = revisions.history(draft)
    assert [name for _id, name, _slug in kept(newest)["countries"]] == ["Azerbaijan", "Georgia"]
    assert (topics(created), topics(newest)) == (["Energy", "Trade"], ["Energy"])
    page = diff_page(admin_client, draft, created, newest)
    assert "<ins>+ Georgia</ins>" in page and "<del>− Trade</del>" in page


def test_an_import_writes_one_version_a_story_holding_its_tags(seed_dir):
    call_command("import_seeds", str(seed_dir), stdout=StringIO())  # a batch of four
    (seed_dir / "again").mkdir()
    (seed_dir / "again" / "one.txt").write_text((seed_dir / "turkiye_energy.txt").read_text())
    call_command("import_seeds", str(seed_dir / "again"), stdout=StringIO())  # a file alone

    assert Article.objects.count() == 5 and Version.objects.count() == 5
    for story in Article.objects.all():
        [version] = revisions.history(story)
        assert kept(version) == {
            kind: [[tag.pk, tag.name, tag.slug] for tag in getattr(story, kind).order_by("name")]
            for kind in TAG_THROUGH
        }
        assert sorted(revisions.state(version)["countries"]) == sorted(story.countries.names())


def test_a_wire_update_keeps_the_tags_the_update_left(admin_client, seed_dir):
    call_command("import_seeds", str(seed_dir / SEED_FILE.name), stdout=StringIO())
    story = Article.objects.get()
    assert "Energy" in story.topics.names()
    path = seed_dir / SEED_FILE.name
    path.write_text(path.read_text().replace("regional and global energy projects", "regional projects"))

    call_command("import_seeds", str(path), stdout=StringIO())

    updated, imported = revisions.history(story)
    assert "Energy" in topics(imported) and "Energy" not in topics(updated)
    assert "Energy" not in [name for _id, name, _slug in kept(updated)["topics"]]
    assert "<del>− Energy</del>" in diff_page(admin_client, story, imported, updated)


def test_tags_changed_inside_a_revision_are_the_ones_it_keeps(draft):
    """django-reversion serializes the story when taggit says its tags changed: after the story's copy of its
    tags is brought up to date (articles/apps.py connects that first)."""
    with reversion.create_revision():
        draft.topics.remove(TopicTag.objects.get(name="Trade"))

    newest = revisions.history(draft)[0]
    assert topics(newest) == ["Energy"] and kept(newest)["topics"][0][1] == "Energy"


def test_a_restore_keeps_the_tags_it_brought_back(admin_client, draft):
    created = revisions.history(draft)[0]
    admin_client.post(change_url(draft), story_form(draft, topics=[]))
    assert topics(revisions.history(draft)[0]) == []

    admin_client.post(restore_url(draft, created), restore_confirmed(draft))

    restored = revisions.history(draft)[0]
    assert "Restored the revision" in restored.revision.get_comment()
    assert [name for _id, name, _slug in kept(restored)["topics"]] == ["Energy", "Trade"] == topics(restored)
    assert sorted(desk_copy(draft)["topics"]) == ["Energy", "Trade"]


def test_published_pending_tags_are_the_live_tags_of_the_revision_that_publishes_them(client):
    live = make_article(topics=["Trade"])
    energy = TopicTag.objects.get(name="Energy")
    client.force_login(user_in("Editors"))
    client.post(change_url(live), story_form(live, topics=[energy.pk]))
    waiting = revisions.history(live)[0]
    assert topics(waiting) == ["Energy"] and kept(waiting)["topics"][0][1] == "Trade"  # readers still have Trade

    client.force_login(user_in("Publishers"))
    live.refresh_from_db()
    client.post(transition_url(live, "publish_changes"), {"base_version": live.version})

    published = revisions.history(live)[0]
    assert published.revision.get_comment() == "Published the pending changes."
    assert topics(published) == ["Energy"] and kept(published)["topics"] == [[energy.pk, "Energy", "energy"]]


def test_a_merge_keeps_the_survivor_and_an_earlier_revision_restores_to_it(admin_client, draft):
    trade = TopicTag.objects.get(name="Trade")
    commerce = TopicTag.objects.create(name="Commerce", slug="commerce")
    draft.topics.set([commerce, TopicTag.objects.get(name="Energy")])
    revisions.record(draft, comment="Tagged Commerce.")
    tagged = revisions.history(draft)[0]

    merge_tags(trade, [commerce], user=user_in("Publishers"))

    merged = revisions.history(draft)[0]
    assert merged.revision.get_comment() == "Tag Commerce merged into Trade."
    assert (topics(tagged), topics(merged)) == (["Commerce", "Energy"], ["Energy", "Trade"])
    assert [name for _id, name, _slug in kept(merged)["topics"]] == ["Energy", "Trade"]
    page = diff_page(admin_client, draft, tagged, merged)
    assert "<ins>+ Trade</ins>" in page and "<del>− Commerce</del>" in page
    admin_client.post(change_url(draft), story_form(Article.objects.get(pk=draft.pk), topics=[]))
    assert revisions.restore(Article.objects.get(pk=draft.pk), tagged, user=None) == []
    assert sorted(desk_copy(draft)["topics"]) == ["Energy", "Trade"]


def test_after_a_rename_revisions_show_each_name_as_it_was_and_the_diff_no_change(admin_client, draft):
    trade = TopicTag.objects.get(name="Trade")
    created = revisions.history(draft)[0]
    rename_tag(trade, name="Trade and commerce", slug="trade-and-commerce")
    admin_client.post(change_url(draft), story_form(Article.objects.get(pk=draft.pk), headline="Renamed since"))

    newest = revisions.history(draft)[0]
    assert (topics(created), topics(newest)) == (["Energy", "Trade"], ["Energy", "Trade and commerce"])
    assert [name for _id, name, _slug in kept(newest)["topics"]] == ["Energy", "Trade and commerce"]
    page = diff_page(admin_client, draft, created, newest)
    assert "<ins>Renamed since</ins>" in page and "+ Trade" not in page and "− Trade" not in page


# A revision recorded before stories kept their tags: the story, each link, each link's tag.
FIELDS_BEFORE = {
    Article: [*revisions.REVISED_FIELDS, "version", "pending"],
    **{through: ["content_object", "tag", "source"] for through in TAG_THROUGH.values()},
    **{through.tag_model(): ["name", "slug"] for through in TAG_THROUGH.values()},
}


@contextlib.contextmanager
def registered_as_before():
    """django-reversion registered as it was, the story following its links and each link its tag."""
    reversion.unregister(Article)
    follow = {
        Article: ["country_links", "ministry_links", "topic_links"],
        **dict.fromkeys(TAG_THROUGH.values(), ["tag"]),
    }
    try:
        for model, fields in FIELDS_BEFORE.items():
            reversion.register(model, fields=fields, follow=follow.get(model, ()), format="json")
        yield
    finally:
        for model in FIELDS_BEFORE:
            if reversion.is_registered(model):
                reversion.unregister(model)
        revisions.register_models()


def test_a_revision_recorded_before_still_reads_compares_and_restores_its_tags(admin_client, draft):
    with registered_as_before():
        revisions.record(draft, comment="Recorded the old way.")
    before = revisions.history(draft)[0]
    held = before.revision.version_set.all()
    assert len(held) == 1 + 2 * 3 and "shown_tags" not in revisions.history(draft)[0].serialized_data
    trade, energy = TopicTag.objects.get(name="Trade"), TopicTag.objects.get(name="Energy")
    rename_tag(trade, name="Trade and commerce", slug="trade-and-commerce")
    georgia = CountryTag.objects.get(name="Georgia")
    admin_client.post(change_url(draft), story_form(draft, countries=[georgia.pk], topics=[trade.pk]))

    newest = revisions.history(draft)[0]
    assert revisions.state(before)["countries"] == ["Azerbaijan"] and topics(before) == ["Energy", "Trade"]
    assert sorted(revisions.state(before)["topics_tags"]) == [
        (energy.pk, "Energy", "energy"),
        (trade.pk, "Trade", "trade"),
    ]
    page = diff_page(admin_client, draft, before, newest)
    assert "<ins>+ Georgia</ins>" in page and "<del>− Azerbaijan</del>" in page and "<del>− Energy</del>" in page
    assert "− Trade" not in page  # renamed, not removed

    admin_client.post(restore_url(draft, before), restore_confirmed(draft))

    assert desk_copy(draft)["countries"] == ["Azerbaijan"]
    assert desk_copy(draft)["topics"] == ["Energy", "Trade and commerce"]
    assert topics(revisions.history(draft)[0]) == ["Energy", "Trade and commerce"]
