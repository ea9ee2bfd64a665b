"""A backup restored into a new database gives back every row of every table it holds exactly: times to the
microsecond (an API item's version is made from them), the desk's admin log included. SQLite and PostgreSQL."""

import datetime
import os
import threading
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, connections

from articles.backups import backed_up_models
from articles.models import Article, PartnerKey, PartnerKeyUse
from tests.conftest import SAMPLE_SEEDS, SEED_FILE, add_migration_data
from tests.desk_forms import transition_url, user_in

pytestmark = pytest.mark.django_db(transaction=True)
# A time with digits past the millisecond, as the database stores them.
CHANGED = datetime.datetime(2026, 12, 8, 0, 46, 28, 627492, tzinfo=datetime.UTC)


def new_database():
    """The database as `migrate` leaves a new one: emptied, with its groups, content types, permissions and
    vocabulary made again (the content types and permissions numbered afresh)."""
    call_command("flush", interactive=False, verbosity=0)
    add_migration_data()


def by_name(field, value):
    """A content type's or permission's id as what it names: a new database numbers them in its own order."""
    if value is not None and field.related_model in (ContentType, Permission):
        return field.related_model.objects.get(pk=value).natural_key()
    return value


def every_row():
    """{table: its rows, every column} for each table a backup holds, the many-to-many ones too."""
    models = backed_up_models()
    links = [f.remote_field.through for m in models for f in m._meta.many_to_many]
    tables = {}
    for model in models:
        tables[model._meta.db_table] = rows_of(model, model._meta.concrete_fields)
    for link in links:
        if link._meta.auto_created:  # a user's groups, a group's permissions: the pairs (their rows' ids are not kept)
            pairs = [field for field in link._meta.concrete_fields if field.is_relation]
            tables[link._meta.db_table] = sorted(rows_of(link, pairs))
    return tables


def rows_of(model, fields):
    rows = model._base_manager.order_by("pk").values_list(*[field.attname for field in fields])
    return [tuple(map(by_name, fields, row)) for row in rows]


def test_a_restore_gives_back_every_row_exactly_the_desks_log_too(client, tmp_path, seed_dir):
    call_command("import_seeds", str(seed_dir), stdout=StringIO())
    publisher = user_in("Publishers", "pat")
    story = Article.objects.get(import_ref=SEED_FILE.stem)
    client.force_login(publisher)
    client.post(transition_url(story, "unpublish"))  # a takedown, which the desk's admin log records
    Article.objects.filter(pk=story.pk).update(updated_at=CHANGED)
    key, secret = PartnerKey.issue(name="Trend syndication", by=publisher)
    client.logout()
    client.get("/api/v1/stories/", HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR="192.0.2.7")
    item = client.get(f"/api/v1/stories/{story.pk}/", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert item["pubstatus"] == "canceled" and item["version"].endswith(".20261208004628627492")
    assert LogEntry.objects.filter(object_id=str(story.pk)).exists() and PartnerKeyUse.objects.exists()
    before = every_row()
    backup = tmp_path / "backup.json.gz"

    call_command("backup", output=str(backup), stdout=StringIO())
    new_database()
    call_command("restore", str(backup), stdout=StringIO())

    after = every_row()
    assert after.keys() == before.keys() and "django_admin_log" in after
    for table, rows in before.items():
        assert after[table] == rows, table
    assert client.get(f"/api/v1/stories/{story.pk}/", HTTP_AUTHORIZATION=f"Bearer {secret}").json() == item


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: on SQLite (development) a backup reads table by table"
)
def test_a_backup_holds_the_database_as_it_was_when_it_began_whatever_is_saved_meanwhile(tmp_path, seed_dir):
    """The backup is written into a pipe read slowly, so it is midway (past the revisions, before the stories) when
    an import saves more stories, with their revisions and tag links: none of them may be half in it."""
    call_command("import_seeds", str(SAMPLE_SEEDS), stdout=StringIO())  # 54 stories
    before = every_row()
    backup = tmp_path / "backup.json"
    os.mkfifo(tmp_path / "backup.json.partial")  # what the backup writes into, before its final name
    written = threading.Thread(target=backup_in_a_thread, args=[backup])
    written.start()
    with open(tmp_path / "backup.json.partial", "rb") as pipe:
        text = pipe.read(1)  # the backup has begun reading the database
        call_command("import_seeds", str(seed_dir), "--draft", stdout=StringIO())  # one more
        text += pipe.read()
    written.join()
    backup.unlink()  # the pipe, under the backup's name
    backup.write_bytes(text)

    new_database()
    call_command("restore", str(backup), stdout=StringIO())

    assert every_row() == before


def backup_in_a_thread(path):
    try:
        call_command("backup", output=str(path), stdout=StringIO())
    finally:
        connections.close_all()
