from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ...backups import RestoreError, listing, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup (made by `manage.py backup`) into a new database: create it and run `manage.py migrate` "
        "first (restore does not migrate; it refuses a database not migrated). It refuses a database that holds "
        "anything beyond what migrate writes (stories, tags in use, users, partner keys...), naming what it found. "
        "It loads the file in one transaction (a damaged or incomplete file restores nothing), then makes every "
        "cached page stale."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup: a .json.gz or .json file")

    def handle(self, *args, file, **options):
        try:
            # Exits non-zero when a migration is not applied, changing nothing (migrate's documented --check).
            call_command("migrate", check_unapplied=True, verbosity=0)
        except SystemExit:
            raise CommandError("This database is not migrated: run `manage.py migrate` first, then restore.") from None
        try:
            found = restore_backup(Path(file))
        except RestoreError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {file}: {listing(found)}."))
