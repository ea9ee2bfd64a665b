"""A published story's pending changes: its working copy, waiting for a publisher (articles/desk/working_copy.py).

Nullable and without a default, so that SQLite adds the column in place (ALTER TABLE ADD COLUMN): a column
with a default makes Django rebuild the stories table there, which would drop the search index's triggers
(0011). PostgreSQL adds a nullable column without rewriting the table.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_search_index_on_sqlite"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="pending",
            field=models.JSONField(blank=True, editable=False, null=True, verbose_name="pending changes"),
        ),
    ]
