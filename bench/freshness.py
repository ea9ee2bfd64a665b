"""Run inside the app by bench/nginx_proxy.py, with the server's settings: change the benchmark's story
the way the desk does, so the benchmark can time how soon readers behind nginx see it. Prints JSON.

    DATABASE_URL=... .venv/bin/python bench/freshness.py state /2025/12/31/slug/
    DATABASE_URL=... .venv/bin/python bench/freshness.py edit /2025/12/31/slug/ "New headline"
    DATABASE_URL=... .venv/bin/python bench/freshness.py unpublish /2025/12/31/slug/
    DATABASE_URL=... .venv/bin/python bench/freshness.py restore /2025/12/31/slug/ '<what state printed>'

`state` prints what the others change, for `restore` to put back: the story published at its old time
(so at its old URL), its headline, dates and version as they were, so the benchmark's database is left
as it was built. `edit` saves a new headline through Article.save_content, as the admin's save does;
`unpublish` goes through the workflow as a publisher. Both bump the page cache's generation when they
commit, and print the time they committed ("committed", Unix seconds).
"""

import datetime
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import resolve  # noqa: E402
from django.utils.dateparse import parse_datetime  # noqa: E402

from articles.desk.workflow import transition  # noqa: E402
from articles.models import Article  # noqa: E402
from articles.site import page_cache  # noqa: E402

PUBLISHER = "bench-publisher"
KEPT = ("headline", "revised_at", "updated_at", "version")


def story(path):
    return Article.objects.get(slug=resolve(path).kwargs["slug"])


def publisher():
    """An account in the Publishers group that cannot log in: the workflow records who acted."""
    user, created = User.objects.get_or_create(username=PUBLISHER)
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name="Publishers"))
    return user


def state(path):
    article = story(path)
    if article.status != Article.Status.PUBLISHED:
        raise SystemExit(f"{path} is not published ({article.status}): was an earlier check interrupted?")
    values = {field: getattr(article, field) for field in KEPT}
    return {k: v.isoformat() if isinstance(v, datetime.datetime) else v for k, v in values.items()}


def edit(path, headline):
    article = story(path)
    with transaction.atomic():
        article.headline = headline
        article.save_content(expected_version=article.version, fields=["headline"])
    return {"committed": time.time()}


def unpublish(path):
    transition(story(path), "unpublish", by=publisher())
    return {"committed": time.time()}


def restore(path, saved):
    article = story(path)
    if article.status == Article.Status.UNPUBLISHED:
        transition(article, "publish", by=publisher())  # back at its own time, so at the same URL
    values = json.loads(saved)
    for field in ("revised_at", "updated_at"):
        values[field] = parse_datetime(values[field]) if values[field] else None
    Article.objects.filter(pk=article.pk).update(**values)
    page_cache.bump()  # update() sends no post_save signal
    return {}


def main():
    command, *args = sys.argv[1:]
    actions = {"state": state, "edit": edit, "unpublish": unpublish, "restore": restore}
    if command not in actions:
        raise SystemExit(f"unknown command {command!r}: state, edit, unpublish or restore")
    json.dump(actions[command](*args), sys.stdout)


if __name__ == "__main__":
    main()
