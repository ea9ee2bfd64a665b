import time

from django.conf import settings
from django.core.checks import Tags
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.ingest.importers import import_seeds
from articles.ingest.outcomes import CONFLICT, REFUSED
from articles.ingest.seed_folders import SEED_NAMES, NotASeed
from articles.text import escape_unprintable

# Not 1, an error, nor 2, argparse's for a bad command line: a cron job tells "the desk has work" from a failure.
CONFLICTS_EXIT = 3


class Command(BaseCommand):
    help = (
        "Import wire seed files (*.txt) and ninjs wire items (*.json) (default: the project's seeds/ folder) as "
        "tagged stories. "
        "Re-importing is safe: unchanged files change nothing, and an editor's edit is never overwritten. "
        "Hidden files and folders (names starting with '.', as macOS's ._ files) are skipped. "
        "Exit status: 0 when every file was imported or found unchanged (a folder with nothing to import too); "
        "1 when a path does not exist or names no seed (nothing imported), or when a file was refused; "
        f"{CONFLICTS_EXIT} when the files were imported but conflicts need the desk (the wire changed a story an "
        "editor has changed)."
    )
    # The checks of what an import touches: the templates' and URLs' checks load the API's libraries, slowing
    # the start of every run, and an import renders no page.
    requires_system_checks = [Tags.models, Tags.database, Tags.compatibility]

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", metavar="PATH", help="seed files, ninjs items or folders (default: seeds/)"
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would happen, write nothing")
        parser.add_argument(
            "--draft", action="store_true", help="send new stories to the editors' queue instead of publishing them"
        )

    def handle(self, *args, paths, dry_run, draft, verbosity, **options):
        paths = paths or [settings.BASE_DIR / "seeds"]
        self.verbosity = verbosity
        self.started = time.monotonic()
        self.progress_line = False
        try:
            if dry_run:
                # Everything happens as it would, then is rolled back.
                with transaction.atomic():
                    report = import_seeds(paths, publish=not draft, progress=self.show)
                    transaction.set_rollback(True)
            else:
                report = import_seeds(paths, publish=not draft, progress=self.show)
        except (FileNotFoundError, NotASeed) as error:
            raise CommandError(f"{escape_unprintable(str(error))}; nothing was imported") from None

        self._end_progress_line()
        self.passed_over(report)
        prefix = "Dry run, nothing written. " if dry_run else ""
        conflicts = report.count(CONFLICT)
        style = self.style.WARNING if report.refused or conflicts else self.style.SUCCESS
        self.stdout.write(style(prefix + report.summary()))
        if not report.changed_any:
            self.stdout.write("No story changed.")
        need_the_desk = f"{conflicts} conflict(s) need the desk: the wire changed stories editors have changed"
        if report.refused:
            also = f" {need_the_desk}." if conflicts else ""
            raise CommandError(f"{len(report.refused)} file(s) refused; see the reasons above.{also}")
        if conflicts:
            raise CommandError(f"{need_the_desk}; see above.", returncode=CONFLICTS_EXIT)

    def passed_over(self, report):
        """Say what the folders given held that is not imported: hidden names, and no seed at all."""
        if self.verbosity >= 2:
            for path in report.hidden:
                self.stdout.write(escape_unprintable(f"skipped: {path}: hidden"))
        if report.hidden:
            listed = "" if self.verbosity >= 2 else " (-v 2 lists them)"
            self.stdout.write(
                f"Skipped {len(report.hidden)} hidden file(s) and folder(s), named with a leading '.'{listed}."
            )
        for folder in report.empty_folders:
            self.stdout.write(
                self.style.WARNING(
                    escape_unprintable(f"No seed files in {folder}: looked for {SEED_NAMES}, in subfolders too.")
                )
            )

    def show(self, outcome, done, total):
        # str(outcome) escapes what a terminal would act on: file names and headlines come from outside.
        if outcome.action in (REFUSED, CONFLICT) or outcome.notes or self.verbosity >= 2:
            self._end_progress_line()
            if outcome.action == REFUSED or outcome.notes:
                self.stderr.write(self.style.ERROR(str(outcome)))
            else:
                self.stdout.write(self.style.WARNING(str(outcome)) if outcome.action == CONFLICT else str(outcome))
        elif self.verbosity >= 1 and self.stdout.isatty() and (done % 50 == 0 or done == total):
            elapsed = time.monotonic() - self.started
            rate = done / max(elapsed, 1e-6)
            left = (total - done) / rate if rate else 0
            self.stdout.write(f"\r{done}/{total} files, {rate:.0f}/s, {left:.0f}s left ", ending="")
            self.progress_line = True

    def _end_progress_line(self):
        if self.progress_line:
            self.stdout.write("")
            self.progress_line = False
