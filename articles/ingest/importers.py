"""Seed files -> stories: the whole import, files parsed and tagged in worker processes while new stories are
written in batches; a story already imported is looked at on its own (updates.py)."""

import contextlib
import gc
import logging
import multiprocessing
import os
import signal
import stat
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection

from ..models import TAG_KINDS, TAG_THROUGH, Article, RegisteredMinistry, TopicTag
from ..site import page_cache
from ..text import slug_base
from .ninjs import parse_ninjs
from .outcomes import CREATED, REFUSED, UNCHANGED, FileOutcome, ImportReport
from .register import MinistryRegister
from .seed_folders import find_seeds, is_ninjs
from .seeds import MAX_SEED_BYTES, SeedError, parse_seed
from .slugs import SlugBook
from .stories import TagBook, create_stories, import_ref, story_ref
from .tagging import TopicVocabulary, propose_tags
from .updates import store

logger = logging.getLogger(__name__)


def _ref(path, result):
    """The reference a file's story has: a seed's file name (even when the file is refused), a wire item's uri."""
    if is_ninjs(path):
        return None if isinstance(result, FileOutcome) else result[0].ref
    return import_ref(path)


def _same_ref(path, first):
    if is_ninjs(path):
        return f"same uri as {first}; a wire item's reference is its uri"
    return f"same name as {first}; a story's reference is its file name"


def topic_vocabulary():
    """The topic keywords editors keep in the admin."""
    return TopicVocabulary({topic.name: topic.keyword_list for topic in TopicTag.objects.exclude(keywords="")})


def ministry_register():
    """The ministry register editors keep in the admin: each ministry's name, country and variants."""
    ministries = RegisteredMinistry.objects.select_related("country")
    return MinistryRegister((m.name, m.country.name, m.variant_list) for m in ministries)


MAX_REF_LENGTH = Article._meta.get_field("import_ref").max_length


BATCH_SIZE = 500
# Batches parsed ahead of the one being written: enough to keep the workers busy, few enough to keep
# memory flat however many files there are.
AHEAD = 2
SQLITE_CACHE_KB = 16 * 1024
SQLITE_CHECKPOINT_BYTES = 64 * 1024 * 1024
GC_EVERY = 50_000


def import_seeds(paths, *, publish=True, progress=None, batch_size=BATCH_SIZE, workers=None, file_seconds=None):
    """Import every seed file; a bad file is refused alone and leaves nothing behind.

    Files are read, parsed and tagged in worker processes (`workers`: default one per core but one; 0
    parses here) while this process writes the batch before. New stories are written in batches
    (stories.create_stories); a story already imported is looked at on its own, in its own transaction,
    as is every story of a batch that the database refused. A file whose parsing and tagging takes longer
    than `file_seconds` (default: settings.NEWSROOM_IMPORT_FILE_SECONDS; 0, no limit) is refused.
    """
    report, vocabulary, book, slug_book = ImportReport(), topic_vocabulary(), None, None
    if file_seconds is None:
        file_seconds = settings.NEWSROOM_IMPORT_FILE_SECONDS
    work = Work(vocabulary, ministry_register(), file_seconds or None)
    scan = find_seeds(paths)
    files = scan.files
    report.hidden, report.empty_folders = scan.hidden, scan.empty
    batches = _batches(files, batch_size)
    seen, done = {}, 0
    with page_cache.quiet(), _sqlite_for_import(), _fewer_collections():
        for batch, prepared in zip(batches, _prepare_batches(batches, work, workers), strict=True):
            outcomes, ready, again = {}, [], set()
            for index, (path, result) in enumerate(zip(batch, prepared, strict=True), done):
                ref = _ref(path, result)
                if ref is not None and ref in seen:
                    if not (is_ninjs(path) and is_ninjs(seen[ref])):
                        outcomes[index] = FileOutcome(path, REFUSED, _same_ref(path, seen[ref]))
                        continue
                    # Another version of a wire item met before in this import (agencies keep each version
                    # in a file of its own): applied after it, under the version rules.
                    again.add(index)
                seen.setdefault(ref, path)
                if isinstance(result, FileOutcome):
                    outcomes[index] = result
                else:
                    ready.append((index, path, *result))
            done += len(batch)
            refs = {index: story_ref(path, seed) for index, path, seed, *_rest in ready}
            existing = set(Article.objects.filter(import_ref__in=refs.values()).values_list("import_ref", flat=True))
            for index, path, seed, *_rest in ready:
                if seed.pubstatus == "canceled" and refs[index] not in existing and index not in again:
                    outcomes[index] = FileOutcome(path, UNCHANGED, "canceled on the wire before it was imported")
            new = [item for item in ready if refs[item[0]] not in existing and item[0] not in {*outcomes, *again}]
            one_by_one = [item for item in ready if refs[item[0]] in existing or item[0] in again]
            if new:
                book, slug_book = book or TagBook(), slug_book or SlugBook()
                try:
                    created = create_stories(
                        [parsed for _i, *parsed in new], publish=publish, book=book, slug_book=slug_book
                    )
                except DatabaseError:
                    book = slug_book = None  # its new tags and slugs were rolled back with the batch
                    one_by_one = new + one_by_one
                else:
                    for (index, path, *_parsed), story in zip(new, created, strict=True):
                        outcomes[index] = FileOutcome(path, CREATED, story.headline, story.pk)
            for index, *parsed in one_by_one:
                outcomes[index] = store(*parsed, publish=publish)
            for index in sorted(outcomes):
                report.outcomes.append(outcomes[index])
                if progress:
                    progress(outcomes[index], len(report.outcomes), len(files))
    if report.count(CREATED) >= FRESH_STATISTICS_AFTER:
        _refresh_statistics()
    return report


