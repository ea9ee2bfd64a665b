"""A GIN index for search on PostgreSQL, on the expression articles/search.py matches against.

Only PostgreSQL has it: SQLite (the development database) has no to_tsvector, and searches there read
every story. The index is built from search.search_vector(), so the two cannot drift apart silently;
tests/test_search_index.py checks on PostgreSQL that a search uses it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations


def _index():
    from articles.search import SEARCH_INDEX, search_vector

    return GinIndex(search_vector(), name=SEARCH_INDEX)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), _index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), _index())


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_embargo_by_operation")]

    operations = [migrations.RunPython(add_index, remove_index)]
