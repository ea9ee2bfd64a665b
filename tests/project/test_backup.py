"""Backup and restore round-trip every story, tag, revision, workflow record and note."""

import os
import stat
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.utils import timezone
from reversion.models import Revision, Version

from articles import backups
from articles.desk import revisions
from articles.desk.tag_care import merge_tags
from articles.desk.workflow import set_embargo, transition
from articles.models import (
    Article,
    CountryTag,
    EditorialNote,
    MinistryTag,
    TaggedCountry,
    TaggedMinistry,
    TaggedTopic,
    TagRedirect,
    TopicTag,
    WorkflowEvent,
)
from tests.conftest import SEED_FILE
from tests.desk_forms import user_in

pytestmark = pytest.mark.django_db(transaction=True)
MODELS = [
    Article,
    CountryTag,
    MinistryTag,
    TopicTag,
    TaggedCountry,
    TaggedMinistry,
    TaggedTopic,
    TagRedirect,
    WorkflowEvent,
    EditorialNote,
    Revision,
    Version,
    User,
]  # Groups are compared by name: a restore matches them to the ones migrate made, whatever their numbers.


def snapshot():
    """Everything a backup must keep, as plain data."""
    data = {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}
    data["stories"] = [
        (a.pk, a.status, a.published_at, a.embargo_until, a.version, a.author_id, a.editable_state())
        for a in Article.objects.order_by("pk")
    ]
    data["history"] = [
        [
            (v.revision.comment, revisions.state(v)["headline"], revisions.state(v)["topics"])
            for v in revisions.history(a)
        ]
        for a in Article.objects.order_by("pk")
    ]
    data["events"] = list(WorkflowEvent.objects.values_list("article", "action", "actor_name", "reason").order_by("pk"))
    data["groups"] = {g.name: sorted(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    data["members"] = sorted(User.objects.values_list("username", "groups__name", "password"))
    return data


def test_a_backup_restores_where_the_groups_were_numbered_differently(tmp_path):
    """A database whose groups were made again (numbered 4-6, say) restores into a new one (1-3)."""
    Group.objects.all().delete()
    call_command("migrate", verbosity=0)  # post_migrate makes the groups again, with new numbers
    user_in("Editors", "ed")
    before = snapshot()
    backup = tmp_path / "backup.json.gz"
    call_command("backup", output=str(backup), stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(backup), stdout=StringIO())
    assert snapshot() == before
    assert User.objects.get(username="ed").groups.get().name == "Editors"


@pytest.mark.parametrize("name", ["backup.json", "backup.json.gz"])
def test_a_backup_restores_whether_compressed_or_not(tmp_path, seed_dir, name):
    call_command("import_seeds", str(seed_dir), stdout=StringIO())
    before = snapshot()
    call_command("backup", output=str(tmp_path / name), stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(tmp_path / name), stdout=StringIO())
    assert snapshot() == before


def test_a_backup_name_loaddata_could_not_read_is_refused(tmp_path):
    with pytest.raises(CommandError, match="must end in .json or .json.gz"):
        call_command("backup", output=str(tmp_path / "backup.bz2"), stdout=StringIO())
    assert not (tmp_path / "backup.bz2").exists()


def test_backup_then_restore_into_an_empty_database_gives_back_everything(tmp_path, seed_dir):
    call_command("import_seeds", str(seed_dir), stdout=StringIO())
    editor, publisher = user_in("Editors", "ed"), user_in("Publishers", "pat")
    story = Article.objects.get(import_ref=SEED_FILE.stem)
    story.headline = "Edited headline"
    with revisions.reversion.create_revision():
        story.save_content(expected_version=story.version, fields=["headline"])
        revisions.reversion.add_to_revision(story)
    transition(story, "unpublish", by=publisher)
    held_until = story.published_at.replace(year=timezone.now().year + 1)
    set_embargo(story, held_until, by=editor, reason="Held")
    EditorialNote.objects.create(article=story, author=editor, text="Check the name.")
    merge_tags(TopicTag.objects.get(name="Trade"), [TopicTag.objects.get(name="Investment")], user=publisher)
    before = snapshot()
    backup = tmp_path / "backup.json.gz"

    call_command("backup", output=str(backup), stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    assert not Article.objects.exists()
    call_command("restore", str(backup), stdout=StringIO())

    assert snapshot() == before


@pytest.mark.parametrize("name", ["backup.json", "backup.json.gz"])
def test_a_backup_is_readable_by_its_owner_only_while_written_too(tmp_path, seed_dir, monkeypatch, name):
    """It holds every account's password hash and every partner key's digest."""
    call_command("import_seeds", str(seed_dir), stdout=StringIO())
    path, partial = tmp_path / name, tmp_path / f"{name}.partial"
    modes = []
    rows = backups._rows

    def rows_seen_written():
        modes.append(stat.S_IMODE(partial.stat().st_mode))  # the file being written, before the first row
        yield from rows()

    monkeypatch.setattr(backups, "_rows", rows_seen_written)
    umask = os.umask(0o022)
    try:
        call_command("backup", output=str(path), stdout=StringIO())
    finally:
        os.umask(umask)

    assert modes == [0o600] and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not partial.exists()


def test_a_backup_does_not_replace_a_file_unless_told_to(tmp_path, seed_dir):
    call_command("import_seeds", str(seed_dir), stdout=StringIO())
    path = tmp_path / "newsroom-2026-12-07.json.gz"
    path.write_bytes(b"yesterday's backup")

    with pytest.raises(CommandError, match="already exists, so nothing was written: .* or --force to replace it"):
        call_command("backup", output=str(path), stdout=StringIO())
    assert path.read_bytes() == b"yesterday's backup"
    assert sorted(tmp_path.iterdir()) == sorted([path, tmp_path / "seeds"])  # no .partial left either

    call_command("backup", output=str(path), force=True, stdout=StringIO())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(path), stdout=StringIO())
    assert Article.objects.count() == 4