# After an import of this many new stories, PostgreSQL's statistics are brought up to date before it returns.
FRESH_STATISTICS_AFTER = 1_000


def _refresh_statistics():
    """On PostgreSQL: ANALYZE the tables public pages read, and move the search index's pending entries
    into the index. Until autovacuum gets there (a minute or more), the planner still sees the table as
    it was before the import: after 10,000 stories into an empty database it computed every story's
    search words rather than read the index, so each search read the whole table.

    Best effort: the stories are saved either way, so a failure (the index missing because the code
    runs ahead of its migration, a role that does not own it) is logged, not raised. Skipped inside a
    transaction that is still open (a dry run, which is rolled back): its rows would count as there."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return  # SQLite keeps no statistics unless asked (ANALYZE), and its plans here rely on that
    from ..site.search import SEARCH_INDEX

    through = [TAG_THROUGH[kind] for kind in TAG_KINDS]
    models = [Article, *through, *(model.tag_model() for model in through)]
    try:
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
            cursor.execute(
                "SELECT gin_clean_pending_list(c.oid) FROM pg_class c"
                " WHERE c.oid = to_regclass(%s) AND pg_has_role(c.relowner, 'USAGE')",
                [SEARCH_INDEX],
            )
    except DatabaseError as error:
        logger.warning("import: the database's statistics were not refreshed (%s); autovacuum will", error)


@contextlib.contextmanager
def _sqlite_for_import():
    """On SQLite, this connection set for many writes while the import runs, and set back after.

    16 MB of page cache (the default is 2): the indexes an import updates stay in memory, not read back
    from the file by system calls. And the log copied into the database every 64 MB rather
    than every 8 (SQLite's default, 1,000 pages): each copy rewrites the same index pages and syncs the file.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cache_size = cursor.execute("PRAGMA cache_size").fetchone()[0]
        checkpoint = cursor.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        page_size = cursor.execute("PRAGMA page_size").fetchone()[0]
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KB}")
        cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_CHECKPOINT_BYTES // page_size}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={cache_size}")
            cursor.execute(f"PRAGMA wal_autocheckpoint={checkpoint}")


