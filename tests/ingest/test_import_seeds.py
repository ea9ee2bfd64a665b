"""The import_seeds command: seed files become tagged stories, safely and repeatably."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, MinistryTag, TagSource, TopicTag
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db

SEED_REF = SEED_FILE.stem


def run_import(*args):
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_import_refused(*args):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_seeds", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), str(refused.value)


def run_import_conflicts(*args):
    """An import that leaves conflicts for the desk: it says so, and exits with CONFLICTS_EXIT."""
    from articles.management.commands.import_seeds import CONFLICTS_EXIT

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as need_the_desk:
        call_command("import_seeds", *map(str, args), stdout=out, stderr=err)
    assert need_the_desk.value.returncode == CONFLICTS_EXIT
    return out.getvalue(), err.getvalue(), str(need_the_desk.value)


def names(manager):
    return sorted(manager.names())


def test_the_default_import_reads_the_projects_seeds_and_publishes_them():
    out, _ = run_import()
    assert "1 created" in out
    article = Article.objects.get(import_ref=SEED_REF)
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at.date().isoformat() == "2023-06-15"
    assert article in Article.objects.published()
    assert names(article.countries) == ["Azerbaijan", "Tajikistan"]
    assert names(article.ministries) == [
        "Ministry of Economy of Azerbaijan",
        "Ministry of Industry and New Technologies of Tajikistan",
    ]
    assert {"Industrial parks", "Trade", "Energy", "Transport"} <= set(article.topics.names())
    assert article.credit == "Trend"
    assert article.dateline == "BAKU"
    assert article.headline_is_machine_made


def test_every_tag_link_the_importer_makes_says_so():
    run_import(SEED_FILE)
    article = Article.objects.get()
    for kind in ("countries", "ministries", "topics"):
        sources = set(getattr(article, kind).through.objects.values_list("source", flat=True))
        assert sources == {TagSource.IMPORTER}


def test_a_ministry_tag_knows_its_country():
    run_import(SEED_FILE)
    ministry = MinistryTag.objects.get(name="Ministry of Industry and New Technologies of Tajikistan")
    assert ministry.country.name == "Tajikistan"


def test_importing_again_changes_nothing_and_says_so(seed_dir):
    run_import(seed_dir)
    before = list(Article.objects.values())
    out, _ = run_import(seed_dir)
    assert "0 created, 0 updated, 4 unchanged, 0 conflicts, 0 refused" in out
    assert "No story changed." in out
    assert list(Article.objects.values()) == before


def test_draft_sends_new_stories_to_the_editors_queue(seed_dir):
    run_import("--draft", seed_dir)
    assert Article.objects.count() == 4
    assert not Article.objects.published().exists()
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}


def test_dry_run_reports_but_writes_nothing(seed_dir):
    out, _ = run_import("--dry-run", seed_dir)
    assert "Dry run, nothing written" in out
    assert "4 created" in out
    assert not Article.objects.exists()


def test_upstream_change_updates_a_story_nobody_edited(seed_dir):
    run_import(seed_dir)
    path = seed_dir / SEED_FILE.name
    path.write_text(path.read_text().replace("aluminum industry", "aluminium and health industry"))
    url = Article.objects.get(import_ref=SEED_REF).get_absolute_url()

    out, _ = run_import(seed_dir)

    assert "1 updated" in out
    article = Article.objects.get(import_ref=SEED_REF)
    assert "aluminium and health industry" in article.body
    assert article.get_absolute_url() == url
    assert "Health" in article.topics.names()


def test_a_folder_given_through_a_link_is_read(tmp_path):
    """A deployment's seeds/ is often a link to where the wire drops its files: every file was refused as a link."""
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / SEED_FILE.name).write_bytes(SEED_FILE.read_bytes())
    (tmp_path / "seeds").symlink_to(tmp_path / "wire", target_is_directory=True)

    out, _ = run_import(tmp_path / "seeds")

    assert "1 created" in out and "0 refused" in out
    assert Article.objects.get().import_ref == SEED_REF


