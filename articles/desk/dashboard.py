"""The desk's front page: stories per state, what needs attention, and what went out each day.

Each function takes the stories the user may see (`Article.objects.visible_to(user)`) and the time to
count from, and costs a fixed number of queries however many stories there are, each served by an index
(bench/desk_bench.py measures the page with a million stories).
"""

import datetime
from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Article, WorkflowEvent
from ..models.article import MACHINE_HEADLINE, desk_states, scheduled_q
from ..site.charts import bar_chart_svg

S = Article.Status
# The longest list of stories the front page shows under one heading; the rest are a click away.
ATTENTION_LIMIT = 10
SOON = datetime.timedelta(hours=24)


def changelist_url(**filters):
    """The admin's list of stories, narrowed by its changelist filters (articles/desk/admin/filters.py)."""
    url = reverse("admin:articles_article_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


@dataclass(frozen=True)
class StateCount:
    value: str
    label: str
    count: int

    @property
    def url(self):
        return changelist_url(status=self.value)


def state_counts(qs, now):
    """How many stories are in each state, in workflow order: the stories of each status (one pass over an
    index, not over the stories), then those of the published not live yet (a few ranges of the indexes)."""
    per_status = dict(qs.order_by().values_list("status").annotate(count=Count("pk")))
    scheduled = qs.filter(scheduled_q(now)).count()
    totals = {**per_status, "scheduled": scheduled, "live": per_status.get(S.PUBLISHED, 0) - scheduled}
    return [StateCount(value, label, totals.get(value, 0)) for value, label, _condition in desk_states(now)]


@dataclass(frozen=True)
class Attention:
    in_review: list  # the longest waiting first, each with `in_review_since`
    in_review_total: int
    scheduled_soon: list  # the next to go live first
    scheduled_soon_total: int
    machine_headlines: int

    @property
    def in_review_url(self):
        return changelist_url(status=S.IN_REVIEW.value)

    @property
    def scheduled_url(self):
        # The changelist has no 24-hour window: this lists every scheduled story.
        return changelist_url(status="scheduled")

    @property
    def machine_headlines_url(self):
        return changelist_url(headline="machine")


def needs_attention(qs, now, limit=ATTENTION_LIMIT):
    """Stories waiting for review, stories going live within a day, and headlines nobody has edited yet."""
    in_review = Q(status=S.IN_REVIEW)
    scheduled_soon = Q(status=S.PUBLISHED, published_at__gt=now, published_at__lte=now + SOON)
    # Counted among the stories each condition's index finds, not over every story.
    totals = qs.filter(in_review | scheduled_soon).aggregate(
        in_review=Count("pk", filter=in_review), scheduled_soon=Count("pk", filter=scheduled_soon)
    )
    # As `HeadlineOriginFilter` tells them: the headline is still the one the importer wrote.
    machine_headlines = qs.filter(MACHINE_HEADLINE).count()
    # Status changes do not touch updated_at: the last submission says how long a story has waited.
    submitted = (
        WorkflowEvent.objects.filter(article=OuterRef("pk"), to_status=S.IN_REVIEW)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    # What the lists show, not each story's copy.
    shown = ("headline", "published_at", "assignee__username")
    waiting = (
        qs.filter(in_review)
        .select_related("assignee")
        .only(*shown)
        .annotate(in_review_since=Coalesce(Subquery(submitted), "updated_at"))
        .order_by("in_review_since", "pk")
    )
    soon = qs.filter(scheduled_soon).select_related("assignee").only(*shown).order_by("published_at", "pk")
    return Attention(
        in_review=list(waiting[:limit]),
        in_review_total=totals["in_review"],
        scheduled_soon=list(soon[:limit]),
        scheduled_soon_total=totals["scheduled_soon"],
        machine_headlines=machine_headlines,
    )


def published_per_day(qs, now, days=30):
    """[(date, stories that went live that day)] for each of the last `days` days, in the newsroom's time zone."""
    zone = timezone.get_current_timezone()
    last = timezone.localdate(now, zone)
    first = last - datetime.timedelta(days=days - 1)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min), zone)
    rows = (
        qs.filter(status=S.PUBLISHED, published_at__gte=start, published_at__lte=now)
        .annotate(day=TruncDate("published_at", tzinfo=zone))
        .values("day")
        .annotate(stories=Count("pk"))
        .order_by("day")
    )
    counts = {row["day"]: row["stories"] for row in rows}
    dates = [first + datetime.timedelta(days=n) for n in range(days)]
    return [(day, counts.get(day, 0)) for day in dates]


