"""Changelist filters for the desk."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...models import Article
from ...models.article import EDITED_HEADLINE, MACHINE_HEADLINE, desk_states

S = Article.Status


class StatusFilter(admin.SimpleListFilter):
    """Each workflow state, with published stories split into live and scheduled."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(value, label) for value, label, _condition in desk_states(timezone.now())]

    def queryset(self, request, queryset):
        conditions = {value: condition for value, _label, condition in desk_states(timezone.now())}
        return queryset.filter(conditions[self.value()]) if self.value() in conditions else queryset


class PendingFilter(admin.SimpleListFilter):
    """Published stories whose changes wait for a publisher (articles/desk/working_copy.py)."""

    title = _("changes")
    parameter_name = "changes"

    def lookups(self, request, model_admin):
        return [("waiting", _("waiting for a publisher"))]

    def queryset(self, request, queryset):
        return queryset.filter(pending__isnull=False) if self.value() == "waiting" else queryset


class MyStoriesFilter(admin.SimpleListFilter):
    title = _("whose")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("assigned", _("assigned to me")), ("written", _("written by me"))]

    def queryset(self, request, queryset):
        if self.value() == "assigned":
            return queryset.filter(assignee=request.user)
        if self.value() == "written":
            return queryset.filter(author=request.user)
        return queryset


class HeadlineOriginFilter(admin.SimpleListFilter):
    title = _("headline")
    parameter_name = "headline"

    def lookups(self, request, model_admin):
        return [("machine", _("machine-made, not yet edited")), ("edited", _("written or edited by an editor"))]

    def queryset(self, request, queryset):
        # The conditions of the two headline indexes, as they are (models/article.py).
        if self.value() == "machine":
            return queryset.filter(MACHINE_HEADLINE)
        if self.value() == "edited":
            return queryset.filter(EDITED_HEADLINE)
        return queryset


# The longest search the desk's lists and tag pickers run: Django makes each word a condition on every search
# field, and a few thousand words are more than SQLite parses (as a story's text pasted in would be).
MAX_SEARCH_LENGTH = 200


class DeskListMixin:
    """For the desk's ModelAdmins: lists through DeskChangeList; searches without a NUL (PostgreSQL refuses
    one; the list's search box refuses it too, the tag pickers' autocomplete does not) and bounded."""

    def get_changelist(self, request, **kwargs):
        return DeskChangeList

    def get_search_results(self, request, queryset, search_term):
        search_term = search_term.replace("\x00", "")[:MAX_SEARCH_LENGTH]
        return super().get_search_results(request, queryset, search_term)


class DeskChangeList(ChangeList):
    """The desk's lists (stories, tags), taking only the parameters their filters and date drill-down make.

    Anything else answers the admin's invalid-lookup redirect (?e=1) instead of a 500: a date Python cannot
    hold (the drill-down's ?published_at__year=99999999999999, or year 9999's end), one that overflows when
    turned to UTC for the database (0001-01-01 in a zone east of UTC), a NUL (PostgreSQL refuses it in any
    text), and the lookups Django otherwise applies as they come (?headline__regex=( is a database error).
    """

    def get_filters(self, request):
        params = self.get_filters_params()
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in params.items()):
            raise IncorrectLookupParameters("A NUL character in a filter.")
        try:
            filter_specs, has_filters, remaining, may_have_duplicates, has_active_filters = super().get_filters(request)
        except (OverflowError, ValueError) as error:  # the drill-down's bounds, past year 9999 or out of range
            raise IncorrectLookupParameters(error) from error
        # What no filter took is left to be applied as it came; only the drill-down's own bounds may be.
        hierarchy = {f"{self.date_hierarchy}__gte", f"{self.date_hierarchy}__lt"} if self.date_hierarchy else set()
        if set(remaining) - hierarchy:
            raise IncorrectLookupParameters(
                f"Not a filter of this list: {', '.join(sorted(set(remaining) - hierarchy))}"
            )
        return filter_specs, has_filters, remaining, may_have_duplicates, has_active_filters

    def get_results(self, request):
        try:
            super().get_results(request)
        except OverflowError as error:  # a date that leaves datetime's range when turned to UTC for the database
            raise IncorrectLookupParameters(error) from error