def test_a_file_of_another_day_named_like_a_story_is_refused_not_taken_for_its_new_copy(tmp_path):
    """The same file name in another folder, a later run: a story's reference is its file name, and an unrelated
    story of another day replaced a live one's text, tags and all."""
    kenya, georgia = tmp_path / "x" / "story.txt", tmp_path / "y" / "story.txt"
    for path, text in (
        (kenya, " date 2024-03-01 NAIROBI, Kenya, March 1. Kenya opened a railway line on Friday.\n\nIt is long.\n"),
        (georgia, " date 2024-03-02 TBILISI, Georgia, March 2. Georgia signed a trade deal on Saturday.\n\nOn wine.\n"),
    ):
        path.parent.mkdir()
        path.write_text(text)
    run_import(kenya.parent)

    out, err, refused = run_import_refused(georgia.parent)

    story = Article.objects.get()
    assert "Kenya opened a railway line" in story.body and names(story.countries) == ["Kenya"]
    assert f"story {story.pk}, of 2024-03-01, has this file's name, but this copy is of 2024-03-02" in err
    assert "1 refused" in out and "1 file(s) refused" in refused
    # The same day's corrected copy is still the story's new copy.
    kenya.write_text(kenya.read_text().replace("It is long.", "It is 400 km long."))
    assert "1 updated" in run_import(kenya.parent)[0]


def test_upstream_change_takes_back_tags_the_copy_no_longer_supports(seed_dir):
    run_import(seed_dir)
    path = seed_dir / SEED_FILE.name
    path.write_text(re.sub("industrial park", "business zone", path.read_text(), flags=re.IGNORECASE))
    run_import(seed_dir)
    assert "Industrial parks" not in Article.objects.get(import_ref=SEED_REF).topics.names()


def test_an_editors_edit_survives_an_upstream_change_and_is_reported(seed_dir):
    run_import(seed_dir)
    article = Article.objects.get(import_ref=SEED_REF)
    article.headline = "Azerbaijan and Tajikistan look to industrial parks"
    article.save()
    path = seed_dir / SEED_FILE.name
    path.write_text(path.read_text().replace("aluminum", "copper"))

    out, _, _ = run_import_conflicts(seed_dir)

    assert "1 conflicts" in out
    assert f"conflict: {path}" in out
    assert "headline" in out
    article.refresh_from_db()
    assert article.headline == "Azerbaijan and Tajikistan look to industrial parks"
    assert "copper" not in article.body
    assert not article.headline_is_machine_made
    # Still reported next time: the conflict is not forgotten.
    assert "1 conflicts" in run_import_conflicts(seed_dir)[0]


def test_a_tag_an_editor_removed_is_not_re_added(seed_dir):
    run_import(seed_dir)
    article = Article.objects.get(import_ref=SEED_REF)
    article.topics.remove("Energy")

    path = seed_dir / SEED_FILE.name
    path.write_text(path.read_text() + "\n\nEnergy ministers will meet again.")
    out, _, _ = run_import_conflicts(seed_dir)
    assert "1 conflicts" in out and "topics" in out
    assert "Energy" not in article.topics.names()


def test_a_tag_an_editor_added_is_marked_as_the_editors():
    run_import(SEED_FILE)
    article = Article.objects.get()
    article.topics.add("Health")
    link = article.topics.through.objects.get(content_object=article, tag__name="Health")
    assert link.source == TagSource.EDITOR


