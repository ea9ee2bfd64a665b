"""Run inside the app by bench/desk_bench.py, with the server's settings. Prints JSON.

    DATABASE_URL=... .venv/bin/python bench/desk_pages.py prepare   # the desk's accounts and stories' states
    DATABASE_URL=... .venv/bin/python bench/desk_pages.py probe     # the pages, their queries, a session

`prepare` turns an imported archive (every story published by the importer) into a working desk, the
same for the same stories: an editor and five reporters, and, chosen by id, 1% of the stories in each of
draft, in review (each with its submission), ready, unpublished and archived, 0.1% scheduled within two
days and 0.1% under an embargo, 5% assigned to a reporter, 5% written by one, and a tenth of the
headlines edited. It writes the rows directly (a benchmark's set-up, not the desk's workflow), once.

`probe` names the pages an editor opens (each kind of list, filter and sort, the front page, the tag
lists, a story's form and its revisions), counts each page's SQL queries and their time through
Django's test client (the second request of two), and logs the editor in for the load: the session
cookie it prints is good for the server too, which reads the same database.
"""

import datetime
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.contrib.admin.utils import label_for_field  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, F, Value  # noqa: E402
from django.db.models.functions import Concat, Mod  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import TAG_THROUGH, Article, CountryTag, MinistryTag, TopicTag, WorkflowEvent  # noqa: E402
from articles.models.article import desk_states  # noqa: E402

S = Article.Status
EDITOR = "bench-editor"
REPORTERS = [f"bench-reporter-{n}" for n in range(1, 6)]
# (share of stories by id: id % modulus == remainder, and what they become)
STATES = [(100, 1, S.DRAFT), (100, 2, S.IN_REVIEW), (100, 3, S.READY), (100, 4, S.UNPUBLISHED), (100, 5, S.ARCHIVED)]
# Words to search for: one in a fifth of the stories, and a name in a few.
COMMON_WORD = "energy"


def prepare():
    now = timezone.now()
    editor, _ = User.objects.get_or_create(username=EDITOR, defaults={"is_staff": True})
    editor.groups.add(Group.objects.get(name="Editors"))
    reporters = []
    for name in REPORTERS:
        user, _ = User.objects.get_or_create(username=name, defaults={"is_staff": True})
        user.groups.add(Group.objects.get(name="Reporters"))
        reporters.append(user)
    stories = Article.objects.annotate(
        by_100=Mod("pk", 100), by_1000=Mod("pk", 1000), by_20=Mod("pk", 20), by_10=Mod("pk", 10)
    )
    with transaction.atomic():
        for modulus, remainder, status in STATES:
            chosen = stories.filter(**{f"by_{modulus}": remainder})
            # Unpublished and archived stories went out once and keep their time; the others never did.
            if status in (S.UNPUBLISHED, S.ARCHIVED):
                chosen.update(status=status)
            else:
                chosen.update(status=status, published_at=None)
        stories.filter(by_1000=6).update(published_at=now + datetime.timedelta(hours=30))
        stories.filter(by_1000=7).update(embargo_until=now + datetime.timedelta(days=2))
        for n, user in enumerate(reporters):
            stories.filter(by_20=n * 4).update(assignee=user)
            stories.filter(by_20=n * 4 + 1).update(author=user)
        stories.filter(by_10=9).update(headline=Concat(F("headline"), Value(" (edited)")))
        waiting = Article.objects.filter(status=S.IN_REVIEW).exclude(workflow_events__to_status=S.IN_REVIEW)
        submitted = [
            WorkflowEvent(
                article_id=pk, action="submit", from_status=S.DRAFT, to_status=S.IN_REVIEW, actor_name=REPORTERS[0]
            )
            for pk in waiting.values_list("pk", flat=True).iterator()
        ]
        WorkflowEvent.objects.bulk_create(submitted, batch_size=2000)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # As autovacuum leaves a table some time after an import: statistics, and pages marked visible
            # (the tables the desk's lists count in; not the revisions', the biggest, read by one story's id).
            for model in (Article, WorkflowEvent, *TAG_THROUGH.values()):
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        else:
            # SQLite keeps no statistics unless asked, and the app never asks (articles/ingest/importers.py).
            cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    states = Article.objects.values_list("status").annotate(n=Count("pk")).order_by()
    return {"stories": Article.objects.count(), "states": dict(states)}


def biggest(model):
    return model.objects.annotate(stories=Count("links")).order_by("-stories", "pk").first()


def smallest(model):
    return model.objects.annotate(stories=Count("links")).filter(stories__gt=0).order_by("stories", "pk").first()


