"""A new wire copy of a story an editor changed: a conflict for the desk until the desk has taken the copy in, and an
exit status a cron job can tell from success and from failure."""

import pytest
from django.core.management import execute_from_command_line

from articles.desk import revisions
from articles.management.commands.import_seeds import CONFLICTS_EXIT, Command
from articles.models import Article
from tests.conftest import SEED_FILE
from tests.ingest.test_import_seeds import run_import, run_import_conflicts, run_import_refused

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


def test_a_conflict_ends_when_the_desk_has_taken_the_wire_copy_in(seed_dir):
    """The desk copied the wire's new paragraph into the story: every later import reported the conflict, as the
    story's snapshot stayed the old copy."""
    run_import(seed_dir)
    story = edited(seed_dir, body=lambda body: body.replace("aluminum industry", "aluminium industry"))
    wire_changes(seed_dir, "aluminum industry", "aluminium and health industry")
    assert "1 conflicts" in run_import_conflicts(seed_dir)[0]
    # The desk takes the wire's words in, wrapped its own way.
    taken = story.body.replace("aluminium industry", "aluminium and\nhealth industry")
    story = edited(seed_dir, body=lambda body: taken)
    versions = len(revisions.history(story))

    out, _ = run_import("-v", "2", seed_dir)

    assert "0 created, 1 updated, 3 unchanged, 0 conflicts, 0 refused" in out
    assert "the desk had taken this wire copy into the body" in out
    story.refresh_from_db()
    assert story.body == taken  # as the editor typed it
    assert "Health" in story.topics.names()  # what the editor left alone follows the wire
    assert story.editor_changes() == []
    history = revisions.history(story)
    assert len(history) == versions + 1
    assert history[0].revision.comment == (
        f"Updated from {SEED_FILE.name}: the desk had taken this wire copy into the body; the wire's topics taken too."
    )
    out, _ = run_import(seed_dir)
    assert "0 created, 0 updated, 4 unchanged, 0 conflicts" in out and "No story changed." in out


def test_a_wire_copy_the_desk_already_has_is_unchanged_and_no_longer_a_conflict(seed_dir):
    run_import(seed_dir)
    story = edited(seed_dir, body=lambda body: body.replace("aluminum", "aluminium"))
    version = story.version
    wire_changes(seed_dir, "aluminum", "aluminium")

    out, _ = run_import("-v", "2", seed_dir)

    assert "0 created, 0 updated, 4 unchanged, 0 conflicts" in out and "No story changed." in out
    assert f"unchanged: {seed_dir / SEED_FILE.name}: the desk had taken this wire copy into the body" in out
    story.refresh_from_db()
    assert story.version == version and "aluminium" in story.body
    assert story.editor_changes() == []
    assert "4 unchanged, 0 conflicts" in run_import(seed_dir)[0]


def test_a_conflict_stays_while_the_editor_has_anything_the_wire_does_not_say(seed_dir):
    """Taking the wire's body in is not enough when the editor's headline is still theirs: nothing they typed is
    overwritten, and the runs after the first say the conflict is still the same copy."""
    run_import(seed_dir)
    story = edited(
        seed_dir,
        headline=lambda headline: "An editor's headline",
        body=lambda body: body.replace("aluminum industry", "aluminium industry"),
    )
    wire_changes(seed_dir, "aluminum industry", "aluminium and health industry")
    first = run_import_conflicts(seed_dir)[0]
    assert "reported before" not in first
    story = edited(seed_dir, body=lambda body: body.replace("aluminium industry", "aluminium and health industry"))
    versions = len(revisions.history(story))

    out, _, error = run_import_conflicts(seed_dir)

    assert "1 conflicts" in out and "the headline, body of story" in out
    assert "reported before, still waiting for the desk" in out
    assert error.startswith("1 conflict(s) need the desk")
    story.refresh_from_db()
    assert story.headline == "An editor's headline" and "aluminium and health industry" in story.body
    assert "Health" not in story.topics.names()
    assert len(revisions.history(story)) == versions
    # Another copy from the wire is a conflict of its own, reported as new.
    wire_changes(seed_dir, "industrial parks", "industrial zones")
    assert "reported before" not in run_import_conflicts(seed_dir)[0]


def test_a_copy_waiting_for_a_publisher_keeps_the_conflict_until_it_is_published(seed_dir):
    """Readers still have the editor's live text: the conflict ends when the desk's copy of the wire goes out."""
    from articles.desk import working_copy
    from articles.desk.workflow import publish_changes
    from tests.desk_forms import user_in

    run_import(seed_dir)
    story = edited(seed_dir, body=lambda body: body.replace("aluminum industry", "aluminium industry"))
    wire_changes(seed_dir, "aluminum industry", "aluminium and health industry")
    run_import_conflicts(seed_dir)
    taken = story.body.replace("aluminium industry", "aluminium and health industry")
    working_copy.save(story, {"body": taken}, expected_version=story.version, by=None)

    out, _, _ = run_import_conflicts(seed_dir)

    assert "1 conflicts" in out and "reported before, still waiting for the desk" in out
    publish_changes(story, by=user_in("Publishers"))
    out, _ = run_import(seed_dir)
    assert "1 updated" in out and "0 conflicts" in out
    story.refresh_from_db()
    assert story.body == taken and "Health" in story.topics.names() and story.editor_changes() == []


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
