"""The story list at newsroom scale: each of its pages reads a page of stories through an index, whatever
the size of the archive (bench/desk_bench.py measures it at 100,000 and 1,000,000 stories).

What costs nothing with a hundred stories and seconds with a million is kept out: the copy of each story
(body and import snapshot), a drill-down listing every year with stories (a scan of all of them), lists of
every tag in use (thousands of ministries), counts beside each filter, and a search that reads every body.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ...models import TAG_THROUGH, Article, newsroom_time
from ...models.article import MACHINE_HEADLINE
from ...site import search
from ...site.queries import attach_tags
from ..roles import desk_members
from .filters import DeskChangeList

# The most stories a list counts (StoryPaginator): 200 pages of 50; a searched list, 20 pages.
COUNT_LIMIT = 10_000
SEARCH_COUNT_LIMIT = 1_000
# Most of a story's row, and none of it shown in the list.
COPY = ("body", "import_snapshot", "correction", "lead_image_renditions")


class StoryChangeList(DeskChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        stories = super().get_queryset(request, exclude_parameters)
        # The machine-made column needs the imported headline only, not the whole snapshot; the tags are read
        # in one query for the page (get_results), not prefetched as for a story's form.
        return (
            stories.defer(*COPY)
            .annotate(machine_made=ExpressionWrapper(MACHINE_HEADLINE, BooleanField()))
            .prefetch_related(None)
        )

    def get_results(self, request):
        super().get_results(request)
        # One query for the page's tags, not one per kind and a queryset built for each story (taggit's
        # prefetch, which weighs on a long page).
        self.result_list = attach_tags(self.result_list)

    def get_ordering(self, request, queryset):
        """The admin breaks ties by id, newest first; here in the sorted column's direction, so that one
        index on (column, id) serves the column each way (read backwards for the other)."""
        ordering = super().get_ordering(request, queryset)
        first = ordering[0] if ordering else None
        if ordering[-1:] == ["-pk"] and isinstance(first, str) and not first.startswith("-"):
            ordering[-1] = "pk"
        return ordering


class StoryPaginator(Paginator):
    """Counts a list's stories up to its limit (10,000; a searched list's, 1,000). Past it, the list says
    "more than 10,000 stories" and its pages stop there; the filters (the date's above all) narrow it.

    Counting every match costs as many stories as match, where the page itself reads fifty: with a
    million stories, the 200,000 with a common word were slow to count. A search's count is the
    dearest (PostgreSQL checks each story's words as it reads it: a word in a third of the stories is
    slow to count long before a million), hence its lower limit."""

    count_limit = COUNT_LIMIT

    def __init__(self, object_list, per_page, *args, count_limit=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if count_limit is not None:
            self.count_limit = count_limit

    @cached_property
    def count(self):
        # Unordered and ids only, so that the database stops at the limit whichever way it finds the stories
        # and reads nothing else of them.
        return self.object_list.order_by().values("pk")[: self.count_limit + 1].count()

    @property
    def more_than_counted(self):
        return self.count > self.count_limit


def search_stories(stories, text):
    """The stories matching `text` by the site's search (its full-text index), in the list's order (the
    site's is by rank on PostgreSQL): newest first, or by the column the editor sorted."""
    if not search.clean_query(text):
        return stories
    if connection.vendor == "sqlite":
        matching = search.matching_ids(text)
        return stories.none() if matching is None else among(stories, matching)
    return search.search(stories, text).order_by(*stories.query.order_by)


def among(stories, ids):
    """`stories` whose id is in `ids` (a subquery), read in the list's order.

    SQLite keeps no statistics, so it cannot tell ids that are a fifth of the archive from a handful: it
    fetches every one and sorts them (slow for a tag on a fifth of the stories, slower for a common
    word). Compared as `id + 0`, which no index holds, the ids are looked up instead as the list's index is
    read in order, from the page's first story to its last: a stretch that does not grow with the number
    of matches, the whole index at worst. PostgreSQL's planner, which knows how many match, chooses for itself.
    """
    if connection.vendor == "sqlite":
        return stories.filter(In(F("pk") + 0, ids))
    return stories.filter(pk__in=ids)


def tag_filter(kind):
    """A filter by one kind of tag, chosen by typing its name (the admin's autocomplete): thousands of
    ministries make no list. The value is the tag's id, which a rename leaves as it was."""
    field = Article._meta.get_field(kind)
    tag_model, through = field.remote_field.model, TAG_THROUGH[kind]

    class TagFilter(admin.SimpleListFilter):
        title = tag_model._meta.verbose_name
        parameter_name = kind
        template = "admin/articles/article/tag_filter.html"

        def __init__(self, request, params, model, model_admin):
            self.request, self.admin_site = request, model_admin.admin_site
            super().__init__(request, params, model, model_admin)

        def lookups(self, request, model_admin):
            return []  # no list: the picker finds the tag

        def has_output(self):
            return True

        def tag_id(self):
            value = self.value()
            if value is None:
                return None
            if not value.isascii() or not value.isdigit():
                raise IncorrectLookupParameters(f"{kind}={value!r} is not a tag's id")
            return int(value)

        def queryset(self, request, queryset):
            tag_id = self.tag_id()
            if tag_id is None:
                return queryset
            return among(queryset, through.objects.filter(tag_id=tag_id).values("content_object_id"))

        def picker(self):
            """The autocomplete select, showing the chosen tag if this person may see it (a reporter only
            sees tags of stories they can open: the tag admin's own queryset decides)."""
            tags = self.admin_site.get_model_admin(tag_model).get_queryset(self.request)
            choice = forms.ModelChoiceField(
                queryset=tags,
                required=False,
                widget=AutocompleteSelect(
                    field,
                    self.admin_site,
                    attrs={
                        "id": f"newsroom-filter-{kind}",
                        "data-width": "100%",
                        "aria-label": _("Filter by %(kind)s") % {"kind": tag_model._meta.verbose_name},
                    },
                ),
            )
            return choice.widget.render(kind, self.tag_id())

    TagFilter.__name__ = f"{tag_model.__name__}Filter"
    return TagFilter


def tag_filter_media(admin_site):
    """What the tag filters' pickers need on the list page: the admin's autocomplete, and the script that
    applies the chosen tag."""
    autocomplete = AutocompleteSelect(Article._meta.get_field("countries"), admin_site).media
    return autocomplete + forms.Media(js=["admin/js/jquery.init.js", "js/desk_tag_filter.js"])  # after django.jQuery


class AssigneeFilter(admin.RelatedFieldListFilter):
    """Stories by assignee, listing the desk's members: not every account, and not read off the stories
    (the admin's "related only" filter reads the assignee of every story to list them)."""

    def field_choices(self, field, request, model_admin):
        return field.get_choices(include_blank=False, limit_choices_to={"pk__in": desk_members().values("pk")})


class PublishedFilter(admin.DateFieldListFilter):
    """Django's date filter (today, the past 7 days, this month, this year), then each year of the archive,
    and each month of the year chosen: the way into the archive that the admin's date drill-down gave,
    without reading every story to list the years that have some."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        now = timezone.localtime()
        # One index lookup: the archive's first year. Every year from it is listed, even one with no story.
        first = (
            model_admin.get_queryset(request)
            .filter(published_at__isnull=False)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        start = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
        years = range(now.year, newsroom_time(first).year - 1, -1) if first else []
        for year in years:
            since = start.replace(year=year)
            period = self.period(since, since.replace(year=year + 1))
            if year != now.year:  # this year is Django's "This year"
                self.links += ((str(year), period),)
            if self.date_params == self.as_params(period):
                for month in range(1, 13):
                    until = since.replace(month=month + 1) if month < 12 else since.replace(year=year + 1)
                    label = date_format(since.replace(month=month), "YEAR_MONTH_FORMAT")
                    self.links += ((f"— {label}", self.period(since.replace(month=month), until)),)

    def period(self, since, until):
        return {self.lookup_kwarg_since: since, self.lookup_kwarg_until: until}

    @staticmethod
    def as_params(period):
        return {key: str(value) for key, value in period.items()}
