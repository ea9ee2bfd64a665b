import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ...backups import NAMES, write_backup


class Command(BaseCommand):
    help = (
        "Write every story, tag, revision, workflow record, note, partner key, account and the desk's admin log to "
        "one JSON file, compressed when its name ends in .gz, every value as stored (times to the microsecond). "
        "Restore it into a new database with `manage.py restore FILE`. Media files are copied separately. The file "
        "is readable by its owner only (it holds password hashes); an existing file is not replaced without --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: backups/newsroom-<time>.json.gz)")
        parser.add_argument("--force", action="store_true", help="replace the file if it exists")

    def handle(self, *args, output, force, **options):
        if output is None:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            output = settings.BASE_DIR / "backups" / f"newsroom-{stamp}.json.gz"
        output = Path(output)
        if not output.name.endswith(NAMES):
            # The restore tells the format by the name: anything else could not be restored as written.
            raise CommandError(f"{output.name}: the file name must end in .json or .json.gz (compressed)")
        refused = f"{output} already exists, so nothing was written: give another name, or --force to replace it."
        if output.exists() and not force:
            raise CommandError(refused)
        output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            size = write_backup(output, replace=force)
        except FileExistsError:  # made while the backup was written
            raise CommandError(refused) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output} ({size:,} bytes)."))
