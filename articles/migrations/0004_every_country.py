"""Every UN member state as a country tag, so editors choose countries from the list."""

from django.db import migrations
from django.utils.text import slugify

from articles.ingest.country_names import COUNTRIES
from articles.text import fold


def add_countries(apps, schema_editor):
    CountryTag = apps.get_model("articles", "CountryTag")
    existing = set(CountryTag.objects.values_list("name", flat=True))
    CountryTag.objects.bulk_create(
        CountryTag(name=name, slug=slugify(fold(name))) for name, _names, _demonyms in COUNTRIES if name not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_workflow_and_desk")]

    operations = [migrations.RunPython(add_countries, migrations.RunPython.noop)]
