"""What public pages read besides their story or story list, all from Article.objects.published():
the tags of a page's stories (one query), related stories, and a tag's monthly coverage and companions."""

import datetime
from collections import Counter

from django.db.models import Count, DateField, F, Func, IntegerField, Max, Q, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.functional import cached_property

from ..links import page_path
from ..models import TAG_KINDS, TAG_THROUGH, Article, TagRedirect, WorkflowEvent

# The columns a story list shows: list pages load only these.
TEASER_FIELDS = ("headline", "slug", "standfirst", "dateline", "published_at", "language", "shown_tags")

# The page of each kind of tag (articles/site/urls.py).
TAG_PAGES = {"countries": "articles:country", "ministries": "articles:ministry", "topics": "articles:topic"}


class TagRef:
    """A tag as a page shows it (name and link), read with the page's other tags. A page makes one per
    tag, however many of its stories carry it."""

    def __init__(self, kind, id, name, slug):  # noqa: A002 (the tag's primary key)
        self.kind, self.id, self.name, self.slug = kind, id, name, slug

    @cached_property
    def url(self):
        return page_path(TAG_PAGES[self.kind], slug=self.slug)

    def get_absolute_url(self):
        return self.url

    def __str__(self):
        return self.name


def tag_by_slug(tag_model, slug):
    """The tag of `tag_model` with this slug, or None; a ministry with its country, which its page names."""
    tags = tag_model.objects.all()
    if tag_model.kind == "ministries":
        tags = tags.select_related("country")
    return tags.filter(slug=slug).first()


def survivor(tag_model, old_slug):
    """The tag an old slug of `tag_model` now leads to (after a merge or a new slug), if readers can see it (it
    has a published story), else None: the redirect would name a tag only drafts use."""
    moved = TagRedirect.objects.filter(kind=tag_model.kind, old_slug=old_slug).first()
    tag = tag_model.objects.filter(slug=moved.new_slug).first() if moved else None
    return tag if tag is not None and tagged(tag).exists() else None


def tagged(tag, stories=None):
    """The published stories (of `stories`, a published() queryset) that carry `tag`."""
    stories = Article.objects.published() if stories is None else stories
    return stories.filter(**{tag.kind: tag})


def attach_tags(articles):
    """Set `article.tag_refs` to {kind: [TagRef]}, names in reading order, for every story, from the tags it
    keeps with its row (`Article.shown_tags`, see story_tags.py): no query. Returns the stories as a list."""
    articles = list(articles)
    refs = {}
    for article in articles:
        shown = article.shown_tags or {}
        article.tag_refs = {kind: [] for kind in TAG_KINDS}
        for kind in TAG_KINDS:
            for tag_id, name, slug in shown.get(kind, ()):
                ref = refs.get((kind, tag_id))
                if ref is None:
                    ref = refs[kind, tag_id] = TagRef(kind, tag_id, name, slug)
                article.tag_refs[kind].append(ref)
    return articles


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
            shares_a_tag |= Q(pk__in=TAG_THROUGH[kind].objects.filter(tag_id__in=ids).values("content_object"))
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
        TAG_THROUGH[kind]
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
        tagged(tag)
        .filter(published_at__gte=start)
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
    stories = tagged(tag).values("pk")
    parts = []
    for n, (kind, through) in enumerate(TAG_THROUGH.items()):
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


def was_public(slug):
    """Readers could see the story with this slug once and no longer can: it was unpublished or archived
    after its time had come, out of any embargo (its workflow events say so). A story never out answers 404."""
    return (
        WorkflowEvent.objects.filter(
            article__slug=slug,
            from_status=Article.Status.PUBLISHED,
            to_status__in=[Article.Status.UNPUBLISHED, Article.Status.ARCHIVED],
            article__published_at__lte=F("created_at"),
        )
        .exclude(article__embargo_until__gt=F("created_at"))
        .exists()
    )


def month_with_stories(start, *, before):
    """The first moment of the nearest month before (or after) the month starting at `start` with a
    published story, or None."""
    stories = Article.objects.published()
    if before:
        moment = stories.filter(published_at__lt=start).order_by("-published_at")
    else:
        try:
            moment = stories.filter(published_at__gte=next_month(start)).order_by("published_at")
        except (ValueError, OverflowError):  # after December 9999
            return None
    found = moment.values_list("published_at", flat=True).first()
    return found and month_start(timezone.localtime(found).year, timezone.localtime(found).month)


def month_start(year, month):
    """The first moment of a month in the newsroom's time zone."""
    return timezone.make_aware(datetime.datetime(year, month, 1), timezone.get_current_timezone())


def next_month(start):
    return month_start(start.year + start.month // 12, start.month % 12 + 1)


class LocalMonth(Func):
    """The first day of a moment's month in the newsroom's time zone, worked out by the database itself.

    Django's TruncMonth calls a Python function for each row on SQLite, slow over a whole archive; SQLite's
    own 'localtime' reads the process's time zone, which Django sets to TIME_ZONE (and again when a test
    overrides it). PostgreSQL is given the zone's name.
    """

    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="DATE(%(expressions)s, 'localtime', 'start of month')")

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"(DATE_TRUNC('month', {sql} AT TIME ZONE %s))::date", (*params, timezone.get_current_timezone_name())


def story_months():
    """[(first moment of the month, its newest change, its number of stories)] for every month with
    published stories, oldest first; a story's change is its revision while live, else its publication.

    One query, grouped by the month the database works out while it reads the publication index (COUNT(*),
    not of ids: PostgreSQL then reads the index alone, not the table).
    """
    rows = (
        Article.objects.published()
        .annotate(month=LocalMonth("published_at"))
        .values_list("month")
        .annotate(newest=Max(Coalesce("revised_at", "published_at")), count=Count("*"))
        .order_by("month")
    )
    return [(month_start(month.year, month.month), newest, count) for month, newest, count in rows]


def archive_years():
    """[(year, [first moment of each month with stories])], newest year first: the archive's contents."""
    years = {}
    for start, _newest, _count in story_months():
        years.setdefault(start.year, []).append(start)
    return sorted(years.items(), reverse=True)


def year_with_stories(year, *, before):
    """The nearest year before (or after) `year` with a published story, or None."""
    stories = Article.objects.published()
    try:
        if before:
            edge = month_start(year, 1)
            moment = stories.filter(published_at__lt=edge).order_by("-published_at")
        else:
            edge = month_start(year + 1, 1)
            moment = stories.filter(published_at__gte=edge).order_by("published_at")
    except (ValueError, OverflowError):  # before year 1, after 9999
        return None
    found = moment.values_list("published_at", flat=True).first()
    return timezone.localtime(found).year if found else None
