"""The assignee's own index goes: the desk's article_assignee_idx (assignee, id) starts with it, and each index
is one more write for every imported story.

Only the index is dropped (by its name, the same on SQLite and PostgreSQL): altering the field would make SQLite
copy the whole stories table, and with it drop the search index's triggers.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

INDEX = "articles_article_assignee_id_e3a2b9cd"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_desk_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="assignee",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="assigned_articles",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assignee",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "articles_article" ("assignee_id")',
                ),
            ],
        ),
    ]
