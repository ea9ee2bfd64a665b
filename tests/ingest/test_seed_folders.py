"""Which files import_seeds reads: seeds named like seeds, hidden files and folders passed over, and an operator
told when a folder holds nothing to import or a file named is not a seed."""

import shutil

import pytest
from django.core.management import CommandError

from articles.ingest.seed_folders import find_seeds, seed_files
from articles.models import Article
from tests.conftest import SEED_FILE
from tests.ingest.test_import_seeds import run_import

pytestmark = pytest.mark.django_db

LOOKED_FOR = "looked for *.txt seeds and *.json ninjs items, in subfolders too"
# The start of an AppleDouble file, the resource fork macOS writes as ._name beside a file it copies elsewhere.
APPLE_DOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02\x00\x00\x00\x09\x00\x00\x002"


def refused_before_import(*args):
    with pytest.raises(CommandError) as refused:
        run_import(*args)
    assert refused.value.returncode == 1
    return str(refused.value)


def test_an_empty_folder_is_named_with_what_is_looked_for_and_is_no_error(tmp_path):
    (tmp_path / "empty").mkdir()

    out, _ = run_import(tmp_path / "empty")

    assert f"No seed files in {tmp_path / 'empty'}: {LOOKED_FOR}." in out
    assert "0 file(s)" in out and "No story changed." in out


def test_a_folder_of_other_files_is_named_as_holding_no_seed_and_a_full_one_is_not(seed_dir, tmp_path):
    other = tmp_path / "photos"
    (other / "inside").mkdir(parents=True)
    for name in ("photo.jpg", "notes.md", "inside/story.TXT.bak", ".txt"):
        (other / name).write_text("x")

    out, _ = run_import(other, seed_dir)

    assert f"No seed files in {other}: {LOOKED_FOR}." in out
    assert f"No seed files in {seed_dir}" not in out
    assert "4 file(s): 4 created" in out


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("photo.jpg", "not named like a seed; the import reads *.txt seeds and *.json ninjs items"),
        ("story.txt.orig", "not named like a seed; the import reads *.txt seeds and *.json ninjs items"),
        ("._story.txt", "a hidden file (its name starts with '.', as macOS's ._ resource forks do) is not a seed"),
    ],
)
def test_a_file_named_that_is_not_a_seed_is_refused_and_nothing_is_imported(tmp_path, name, reason):
    """`import_seeds photo.jpg` read the photo as a seed: a file named follows the rule a folder's files do."""
    (tmp_path / name).write_bytes(APPLE_DOUBLE)
    shutil.copy(SEED_FILE, tmp_path / "story.TXT")

    error = refused_before_import(tmp_path / "story.TXT", tmp_path / name)

    assert error == f"{tmp_path / name}: {reason}; nothing was imported"
    assert not Article.objects.exists()
    assert "1 created" in run_import(tmp_path / "story.TXT")[0]  # a seed's suffix in any case


def test_macos_resource_forks_and_hidden_files_and_folders_are_skipped_and_counted(seed_dir):
    """A seed folder copied from a Mac holds a ._name beside each file: each was refused, and the run failed."""
    (seed_dir / f"._{SEED_FILE.name}").write_bytes(APPLE_DOUBLE)
    (seed_dir / ".DS_Store").write_bytes(APPLE_DOUBLE)  # not named like a seed: never read, nor counted
    (seed_dir / ".Trashes").mkdir()
    (seed_dir / ".Trashes" / "old.txt").write_bytes(SEED_FILE.read_bytes())
    (seed_dir / ".#turkiye_energy.txt").symlink_to("editor@host.1234")  # an editor's lock file

    out, err = run_import(seed_dir)

    assert "4 file(s): 4 created, 0 updated, 0 unchanged, 0 conflicts, 0 refused." in out and not err
    assert "Skipped 3 hidden file(s) and folder(s), named with a leading '.' (-v 2 lists them)." in out
    assert "old" not in set(Article.objects.values_list("import_ref", flat=True))
    out, _ = run_import("-v", "2", seed_dir)
    skipped = [line for line in out.splitlines() if line.startswith("skipped: ")]
    assert skipped == [
        f"skipped: {seed_dir / '.#turkiye_energy.txt'}: hidden",
        f"skipped: {seed_dir / '.Trashes'}: hidden",
        f"skipped: {seed_dir / f'._{SEED_FILE.name}'}: hidden",
    ]
    assert "Skipped 3 hidden file(s) and folder(s), named with a leading '.'." in out


def test_a_folder_holding_only_hidden_seeds_says_so_and_is_no_error(tmp_path):
    (tmp_path / "._story.txt").write_bytes(APPLE_DOUBLE)
    out, _ = run_import(tmp_path)
    assert f"No seed files in {tmp_path}: {LOOKED_FOR}." in out
    assert "Skipped 1 hidden file(s) and folder(s)" in out


def test_a_hidden_folder_named_is_read_as_any_folder_named(tmp_path):
    """Only what a scan finds is passed over: an operator may keep the wire's drop in a hidden folder."""
    (tmp_path / ".wire").mkdir()
    shutil.copy(SEED_FILE, tmp_path / ".wire" / SEED_FILE.name)
    scan = find_seeds([tmp_path / ".wire"])
    assert scan.files == [tmp_path / ".wire" / SEED_FILE.name] and scan.hidden == [] and scan.empty == []
    assert seed_files([tmp_path]) == []
    assert find_seeds([tmp_path]).hidden == [tmp_path / ".wire"]
