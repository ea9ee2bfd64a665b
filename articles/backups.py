"""Backups: every row the desk keeps, in one JSON file that restores exactly, and its restore into a new database.

The file is Django's JSON serialization (the list of records `loaddata` reads), written with an encoder that keeps
times to the microsecond: Django's own cuts them to milliseconds, and the API's versions and ETags are made from them.
Since format 2 the list begins with a record saying what the file is (no "model": `loaddata` alone refuses it) and
ends with one counting the records of each model, which `restore` checks before it writes anything: a file cut
short, even between two records, is refused. Files without them (format 1, written before) restore if they hold
what every site has (its accounts and vocabularies).
"""

import collections
import contextlib
import datetime
import gzip
import io
import itertools
import json
import os
import stat
import tempfile
import zlib
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from .models import Article
from .site import page_cache, story_tags

NAMES = (".json", ".json.gz")
# Rows Django makes again itself (content types, permissions), and short-lived records: sessions, log-in
# lockouts (axes), who has a story open, a page cache bump owed (a restore bumps anyway). The desk's admin log
# (admin.logentry) is its audit trail: it is kept.
LEFT_OUT = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "articles.editingpresence",
    "articles.pagecachedebt",
}
LEFT_OUT_APPS = {"axes"}
# What `migrate` writes into a new database; a restore replaces it with the backup's own copy.
MIGRATE_WRITES = {"auth.group", "articles.countrytag", "articles.topictag", "articles.registeredministry"}
# What a whole backup of any site holds, checked in a file without a manifest (format 1): what migrate writes, and
# at least one account.
EVERY_SITE_HAS = {*MIGRATE_WRITES, "auth.user"}
# The manifest: the file's first record says what it is, its last counts the records of each model.
FORMAT = 2
KIND = "newsroom backup"
END = "end of newsroom backup"
GZIP_MAGIC = b"\x1f\x8b"


class RestoreError(Exception):
    """A restore refused, or failed: nothing of the backup was written."""


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds (it cuts them to milliseconds, as JavaScript's dates
    are); Django's documentation shows passing an encoder as serialize(..., cls=...)."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


def backed_up_models():
    """The models a backup holds, each after those it refers to by natural key."""
    app_list = []
    for config in apps.get_app_configs():
        if config.label in LEFT_OUT_APPS:
            continue
        models = [m for m in config.get_models() if m._meta.label_lower not in LEFT_OUT and not m._meta.proxy]
        if models:
            app_list.append((config, models))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def _rows():
    for model in backed_up_models():
        # The rows a natural key names (a user, a group, a content type) are read with their referrers.
        named = [
            field.name
            for field in model._meta.concrete_fields
            if field.many_to_one and hasattr(field.related_model, "natural_key")
        ]
        yield from model._base_manager.select_related(*named).order_by("pk").iterator(chunk_size=2000)


def _serialize(rows, stream):
    """The rows as Django's JSON serializer writes them, in chunks (public serializers.serialize() only), between
    the manifest's records: what the file is first, then its count of records of each model (those it wrote)."""
    options = {"cls": ExactJSONEncoder, "ensure_ascii": False}
    stream.write("[")
    json.dump({"manifest": KIND, "format": FORMAT, "started_at": timezone.now()}, stream, **options)
    counted = collections.Counter()
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, 2000)):
        text = serializers.serialize("json", chunk, cls=ExactJSONEncoder, use_natural_foreign_keys=True)
        stream.write(", " + text.strip()[1:-1].strip())  # a list's records, without its brackets
        counted.update(row._meta.label_lower for row in chunk)
    stream.write(", ")
    end = {"manifest": END, "format": FORMAT, "finished_at": timezone.now(), "counts": dict(sorted(counted.items()))}
    json.dump(end, stream, **options)
    stream.write("]\n")


def _private(path):
    """`path` opened for writing, made readable by its owner alone (0600) from the start: a backup holds password
    hashes and partner key digests. A leftover of a backup stopped midway is replaced, never written through."""
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISFIFO(path.lstat().st_mode):
            path.unlink()
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600), "wb")