def test_topic_keywords_edited_by_editors_drive_tagging(seed_dir):
    TopicTag.objects.create(name="Chemistry", keywords="Sumgayit Chemical")
    run_import(seed_dir / SEED_FILE.name)
    assert "Chemistry" in Article.objects.get().topics.names()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("no_marker.txt", b"BAKU, Azerbaijan, June 15. Text without a marker.", "no date marker"),
        ("bad_date.txt", b" date 2023-02-30 BAKU, Azerbaijan, Feb. 30. Text.", "impossible date '2023-02-30'"),
        ("no_body.txt", b" date 2023-06-15 BAKU, Azerbaijan, June 15.", "no body"),
        (
            "latin1.txt",
            " date 2023-06-15 MÜNCHEN, Germany, June 15. Text.".encode("latin-1"),
            "the file is not UTF-8 text",
        ),
    ],
)
def test_a_bad_file_is_refused_by_name_and_reason_and_the_good_ones_still_import(seed_dir, name, data, reason):
    (seed_dir / name).write_bytes(data)

    out, err, error = run_import_refused(seed_dir)

    assert f"refused: {seed_dir / name}: {reason}" in err
    assert "4 created" in out and "1 refused" in out
    assert "1 file(s) refused" in error
    assert Article.objects.count() == 4


def test_a_refused_update_leaves_the_story_as_it_was(seed_dir):
    run_import(seed_dir)
    before = Article.objects.get(import_ref=SEED_REF).body
    (seed_dir / SEED_FILE.name).write_bytes(b" date 2023-06-15 BAKU, Azerbaijan, June 15.")
    run_import_refused(seed_dir)
    assert Article.objects.get(import_ref=SEED_REF).body == before


def test_a_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import_seeds", str(tmp_path / "nowhere"), stdout=StringIO(), stderr=StringIO())


def test_two_files_with_the_same_name_are_not_one_story(seed_dir):
    other = seed_dir / "more"
    other.mkdir()
    (other / SEED_FILE.name).write_bytes(SEED_FILE.read_bytes().replace(b"BAKU", b"DUSHANBE"))
    out, err, _ = run_import_refused(seed_dir)
    assert "same name as" in err
    assert Article.objects.get(import_ref=SEED_REF).dateline == "BAKU"


@pytest.mark.parametrize("option", [[], ["--draft"]])
def test_stories_with_the_same_headline_get_distinct_slugs(seed_dir, option):
    copy = seed_dir / "copy_of_the_seed.txt"
    copy.write_bytes(SEED_FILE.read_bytes())
    run_import(*option, seed_dir)
    slugs = list(Article.objects.filter(import_ref__in=[SEED_REF, copy.stem]).values_list("slug", flat=True))
    assert len(slugs) == 2 and len(set(slugs)) == 2


def test_dry_run_reports_updates_and_conflicts_without_writing(seed_dir):
    run_import(seed_dir)
    edited = Article.objects.get(import_ref="turkiye_energy")
    edited.standfirst = "An editor's standfirst."
    edited.save()
    for name in (SEED_FILE.name, "turkiye_energy.txt"):
        (seed_dir / name).write_text((seed_dir / name).read_text() + "\n\nA late paragraph.")
    before = list(Article.objects.values())

    out, _, _ = run_import_conflicts("--dry-run", seed_dir)

    assert "Dry run, nothing written. 4 file(s): 0 created, 1 updated, 2 unchanged, 1 conflicts" in out
    assert list(Article.objects.values()) == before


def test_a_file_name_too_long_for_a_reference_is_refused(seed_dir):
    (seed_dir / ("x" * 250 + ".txt")).write_bytes(SEED_FILE.read_bytes())
    _, err, _ = run_import_refused(seed_dir)
    assert "the file name is longer than 200 characters" in err
    assert Article.objects.count() == 4


