"""Which files an import reads: the seed files and ninjs items named to it, and those found in folders named to it."""

import os
from dataclasses import dataclass, field
from pathlib import Path

# Plain-text seeds and ninjs wire items.
SEED_SUFFIXES = (".txt", ".json")
SEED_NAMES = "*.txt seeds and *.json ninjs items"


class NotASeed(ValueError):
    """A file named to the import that the import does not read (its name is not a seed's)."""


@dataclass
class SeedScan:
    """What the paths given hold: the seed files, in order; the hidden files named like seeds and the hidden
    folders passed over (`hidden`); and the folders given that hold no seed file (`empty`)."""

    files: list = field(default_factory=list)
    hidden: list = field(default_factory=list)
    empty: list = field(default_factory=list)


def find_seeds(paths):
    """The SeedScan of the given files and folders, folders read recursively in name order.

    Raises FileNotFoundError for a path that does not exist, and NotASeed for a file named that is not named like
    a seed, before anything is read: an operator's typo stops the command rather than importing part of a run.
    A folder given is read even through a link (a deployment's seeds/ often is one). Inside it, links and special
    files named like seeds are listed too, so that they are refused by name, not skipped; hidden files and
    folders (macOS's ._ resource forks, an editor's .# lock files, .Trashes) are skipped.
    """
    scan = SeedScan()
    for path in map(Path, paths):
        if path.is_dir():
            found = _seeds_under(path, scan.hidden)
            if not found:
                scan.empty.append(path)
            scan.files.extend(found)
        elif path.exists() or path.is_symlink():
            why = why_not_a_seed(path.name)
            if why:
                raise NotASeed(f"{path}: {why}")
            scan.files.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return scan


def seed_files(paths):
    """The seed files under the given files and folders (find_seeds), in order."""
    return find_seeds(paths).files


def why_not_a_seed(name):
    """Why a file of this name is not read as a seed, or "": the one naming rule, for files named and found."""
    if _is_hidden(name):
        return "a hidden file (its name starts with '.', as macOS's ._ resource forks do) is not a seed"
    if not _named_like_a_seed(name):
        return f"not named like a seed; the import reads {SEED_NAMES}"
    return ""


def is_ninjs(path):
    return path.name.lower().endswith(".json")


def _seeds_under(folder, hidden):
    """Everything named like a seed under `folder` but real folders and hidden names, sorted as paths sort; the
    hidden files named like seeds and the hidden folders are added to `hidden`, sorted too.

    os.walk reads each entry's type from the folder's listing, with no stat per file, and lists links to
    folders with the folders without entering them. Names are sorted, as tuples of strings, before they
    become Paths: a large folder is listed well ahead of Path.rglob.
    """
    found, passed_over = [], []
    for root, folders, files in os.walk(folder):
        base = Path(root)
        passed_over.extend(((*base.parts, name), base, name) for name in folders if _is_hidden(name))
        passed_over.extend(
            ((*base.parts, name), base, name) for name in files if _is_hidden(name) and _named_like_a_seed(name)
        )
        # Not entered: what a hidden folder holds is hidden too.
        folders[:] = [name for name in folders if not _is_hidden(name)]
        links = [name for name in folders if os.path.islink(os.path.join(root, name))]
        found.extend(((*base.parts, name), base, name) for name in (*files, *links) if not why_not_a_seed(name))
    found.sort(key=lambda entry: entry[0])
    passed_over.sort(key=lambda entry: entry[0])
    hidden.extend(base / name for _parts, base, name in passed_over)
    return [base / name for _parts, base, name in found]


def _is_hidden(name):
    return name.startswith(".")


def _named_like_a_seed(name):
    """What Path(name).suffix.lower() in SEED_SUFFIXES says, without a Path: '.txt' alone has no suffix."""
    folded = name.lower()
    return any(folded.endswith(suffix) and len(name) > len(suffix) for suffix in SEED_SUFFIXES)
