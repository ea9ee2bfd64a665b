"""A GIN index for search on PostgreSQL, on the expression articles/search.py matches against.

Only PostgreSQL has it: SQLite (the development database) has no to_tsvector, and searches there read
every story. The expression is written out here, as search.search_vector() gives it today, so that
this migration builds the same index whatever that function becomes; a change to one needs a new
migration for the other. tests/test_search_index.py checks on PostgreSQL that a search uses it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models.functions import Left

NAME = "article_search_idx"


def _index():
    vector = (
        SearchVector("headline", weight="A", config="english")
        + SearchVector("standfirst", weight="B", config="english")
        + SearchVector(Left("body", 100_000), weight="C", config="english")
    )
    return GinIndex(vector, name=NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), _index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), _index())


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_embargo_by_operation")]

    operations = [migrations.RunPython(add_index, remove_index)]