def test_a_batch_import_gives_each_story_what_a_single_import_does(seed_dir, tmp_path):
    """New stories go in together (stories.create_stories): same tags, sources, revision and event."""
    import json

    from django.core import serializers

    from articles.desk import revisions
    from articles.models import WorkflowEvent
    from articles.text import name_key

    run_import(seed_dir)  # four new stories: one batch
    for article in Article.objects.all():
        [version] = revisions.history(article)
        # Written as django-reversion itself serializes the story.
        expected = serializers.serialize("json", [article], fields=revisions.KEPT_FIELDS[Article])
        assert json.loads(version.serialized_data) == json.loads(expected)
        state = revisions.state(version)
        assert state["headline"] == article.headline
        for kind in ("countries", "ministries", "topics"):
            assert state[kind] == sorted(getattr(article, kind).names(), key=name_key)
            assert article.import_snapshot[kind] == state[kind]
        assert article.editor_changes() == []
        event = WorkflowEvent.objects.get(article=article)
        assert (event.action, event.to_status, event.actor_name) == ("publish_wire", "published", "import_seeds")


def test_parsing_in_worker_processes_gives_what_parsing_in_turn_gives(seed_dir):
    """Files are parsed ahead in worker processes when there are several batches; nothing may differ."""
    from django.db import transaction

    from articles.ingest.importers import import_seeds

    (seed_dir / "empty.txt").write_bytes(b"")
    (seed_dir / "again").mkdir()
    (seed_dir / "again" / SEED_FILE.name).write_bytes(SEED_FILE.read_bytes())

    def imported(**options):
        with transaction.atomic():
            report = import_seeds([seed_dir], **options)
            stories = {
                article.import_ref: (article.headline, article.body, *(names(getattr(article, kind)) for kind in TAGS))
                for article in Article.objects.all()
            }
            transaction.set_rollback(True)
        return [(o.action, o.path.name, o.detail) for o in report.outcomes], stories

    TAGS = ("countries", "ministries", "topics")
    in_turn = imported(workers=0, batch_size=2)
    assert imported(workers=1, batch_size=2) == in_turn
    assert imported(workers=2, batch_size=2) == in_turn
    outcomes, stories = in_turn
    assert len(stories) == 4
    assert [action for action, _name, _detail in outcomes].count("refused") == 2  # the empty file, the same name


def test_an_import_goes_on_when_a_parsing_worker_dies(seed_dir, monkeypatch, caplog):
    """A worker killed mid-import (out of memory, say) must not hang the import or lose a file."""
    import os
    import signal

    from articles.ingest import importers
    from articles.ingest.importers import import_seeds

    parent, prepare, victim = os.getpid(), importers.prepare, sorted(seed_dir.glob("*.txt"))[1].name

    def dies_on_one_file(path, vocabulary):
        if os.getpid() != parent and path.name == victim:
            os._exit(9)  # as the kernel's OOM killer would end it: no exception, no goodbye
        return prepare(path, vocabulary)

    monkeypatch.setattr(importers, "prepare", dies_on_one_file)  # forked workers inherit it

    def hung(_signum, _frame):
        raise TimeoutError("the import hung after its worker died")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        report = import_seeds([seed_dir], workers=1, batch_size=1)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert report.count("created") == 4 and Article.objects.count() == 4
    assert "a parsing worker died" in caplog.text


def test_a_revision_of_hostile_copy_reads_as_django_reversion_would_write_it(tmp_path):
    """Quotes, backslashes, non-ASCII, a line separator, a closing script tag: the formatted JSON holds."""
    import json

    from django.core import serializers

    from articles.desk import revisions

    folder = tmp_path / "seeds"
    folder.mkdir()
    text = (
        ' date 2024-07-11 BAKU, Azerbaijan, July 11. "Quoted" \\ back\\slash \u00e9\u20ac\U0001f600 tab\there'
        ' \u2028sep </script> said on Thursday.\n\nSecond "para" \\n literal.\n'
    )
    (folder / "hostile.txt").write_text(text, encoding="utf-8")
    (folder / "plain.txt").write_text(" date 2024-07-12 BAKU, Azerbaijan, July 12. Plain words said.\n")
    call_command("import_seeds", str(folder), stdout=StringIO(), stderr=StringIO())
    assert Article.objects.count() == 2
    for article in Article.objects.all():
        [version] = revisions.history(article)
        expected = serializers.serialize("json", [article], fields=revisions.KEPT_FIELDS[Article])
        assert json.loads(version.serialized_data) == json.loads(expected)
        assert revisions.state(version)["body"] == article.body


