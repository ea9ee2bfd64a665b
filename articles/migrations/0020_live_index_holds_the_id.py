"""The public index (status, publication, revision, embargo) holds the story's id too, as article_live_idx.

PostgreSQL can then join live stories to their tag links reading the index alone: the ministries' sitemap
section at 100,000 stories read every story's row (165 MB) to find the ids of the live ones, 38 ms of its
61. SQLite's indexes hold the id (the rowid) already. Built before the old one is dropped, CONCURRENTLY on
PostgreSQL, as in 0018: saves go on while it is built.
"""

from django.db import migrations, models

NEW = models.Index(fields=["status", "published_at", "revised_at", "embargo_until", "id"], name="article_live_idx")
OLD = models.Index(fields=["status", "published_at", "revised_at", "embargo_until"], name="article_public_dates_idx")


def _swap(build, drop):
    def run(apps, schema_editor):
        model = apps.get_model("articles", "Article")
        postgres = schema_editor.connection.vendor == "postgresql"
        concurrently = "CONCURRENTLY " if postgres else ""
        # One left by a build that stopped (invalid, on PostgreSQL) is dropped first.
        schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {schema_editor.quote_name(build.name)}")
        schema_editor.add_index(model, build, **({"concurrently": True} if postgres else {}))
        schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {schema_editor.quote_name(drop.name)}")

    return run


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY runs outside a transaction

    dependencies = [
        ("articles", "0019_assignee_index_is_the_desks"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="article", name=OLD.name),
                migrations.AddIndex(model_name="article", index=NEW),
            ],
            database_operations=[migrations.RunPython(_swap(NEW, OLD), _swap(OLD, NEW))],
        )
    ]
