"""The reads behind public pages, each a fixed number of queries, all starting from Article.objects.published()."""

import datetime
import functools
import math
from collections import Counter, defaultdict

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import TruncMonth
from django.urls import get_script_prefix
from django.utils import timezone

from ..models import TAG_KINDS, TAG_THROUGH, Article
from .driver import Statement

THROUGH = TAG_THROUGH


class TagRef:
    """A tag as pages show it: name and link, without loading the tag model."""

    __slots__ = ("kind", "id", "name", "slug")

    def __init__(self, kind, id, name, slug):  # noqa: A002 (the tag's primary key)
        self.kind, self.id, self.name, self.slug = kind, id, name, slug

    def get_absolute_url(self):
        return tag_url(get_script_prefix(), self.kind, self.slug)

    def __str__(self):
        return self.name


def tag_url(prefix, kind, slug):
    """A tag page's URL under the script prefix `prefix`, as the tag model's get_absolute_url() gives it."""
    return _tag_url(prefix, kind).format(slug=slug)


@functools.cache
def _tag_url(prefix, kind):
    """A tag page's URL as a format string, made by reverse() once: a list page links to a hundred tags."""
    tag_model = THROUGH[kind].tag_model()
    url = tag_model(slug="the-slug").get_absolute_url()
    return url.replace("{", "{{").replace("}", "}}").replace("the-slug", "{slug}")


def attach_tags(articles):
    """Load the tags of every story in one query (a UNION over the three kinds); sets `article.tag_refs`."""
    articles = list(articles)
    ids = [article.pk for article in articles]
    by_article = defaultdict(lambda: {kind: [] for kind in TAG_KINDS})
    if ids:
        for article_id, n, tag_id, name, slug in _tags_of(len(ids)).fetchall(ids * len(TAG_KINDS)):
            kind = TAG_KINDS[n]
            by_article[article_id][kind].append(TagRef(kind, tag_id, name, slug))
    for article in articles:
        groups = by_article[article.pk]
        for refs in groups.values():
            refs.sort(key=lambda ref: ref.name.casefold())
        article.tag_refs = groups
    return articles


def attach_tag_values(stories):
    """For list pages: each story's tags as plain values, one query for all; sets `story.tag_values`
    to ((kind, ((slug, name), ...)), ...), kinds in page order, names in reading order."""
    stories = list(stories)
    found = {story.pk: tuple([] for _kind in TAG_KINDS) for story in stories}
    if stories:
        ids = [story.pk for story in stories]
        for story_id, n, _tag_id, name, slug in _tags_of(len(ids)).fetchall(ids * len(TAG_KINDS)):
            found[story_id][n].append((name.casefold(), slug, name))
    for story in stories:
        story.tag_values = tuple(
            (TAG_KINDS[n], tuple([(slug, name) for _key, slug, name in sorted(tags)]))
            for n, tags in enumerate(found[story.pk])
            if tags
        )
    return stories


@functools.lru_cache(maxsize=64)
def _tags_of(count):
    """The tags of `count` stories, as SQL written once per count (articles/driver.py): every list page
    runs it, and building it through the ORM (a three-part UNION) cost more than running it."""
    quote, parts = connection.ops.quote_name, []
    for n, through in enumerate(THROUGH.values()):
        story = quote(through._meta.get_field("content_object").column)
        tag_column = quote(through._meta.get_field("tag").column)
        link, tag = quote(through._meta.db_table), quote(through.tag_model()._meta.db_table)
        parts.append(
            f"SELECT l.{story}, {n}, t.id, t.name, t.slug FROM {link} l JOIN {tag} t ON t.id = l.{tag_column} "
            f"WHERE l.{story} IN ({', '.join(['%s'] * count)})"
        )
    return Statement(" UNION ALL ".join(parts))


# A tag's page lists its newest stories in one of two ways. For a tag on many stories, the newest stories
# are walked in date order (the public index) until a page of them carry the tag: a few dozen steps. For
# a tag on few, that walk would cross most of the archive (190 ms for a tag on 16 of 100,000 stories), so
# its links are read instead and the stories sorted (0.03 ms). The walk grows with stories / links and the
# sort with links: they cost the same at about sqrt(20 x stories) links (140 at 1,000 stories, 1,400 at
# 100,000: about 3 ms there), measured on SQLite. Never fewer than CROWDED_AT_LEAST.
CROWDED_AT_LEAST = 100


