"""A new wire copy of a story an editor changed: a conflict for the desk, with an exit status a cron job can tell
from success and from failure."""

import pytest
from django.core.management import execute_from_command_line

from articles.management.commands.import_seeds import CONFLICTS_EXIT, Command
from articles.models import Article
from tests.conftest import SEED_FILE
from tests.ingest.test_import_seeds import run_import, run_import_refused

pytestmark = pytest.mark.django_db

SEED_REF = SEED_FILE.stem


def edited(seed_dir, **fields):
    """The seed's story after an editor changed `fields` (each a function of the field's value)."""
    story = Article.objects.get(import_ref=SEED_REF)
    for name, change in fields.items():
        setattr(story, name, change(getattr(story, name)))
    story.save()
    return story


def wire_changes(seed_dir, old, new):
    path = seed_dir / SEED_FILE.name
    path.write_text(path.read_text().replace(old, new))


def test_conflicts_with_refused_files_exit_as_refused_and_say_both(seed_dir):
    run_import(seed_dir)
    edited(seed_dir, headline=lambda headline: "An editor's headline")
    wire_changes(seed_dir, "aluminum", "copper")
    (seed_dir / "empty.txt").write_bytes(b"")

    out, _, error = run_import_refused(seed_dir)

    assert "1 conflicts, 1 refused" in out
    assert error == (
        "1 file(s) refused; see the reasons above. "
        "1 conflict(s) need the desk: the wire changed stories editors have changed."
    )


def test_the_help_tells_the_exit_status():
    text = " ".join(Command().create_parser("manage.py", "import_seeds").format_help().split())
    assert "Exit status: 0 when every file was imported or found unchanged" in text
    assert f"{CONFLICTS_EXIT} when the files were imported but conflicts need the desk" in text


def exit_status(*args):
    """What `manage.py import_seeds ARGS` exits with, run as the command line runs it."""
    try:
        execute_from_command_line(["manage.py", "import_seeds", *map(str, args)])
    except SystemExit as exit:
        return exit.code
    return 0


@pytest.mark.django_db(transaction=True)  # the command line closes the connections when it ends
def test_the_command_exits_0_when_done_1_on_a_refused_file_and_3_on_conflicts(seed_dir, tmp_path, capsys):
    assert exit_status(seed_dir) == 0
    assert exit_status(seed_dir) == 0
    edited(seed_dir, headline=lambda headline: "An editor's headline")
    wire_changes(seed_dir, "aluminum", "copper")
    assert exit_status(seed_dir) == CONFLICTS_EXIT == 3
    assert "CommandError: 1 conflict(s) need the desk" in capsys.readouterr().err
    (seed_dir / "empty.txt").write_bytes(b"")
    assert exit_status(seed_dir) == 1
    assert exit_status(tmp_path / "nowhere") == 1
