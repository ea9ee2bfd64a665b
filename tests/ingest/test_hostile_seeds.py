"""The importer against malformed and adversarial files: each is refused or imported safely, never a crash."""

import contextlib
import datetime
import hashlib
import os
import re
import signal
import threading
import time
import unicodedata
import zoneinfo
from io import StringIO
from pathlib import PosixPath

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.ingest.seeds import MAX_SEED_BYTES, SeedError, parse_seed
from articles.ingest.tagging import TopicVocabulary, propose_tags
from articles.models import Article
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db
GOOD = SEED_FILE.read_bytes()


def run(*paths):
    out, err = StringIO(), StringIO()
    with contextlib.suppress(CommandError):  # a refused file makes the command exit non-zero
        call_command("import_seeds", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def only(folder, name, data):
    (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("huge.txt", b" date 2024-01-02 " + b"x" * 1_100_000, "larger than 1,000,000 bytes"),
        ("random.txt", bytes(range(256)) * 40, "binary"),
        ("utf16.txt", GOOD.decode().encode("utf-16"), "binary"),
        ("cp1251.txt", " date 2024-01-02 МОСКВА, Russia, Jan. 2. Текст.".encode("cp1251"), "not UTF-8"),
        ("controls.txt", b" date 2024-01-02 BAKU, Azerbaijan, Jan. 2. Bell \x07 here.", "control characters"),
        ("nodate.txt", b"<html><script>alert(1)</script></html>", "no date marker"),
        ("datebad.txt", b" date 9999-99-99 BAKU, Azerbaijan, Jan. 2. Text.", "impossible date"),
        ("empty-lead.txt", b" date 2024-01-02 BAKU, Azerbaijan, Jan. 2. ...", "no lead"),
        ("bad\nname.txt", GOOD, "control characters"),
    ],
)
def test_each_hostile_file_is_refused_by_name_and_changes_nothing(tmp_path, name, data, reason):
    output = run(only(tmp_path, name, data))
    shown = str(tmp_path / name).replace("\n", "\\n")  # printed escaped, as a terminal must not act on it
    assert f"refused: {shown}: " in output and reason in output
    assert not Article.objects.exists()


def test_a_symbolic_link_is_refused_not_followed(tmp_path):
    (tmp_path / "passwd.txt").symlink_to("/etc/passwd")
    assert "is a symbolic link" in run(tmp_path)
    assert not Article.objects.exists()


