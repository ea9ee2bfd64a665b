"""The version and time the API gives of a story apart from the desk's own (Article.public_version): a save that
only leaves pending changes, or changes a story off the site, no longer gives partners a new version. Nullable
columns added in place (NULL: the story's own version and time), so SQLite keeps its search triggers."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0025_partner_key_uses_by_time"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="public_changed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="last change given out"),
        ),
        migrations.AddField(
            model_name="article",
            name="public_version",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="version given out"),
        ),
    ]
