"""Each desk page costs a fixed number of SQL queries, however many stories it shows or the archive holds.

The pages' times with 100,000 and 1,000,000 stories are measured by bench/desk_bench.py (bench/results/desk.md);
here, that no page grows a query per story, tag, revision or note it shows.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.desk import revisions
from articles.models import Article, CountryTag, EditorialNote, MinistryTag, TopicTag
from tests.desk_forms import user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db

S = Article.Status
STORIES = reverse("admin:articles_article_changelist")

# The queries of each page for an editor: the session and the editor's permissions (4), then the page's own.
PINNED = {
    "story list": 8,
    "story list, page 2": 8,
    "search": 8,
    "country": 9,  # and the chosen tag, for its picker
    "ministry": 9,
    "topic": 9,
    "status: draft": 8,
    "status: in_review": 8,
    "status: ready": 8,
    "status: scheduled": 8,
    "status: live": 8,
    "status: unpublished": 8,
    "status: archived": 8,
    "headline: machine-made": 8,
    "headline: edited": 8,
    "assigned to me": 8,
    "assignee": 8,
    "published this year": 8,
    "sorted by headline": 8,
    "sorted by status": 8,
    "sorted by publication time": 8,
    "sorted by embargo": 8,
    "sorted by assignee": 8,
    "sorted by headline, reversed": 8,
    "front page": 16,
    "countries": 7,
    "ministries": 8,
    "ministries, by stories": 8,
    "topics": 7,
    "tag picker": 6,
    "story form": 30,
    "story revisions": 9,  # two revisions compared, each with its tags in its one version
    "restore confirmation": 15,  # the story now and the tags the revision brings back, by kind
}


def pages(story):
    country, ministry, topic = (
        model.objects.get(name=name)
        for model, name in (
            (CountryTag, "Azerbaijan"),
            (MinistryTag, "Ministry of Economy of Azerbaijan"),
            (TopicTag, "Trade"),
        )
    )
    this_year = timezone.localtime().replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    year = urlencode({"published_at__gte": this_year, "published_at__lt": this_year.replace(year=this_year.year + 1)})
    picker = {"app_label": "articles", "model_name": "article", "field_name": "ministries", "term": "econ"}
    found = {
        "story list": STORIES,
        "story list, page 2": f"{STORIES}?p=2",
        "search": f"{STORIES}?q=paragraph",
        "country": f"{STORIES}?countries={country.pk}",
        "ministry": f"{STORIES}?ministries={ministry.pk}",
        "topic": f"{STORIES}?topics={topic.pk}",
        **{f"status: {value}": f"{STORIES}?status={value}" for value in
           ("draft", "in_review", "ready", "scheduled", "live", "unpublished", "archived")},
        "headline: machine-made": f"{STORIES}?headline=machine",
        "headline: edited": f"{STORIES}?headline=edited",
        "assigned to me": f"{STORIES}?mine=assigned",
        "assignee": f"{STORIES}?assignee__id__exact={story.assignee_id}",
        "published this year": f"{STORIES}?{year}",
        "sorted by headline": f"{STORIES}?o=1",
        "sorted by status": f"{STORIES}?o=2",
        "sorted by publication time": f"{STORIES}?o=3",
        "sorted by embargo": f"{STORIES}?o=4",
        "sorted by assignee": f"{STORIES}?o=5",
        "sorted by headline, reversed": f"{STORIES}?o=-1",
        "front page": reverse("admin:index"),
        "countries": reverse("admin:articles_countrytag_changelist"),
        "ministries": reverse("admin:articles_ministrytag_changelist"),
        "ministries, by stories": reverse("admin:articles_ministrytag_changelist") + "?o=-3",
        "topics": reverse("admin:articles_topictag_changelist"),
        "tag picker": reverse("admin:autocomplete") + "?" + urlencode(picker),
        "story form": reverse("admin:articles_article_change", args=[story.pk]),
        "story revisions": reverse("admin:articles_article_revisions", args=[story.pk]),
        "restore confirmation": reverse(
            "admin:articles_article_restore", args=[story.pk, revisions.history(story).last().pk]
        ),
    }  # fmt: skip
    return found


def make_desk(stories, editor):
    """`stories` stories in every state, tagged, assigned, with machine-made and edited headlines."""
    states = [S.DRAFT, S.IN_REVIEW, S.READY, S.PUBLISHED, S.PUBLISHED, S.UNPUBLISHED, S.ARCHIVED]
    made = []
    for n in range(stories):
        status = states[n % len(states)]
        published_at = (
            None if status in (S.DRAFT, S.IN_REVIEW, S.READY) else timezone.now() - datetime.timedelta(hours=n + 1)
        )
        if n % 11 == 3:
            published_at = timezone.now() + datetime.timedelta(hours=n)  # scheduled
        story = make_article(
            status=status,
            published_at=published_at,
            assignee=editor if n % 2 else None,
            countries=["Azerbaijan", f"Country {n}"],
            ministries=["Ministry of Economy of Azerbaijan", f"Ministry of Culture of Country {n}"],
            topics=["Trade"],
        )
        if n % 3:
            story.import_snapshot = {"headline": story.headline}
            story.save()
        made.append(story)
    return made


def grow_the_story(story, editor, times):
    """More revisions, notes and tags on the story whose form and revisions are measured."""
    for n in range(times):
        story.headline = f"{story.headline} ({n})"
        story.save()
        story.topics.add(f"Topic {n}")
        revisions.record(story, comment=f"Edit {n}.")
        EditorialNote.objects.create(article=story, author=editor, text=f"Note {n}.")


def queries_of(client, url, warm_up=False):
    if warm_up:
        client.get(url)  # what a process reads once and keeps (content types) is not the page's cost
    with CaptureQueriesContext(connection) as counted:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(counted), response


def test_no_desk_page_costs_a_query_more_for_more_stories(client, monkeypatch):
    # Five stories a page, so that a few stories make a second page and a full one.
    monkeypatch.setattr(admin.site.get_model_admin(Article), "list_per_page", 5)
    editor = user_in("Editors", "eddie")
    client.force_login(editor)
    story = make_desk(8, editor)[1]
    grow_the_story(story, editor, 1)
    few = {name: queries_of(client, url, warm_up=True) for name, url in pages(story).items()}

    make_desk(30, editor)
    grow_the_story(story, editor, 4)
    many = {name: queries_of(client, url) for name, url in pages(story).items()}

    assert {name: count for name, (count, _response) in few.items()} == PINNED
    assert {name: count for name, (count, _response) in many.items()} == PINNED
    # The bigger desk showed more: more stories in the lists, more revisions, more notes.
    for name in ("story list, page 2", "country", "status: live", "front page", "ministries"):
        assert len(many[name][1].content) > len(few[name][1].content), name
    assert len(many["story revisions"][1].context["versions"]) > len(few["story revisions"][1].context["versions"])