def write_backup(path, *, replace=False):
    """Write every backed-up row to `path` (gzip-compressed if it ends in .gz), readable by its owner only; returns
    its size in bytes. The file appears under its name only once it is whole. FileExistsError, with nothing written,
    if `path` exists, unless `replace`."""
    if path.exists() and not replace:
        raise FileExistsError(path)
    partial = path.with_name(path.name + ".partial")
    # On PostgreSQL one snapshot of the whole database, as pg_dump takes: what is saved meanwhile is in it whole or
    # not at all. SQLite's transactions here take the write lock first (settings), which would stop every editor.
    snapshot = connection.vendor == "postgresql"
    try:
        with transaction.atomic() if snapshot else contextlib.nullcontext():
            if snapshot:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            with contextlib.ExitStack() as files:
                stream = files.enter_context(_private(partial))
                if path.suffix == ".gz":
                    stream = files.enter_context(gzip.GzipFile(fileobj=stream, mode="wb"))
                text = files.enter_context(io.TextIOWrapper(stream, encoding="utf-8"))
                _serialize(_rows(), text)
        if replace:
            os.replace(partial, path)
        else:
            _link(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path.stat().st_size


def _link(partial, path):
    """`partial` under the name `path` too, never over a file made there meanwhile (FileExistsError), unlike a
    rename; where the file system has no hard links, renamed if the name is still free."""
    try:
        os.link(partial, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(partial, path)


def holdings():
    """What this database holds beyond what `migrate` writes, as {model: rows}: empty for a new database."""
    return {model: count for model, count in counts().items() if model._meta.label_lower not in MIGRATE_WRITES}


def counts():
    """How many rows of each backed-up model the database holds, as {model: rows} for those with any."""
    found = {model: model._base_manager.count() for model in backed_up_models()}
    return {model: count for model, count in found.items() if count}


def restore_backup(path):
    """Load the backup at `path` into this migrated database holding nothing else, in one transaction, with each
    story's copies of its tags (shown tags, search words) written again from its tag links; then every cached page
    is stale. Raises RestoreError, having written nothing, if it cannot."""
    if not path.name.endswith(NAMES):
        raise RestoreError(f"{path.name}: a backup's name ends in .json.gz or .json (as `backup` writes it)")
    if not path.is_file():
        raise RestoreError(f"{path}: no such file")
    records = read_backup(path)
    try:
        with transaction.atomic():
            found = holdings()
            if found:
                raise RestoreError(
                    f"This database already holds {listing(found)}: restoring into it would put back what was "
                    "changed, unpublished or revoked since the backup. Restore into a new, empty database (create "
                    "it, run `manage.py migrate`, then `restore`). Nothing was written."
                )
            # What migrate wrote (groups, the countries, topics and ministry register) makes way for the backup's.
            for model in reversed(backed_up_models()):
                model._base_manager.all().delete()
            _load(records)
            # A file from before a column was added (Article.shown_tags, tag_words) leaves it empty: each story's
            # copies are written again from its links, as the desk writes them (only those that differ).
            story_tags.refresh(Article._base_manager.values_list("pk", flat=True))
    except DeserializationError as error:
        raise RestoreError(
            f"{path.name} is incomplete or damaged, so nothing was restored ({_reason(error)}). Restore an earlier "
            "backup, or copy this one again."
        ) from error
    except DatabaseError as error:  # PostgreSQL checks references at the commit
        raise RestoreError(
            f"{path.name} does not fit this database, so nothing was restored ({_reason(error)})."
        ) from error
    page_cache.bump()
    return counts()


def read_backup(path):
    """The records of the backup at `path`, its manifest checked and left out. Raises RestoreError saying what the
    file is when it is not a whole backup."""
    damaged = f"{path.name} is incomplete or damaged, so nothing was restored"
    again = "Restore an earlier backup, or copy this one again."
    not_backup = f"{path.name} is not a backup of this site, so nothing was restored"
    expected = "a backup is the JSON list of records `manage.py backup` writes"
    try:
        if path.suffix == ".gz":
            with path.open("rb") as file:
                if file.read(2) != GZIP_MAGIC:
                    raise RestoreError(f"{not_backup}: its name ends in .gz, but it is not gzip-compressed.")
            with gzip.open(path, "rb") as file:
                data = file.read()
        else:
            data = path.read_bytes()
        text = data.decode("utf-8")
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise RestoreError(f"{damaged} ({error or 'it ends midway'}). {again}") from error
    except UnicodeDecodeError as error:
        raise RestoreError(
            f"{damaged} (it is not UTF-8 text: {error.reason} at byte {error.start:,}). {again}"
        ) from None
    start = text.lstrip()[:1]
    if not start:
        raise RestoreError(f"{not_backup}: it is empty ({expected}).")
    if start not in "[{":
        raise RestoreError(f"{not_backup}: it holds text that is not JSON ({expected}).")
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise RestoreError(f"{damaged} (its JSON breaks off or was changed: {error}). {again}") from None
    if not isinstance(records, list):
        raise RestoreError(f"{not_backup}: it holds a JSON {_json_kind(records)}, not a list ({expected}).")
    if not records:
        raise RestoreError(f"{not_backup}: it holds no records ({expected}).")
    manifest = _is_manifest(records[0])
    if manifest:
        records = _checked(path, records, damaged, again)
    for number, record in enumerate(records, start=1):
        if not (isinstance(record, dict) and isinstance(record.get("model"), str)):
            raise RestoreError(
                f"{not_backup}: its record {number:,} is a JSON {_json_kind(record)} without a model name, "
                f"not a row ({expected})."
            )
    if not manifest:
        held = {record["model"].lower() for record in records}
        if missing := sorted(EVERY_SITE_HAS - held):
            raise RestoreError(
                f"{path.name} is not a whole backup of this site, so nothing was restored: it holds no "
                f"{_names(missing)}, which every site has, nor the manifest counting its records that "
                "`manage.py backup` writes."
            )
    return records


def _is_manifest(record):
    return isinstance(record, dict) and "manifest" in record and "model" not in record


def _checked(path, records, damaged, again):
    """The records between the manifest's first and last, which must count them exactly."""
    first, last = records[0], records[-1]
    made = first.get("format")
    if first.get("manifest") != KIND or not isinstance(made, int):
        raise RestoreError(
            f"{path.name} is not a backup of this site, so nothing was restored: it begins with a "
            f"record that is not a Newsroom backup's manifest."
        )
    if made > FORMAT:
        raise RestoreError(
            f"{path.name} was written by a later version of Newsroom (backup format {made}; this one reads up to "
            f"{FORMAT}), so nothing was restored: restore it with that version."
        )
    if len(records) < 2 or not _is_manifest(last) or last.get("manifest") != END:
        raise RestoreError(f"{damaged} (it ends before the record counting its rows, which closes a backup). {again}")
    rows = records[1:-1]
    expected = last.get("counts")
    found = dict(collections.Counter(record.get("model") if isinstance(record, dict) else None for record in rows))
    if found != expected:
        wanted = {
            model: n for model, n in (expected if isinstance(expected, dict) else {}).items() if isinstance(n, int)
        }
        differ = sorted(model for model in {*found, *wanted} if found.get(model) != wanted.get(model))
        detail = ", ".join(f"{found.get(model, 0):,} {model} of {wanted.get(model, 0):,}" for model in differ[:4])
        raise RestoreError(
            f"{damaged} (it holds {len(rows):,} records where its manifest counts {sum(wanted.values()):,}: "
            f"{detail}). {again}"
        )
    if not rows:
        raise RestoreError(f"{path.name} is a backup of an empty database (no records), so nothing was restored.")
    return rows


def _json_kind(value):
    return {dict: "object", list: "list", str: "string", bool: "true or false", type(None): "null"}.get(
        type(value), "number"
    )


def _names(labels):
    """["articles.countrytag", "articles.topictag", "auth.user"] -> "countries, topics or users"."""
    names = [str(apps.get_model(label)._meta.verbose_name_plural) for label in labels]
    return " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _load(records):
    # loaddata is shown the records alone, in a file of their own (it reads every file of a name in the folder).
    with tempfile.TemporaryDirectory() as folder:
        alone = Path(folder) / "backup.json"
        with alone.open("w", encoding="utf-8") as file:
            json.dump(records, file, ensure_ascii=False)
        try:
            call_command("loaddata", str(alone), verbosity=0)
        except (DeserializationError, DatabaseError):
            raise
        except Exception as error:  # a record loaddata cannot read (a key or a value of the wrong kind)
            raise DeserializationError(str(error).partition("': ")[2] or str(error)) from None


def _reason(error):
    """What went wrong, without loaddata's "Problem installing fixture '<the file shown to it>': "."""
    if error.__cause__:
        return str(error.__cause__)
    return str(error).partition("': ")[2] or str(error)


def listing(found):
    """{Article: 12, User: 1, ...} -> "12 stories, 1 user, ...": what an operator would look for first, first."""
    ordered = sorted(found, key=lambda model: FIRST.get(model._meta.label_lower, len(FIRST)))
    return ", ".join(f"{found[model]:,} {_name(model, found[model])}" for model in ordered)


FIRST = {"articles.article": 0, "auth.user": 1, "articles.partnerkey": 2}
# The tag links' own names read "tagged countrys".
LINK_NAMES = {f"articles.tagged{kind}": kind for kind in ("country", "ministry", "topic")}


def _name(model, count):
    if kind := LINK_NAMES.get(model._meta.label_lower):
        return f"{kind} tag link" + ("" if count == 1 else "s")
    return model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
