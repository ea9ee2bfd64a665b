import datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# What a backup leaves out: rows Django rebuilds itself, and short-lived security records.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "articles.editingpresence",
]


class Command(BaseCommand):
    help = (
        "Write every story, tag, revision, workflow record, note and account to one compressed JSON file "
        "(restore into a migrated database with `manage.py loaddata FILE`). Media files are copied separately."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: backups/newsroom-<time>.json.gz)")

    def handle(self, *args, output, **options):
        if output is None:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            output = settings.BASE_DIR / "backups" / f"newsroom-{stamp}.json.gz"
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        # Primary keys are kept: revisions refer to stories and tags by them.
        call_command("dumpdata", natural_foreign=True, exclude=EXCLUDED, output=str(output), indent=None, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output} ({output.stat().st_size:,} bytes)."))
