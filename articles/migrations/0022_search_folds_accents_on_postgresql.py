"""PostgreSQL's search folds accents, as SQLite's FTS5 does (remove_diacritics): "Petrovic" finds "Petrović",
"dvorak" "Dvořák". Wire copy spells a name both ways, and readers type it without.

A text search configuration, newsroom_english, is PostgreSQL's english with the unaccent dictionary before the
stemmer (the unaccent extension, which PostgreSQL lets the database's owner create). The stored words are
generated with it: the generated column of 0016 is dropped and added again with the new configuration, which
rewrites the stories table, as 0010 and 0016 did (run it in a quiet moment). Queries use the same
configuration (articles/site/search.py). SQLite: nothing to do.
"""

from django.db import migrations

TABLE = "articles_article"
SEARCH_COLUMN = "search_vector"
SEARCH_INDEX = "article_search_vector_idx"
CONFIG = "newsroom_english"


def expression(config):
    """0016's stored words, under the text search configuration `config`."""
    return (
        f"setweight(to_tsvector('{config}', coalesce(headline, '')), 'A')"
        f" || setweight(to_tsvector('{config}', coalesce(standfirst, '')), 'B')"
        f" || setweight(to_tsvector('{config}', coalesce(tag_words, '')), 'B')"
        f" || setweight(to_tsvector('{config}', coalesce(left(body, 100000), '')), 'C')"
    )


def _column(schema_editor, config):
    quote = schema_editor.quote_name
    table = quote(TABLE)
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {quote(SEARCH_COLUMN)}")  # and its index
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN {quote(SEARCH_COLUMN)} tsvector"
        f" GENERATED ALWAYS AS ({expression(config)}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {quote(SEARCH_INDEX)} ON {table} USING gin ({quote(SEARCH_COLUMN)})")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
    schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.english)")
    schema_editor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
    )
    _column(schema_editor, CONFIG)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _column(schema_editor, "english")
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0021_taken_from_partners")]

    operations = [migrations.RunPython(forward, backward)]
