"""Backups: every row the desk keeps, in one JSON file that restores exactly, and its restore into a new database.

The file is Django's JSON serialization (what `loaddata` reads), written with an encoder that keeps times to the
microsecond: Django's own cuts them to milliseconds, and the API's versions and ETags are made from them.
"""

import contextlib
import datetime
import gzip
import os
import tempfile
import zlib
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction

from .models import Article
from .site import page_cache, story_tags

NAMES = (".json", ".json.gz")
# Rows Django makes again itself (content types, permissions), and short-lived records: sessions, log-in
# lockouts (axes), who has a story open. The desk's admin log (admin.logentry) is its audit trail: it is kept.
LEFT_OUT = {"contenttypes.contenttype", "auth.permission", "sessions.session", "articles.editingpresence"}
LEFT_OUT_APPS = {"axes"}
# What `migrate` writes into a new database; a restore replaces it with the backup's own copy.
MIGRATE_WRITES = {"auth.group", "articles.countrytag", "articles.topictag", "articles.registeredministry"}


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


def write_backup(path):
    """Write every backed-up row to `path` (gzip-compressed if it ends in .gz); returns its size in bytes.
    The file appears under its name only once it is whole."""
    partial = path.with_name(path.name + ".partial")
    opener = gzip.open if path.suffix == ".gz" else open
    # On PostgreSQL one snapshot of the whole database, as pg_dump takes: what is saved meanwhile is in it whole or
    # not at all. SQLite's transactions here take the write lock first (settings), which would stop every editor.
    snapshot = connection.vendor == "postgresql"
    try:
        with transaction.atomic() if snapshot else contextlib.nullcontext():
            if snapshot:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            with opener(partial, "wt", encoding="utf-8") as stream:
                serializers.serialize(
                    "json", _rows(), stream=stream, cls=ExactJSONEncoder, use_natural_foreign_keys=True
                )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path.stat().st_size


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
            _load(path)
            # A file from before a column was added (Article.shown_tags, tag_words) leaves it empty: each story's
            # copies are written again from its links, as the desk writes them (only those that differ).
            story_tags.refresh(Article._base_manager.values_list("pk", flat=True))
    except (EOFError, gzip.BadGzipFile, zlib.error, UnicodeDecodeError, DeserializationError) as error:
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


def _load(path):
    # loaddata reads every file of the name in the folder, whatever the suffix (b.json beside b.json.gz is
    # "multiple fixtures"): it is shown this one alone.
    with tempfile.TemporaryDirectory() as folder:
        alone = Path(folder) / ("backup.json.gz" if path.suffix == ".gz" else "backup.json")
        alone.symlink_to(path.resolve())
        call_command("loaddata", str(alone), verbosity=0)


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
