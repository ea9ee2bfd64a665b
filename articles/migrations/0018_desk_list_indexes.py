"""Indexes for the desk's story list at newsroom scale (issue 19): its default order and each column it
sorts by, read either way; the published stories under an embargo (scheduled_q); the stories by
headline, the importer's or an editor's (a filter, and the front page's count), and those whose changes
wait for a publisher (a filter). Whether a story is live is decided in the public index of 0017
(status, publication time, revision, embargo). Without them each list page sorted or counted
every story: 1.5 s at 100,000 stories on SQLite.

On PostgreSQL the indexes are built with CREATE INDEX CONCURRENTLY: a plain build blocks every save (an
editor's, the importer's) while it reads the table, minutes at a million stories, where this one lets
them through and takes longer. It cannot run in a transaction, so this migration is not atomic; a build
that stops midway leaves an invalid index, which running `migrate` again drops and builds anew. SQLite builds them as usual (none of this remakes
the table, so its search triggers stay).

The headline indexes' condition is ImportedHeadline's SQL as it is now: a change to it needs a new
migration that builds them again.
"""

from django.db import migrations, models

from articles.models.article import ImportedHeadline

MACHINE_HEADLINE = models.Q(headline=ImportedHeadline())
INDEXES = [
    models.Index(fields=["published_at", "id"], name="article_published_idx"),
    models.Index(fields=["headline", "id"], name="article_headline_idx"),
    models.Index(fields=["status", "id"], name="article_status_idx"),
    models.Index(fields=["embargo_until", "id"], name="article_embargo_idx"),
    models.Index(fields=["status", "embargo_until"], name="article_embargoed_idx"),
    models.Index(fields=["assignee", "id"], name="article_assignee_idx"),
    models.Index(fields=["published_at", "id"], condition=MACHINE_HEADLINE, name="article_machine_idx"),
    models.Index(fields=["published_at", "id"], condition=~MACHINE_HEADLINE, name="article_edited_idx"),
    models.Index(fields=["published_at", "id"], condition=models.Q(pending__isnull=False), name="article_pending_idx"),
]


def add_indexes(apps, schema_editor):
    _build(apps, schema_editor, INDEXES)


def remove_indexes(apps, schema_editor):
    for index in INDEXES:
        _drop(schema_editor, index)


def _build(apps, schema_editor, indexes):
    """Each index anew: one left by a build that stopped (invalid, on PostgreSQL) is dropped first."""
    model = apps.get_model("articles", "Article")
    concurrently = schema_editor.connection.vendor == "postgresql"
    for index in indexes:
        _drop(schema_editor, index)
        schema_editor.add_index(model, index, **({"concurrently": True} if concurrently else {}))


def _drop(schema_editor, index):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {schema_editor.quote_name(index.name)}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY runs outside a transaction

    dependencies = [
        ("articles", "0017_sitemap_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *(migrations.AddIndex(model_name="article", index=index) for index in INDEXES),
            ],
            database_operations=[migrations.RunPython(add_indexes, remove_indexes)],
        )
    ]