def test_a_named_pipe_is_refused_without_blocking_the_import(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_bytes(GOOD)
    output = run(tmp_path)  # would hang forever if the pipe were read
    assert "not a regular file" in output
    assert Article.objects.count() == 1


def test_markup_and_script_in_copy_are_imported_as_text_and_shown_escaped(tmp_path, client):
    data = (
        b" date 2024-01-02 BAKU, Azerbaijan, Jan. 2. <script>alert('x')</script> <b>bold</b> claim, Trend reports."
        b"\n\n<img src=x onerror=alert(2)>"
    )
    run(only(tmp_path, "markup.txt", data))
    article = Article.objects.get()
    assert "<script>" in article.headline  # stored as the wire sent it
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_an_extremely_long_line_is_imported_with_a_sane_headline(tmp_path, client):
    words = " ".join(f"word{n}" for n in range(80_000))
    run(only(tmp_path, "long.txt", f" date 2024-01-02 BAKU, Azerbaijan, Jan. 2. {words}.".encode()))
    article = Article.objects.get()
    assert len(article.headline) <= 100 and len(article.standfirst) <= 300
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_failure_in_one_file_leaves_the_others_and_the_database_as_they_were(tmp_path):
    (tmp_path / "a_good.txt").write_bytes(GOOD)
    (tmp_path / "b_bad.txt").write_bytes(b"\x00\x01")
    (tmp_path / "c_good.txt").write_bytes(GOOD.replace(b"BAKU", b"DUSHANBE"))
    output = run(tmp_path)
    assert "2 created" in output and "1 refused" in output
    assert Article.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_files_at_once_create_no_duplicates(tmp_path):
    for n in range(6):
        (tmp_path / f"story_{n}.txt").write_bytes(GOOD.replace(b"BAKU", f"CITY{n}".encode()))
    outputs, barrier = [], threading.Barrier(2)

    def importer():
        barrier.wait()
        try:
            outputs.append(run(tmp_path))
        finally:
            connection.close()

    threads = [threading.Thread(target=importer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert Article.objects.count() == 6
    assert sorted(Article.objects.values_list("import_ref", flat=True)) == [f"story_{n}" for n in range(6)]
    assert all("0 refused" in output for output in outputs), outputs


# Leads that made first-sentence detection quadratic (each candidate full stop read the lead again), and
# other shapes every parsing and tagging step must take in time proportional to their length.
def _repeated(unit, size):
    return unit * (size // len(unit))


ADVERSARIAL = {
    "initials": lambda size: " date 2024-01-02 " + _repeated("A. ", size) + "End.",
    "titles": lambda size: " date 2024-01-02 BAKU, Azerbaijan, Jan. 2. " + _repeated("Mr. ", size),
    "acronyms": lambda size: " date 2024-01-02 " + _repeated("U.S. ", size) + "officials met.",
    "dots": lambda size: " date 2024-01-02 Lead" + _repeated(". ", size // 2) + "." * (size // 2),
    "white space after a dateline comma": lambda size: " date 2024-01-02 BAKU," + " " * size + "x.",
    "agencies": lambda size: " date 2024-01-02 Lead" + _repeated(", A B C D U.S.", size) + " reports x",
    "portfolio words": lambda size: " date 2024-01-02 Lead. " + _repeated("AB " * 130 + "Minister ", size),
    "ministries": lambda size: " date 2024-01-02 Lead. " + _repeated("Ministry of Energy and Trade of ", size),
    "country names": lambda size: " date 2024-01-02 Lead. " + _repeated("Republic of Democratic Republic of ", size),
}


@contextlib.contextmanager
def within(seconds, what):
    """Fail, rather than hang, when the code inside runs past `seconds` (Python handles the alarm between
    two steps of a regular expression's match too)."""

    def too_long(_signum, _frame):
        pytest.fail(f"{what} took longer than {seconds} s", pytrace=False)

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("shape", ["initials", "titles", "acronyms"])
def test_a_megabyte_lead_of_abbreviations_parses_in_under_a_second(shape):
    """A 1 MB lead of "A. A. ..." took about an hour to parse: every full stop read the lead again."""
    data = ADVERSARIAL[shape](MAX_SEED_BYTES - 100).encode()
    assert len(data) <= MAX_SEED_BYTES
    with within(10, f"parsing 1 MB of {shape}"):
        started = time.perf_counter()
        seed = parse_seed(data)
        elapsed = time.perf_counter() - started
    assert elapsed < 1, f"{elapsed:.2f} s"
    assert len(seed.headline) <= 100


@pytest.mark.parametrize("shape", sorted(ADVERSARIAL))
def test_every_hostile_shape_parses_and_tags_a_megabyte_in_a_few_seconds(shape):
    vocabulary = TopicVocabulary({"Trade": ["trade", "free trade", "trade turnover"], "Energy": ["energy"]})
    data = ADVERSARIAL[shape](MAX_SEED_BYTES - 100).encode()
    with within(10, f"parsing and tagging 1 MB of {shape}"):
        started = time.perf_counter()
        with contextlib.suppress(SeedError):
            propose_tags(parse_seed(data), vocabulary)
        elapsed = time.perf_counter() - started
    assert elapsed < 3, f"{elapsed:.2f} s"


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Asia/Tokyo", "UTC", "Pacific/Pago_Pago"])
@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "9999-12-31", "2999-01-01"])
def test_a_wire_date_out_of_range_is_refused_in_any_time_zone_and_the_rest_imported(tmp_path, settings, zone, day):
    """0001-01-01 east of UTC (or 9999-12-31 west of it) is no moment a database can store: it stopped the
    whole import with an OverflowError."""
    settings.TIME_ZONE = zone
    (tmp_path / "a_good.txt").write_bytes(GOOD)
    (tmp_path / "b_odd_date.txt").write_bytes(GOOD.replace(b"2023-06-15", day.encode()))
    output = run(tmp_path)
    assert f"refused: {tmp_path / 'b_odd_date.txt'}: date {day} is outside the range of wire dates, 1900-01-01 to " in (
        output
    )
    assert "1 created" in output and Article.objects.count() == 1


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_first_and_last_wire_dates_are_imported(tmp_path, settings, zone):
    from articles.ingest.seeds import wire_dates

    settings.TIME_ZONE = zone
    first, last = wire_dates(datetime.date.today())
    for day in (first, last):
        (tmp_path / f"{day}.txt").write_bytes(GOOD.replace(b"2023-06-15", str(day).encode()))
    output = run(tmp_path)
    assert "2 created" in output, output
    assert sorted(a.published_at.astimezone(zoneinfo.ZoneInfo(zone)).date() for a in Article.objects.all()) == [
        first,
        last,
    ]


@pytest.mark.parametrize(
    ("name", "character"),
    [("del.txt", "\x7f"), ("csi.txt", "\x9b"), ("nel.txt", "\x85"), ("escape.txt", "\x1b"), ("nonchar.txt", "\ufffe")],
)
def test_del_c1_controls_and_noncharacters_in_copy_are_refused(tmp_path, name, character):
    data = f" date 2024-01-02 BAKU, Azerbaijan, Jan. 2. A headline{character}[2J here, Trend reports.".encode()
    output = run(only(tmp_path, name, data))
    where = data.decode().index(character)
    reason = f"the file contains control characters, not plain text (U+{ord(character):04X} at character {where})"
    assert f"refused: {tmp_path / name}: {reason}" in output
    assert not Article.objects.exists()


def test_a_form_feed_is_white_space():
    seed = parse_seed(b" date 2024-01-02 BAKU, Azerbaijan, Jan. 2. One\x0cheadline.\n\nMore\x0c\x0ctext.")
    assert seed.headline == "One headline" and seed.paragraphs[1] == "More text."


INVISIBLE = "\u202e\u200b\u200c\u200d\u2060\ufeff\u00ad\u2066\u2069\u200e\U000e0041"


def test_invisible_and_bidi_characters_never_reach_a_story_and_do_not_hide_a_country(tmp_path):
    lead = "Azer\u200bbaijan and Tu\u200drkmen\u2060istan sign a \u202edeal\u202c on ener\u00adgy, Trend reports."
    data = f" date 2024-01-02 BAKU, Azer\ufeffbaijan, Jan. 2. {lead}\n\nMore {INVISIBLE} here.".encode()
    run(only(tmp_path, "invisible.txt", data))
    article = Article.objects.get()
    for text in (article.headline, article.standfirst, article.body, article.dateline, article.credit):
        assert not any(char in text for char in INVISIBLE), ascii(text)
    assert article.headline == "Azerbaijan and Turkmenistan sign a deal on energy"
    assert sorted(article.countries.names()) == ["Azerbaijan", "Turkmenistan"]


def test_copy_is_stored_in_composed_unicode():
    decomposed = " date 2024-01-02 S\u0327US\u0327A, Azerbaijan, Jan. 2. Tu\u0308rkiye and S\u0327us\u0327a."
    seed = parse_seed(decomposed.encode())
    assert seed.dateline == "\u015eU\u015eA" and seed.headline == "T\u00fcrkiye and \u015eu\u015fa"
    assert unicodedata.is_normalized("NFC", seed.body)
    # A capital made of a letter and two accents, only one of which composes with it.
    assert parse_seed(" date 2024-01-02 \u0390OS, Greece, May 1. Text.".encode()).dateline == "\u03aa\u0301OS"


def test_cleaning_the_copy_leaves_the_source_hash_of_unchanged_files_alone():
    assert parse_seed(GOOD).source_hash == hashlib.sha256(GOOD.decode().strip().encode()).hexdigest()


def test_terminal_control_codes_in_names_and_copy_are_printed_escaped(tmp_path):
    """A crafted file or folder name must not send escape sequences to the terminal of the person importing."""
    folder = tmp_path / "wire\x1b]0;owned\x07"
    folder.mkdir()
    (folder / "a_good.txt").write_bytes(GOOD.replace(b"Minister of Economy", "Minister\ue000 of Economy".encode()))
    (folder / "b\x1b[2Jevil\x9b.txt").write_bytes(GOOD)
    (folder / os.fsdecode(b"c\xff.txt")).write_bytes(GOOD)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import_seeds", str(folder), verbosity=2, stdout=out, stderr=err)
    output = out.getvalue() + err.getvalue()
    assert all(char.isprintable() or char == "\n" for char in output), ascii(output)
    assert "wire\\x1b]0;owned\\x07" in output and "b\\x1b[2Jevil\\x9b.txt" in output and "c\\udcff.txt" in output
    assert "created: " in output and "Minister\\ue000 of Economy" in output  # a headline with a private-use character
    assert "the file name contains control characters" in output
    assert Article.objects.count() == 1


def test_a_missing_path_is_named_escaped(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("import_seeds", str(tmp_path / "gone\x1b[31m"), stdout=StringIO(), stderr=StringIO())
    assert "\x1b" not in str(error.value) and "gone\\x1b[31m" in str(error.value)


# A parse that would run for about twenty seconds: a regular expression that backtracks without end.
def _runaway(_data):
    re.match(r"(a+)+b", "a" * 29)
    raise AssertionError("the runaway parse was not stopped")


@pytest.mark.parametrize("workers", [0, 1], ids=["in the importing process", "in a parsing worker"])
def test_a_file_that_parses_too_long_is_refused_and_the_rest_imported(tmp_path, settings, monkeypatch, workers):
    from articles.ingest import importers

    parse = importers.parse_seed
    monkeypatch.setattr(importers, "parse_seed", lambda data: _runaway(data) if b"RUNAWAY" in data else parse(data))
    settings.NEWSROOM_IMPORT_FILE_SECONDS = 1
    (tmp_path / "a_good.txt").write_bytes(GOOD)
    (tmp_path / "b_runaway.txt").write_bytes(GOOD.replace(b"BAKU", b"RUNAWAY"))
    (tmp_path / "c_good.txt").write_bytes(GOOD.replace(b"BAKU", b"DUSHANBE"))
    started = time.monotonic()
    report = importers.import_seeds([tmp_path], workers=workers, batch_size=1)
    assert time.monotonic() - started < 10
    assert [(outcome.path.name, outcome.action) for outcome in report.outcomes] == [
        ("a_good.txt", "created"),
        ("b_runaway.txt", "refused"),
        ("c_good.txt", "created"),
    ]
    assert report.outcomes[1].detail.startswith("took longer than 1 s to parse")
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_time_limit_is_measured_where_no_timer_can_stop_the_parse(tmp_path, monkeypatch):
    """Outside the main thread no signal arrives: the file is still refused once its parse returns."""
    from articles.ingest import importers

    parse = importers.parse_seed
    monkeypatch.setattr(importers, "parse_seed", lambda data: time.sleep(0.3) or parse(data))
    path = tmp_path / "slow.txt"
    path.write_bytes(GOOD)
    results = []
    work = importers.Work(TopicVocabulary({}), seconds=0.1)
    thread = threading.Thread(target=lambda: results.append(importers.prepare(path, work)))
    thread.start()
    thread.join()
    assert results[0].action == "refused" and "took longer than 0.1 s to parse" in results[0].detail
    seed, _tags, _slug = importers.prepare(path, importers.Work(TopicVocabulary({}), seconds=5))
    assert seed.dateline == "BAKU"


class _StalePath(PosixPath):
    """A path whose lstat() is the one taken before the file grew."""

    stale = None

    def lstat(self):
        return self.stale


@pytest.mark.parametrize("grown_to", [300, MAX_SEED_BYTES + 50])
def test_a_seed_that_grew_after_its_size_was_read_is_read_on_to_the_limit(tmp_path, grown_to):
    from articles.ingest.importers import read_seed

    path = _StalePath(tmp_path / "grew.txt")
    path.write_bytes(b"a" * 100)
    _StalePath.stale = path.stat()
    path.write_bytes(b"a" * grown_to)
    data = read_seed(path)
    assert len(data) == min(grown_to, MAX_SEED_BYTES + 1)  # over the limit: one byte more, refused by parse_seed


def test_joiners_that_spell_a_word_or_an_emoji_survive_the_import(tmp_path):
    family, persian = "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    lead = f"Families {family} in Baku say {persian}, Trend reports."
    run(only(tmp_path, "joiners.txt", f" date 2024-01-02 BAKU, Azerbaijan, Jan. 2. {lead}\n\nMore.".encode()))
    assert Article.objects.get().headline == f"Families {family} in Baku say {persian}"


def test_a_subdivision_flag_survives_the_import_and_tag_text_elsewhere_does_not(tmp_path):
    wales = "\U0001f3f4" + "".join(chr(0xE0000 + ord(c)) for c in "gbwls") + "\U000e007f"
    smuggled = "\U0001f3f4" + "".join(chr(0xE0000 + ord(c)) for c in "say nothing") + "\U000e007f"
    lead = f"Fans {wales} in Tbilisi cheer{smuggled} the team, Trend reports."
    run(only(tmp_path, "flags.txt", f" date 2024-01-02 TBILISI, Georgia, Jan. 2. {lead}\n\nMore.".encode()))
    assert Article.objects.get().headline == f"Fans {wales} in Tbilisi cheer\U0001f3f4 the team"
