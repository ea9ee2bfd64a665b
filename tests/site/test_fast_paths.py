"""The fast paths of the busiest reads and of the import hold to what the slow ones did: SQLite's driver
used directly (articles/driver.py), the CSP header built once, dates remembered by zone and language,
seed folders listed without Path.rglob, the import's settings restored. From a review of them."""

import contextlib
import datetime
import gc
import threading
from pathlib import PosixPath

import pytest
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.test import RequestFactory
from django.utils import timezone
from jinja2 import DictLoader

from articles.ingest import importers
from articles.ingest.seeds import MAX_SEED_BYTES
from articles.models import Article
from articles.site.driver import Statement
from newsroom import jinja2 as newsroom_jinja2
from newsroom.csp import CSPMiddleware

# --- articles/driver.py ------------------------------------------------------------------------------

SLUG = Statement("SELECT slug FROM articles_article WHERE slug = %s")


@pytest.mark.django_db
def test_a_statement_reads_inside_the_atomic_block_and_refuses_a_broken_one():
    with transaction.atomic():
        Article.objects.create(headline="H", slug="inside", body="B")
        assert SLUG.fetchall(["inside"]) == [("inside",)]  # the same connection, the same transaction
    with transaction.atomic():
        with contextlib.suppress(IntegrityError):
            Article.objects.create(headline="H", slug="inside", body="B")  # no savepoint: the block is broken
        with pytest.raises(TransactionManagementError):
            SLUG.fetchall(["inside"])


@pytest.mark.django_db
def test_a_statement_opens_its_threads_own_connection():
    found, errors = [], []

    def read():
        try:
            assert connection.connection is None  # not yet opened in this thread
            found.append(Statement("SELECT %s, '50%%'").fetchall([7]))
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert errors == [] and found == [[(7, "50%")]]


# --- newsroom/csp.py -----------------------------------------------------------------------------------

HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("response_class", [HttpResponse, HttpResponseNotFound, HttpResponseServerError])
def test_the_cached_header_is_django_csps_for_errors_and_debug(settings, debug, response_class):
    settings.DEBUG = debug

    def view(request):
        return response_class("x")

    for _ in range(2):  # the second from the cached header
        ours = CSPMiddleware(view)(RequestFactory().get("/"))
        theirs = DjangoCSPMiddleware(view)(RequestFactory().get("/"))
        assert [ours.get(h) for h in HEADERS] == [theirs.get(h) for h in HEADERS]


# --- newsroom/jinja2.py --------------------------------------------------------------------------------

MACROS = {
    "macros.html": "{% macro when(d) %}{{ d|date('H:i') }}{% endmacro %}",
    "page.html": "{% from 'macros.html' import when %}{{ when(d) }}",
    "plain.html": "{{ d|date('H:i') }}",
}


def test_a_date_in_an_imported_macro_follows_each_renders_time_zone():
    """An imported macro runs in the imported template's module, whose Jinja Context Jinja keeps on the
    Template (Template._get_default_module) for every later render: nothing may be remembered on it."""
    newsroom_jinja2._format.cache_clear()
    env = newsroom_jinja2.environment(loader=DictLoader(MACROS))
    d = datetime.datetime(2024, 2, 9, 23, 30, tzinfo=datetime.UTC)
    with timezone.override("UTC"):
        assert env.get_template("page.html").render(d=d) == "23:30"
    with timezone.override("Asia/Baku"):
        assert env.get_template("page.html").render(d=d) == "03:30"


def test_a_macro_rendered_under_another_zone_cannot_poison_the_shared_date_cache():
    """A date is remembered under the zone and language it was formatted in, whatever is active."""
    newsroom_jinja2._format.cache_clear()
    env = newsroom_jinja2.environment(loader=DictLoader(MACROS))
    first = datetime.datetime(2024, 2, 9, 23, 30, tzinfo=datetime.UTC)
    other = datetime.datetime(2024, 3, 1, 10, 0, tzinfo=datetime.UTC)
    with timezone.override("UTC"):
        env.get_template("page.html").render(d=first)
    with timezone.override("Asia/Baku"):
        env.get_template("page.html").render(d=other)
    with timezone.override("UTC"):
        assert env.get_template("plain.html").render(d=other) == "10:00"


# --- articles/importers.py -----------------------------------------------------------------------------


def test_a_file_named_just_txt_is_not_a_seed(tmp_path):
    """Path('.txt').suffix is '' (a dot file has no suffix), and seed_files lists what Path.suffix says."""
    for name in ("a.txt", ".txt", "sub/.TXT", "sub/b.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    expected = sorted(
        p for p in tmp_path.rglob("*") if p.suffix.lower() == ".txt" and not (p.is_dir() and not p.is_symlink())
    )
    assert list(importers.seed_files([tmp_path])) == expected


def test_batches_cover_every_file_once_the_first_a_fifth():
    files = list(range(1234))
    batches = importers._batches(files, 500)
    assert [len(b) for b in batches] == [100, 500, 500, 134]
    assert [f for b in batches for f in b] == files
    assert importers._batches([], 500) == [] and importers._batches([1, 2], 1) == [[1], [2]]


@pytest.mark.django_db
def test_the_import_settings_are_restored_when_the_import_fails():
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


class _StalePath(PosixPath):
    """A path whose lstat() is the one taken before the file grew."""

    stale = None

    def lstat(self):
        return self.stale


@pytest.mark.parametrize("grown_to", [300, MAX_SEED_BYTES + 50])
def test_a_seed_that_grew_after_its_size_was_read_is_read_on_to_the_limit(tmp_path, grown_to):
    path = _StalePath(tmp_path / "grew.txt")
    path.write_bytes(b"a" * 100)
    _StalePath.stale = path.stat()
    path.write_bytes(b"a" * grown_to)
    data = importers.read_seed(path)
    assert len(data) == min(grown_to, MAX_SEED_BYTES + 1)  # over the limit: one byte more, refused by parse_seed
