import datetime
import gzip
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# What a backup leaves out: rows Django rebuilds itself, and short-lived security records.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "articles.editingpresence",
    "auth.group",  # written first, by name: see handle()
]


class Command(BaseCommand):
    help = (
        "Write every story, tag, revision, workflow record, note and account to one JSON file, compressed when "
        "its name ends in .gz (restore into a migrated database with `manage.py loaddata FILE`). Media files "
        "are copied separately."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: backups/newsroom-<time>.json.gz)")

    def handle(self, *args, output, **options):
        if output is None:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            output = settings.BASE_DIR / "backups" / f"newsroom-{stamp}.json.gz"
        output = Path(output)
        if not output.name.endswith((".json", ".json.gz")):
            # loaddata tells the format by the name: anything else could not be restored as written.
            raise CommandError(f"{output.name}: the file name must end in .json or .json.gz (compressed)")
        output.parent.mkdir(parents=True, exist_ok=True)
        # Groups go by name, not number: a new database's migrate has made them already, numbered afresh.
        groups = serializers.serialize(
            "json", Group.objects.order_by("name"), use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
        opener = gzip.open if output.suffix == ".gz" else open
        with opener(output, "wt", encoding="utf-8") as stream:
            stream.write(groups.rstrip().removesuffix("]"))
            # Everything else keeps its primary key: revisions refer to stories and tags by them.
            rest = _ContinuedList(stream, first=groups.strip() == "[]")
            call_command("dumpdata", natural_foreign=True, exclude=EXCLUDED, stdout=rest, indent=None, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output} ({output.stat().st_size:,} bytes)."))


class _ContinuedList:
    """Takes dumpdata's JSON list as the rest of a list already begun: its "[" becomes a comma."""

    def __init__(self, stream, *, first):
        self.stream, self.opened, self.first = stream, False, first

    def write(self, text):
        if not self.opened and text.strip():
            self.opened = True
            text = text.lstrip().removeprefix("[")
            if not self.first and not text.lstrip().startswith("]"):
                text = "," + text
        self.stream.write(text)

    def flush(self):
        self.stream.flush()
