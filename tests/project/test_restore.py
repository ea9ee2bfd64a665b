"""`manage.py restore`: a backup goes into a new database only, all or nothing, and no page from before is served
after it. Restoring into the live database would undo every takedown, pending change and revoked key since."""

import gzip
import json
import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.conftest import SEED_FILE
from tests.desk_forms import change_url, desk_copy, story_form, transition_url, user_in
from tests.site.api.helpers import bearer, partner_key

from .test_backup_exact import every_row, new_database

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def backup(tmp_path, seed_dir):
    """A backup of the seeds' stories, published."""
    call_command("import_seeds", str(seed_dir), stdout=StringIO())
    path = tmp_path / "newsroom.json.gz"
    call_command("backup", output=str(path), stdout=StringIO())
    return path


def test_restoring_into_the_live_database_is_refused_and_undoes_nothing(client, tmp_path, seed_dir):
    """The trial's operator: a backup, then a story unpublished, changes saved on another, two keys revoked."""
    call_command("import_seeds", str(seed_dir), stdout=StringIO())
    keys = [partner_key("Trend syndication"), partner_key("AzerNews")]
    backup = tmp_path / "b.json.gz"
    call_command("backup", output=str(backup), stdout=StringIO())
    taken_down = Article.objects.get(import_ref=SEED_FILE.stem)
    edited = Article.objects.exclude(pk=taken_down.pk).first()
    client.force_login(user_in("Publishers", "pat"))
    client.post(transition_url(taken_down, "unpublish"))
    client.force_login(user_in("Editors", "ed"))
    client.post(change_url(edited), story_form(edited, headline="A correction waiting for a publisher"))
    for record, _key in keys:
        record.revoke()
    client.logout()
    before = every_row()

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup), stdout=StringIO())

    message = str(refused.value)
    assert "already holds 4 stories, 3 users, 2 partner keys" in message and "Nothing was written" in message
    assert every_row() == before
    assert client.get(taken_down.get_absolute_url()).status_code == 410
    assert client.get(f"/api/v1/stories/{taken_down.pk}/").json()["pubstatus"] == "canceled"
    assert desk_copy(edited)["headline"] == "A correction waiting for a publisher"
    assert [client.get("/api/v1/stories/", **bearer(key)).status_code for _record, key in keys] == [401, 401]


@pytest.mark.parametrize(
    ("damage", "refusal"),
    [
        ("cut short", "is incomplete or damaged"),  # a copy that stopped midway
        ("bytes changed", "is incomplete or damaged"),  # a bad disk
        ("cut short inside", "is incomplete or damaged"),  # whole as gzip, its JSON cut
        ("uncompressed, cut short", "is incomplete or damaged"),
        ("stories left out", "does not fit this database"),  # their tag links and events refer to them
    ],
)
def test_a_damaged_or_incomplete_backup_restores_nothing(backup, damage, refusal):
    data = backup.read_bytes()
    if damage == "cut short":
        backup.write_bytes(data[: len(data) // 2])
    elif damage == "bytes changed":
        backup.write_bytes(data[:2000] + bytes(b ^ 0xFF for b in data[2000:2100]) + data[2100:])
    elif damage == "cut short inside":
        backup.write_bytes(gzip.compress(gzip.decompress(data)[:-5000]))
    elif damage == "uncompressed, cut short":
        backup = backup.with_name("newsroom.json")
        backup.write_bytes(gzip.decompress(data)[:-5000])
    else:
        rows = [row for row in json.loads(gzip.decompress(data)) if row["model"] != "articles.article"]
        backup.write_bytes(gzip.compress(json.dumps(rows).encode()))
    new_database()
    before = every_row()

    with pytest.raises(CommandError, match=f"{refusal}, so nothing was restored"):
        call_command("restore", str(backup), stdout=StringIO())

    assert every_row() == before  # what migrate wrote is there still; nothing of the backup is
    assert not Article.objects.exists()


def test_after_a_restore_no_page_cached_before_it_is_served(client, backup):
    story = Article.objects.get(import_ref=SEED_FILE.stem)
    new_database()
    assert story.get_absolute_url() not in client.get("/").content.decode()  # the new site's empty home page, cached

    call_command("restore", str(backup), stdout=StringIO())

    assert story.get_absolute_url() in client.get("/").content.decode()
    assert client.get(story.get_absolute_url()).status_code == 200


def manage(*args, database):
    """manage.py run as an operator runs it, on the SQLite database file `database`."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "tests.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_an_operator_restores_into_a_new_database_after_migrate_and_only_once(backup, tmp_path):
    database = tmp_path / "new.sqlite3"

    refused = manage("restore", str(backup), database=database)
    assert refused.returncode == 1 and "not migrated: run `manage.py migrate` first" in refused.stderr
    assert sqlite3.connect(database).execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == []

    assert manage("migrate", database=database).returncode == 0
    restored = manage("restore", str(backup), database=database)
    assert restored.returncode == 0, restored.stderr
    assert f"Restored {backup}: 4 stories, " in restored.stdout

    again = manage("restore", str(backup), database=database)
    assert again.returncode == 1 and "This database already holds 4 stories" in again.stderr
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM articles_article").fetchone() == (4,)


def records(path):
    return json.loads(gzip.decompress(path.read_bytes()))


def older(path, rows):
    """`rows` as a backup written before December 2026 holds them: no manifest, no column added since."""
    added = {"tag_words", "shown_tags", "public_version", "public_changed_at"}
    rows = [row for row in rows if "model" in row]
    for row in rows:
        if row["model"] == "articles.article":
            row["fields"] = {name: value for name, value in row["fields"].items() if name not in added}
    path.write_bytes(gzip.compress(json.dumps(rows).encode()))
    return path


def test_an_older_backup_restores_every_storys_tags_to_its_page_the_api_and_search(client, tmp_path, seed_dir):
    call_command("import_seeds", str(seed_dir), stdout=StringIO())
    _record, key = partner_key()
    story = Article.objects.get(import_ref=SEED_FILE.stem)
    tags = {kind: list(getattr(story, kind).order_by("name")) for kind in ("countries", "ministries", "topics")}
    assert tags["countries"] and tags["ministries"] and tags["topics"]
    copy = f"{story.headline} {story.standfirst} {story.body}".casefold()
    # A word of its tags (a country's other name, say) that its copy does not hold: search finds it by its tags.
    word = next(w for w in story.tag_words.split() if len(w) > 3 and w.casefold() not in copy)
    new = tmp_path / "newsroom.json.gz"
    call_command("backup", output=str(new), stdout=StringIO())
    backup = older(tmp_path / "newsroom-2026-11-30.json.gz", records(new))
    new_database()

    call_command("restore", str(backup), stdout=StringIO())

    page = client.get(story.get_absolute_url()).content.decode()
    assert all(tag.get_absolute_url() in page for kind_tags in tags.values() for tag in kind_tags)
    item = client.get(f"/api/v1/stories/{story.pk}/", **bearer(key)).json()
    assert [place["name"] for place in item["places"]] == [tag.name for tag in tags["countries"]]
    assert [subject["name"] for subject in item["subjects"]] == [tag.name for tag in tags["topics"]]
    assert story.get_absolute_url() in client.get("/search/", {"q": word}).content.decode()