def pages():
    """(label, url) of every page measured, in the order of the results table."""
    stories = reverse("admin:articles_article_changelist")
    editor = User.objects.get(username=EDITOR)
    country, ministry, topic = biggest(CountryTag), biggest(MinistryTag), biggest(TopicTag)
    small = smallest(MinistryTag)
    # A word of one story's headline that few others have: a search with few matches.
    story = Article.objects.filter(status=S.PUBLISHED).order_by("-pk")[100]
    rare = max(story.headline.split(), key=len)
    # Labels: what the page is, then in brackets what it was in this database (bench/summary.py lines up the
    # pages of different databases by what comes before the bracket).
    found = [
        ("story list", stories),
        ("story list, page 50", f"{stories}?p=50"),
        (f"search: a common word ({COMMON_WORD})", f"{stories}?{urlencode({'q': COMMON_WORD})}"),
        (f"search: a headline's word ({rare})", f"{stories}?{urlencode({'q': rare})}"),
        (f"search: a ministry's name ({ministry.name})", f"{stories}?{urlencode({'q': ministry.name})}"),
        (f"country: the biggest ({country.name}, {country.stories:,})", f"{stories}?countries={country.pk}"),
        (f"ministry: the biggest ({ministry.name}, {ministry.stories:,})", f"{stories}?ministries={ministry.pk}"),
        (f"ministry: the smallest ({small.name}, {small.stories:,})", f"{stories}?ministries={small.pk}"),
        (f"topic: the biggest ({topic.name}, {topic.stories:,})", f"{stories}?topics={topic.pk}"),
        *((f"status: {value}", f"{stories}?status={value}") for value, _label, _q in desk_states(timezone.now())),
        ("headline: machine-made", f"{stories}?headline=machine"),
        ("assigned to me", f"{stories}?mine=assigned"),
        ("published in 2020", f"{stories}?published_at__gte=2020-01-01&published_at__lt=2021-01-01"),
        (f"country and search ({country.name}, {COMMON_WORD})", f"{stories}?countries={country.pk}&q={COMMON_WORD}"),
    ]
    found += sorted_lists(stories, editor)
    article = Article.objects.filter(status=S.PUBLISHED, pk__gt=0).order_by("-pk")[500]
    found += [
        ("front page (dashboard)", reverse("admin:index")),
        ("countries", reverse("admin:articles_countrytag_changelist")),
        ("ministries", reverse("admin:articles_ministrytag_changelist")),
        ("ministries, by stories", reverse("admin:articles_ministrytag_changelist") + "?o=-3"),
        ("ministries, searched", reverse("admin:articles_ministrytag_changelist") + "?q=economy"),
        ("topics", reverse("admin:articles_topictag_changelist")),
        ("tag picker (ministries)", reverse("admin:autocomplete") + "?" + urlencode(
            {"app_label": "articles", "model_name": "article", "field_name": "ministries", "term": "econ"})),
        ("story form", reverse("admin:articles_article_change", args=[article.pk])),
        ("story revisions", reverse("admin:articles_article_revisions", args=[article.pk])),
    ]  # fmt: skip
    return found


def sorted_lists(stories, editor):
    """The story list sorted by each column it can be sorted by, each way (?o=N, ?o=-N)."""
    request = RequestFactory().get(stories)
    request.user = editor
    model_admin = admin.site.get_model_admin(Article)
    changelist = model_admin.get_changelist_instance(request)
    found = []
    for number, name in enumerate(changelist.list_display):
        if name == "action_checkbox" or not changelist.get_ordering_field(name):
            continue
        label = label_for_field(name, Article, model_admin)
        found += [
            (f"sorted by {label}", f"{stories}?o={number}"),
            (f"sorted by {label}, reversed", f"{stories}?o=-{number}"),
        ]
    return found


def cost(client, url):
    """Status, queries and their milliseconds of the second of two requests."""
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    return {
        "status": response.status_code,
        "queries": len(queries),
        "sql_ms": sum(float(query["time"]) for query in queries.captured_queries) * 1000,
    }


def probe():
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(User.objects.get(username=EDITOR))
    found = pages()
    costs = {}
    for _label, url in found:
        started = time.monotonic()
        costs[url] = cost(client, url)
        costs[url]["probe_s"] = time.monotonic() - started
    return {
        "stories": Article.objects.count(),
        "pages": [{"label": label, "url": url, **costs[url]} for label, url in found],
        "cookie": {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value},
    }


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else ""
    if action not in ("prepare", "probe"):
        raise SystemExit(__doc__)
    json.dump(prepare() if action == "prepare" else probe(), sys.stdout)