def daily_chart_svg(series):
    """The front page's chart: one bar per day of [(date, count)]."""
    if not series:
        return ""
    total = sum(count for _day, count in series)
    first, last = series[0][0], series[-1][0]
    period = {"first": date_format(first, "DATE_FORMAT"), "last": date_format(last, "DATE_FORMAT")}
    return bar_chart_svg(
        [
            (
                ngettext("%(day)s: %(count)d story", "%(day)s: %(count)d stories", count)
                % {"day": day.isoformat(), "count": count},
                count,
            )
            for day, count in series
        ],
        title=_("Stories published per day, %(first)s to %(last)s") % period,
        summary=ngettext(
            "%(total)d story published from %(first)s to %(last)s, at most %(peak)d in a day",
            "%(total)d stories published from %(first)s to %(last)s, at most %(peak)d in a day",
            total,
        )
        % {"total": total, "peak": max(count for _day, count in series), **period},
        first_label=date_format(first, "j M"),
        last_label=date_format(last, "j M"),
        empty_label=_("Nothing published in these 30 days"),
    )


@dataclass(frozen=True)
class ForYou:
    sent_back: list  # your drafts an editor sent back, newest first, each with its `sent_back_reason`, `_by`, `_at`
    sent_back_total: int
    drafts: list  # the drafts you wrote, last changed first (those sent back are listed above instead)
    drafts_total: int
    assigned: list  # the stories assigned to you, but archived ones, last changed first
    assigned_total: int

    @property
    def drafts_url(self):
        return changelist_url(status=S.DRAFT.value, mine="written")

    @property
    def assigned_url(self):
        return changelist_url(mine="assigned")


def for_you(qs, user, limit=ATTENTION_LIMIT):
    """What waits for `user` among `qs`: their stories sent back to draft (with the reason), their drafts, and
    what is assigned to them. Four queries, over their own stories only."""
    latest = WorkflowEvent.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-id")
    mine = qs.filter(Q(author=user) | Q(assignee=user)).annotate(last_action=Subquery(latest.values("action")[:1]))
    sent_back = Q(status=S.DRAFT, last_action="send_back")
    drafts = Q(status=S.DRAFT, author=user) & ~Q(last_action="send_back", last_action__isnull=False)
    assigned = Q(assignee=user) & ~Q(status=S.ARCHIVED)
    totals = mine.aggregate(
        sent_back=Count("pk", filter=sent_back),
        drafts=Count("pk", filter=drafts),
        assigned=Count("pk", filter=assigned),
    )
    returned = mine.filter(sent_back).annotate(
        sent_back_reason=Subquery(latest.values("reason")[:1]),
        sent_back_by=Subquery(latest.values("actor_name")[:1]),
        sent_back_at=Subquery(latest.values("created_at")[:1]),
    )
    return ForYou(
        sent_back=list(returned.order_by("-sent_back_at", "-pk")[:limit]),
        sent_back_total=totals["sent_back"],
        drafts=list(mine.filter(drafts).order_by("-updated_at", "-pk")[:limit]),
        drafts_total=totals["drafts"],
        assigned=list(mine.filter(assigned).order_by("-updated_at", "-pk")[:limit]),
        assigned_total=totals["assigned"],
    )


def recent_actions(user, limit=10, window=50):
    """[(entry, times)]: the user's latest actions in the admin, newest first, one line per object however
    often they saved it (among their last `window` actions)."""
    groups = {}
    for entry in LogEntry.objects.filter(user=user).select_related("content_type")[:window]:
        key = (entry.content_type_id, entry.object_id)
        if key in groups:
            groups[key][1] += 1
        elif len(groups) < limit:
            groups[key] = [entry, 1]
    return [(entry, times) for entry, times in groups.values()]


def desk(qs, now, user=None):
    """Everything the front page shows, for the stories in `qs` (and what waits for `user`)."""
    per_day = published_per_day(qs, now)
    return {
        "for_you": for_you(qs, user) if user is not None else None,
        "states": state_counts(qs, now),
        "attention": needs_attention(qs, now),
        "per_day": per_day,
        "chart": daily_chart_svg(per_day),
    }
