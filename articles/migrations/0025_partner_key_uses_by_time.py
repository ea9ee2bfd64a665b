"""An index of partner key uses by time, which pruning the uses past their retention reads (the oldest first).

On PostgreSQL it is built with CREATE INDEX CONCURRENTLY, as 0018's are: the uses table may already be large
(a row for every partner request), and a plain build would hold up every partner request while it read it. It
cannot run in a transaction, so this migration is not atomic; if it stops midway, run `migrate` again (it drops
the invalid index and builds it anew).
"""

from django.db import migrations, models

INDEX = models.Index(fields=["used_at"], name="partner_key_use_time_idx")


def add_index(apps, schema_editor):
    remove_index(apps, schema_editor)
    concurrently = {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}
    schema_editor.add_index(apps.get_model("articles", "PartnerKeyUse"), INDEX, **concurrently)


def remove_index(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {schema_editor.quote_name(INDEX.name)}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY runs outside a transaction

    dependencies = [
        ("articles", "0024_search_spells_letters"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="partnerkeyuse", index=INDEX)],
            database_operations=[migrations.RunPython(add_index, remove_index)],
        )
    ]