@functools.cache
def crowded_at():
    """How many links make a tag crowded, from the archive's size the first time a process asks (the
    highest story id: one index step). An archive grows slowly; a restart measures it again."""
    newest = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return max(CROWDED_AT_LEAST, round(math.sqrt(20 * newest)))


def with_crowding(kind, slug):
    """The tag of this kind with this slug (a ministry with its country), annotated with `crowded`:
    not None when crowded_at() links or more carry it."""
    through = THROUGH[kind]
    tag_model = through.tag_model()
    tags = tag_model.objects.select_related(*(["country"] if kind == "ministries" else []))
    links = through.objects.filter(tag_id=OuterRef("pk")).order_by().values("pk")
    crowded = crowded_at()
    return tags.filter(slug=slug).annotate(crowded=Subquery(links[crowded - 1 : crowded]))


def from_the_links(sql, vendor):
    """The story list of a tag on few stories, as its links lead to them: on SQLite, whose planner
    would walk the date index (it keeps no per-tag statistics), the stories' own indexes are set
    aside so it starts from the tag's links. PostgreSQL chooses by its statistics."""
    if vendor != "sqlite":
        return sql
    table = connection.ops.quote_name(Article._meta.db_table)
    clause = f"FROM {table} "
    if sql.count(clause) != 1:
        raise ValueError(f"expected one {clause!r} in the tag list's SQL")
    return sql.replace(clause, f"FROM {table} NOT INDEXED ")


# Related stories are chosen among this many of the latest stories that share a tag with the story.
CANDIDATES = 200


def related_stories(article, limit=5):
    """Published stories sharing the most tags with `article` (after attach_tags), then the newest.

    Two queries whatever the archive's size: the latest candidates sharing any tag, then how many
    tags each shares.
    """
    tag_ids = {kind: [ref.id for ref in article.tag_refs[kind]] for kind in TAG_KINDS}
    if not any(tag_ids.values()):
        return []
    shares_a_tag = Q()
    for kind, ids in tag_ids.items():
        if ids:
            shares_a_tag |= Q(pk__in=THROUGH[kind].objects.filter(tag_id__in=ids).values("content_object"))
    candidates = list(
        Article.objects.published()
        .filter(shares_a_tag)
        .exclude(pk=article.pk)
        .only("headline", "slug", "published_at")
        .order_by("-published_at", "-pk")[:CANDIDATES]
    )
    if not candidates:
        return []
    ids = [story.pk for story in candidates]
    parts = [
        THROUGH[kind]
        .objects.filter(content_object_id__in=ids, tag_id__in=tag_ids[kind])
        .values_list("content_object_id")
        for kind in TAG_KINDS
        if tag_ids[kind]
    ]
    shared = Counter(row[0] for row in parts[0].union(*parts[1:], all=True))
    # Candidates come newest first, and sorted() keeps that order among equal counts.
    return sorted(candidates, key=lambda story: -shared[story.pk])[:limit]


def coverage_per_month(tag, months=24, now=None):
    """[(first day of month, published stories with the tag)] for the last `months` months, zero-filled."""
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    this_month = timezone.localdate(now, zone).replace(day=1)
    first = _add_months(this_month, -(months - 1))
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min), zone)
    rows = (
        Article.objects.published()
        .filter(**{tag.kind: tag}, published_at__gte=start)
        .annotate(month=TruncMonth("published_at", tzinfo=zone))
        .values("month")
        .annotate(stories=Count("pk"))
    )
    counts = {_as_date(row["month"]): row["stories"] for row in rows}
    return [(_add_months(first, n), counts.get(_add_months(first, n), 0)) for n in range(months)]


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def _add_months(day, n):
    index = day.year * 12 + day.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def companion_tags(tag, limit=8):
    """The tags most often seen on the same published stories as `tag`, of every kind: one query."""
    stories = Article.objects.published().filter(**{tag.kind: tag}).values("pk")
    parts = []
    for n, (kind, through) in enumerate(THROUGH.items()):
        links = through.objects.filter(content_object__in=stories)
        if kind == tag.kind:
            links = links.exclude(tag_id=tag.pk)
        parts.append(
            links.values("tag_id", "tag__name", "tag__slug")
            .annotate(kind=Value(n, output_field=IntegerField()), stories=Count("content_object"))
            .values_list("kind", "tag_id", "tag__name", "tag__slug", "stories")
        )
    rows = sorted(parts[0].union(*parts[1:], all=True), key=lambda row: (-row[4], row[2].casefold()))
    return [(TagRef(TAG_KINDS[n], tag_id, name, slug), count) for n, tag_id, name, slug, count in rows[:limit]]
