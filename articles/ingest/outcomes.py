"""What an import did with each file (FileOutcome), and with them all (ImportReport)."""

from dataclasses import dataclass, field
from pathlib import Path

from ..text import escape_unprintable

CREATED, UPDATED, UNCHANGED, CONFLICT, REFUSED = "created", "updated", "unchanged", "conflict", "refused"
ACTIONS = (CREATED, UPDATED, UNCHANGED, CONFLICT, REFUSED)
LABELS = {CONFLICT: "conflicts"}


@dataclass
class FileOutcome:
    path: Path
    action: str
    detail: str = ""
    article_id: int | None = None
    # A conflict leaves the copy as the editor left it, yet a kill or a hold from the wire still applies.
    state_changed: bool = False
    # What went wrong besides, the story's change made all the same (a takedown whose image could not be moved).
    notes: list = field(default_factory=list)

    def __str__(self):
        # Safe to print: a file name or a headline holding an escape sequence shows it, escaped.
        details = "; ".join(filter(None, [self.detail, *map(str, self.notes)]))
        return escape_unprintable(f"{self.action}: {self.path}" + (f": {details}" if details else ""))


@dataclass
class ImportReport:
    outcomes: list = field(default_factory=list)
    # What the folder scan passed over (seed_folders.SeedScan): hidden files and folders, folders with no seed.
    hidden: list = field(default_factory=list)
    empty_folders: list = field(default_factory=list)

    def count(self, action):
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    @property
    def refused(self):
        return [outcome for outcome in self.outcomes if outcome.action == REFUSED]

    @property
    def changed_any(self):
        return any(outcome.action in (CREATED, UPDATED) or outcome.state_changed for outcome in self.outcomes)

    def summary(self):
        counts = ", ".join(f"{self.count(action)} {LABELS.get(action, action)}" for action in ACTIONS)
        return f"{len(self.outcomes)} file(s): {counts}."
