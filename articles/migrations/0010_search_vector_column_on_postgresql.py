"""On PostgreSQL, each story's search words in a stored generated column, and the GIN index on that column
instead of on the expression (migration 0008).

With the index on the expression, a search found its matches in the index but then computed every match's
words again, to check the match and to rank it: 144 ms for "solar power plant" among 10,000 stories (1,277
matches), and more as the archive grows. Stored, they are read. PostgreSQL computes the column whenever
the text changes; nothing else writes it, and the model does not declare it (SQLite has no tsvector).
The expression is 0008's, written out: a change to it needs a new migration.
"""

from django.db import migrations

COLUMN = "search_vector"
INDEX = "article_search_vector_idx"
OLD_INDEX = "article_search_idx"
EXPRESSION = (
    "setweight(to_tsvector('english', coalesce(headline, '')), 'A')"
    " || setweight(to_tsvector('english', coalesce(standfirst, '')), 'B')"
    " || setweight(to_tsvector('english', coalesce(left(body, 100000), '')), 'C')"
)


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    table = quote(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN {quote(COLUMN)} tsvector GENERATED ALWAYS AS ({EXPRESSION}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {quote(INDEX)} ON {table} USING gin ({quote(COLUMN)})")
    schema_editor.execute(f"DROP INDEX IF EXISTS {quote(OLD_INDEX)}")


def remove_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    table = quote(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute(f"CREATE INDEX {quote(OLD_INDEX)} ON {table} USING gin (({EXPRESSION}))")
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN {quote(COLUMN)}")  # drops its index too


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_link_indexes_covered_by_unique")]

    operations = [migrations.RunPython(add_column, remove_column)]
