"""On SQLite, an FTS5 full-text index of each story's headline, standfirst and body, kept in step with
the stories table by triggers. Only SQLite gets it: PostgreSQL has its GIN-indexed words (0010).

Search read every story before (8-9 searches a second at 100,000 stories). The index is "external
content": it holds the words and where they are, not the text, which stays in the stories table only
(search asks it for ids, which need no text); at 100,000 generated stories it adds 52 MB to a 774 MB
database and takes 2 s to build. The triggers keep it exact through every way stories are written: the ORM, the
importer's plain multi-row INSERTs and bulk_create, queryset.update(), deletes and a flush. An
update that leaves the three columns as they were (a status change) does not touch the index.

Tag names are not in it: they live in other tables, and an external-content table indexes columns
of its own table only. Searching them too (a ministry's name, "Turkey" for Türkiye-tagged stories)
would mean a new migration that recreates this table over a view adding them, with triggers on the
tag links and on tag renames; search.py matches all columns of the table, so it needs no change.

SQLite drops a table's triggers with the table, and Django remakes the stories table (new table,
copy, drop, rename) for most field changes on SQLite: a migration that does so must create these
triggers again (their SQL is here, written out, as 0010 writes out its expression; copy it).
tests/site/test_search_index.py fails if an edit no longer reaches the index.

Without FTS5 in the sqlite3 module (every common build has it: python.org, Debian and Ubuntu,
Homebrew, conda) this migration fails and says so, rather than leave search reading every story.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, migrations

TABLE = "articles_article"
INDEX = "articles_article_fts"
COLUMNS = ("headline", "standfirst", "body")
# Letters and digits of any script are word characters; case and diacritics are folded ("Türkiye",
# "TURKIYE" and "turkiye" are one word).
TOKENIZER = "unicode61 remove_diacritics 2"
TRIGGERS = ("articles_article_fts_insert", "articles_article_fts_delete", "articles_article_fts_update")


def _sql(quote):
    table, index = quote(TABLE), quote(INDEX)
    columns = ", ".join(quote(column) for column in COLUMNS)
    new = ", ".join(f"new.{quote(column)}" for column in COLUMNS)
    old = ", ".join(f"old.{quote(column)}" for column in COLUMNS)
    insert = f"INSERT INTO {index}(rowid, {columns}) VALUES (new.id, {new});"
    delete = f"INSERT INTO {index}({index}, rowid, {columns}) VALUES ('delete', old.id, {old});"
    changed = " OR ".join(f"old.{quote(column)} IS NOT new.{quote(column)}" for column in ("id", *COLUMNS))
    insert_trigger, delete_trigger, update_trigger = (quote(name) for name in TRIGGERS)
    return [
        f"CREATE TRIGGER {insert_trigger} AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {delete_trigger} AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {update_trigger} AFTER UPDATE OF id, {columns} ON {table} WHEN {changed}"
        f" BEGIN {delete} {insert} END",
        # The stories already there.
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
    ]


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    quote = schema_editor.quote_name
    columns = ", ".join(quote(column) for column in COLUMNS)
    try:
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {quote(INDEX)} USING fts5({columns},"
            f" content='{TABLE}', content_rowid='id', tokenize='{TOKENIZER}')"
        )
    except OperationalError as error:
        if "fts5" not in str(error):
            raise
        raise ImproperlyConfigured(
            "Search on SQLite needs its FTS5 full-text index, and the sqlite3 module of this Python"
            f" ({schema_editor.connection.Database.sqlite_version}) was built without it ({error}). Use a"
            " Python whose SQLite has FTS5 (python.org, Debian, Ubuntu, Homebrew and conda builds do) or PostgreSQL."
        ) from error
    for sql in _sql(quote):
        schema_editor.execute(sql)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    quote = schema_editor.quote_name
    for name in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {quote(INDEX)}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_search_vector_column_on_postgresql")]

    operations = [migrations.RunPython(add_index, remove_index)]