def test_a_folder_is_read_in_path_order_with_links_listed_and_real_folders_skipped(tmp_path):
    """seed_files: what Path.rglob sorted gave, read from the folder listings instead."""
    from articles.ingest.seed_folders import seed_files

    for name in ("b/2.txt", "b/10.TXT", "a/z/1.txt", "a.txt", "c/notes.md", "folder.txt/inside.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "linked.txt").symlink_to(tmp_path / "b", target_is_directory=True)
    (tmp_path / "b" / "dangling.txt").symlink_to(tmp_path / "nowhere")
    expected = sorted(
        p for p in tmp_path.rglob("*") if p.suffix.lower() == ".txt" and not (p.is_dir() and not p.is_symlink())
    )
    listed = list(seed_files([tmp_path]))
    assert listed == expected
    assert [str(p.relative_to(tmp_path)) for p in listed] == [
        "a/z/1.txt", "a.txt", "b/10.TXT", "b/2.txt", "b/dangling.txt", "folder.txt/inside.txt", "linked.txt",
    ]  # fmt: skip


def test_the_import_gives_the_garbage_collector_back_as_it_found_it(seed_dir):
    import gc

    from articles.ingest.importers import import_seeds

    before = gc.get_threshold()
    assert import_seeds([seed_dir], workers=1).count("created") == 4
    assert gc.get_threshold() == before


def test_the_import_gives_the_connection_back_as_it_found_it(seed_dir):
    """The import's SQLite settings (a bigger cache, rarer checkpoints) end with it."""
    from django.db import connection

    from articles.ingest.importers import import_seeds

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's per-connection settings")
    with connection.cursor() as cursor:
        before = [cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in ("cache_size", "wal_autocheckpoint")]
        assert import_seeds([seed_dir]).count("created") == 4
        after = [cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in ("cache_size", "wal_autocheckpoint")]
    assert after == before


def test_a_headline_in_use_gets_the_next_free_number_in_a_batch():
    from articles.ingest.slugs import numbered_slugs, unique_slugs
    from articles.text import slug_base
    from tests.factories import make_article

    for slug in ("talks-held", "talks-held-2", "talks-held-10", "talks-held-in-baku", "other"):
        make_article(slug=slug)
    assert sorted(numbered_slugs("talks-held")) == ["talks-held-10", "talks-held-2", "talks-held-in-baku"]
    assert numbered_slugs() == []
    assert unique_slugs([slug_base(h) for h in ("Talks held", "Talks held", "Other", "New")]) == [
        "talks-held-3",
        "talks-held-4",
        "other-2",
        "new",
    ]


def test_a_free_headline_whose_numbered_slug_is_taken_gets_a_number_no_story_has():
    """'talks-held' free but 'talks-held-2' taken (its story renamed): two new stories must not both miss it."""
    from articles.ingest.slugs import unique_slugs
    from tests.factories import make_article

    make_article(slug="talks-held-2")
    assert unique_slugs(["talks-held", "talks-held"]) == ["talks-held", "talks-held-3"]


def test_a_slug_the_desk_takes_while_an_import_runs_costs_no_story(tmp_path):
    """The import's slug book does not see a story the desk saves meanwhile: the batch that would reuse its slug
    is refused by the database, and its files are imported again one by one, with slugs read afresh."""
    from articles.ingest.importers import import_seeds
    from tests.factories import make_article

    for n in range(3):
        (tmp_path / f"copy-{n}.txt").write_bytes(SEED_FILE.read_bytes())

    def desk_saves_a_story(outcome, done, total):
        if done == 2:  # between the second batch and the third, with the slug the book would give next
            taken = Article.objects.get(pk=outcome.article_id).slug
            make_article(slug=f"{taken.removesuffix('-2')}-3")

    report = import_seeds([tmp_path], workers=0, batch_size=1, progress=desk_saves_a_story)
    assert [outcome.action for outcome in report.outcomes] == ["created"] * 3
    slugs = sorted(Article.objects.values_list("slug", flat=True), key=len)
    assert sorted(slugs) == sorted([slugs[0], *(f"{slugs[0]}-{n}" for n in (2, 3, 4))])


def test_a_slug_book_past_its_limit_starts_again_and_still_gives_slugs_no_story_has(monkeypatch):
    from articles.ingest.slugs import SlugBook
    from tests.factories import make_article

    monkeypatch.setattr(SlugBook, "LIMIT", 2)
    book, given = SlugBook(), []
    for _ in range(4):
        slugs = book.slugs(["talks-held", "talks-held", "other"])
        for slug in slugs:
            make_article(slug=slug)  # taken in the database, as the import's batch takes them
        given += slugs
    assert len(set(given)) == len(given) == 12
    assert given[:3] == ["talks-held", "talks-held-2", "other"]


def test_an_import_reads_a_repeated_headlines_slugs_once_not_with_every_batch(tmp_path):
    """Wire headlines repeat ("Cabinet meets"): every batch reading again each headline's numbered slugs made an
    import slower the more stories it had written (a 100k import read millions of slugs)."""
    from articles.ingest.importers import import_seeds

    for n in range(6):
        (tmp_path / f"copy-{n}.txt").write_bytes(SEED_FILE.read_bytes())
    with CaptureQueriesContext(connection) as queries:
        report = import_seeds([tmp_path], workers=0, batch_size=2)
    assert report.count("created") == 6
    slugs = sorted(Article.objects.values_list("slug", flat=True), key=len)
    assert sorted(slugs) == sorted([slugs[0], *(f"{slugs[0]}-{n}" for n in range(2, 7))])
    # Four batches: the headline's slug read with the first, its numbered slugs with the second, then nothing.
    read = 'SELECT "articles_article"."slug" AS "slug" FROM'
    assert [query["sql"].startswith(read) for query in queries.captured_queries].count(True) == 2


def test_finding_free_slugs_reads_the_slug_index_not_every_story():
    """Each import batch looks its slugs up: a lookup that walked the stories in publication order (the model's
    default ordering) made every batch read the whole table, an import slower the more stories there are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.ingest.slugs import unique_slugs
    from tests.factories import make_article

    for slug in ("talks-held", "talks-held-2", "other"):
        make_article(slug=slug)
    with CaptureQueriesContext(connection) as queries:
        assert unique_slugs(["talks-held", "other", "new"]) == ["talks-held-3", "other-2", "new"]
    assert len(queries) == 2
    for query in queries.captured_queries:
        assert "ORDER BY" not in query["sql"]
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                plan = " ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}"))
            assert "SCAN articles_article" not in plan, plan


def test_a_file_named_just_txt_is_not_a_seed(tmp_path):
    """Path('.txt').suffix is '' (a dot file has no suffix), and seed_files lists what Path.suffix says."""
    from articles.ingest.seed_folders import seed_files

    for name in ("a.txt", ".txt", "sub/.TXT", "sub/b.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    expected = sorted(
        p for p in tmp_path.rglob("*") if p.suffix.lower() == ".txt" and not (p.is_dir() and not p.is_symlink())
    )
    assert list(seed_files([tmp_path])) == expected


def test_batches_cover_every_file_once_the_first_a_fifth():
    from articles.ingest import importers

    files = list(range(1234))
    batches = importers._batches(files, 500)
    assert [len(b) for b in batches] == [100, 500, 500, 134]
    assert [f for b in batches for f in b] == files
    assert importers._batches([], 500) == [] and importers._batches([1, 2], 1) == [[1], [2]]


def test_the_import_settings_are_restored_when_the_import_fails():
    import gc

    from django.db import connection

    from articles.ingest import importers

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's per-connection settings")
    pragmas = ("cache_size", "wal_autocheckpoint")
    with connection.cursor() as cursor:
        before = [cursor.execute(f"PRAGMA {p}").fetchone()[0] for p in pragmas]
    threshold = gc.get_threshold()
    with pytest.raises(RuntimeError), importers._sqlite_for_import(), importers._fewer_collections():
        assert gc.get_threshold()[0] == importers.GC_EVERY
        raise RuntimeError
    with connection.cursor() as cursor:
        assert [cursor.execute(f"PRAGMA {p}").fetchone()[0] for p in pragmas] == before
    assert gc.get_threshold() == threshold


def test_a_batch_the_database_refuses_is_written_again_one_file_at_a_time(seed_dir, monkeypatch):
    """One story the database refuses: the batch is rolled back, the others are written one by one, and the
    refused file is named with nothing of it left behind (not even a tag only it had)."""
    from django.db import DatabaseError

    from articles.ingest import stories

    malta = b"\n\nMinister of Tourism of Malta Ian Borg attended the meeting.\n"
    (seed_dir / "refused.txt").write_bytes(SEED_FILE.read_bytes() + malta)
    record_many, batches = stories.record_many, []

    def refusing(entries):
        batches.append(len(entries))
        if any(story.import_ref == "refused" for story, _comment in entries):
            raise DatabaseError("value refused")
        return record_many(entries)

    monkeypatch.setattr(stories, "record_many", refusing)
    out, err, _ = run_import_refused(seed_dir)

    assert batches == [5, 1, 1, 1, 1, 1]
    assert "refused: " in err and "refused.txt: the database refused it (value refused)" in err
    assert "4 created" in out and "1 refused" in out
    assert Article.objects.count() == 4 and not Article.objects.filter(import_ref="refused").exists()
    assert not MinistryTag.objects.filter(name="Ministry of Tourism of Malta").exists()
    for article in Article.objects.all():
        assert len(revisions_of(article)) == 1 and article.workflow_events.count() == 1


def revisions_of(article):
    from articles.desk import revisions

    return list(revisions.history(article))


def test_each_outcome_names_the_story_made_from_its_file_with_the_models_defaults(seed_dir):
    """Keys come back in the batch's order; what the importer does not set is what the model says."""
    from articles.ingest.importers import import_seeds

    report = import_seeds([seed_dir], workers=0)
    assert report.count("created") == 4
    for outcome in report.outcomes:
        article = Article.objects.get(pk=outcome.article_id)
        assert (article.import_ref, article.headline) == (outcome.path.stem, outcome.detail)
        assert (article.version, article.correction, article.lead_image_renditions) == (1, "", [])
        assert article.created_at is not None and article.updated_at is not None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_on_postgresql_new_stories_are_copied_not_sent_as_arrays():
    """bulk_create sends each column as an array, which psycopg writes out in Python value by value (a third of
    the writer's time on stories); COPY's rows are written in C."""
    with CaptureQueriesContext(connection) as counted:
        run_import(SEED_FILE)
    statements = [query["sql"] for query in counted.captured_queries]
    assert any(sql.startswith('COPY "articles_article"') for sql in statements)
    assert not any(sql.startswith('INSERT INTO "articles_article"') for sql in statements)
    assert Article.objects.get(import_ref=SEED_REF).status == Article.Status.PUBLISHED


def test_an_imported_storys_slug_spells_the_regions_letters(tmp_path):
    seed = " date 2024-01-02 ŞƏKİ, Azerbaijan, Jan. 2. Azərbaycan–Qazaqstan ferry reaches Bakı, Trend reports."
    (tmp_path / "ferry.txt").write_text(seed + "\n\nMore.", encoding="utf-8")
    run_import(str(tmp_path))
    assert Article.objects.get().slug == "azerbaycan-qazaqstan-ferry-reaches-baki"