@contextlib.contextmanager
def _fewer_collections():
    """Python's cycle collector run every GC_EVERY new objects rather than 700, while the import runs.

    An import makes millions of short-lived rows and values, freed as they go; the collector, set off by
    their number, kept scanning the process's long-lived objects (Django, the tag book) again and again,
    finding little to free. Cycles are still collected, later.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(GC_EVERY, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _batches(files, size):
    """The files in batches of `size`, the first a fifth of that: the writer waits for the first batch
    to be parsed, and a smaller one is parsed sooner, so the writing starts sooner."""
    first = max(1, size // 5)
    if not files:
        return []
    return [files[:first]] + [files[start : start + size] for start in range(first, len(files), size)]


@dataclass(frozen=True)
class Work:
    """What parsing a file needs besides the file: the topic vocabulary, the ministry register, and the seconds
    it may take (None: no limit)."""

    vocabulary: TopicVocabulary
    register: MinistryRegister = field(default_factory=MinistryRegister)
    seconds: float | None = None


def _prepare_batches(batches, work, workers):
    """prepare() of every file of each batch, batch by batch; ahead, in worker processes, when it pays."""
    # One core is this process's, writing; the others parse. On two cores one worker keeps up with the
    # writer, and a second only takes turns with it (the import is slower with two than with one).
    workers = max(1, min((os.cpu_count() or 1) - 1, 4)) if workers is None else workers
    if workers < 1 or len(batches) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for batch in batches:
            yield _prepare_all(batch, work)
        return
    # Forked workers inherit the compiled gazetteer and vocabulary, and never touch the database.
    context = multiprocessing.get_context("fork")
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_set_work, initargs=(work,))
    pending, finished = deque(), False
    try:
        for batch in batches:
            pending.append((batch, _submit(executor, batch, workers)))
            if len(pending) > AHEAD:
                yield _results(*pending.popleft(), work)
        while pending:
            yield _results(*pending.popleft(), work)
        finished = True
    finally:
        executor.shutdown(wait=finished, cancel_futures=True)


def _submit(executor, batch, workers):
    """The batch shared among the workers (the first is ready sooner, none waits on one); None if they are gone."""
    size = -(-len(batch) // workers)
    try:
        return [executor.submit(_prepare_batch, batch[i : i + size]) for i in range(0, len(batch), size)]
    except BrokenProcessPool:
        return None


def _results(batch, parts, work):
    try:
        if parts is not None:
            return [result for part in parts for result in part.result()]
    except BrokenProcessPool:
        logger.warning("a parsing worker died (killed, or out of memory); the import goes on without it")
    # Parsed here instead: the import neither hangs nor stops when a worker is lost.
    return _prepare_all(batch, work)


_worker_work = None


def _set_work(work):
    global _worker_work
    _worker_work = work
    gc.set_threshold(GC_EVERY, *gc.get_threshold()[1:])  # a worker parses, as the writer writes, in bulk


def _prepare_batch(batch):
    return _prepare_all(batch, _worker_work)


def _prepare_all(batch, work):
    with _parse_timer():
        return [prepare(path, work) for path in batch]


def prepare(path, work):
    """(seed, proposed tags, slug base) for a file, or the FileOutcome refusing it. Done in the parsing
    workers: all of it is a function of the file, and the writer is the busier process.

    Parsing and tagging get `work.seconds`: past them the file is refused, and the next one parsed.
    Parsing takes time in proportion to the file, so no wire copy comes near the limit; it is there
    for what a parser could still miss. Under _parse_timer() a timer stops a runaway parse; elsewhere
    (outside a main thread) the file is refused when the parse returns."""
    # The timer is the process's, and its signal goes to the main thread: no other thread may arm it.
    timed = work.seconds is not None and _Timer.ready and threading.current_thread() is threading.main_thread()
    try:
        data = read_seed(path)
        started = time.monotonic()
        if timed:
            _Timer.armed = True
            signal.setitimer(signal.ITIMER_REAL, work.seconds)
        try:
            seed = (parse_ninjs if is_ninjs(path) else parse_seed)(data)
            tags = propose_tags(seed, work.vocabulary, work.register)
            prepared = seed, tags.as_dict(), slug_base(seed.headline)
        finally:
            if timed:
                # From here on an alarm does nothing. One due right now is raised here, inside the try.
                _Timer.armed = False
                signal.setitimer(signal.ITIMER_REAL, 0)
    except SeedError as error:
        return FileOutcome(path, REFUSED, str(error))
    except OSError as error:
        return FileOutcome(path, REFUSED, f"cannot be read ({error.strerror or error})")
    except _OverTime:
        return _too_slow(path, work.seconds)
    if work.seconds is not None and time.monotonic() - started > work.seconds:
        return _too_slow(path, work.seconds)
    return prepared


def _too_slow(path, seconds):
    return FileOutcome(path, REFUSED, f"took longer than {seconds:g} s to parse (NEWSROOM_IMPORT_FILE_SECONDS)")


class _OverTime(Exception):
    """Raised into a parse that ran past its time."""


class _Timer:
    """The parse timer of this process: whether _on_alarm handles SIGALRM (`ready`), and whether an alarm
    now stops the parse under way (`armed`)."""

    ready = False
    armed = False


def _on_alarm(signum, frame):
    if _Timer.armed:
        _Timer.armed = False
        raise _OverTime
    # Late (the parse had already finished): nothing to stop.


@contextlib.contextmanager
def _parse_timer():
    """SIGALRM handled by _on_alarm while the code inside parses files, so that prepare() can stop a parse
    that runs past its time rather than only measure it: Python handles a signal between two steps of a
    regular expression's match as between two lines of Python. Only a process's main thread receives
    signals, and the timer is not taken from anyone already using it (a test runner's timeout): there,
    nothing is set. Setting the handler costs microseconds, once for a batch; arming the timer, one for a file.
    """
    if _Timer.ready or not _can_set_alarm():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _Timer.ready = True
    try:
        yield
    finally:
        _Timer.ready = False
        signal.signal(signal.SIGALRM, previous)


def _can_set_alarm():
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN)
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


def read_seed(path):
    """The file's bytes, refusing what is not a plain, reasonably sized file with a usable name."""
    name = import_ref(path)
    if len(name) > MAX_REF_LENGTH:
        raise SeedError(f"the file name is longer than {MAX_REF_LENGTH} characters")
    if any(not ch.isprintable() for ch in path.name):
        raise SeedError("the file name contains control characters")
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        raise SeedError("the file is a symbolic link; import the file it points to instead")
    if not stat.S_ISREG(info.st_mode):
        # A pipe or a device would block the import or never end.
        raise SeedError("not a regular file")
    if info.st_size > MAX_SEED_BYTES:
        raise SeedError(f"the file is larger than {MAX_SEED_BYTES:,} bytes")
    with path.open("rb") as handle:
        # As much as the file holds: asking for the limit allocated a megabyte per file (a heavy cost to the
        # parsing worker). A file that grew since its size was read is read on, up to the limit.
        data = handle.read(info.st_size + 1)
        if len(data) > info.st_size:
            data += handle.read(MAX_SEED_BYTES + 1 - len(data))
        return data
