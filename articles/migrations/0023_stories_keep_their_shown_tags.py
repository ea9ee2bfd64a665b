"""Each story keeps its tags as its pages show them (Article.shown_tags, written by articles/site/story_tags.py
with tag_words), so a page reads them with the story's row instead of querying the three link tables.

A nullable column, so that SQLite adds it with ALTER TABLE (AddField of a column with a default copies
the stories table there, and the copy would lose the search triggers of migration 0016); then every
tagged story's tags are written from its links, a thousand stories an UPDATE statement.
"""

from django.db import migrations, models

CHUNK = 10_000
KINDS = (("countries", "TaggedCountry"), ("ministries", "TaggedMinistry"), ("topics", "TaggedTopic"))


def write_shown_tags(apps, schema_editor):
    """Every tagged story's shown tags from its links, ten thousand stories at a time (memory stays flat)."""
    Article = apps.get_model("articles", "Article")
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        low, high = ids[start], ids[min(start + CHUNK, len(ids)) - 1]
        shown = {}
        for kind, model in KINDS:
            links = apps.get_model("articles", model).objects.filter(
                content_object_id__gte=low, content_object_id__lte=high
            )
            for article_id, tag_id, name, slug in links.values_list(
                "content_object_id", "tag_id", "tag__name", "tag__slug"
            ):
                shown.setdefault(article_id, {kind: [] for kind, _model in KINDS})[kind].append([tag_id, name, slug])
        for tags in shown.values():
            for kind_tags in tags.values():
                kind_tags.sort(key=lambda tag: tag[1].casefold())
        stories = [Article(pk=article_id, shown_tags=tags) for article_id, tags in shown.items()]
        Article.objects.bulk_update(stories, ["shown_tags"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("articles", "0022_search_folds_accents_on_postgresql")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="shown_tags",
            field=models.JSONField(blank=True, editable=False, null=True, verbose_name="tags shown"),
        ),
        migrations.RunPython(write_shown_tags, migrations.RunPython.noop),
    ]
