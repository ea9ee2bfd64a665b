"""The importer against malformed and adversarial files: each is refused or imported safely, never a crash."""

import contextlib
import os
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

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
    assert f"refused: {tmp_path / name}: " in output and reason in output
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
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


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
