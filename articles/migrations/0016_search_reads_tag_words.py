"""Search reads each story's tags too: a column of their words (Article.tag_words, kept by
articles/site/story_tags.py) in the stored words on PostgreSQL and in the FTS5 index on SQLite.

The column is added by hand, NOT NULL with an empty default, so that neither database rewrites the
stories table for it (Django's AddField would copy the whole table on SQLite); the model declares it
with the same default. Then every story's words are written from its tags, and the index is made again:

- PostgreSQL: the generated column of migration 0010 is dropped before the words are written (so that
  writing them does not compute every story's words twice) and added back with the tags at weight B,
  beside the standfirst. Adding it rewrites the table, as 0010 did: run it in a quiet moment.
- SQLite: 0011's FTS5 table and triggers are made again with a fourth column, tag_words (their SQL is
  written out here; a migration that remakes the stories table must create these triggers again).
"""

import importlib

from django.db import migrations, models

TABLE = "articles_article"
COLUMN = "tag_words"

# PostgreSQL: 0010's column, name and index, with the tags' words added.
SEARCH_COLUMN = "search_vector"
SEARCH_INDEX = "article_search_vector_idx"
EXPRESSION = (
    "setweight(to_tsvector('english', coalesce(headline, '')), 'A')"
    " || setweight(to_tsvector('english', coalesce(standfirst, '')), 'B')"
    " || setweight(to_tsvector('english', coalesce(tag_words, '')), 'B')"
    " || setweight(to_tsvector('english', coalesce(left(body, 100000), '')), 'C')"
)

# SQLite: 0011's FTS5 table, tokenizer and triggers, with the fourth column.
FTS = "articles_article_fts"
FTS_COLUMNS = ("headline", "standfirst", "body", "tag_words")
TOKENIZER = "unicode61 remove_diacritics 2"
TRIGGERS = ("articles_article_fts_insert", "articles_article_fts_delete", "articles_article_fts_update")


def _fts_sql(quote):
    table, index = quote(TABLE), quote(FTS)
    columns = ", ".join(quote(column) for column in FTS_COLUMNS)
    new = ", ".join(f"new.{quote(column)}" for column in FTS_COLUMNS)
    old = ", ".join(f"old.{quote(column)}" for column in FTS_COLUMNS)
    insert = f"INSERT INTO {index}(rowid, {columns}) VALUES (new.id, {new});"
    delete = f"INSERT INTO {index}({index}, rowid, {columns}) VALUES ('delete', old.id, {old});"
    changed = " OR ".join(f"old.{quote(column)} IS NOT new.{quote(column)}" for column in ("id", *FTS_COLUMNS))
    insert_trigger, delete_trigger, update_trigger = (quote(name) for name in TRIGGERS)
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5({columns}, content='{TABLE}', content_rowid='id',"
        f" tokenize='{TOKENIZER}')",
        f"CREATE TRIGGER {insert_trigger} AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {delete_trigger} AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {update_trigger} AFTER UPDATE OF id, {columns} ON {table} WHEN {changed}"
        f" BEGIN {delete} {insert} END",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
    ]


def _drop_fts(schema_editor):
    quote = schema_editor.quote_name
    for name in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {quote(FTS)}")


def write_words(apps, schema_editor):
    """Every story's tag words, from its links (as story_tags.words_for makes them today)."""
    from articles.site.story_tags import words_for

    names = {}
    for kind, model in (("countries", "TaggedCountry"), ("ministries", "TaggedMinistry"), ("topics", "TaggedTopic")):
        links = apps.get_model("articles", model).objects.values_list("content_object_id", "tag__name")
        for article_id, name in links.iterator(chunk_size=10_000):
            names.setdefault(article_id, {}).setdefault(kind, []).append(name)
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(TABLE)} SET {quote(COLUMN)} = %s WHERE id = %s",
            [(words_for(tags), article_id) for article_id, tags in names.items()],
        )


def forward(apps, schema_editor):
    quote, vendor = schema_editor.quote_name, schema_editor.connection.vendor
    table = quote(TABLE)
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {quote(SEARCH_COLUMN)}")  # and its index
    elif vendor == "sqlite":
        _drop_fts(schema_editor)
    schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN {quote(COLUMN)} text NOT NULL DEFAULT ''")
    if vendor == "postgresql":
        # As Django leaves a column it adds with a default: the rows keep '', the schema has no default.
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {quote(COLUMN)} DROP DEFAULT")
    write_words(apps, schema_editor)
    if vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {quote(SEARCH_COLUMN)} tsvector GENERATED ALWAYS AS ({EXPRESSION}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {quote(SEARCH_INDEX)} ON {table} USING gin ({quote(SEARCH_COLUMN)})")
    elif vendor == "sqlite":
        for sql in _fts_sql(quote):
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    quote, vendor = schema_editor.quote_name, schema_editor.connection.vendor
    table = quote(TABLE)
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {quote(SEARCH_COLUMN)}")
    elif vendor == "sqlite":
        _drop_fts(schema_editor)
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN {quote(COLUMN)}")
    # Back to the index of 0010 (PostgreSQL) or 0011 (SQLite), made as they make it.
    for name in ("0010_search_vector_column_on_postgresql", "0011_search_index_on_sqlite"):
        module = importlib.import_module(f"articles.migrations.{name}")
        (module.add_column if name.startswith("0010") else module.add_index)(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_api_partner_keys_language_withdrawn")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="article",
                    name="tag_words",
                    field=models.TextField(blank=True, default="", editable=False, verbose_name="tag words"),
                )
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        )
    ]
