"""Search folds the letters slugs spell ('ı' i, 'ə' e, 'ł' l, 'ß' ss, Cyrillic, Georgian, Armenian: text.ASCII_SPELLING),
which neither SQLite's unicode61 tokenizer (remove_diacritics folds only letters with an accent to drop) nor
PostgreSQL's unaccent did: "Baki" finds "Bakı", "lodz" "Łódź", "seki" "ŞƏKİ". The text indexed and the query are
spelt by one function, text.search_spelling (articles/site/search.py spells the query).

- PostgreSQL: the function newsroom_search_spelling(text), written in PL/pgSQL from text.SEARCH_SPELLING
  (translate() for the letters spelt with one letter, replace() for the others, a script at a time and only where
  the text has a letter of it; ASCII text as it is), immutable, wraps
  each column in the generated stored words of 0022. Adding the column again rewrites the stories table and its
  GIN index, as 0010, 0016 and 0022 did: run it in a quiet moment.
- SQLite: the FTS5 index reads the stories through a view that spells each column with the same Python function,
  registered on every connection (articles/site/search.py, add_spelling_function); the triggers index the spelt
  columns and the index is rebuilt from the view. Every connection that writes stories must have the function:
  the sqlite3 shell cannot change a story any more.

A later change of text.ASCII_SPELLING needs a migration that makes the function and the index again.
"""

import importlib

from django.db import migrations

TABLE = "articles_article"
FUNCTION = "newsroom_search_spelling"
# PostgreSQL
SEARCH_COLUMN = "search_vector"
SEARCH_INDEX = "article_search_vector_idx"
CONFIG = "newsroom_english"
# SQLite: 0016's index, with its content read through a view.
FTS = "articles_article_fts"
VIEW = "articles_article_fts_content"
FTS_COLUMNS = ("headline", "standfirst", "body", "tag_words")
TOKENIZER = "unicode61 remove_diacritics 2"
TRIGGERS = ("articles_article_fts_insert", "articles_article_fts_delete", "articles_article_fts_update")


def _earlier(name):
    return importlib.import_module(f"articles.migrations.{name}")


# PostgreSQL's translate() looks each character up in its whole list: one list per script, each used only
# on text that holds a letter of that script, keeps a story with a few Cyrillic letters from paying for all.
SCRIPTS = (
    ((0x00C0, 0x02FF), (0x1E00, 0x1EFF), (0x2C60, 0x2C7F)),  # Latin
    ((0x0370, 0x03FF),),  # Greek
    ((0x0400, 0x052F),),  # Cyrillic
    ((0x0530, 0x058F),),  # Armenian
    ((0x10A0, 0x10FF), (0x1C90, 0x1CBF)),  # Georgian
    ((0x200C, 0x200D),),  # the joiners, spelt as nothing
)


def _script_sql(spelling):
    """One script's part of the function: its letters spelt, if the text holds one."""
    one = {char: value or "" for char, value in spelling.items() if not value or len(value) == 1}
    more = {char: value for char, value in spelling.items() if value and len(value) > 1}
    spelt = "t"
    for char, value in more.items():
        spelt = f"replace({spelt}, '{char}', '{value}')"
    # translate() drops the characters of its second argument past the length of the third: those last.
    source = "".join(char for char, value in one.items() if value) + "".join(c for c, v in one.items() if not v)
    target = "".join(value for value in one.values() if value)
    return f"IF t ~ '[{''.join(spelling)}]' THEN t := translate({spelt}, '{source}', '{target}'); END IF;"


def function_sql():
    """CREATE FUNCTION for PostgreSQL: text.SEARCH_SPELLING in PL/pgSQL (immutable, as a generated column needs)."""
    from articles.text import SEARCH_SPELLING

    spelling = {chr(key): value for key, value in SEARCH_SPELLING.items()}
    # Only letters and the joiners: nothing to escape in a literal or in a bracket expression.
    assert all(
        char.isalpha() or char in "\u200c\u200d" for char in [*spelling, *"".join(filter(None, spelling.values()))]
    )
    parts = [
        {char: value for char, value in spelling.items() if any(first <= ord(char) <= last for first, last in ranges)}
        for ranges in SCRIPTS
    ]
    assert sum(map(len, parts)) == len(spelling)  # every letter in one script
    body = " ".join(_script_sql(part) for part in parts if part)
    return (
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE"
        f" AS $$ BEGIN IF octet_length(t) = length(t) THEN RETURN t; END IF; {body} RETURN t; END $$"
    )


def expression():
    """0022's stored words, each column spelt first."""
    return " || ".join(
        f"setweight(to_tsvector('{CONFIG}', {FUNCTION}(coalesce({column}, ''))), '{weight}')"
        for column, weight in (("headline", "A"), ("standfirst", "B"), ("tag_words", "B"), ("left(body, 100000)", "C"))
    )


def _fts_sql(quote):
    table, index, view = quote(TABLE), quote(FTS), quote(VIEW)
    columns = ", ".join(quote(column) for column in FTS_COLUMNS)
    spelt = ", ".join(f"{FUNCTION}({quote(column)}) AS {quote(column)}" for column in FTS_COLUMNS)
    new = ", ".join(f"{FUNCTION}(new.{quote(column)})" for column in FTS_COLUMNS)
    old = ", ".join(f"{FUNCTION}(old.{quote(column)})" for column in FTS_COLUMNS)
    insert = f"INSERT INTO {index}(rowid, {columns}) VALUES (new.id, {new});"
    delete = f"INSERT INTO {index}({index}, rowid, {columns}) VALUES ('delete', old.id, {old});"
    changed = " OR ".join(f"old.{quote(column)} IS NOT new.{quote(column)}" for column in ("id", *FTS_COLUMNS))
    insert_trigger, delete_trigger, update_trigger = (quote(name) for name in TRIGGERS)
    return [
        f"CREATE VIEW {view} AS SELECT id, {spelt} FROM {table}",
        f"CREATE VIRTUAL TABLE {index} USING fts5({columns}, content='{VIEW}', content_rowid='id',"
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
    schema_editor.execute(f"DROP VIEW IF EXISTS {quote(VIEW)}")


def _column(schema_editor, sql):
    quote = schema_editor.quote_name
    table = quote(TABLE)
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {quote(SEARCH_COLUMN)}")  # and its index
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN {quote(SEARCH_COLUMN)} tsvector GENERATED ALWAYS AS ({sql}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {quote(SEARCH_INDEX)} ON {table} USING gin ({quote(SEARCH_COLUMN)})")


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(function_sql())
        _column(schema_editor, expression())
    elif vendor == "sqlite":
        from articles.site.search import add_spelling_function

        add_spelling_function(connection=schema_editor.connection)  # as on every connection Django opens
        _drop_fts(schema_editor)
        for sql in _fts_sql(schema_editor.quote_name):
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _column(schema_editor, _earlier("0022_search_folds_accents_on_postgresql").expression(CONFIG))
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(text)")
    elif vendor == "sqlite":
        _drop_fts(schema_editor)
        for sql in _earlier("0016_search_reads_tag_words")._fts_sql(schema_editor.quote_name):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("articles", "0023_stories_keep_their_shown_tags")]

    operations = [migrations.RunPython(forward, backward)]
