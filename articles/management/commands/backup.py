import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ...backups import NAMES, write_backup


class Command(BaseCommand):
    help = (
        "Write every story, tag, revision, workflow record, note, partner key, account and the desk's admin log to "
        "one JSON file, compressed when its name ends in .gz, every value as stored (times to the microsecond). "
        "Restore it into a new database with `manage.py restore FILE`. Media files are copied separately."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: backups/newsroom-<time>.json.gz)")

    def handle(self, *args, output, **options):
        if output is None:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            output = settings.BASE_DIR / "backups" / f"newsroom-{stamp}.json.gz"
        output = Path(output)
        if not output.name.endswith(NAMES):
            # The restore tells the format by the name: anything else could not be restored as written.
            raise CommandError(f"{output.name}: the file name must end in .json or .json.gz (compressed)")
        output.parent.mkdir(parents=True, exist_ok=True)
        size = write_backup(output)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output} ({size:,} bytes)."))
