"""`manage.py restore`: a backup goes into a new database only, all or nothing, and no page from before is served
after it. Restoring into the live database would undo every takedown, pending change and revoked key since."""

import gzip
import json
import os
import sqlite3
import subprocess
import sys
import warnings
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, CountryTag, TopicTag
from tests.conftest import SEED_FILE
from tests.desk_forms import change_url, desk_copy, story_form, transition_url, user_in
from tests.site.api.helpers import bearer, partner_key

from .test_backup_exact import every_row, new_database

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def backup(tmp_path, seed_dir):
    """A backup of the seeds' stories, published, and an editor's account."""
    call_command("import_seeds", str(seed_dir), stdout=StringIO())
    user_in("Editors", "ed")
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
        # A file without a manifest (as written before December 2026), which restore cannot count.
        rows = [
            row
            for row in json.loads(gzip.decompress(data))
            if row.get("model", "articles.article") != "articles.article"
        ]
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


@pytest.fixture
def refused(backup):
    """restore run on a file; (its refusal, every row as it was): what an operator sees, and that nothing changed."""
    new_database()
    before = every_row()

    def restore(path):
        with warnings.catch_warnings(record=True) as warned, pytest.raises(CommandError) as refusal:
            warnings.simplefilter("always")
            call_command("restore", str(path), stdout=StringIO())
        assert [str(w.message) for w in warned] == []
        assert every_row() == before and Article.objects.count() == 0
        assert CountryTag.objects.exists() and TopicTag.objects.exists()
        return str(refusal.value)

    return restore


def test_a_file_that_is_not_a_whole_backup_is_refused_and_nothing_is_emptied(backup, refused, tmp_path):
    rows = records(backup)
    cases = {
        "empty.json": ("[]", "is not a backup of this site, so nothing was restored: it holds no records"),
        "object.json": (
            json.dumps({"records": rows}),
            "is not a backup of this site, so nothing was restored: it holds a JSON object, not a list",
        ),
        "cut.json": (json.dumps(rows[: len(rows) * 2 // 3]), "is incomplete or damaged, so nothing was restored"),
        "no-stories.json": (
            json.dumps([row for row in rows if row.get("model") != "articles.article"]),
            "is incomplete or damaged, so nothing was restored (it holds",
        ),
        "users-only.json": (
            json.dumps([row for row in rows if row.get("model") == "auth.user"]),
            "is not a whole backup of this site, so nothing was restored: it holds no",
        ),
        "old-cut.json": (
            json.dumps([row for row in rows[: len(rows) // 3] if "model" in row]),
            "is not a whole backup of this site",
        ),
    }
    for name, (text, refusal) in cases.items():
        (tmp_path / name).write_text(text)
        assert refusal in refused(tmp_path / name), name
    readme = tmp_path / "README.json.gz"
    readme.write_bytes(gzip.compress((ROOT / "README.md").read_bytes()))
    assert "is not a backup of this site, so nothing was restored: it holds text that is not JSON" in refused(readme)


def test_an_operator_sees_one_line_and_a_failure_for_a_file_that_is_not_a_backup(backup, tmp_path):
    database = tmp_path / "new.sqlite3"
    assert manage("migrate", database=database).returncode == 0
    (tmp_path / "empty.json").write_text("[]")
    cut = tmp_path / "cut.json.gz"
    rows = records(backup)
    cut.write_bytes(gzip.compress(json.dumps(rows[: len(rows) * 2 // 3]).encode()))

    for path in (tmp_path / "empty.json", cut):
        run = manage("restore", str(path), database=database)
        assert run.returncode == 1 and run.stdout == ""
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr
        assert "nothing was restored" in run.stderr and "Warning" not in run.stderr
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM auth_group").fetchone()[0] > 0
        assert db.execute("SELECT count(*) FROM articles_countrytag").fetchone()[0] > 0
