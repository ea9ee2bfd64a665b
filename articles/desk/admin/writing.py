"""What the story's change form adds for the people writing in it: who else has the story open (kept fresh
by the open page's heartbeat), times in the newsroom's zone, and a History that credits each save with
what its author changed, in the story's own words."""

import datetime

from django.conf import settings
from django.contrib.admin.widgets import AdminTextareaWidget, AdminTextInputWidget
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from ...models import newsroom_time
from .. import presence

# Made for writing: the headline across the form, counted (desk.js hints past 90 characters, where search
# results and shared links start to cut it), and a tall body, its words counted.
WRITING_WIDGETS = {
    "headline": AdminTextInputWidget(
        attrs={"class": "vTextField newsroom-headline", "data-count": "characters", "data-hint-after": 90}
    ),
    "body": AdminTextareaWidget(attrs={"class": "vLargeTextField newsroom-body", "rows": 30, "data-count": "words"}),
}


def local_time(value):
    """A time as the desk shows it: in the newsroom's zone, to the minute, with the zone's abbreviation
    (DATETIME_FORMAT) and, unless that is its name (UTC), its name: "22:30 +04 (Asia/Baku)"."""
    if value is None:
        return "-"
    moment = newsroom_time(value)
    shown, zone = date_format(moment, "DATETIME_FORMAT"), timezone.get_current_timezone_name()
    # A far time shown in UTC names its zone (T), as UTC itself does.
    return shown if zone == "UTC" or moment.tzinfo is datetime.UTC else f"{shown} ({zone})"


def list_time(value):
    """A time as the story list shows it (as the admin shows a date column), or "-"."""
    return "-" if value is None else date_format(newsroom_time(value), "DATETIME_FORMAT")


def edited_labels(form):
    """The labels of the story's fields this save changed (not the form's own bookkeeping fields)."""
    return [str(form.fields[name].label or name) for name in form.edited_fields() if name in form.fields]


class WritingMixin:
    """For ArticleAdmin: the presence heartbeat's URL and view, and the change form's extra context."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/presence/", view(self.presence_view), name="articles_article_presence"),
            *super().get_urls(),
        ]

    def writing_context(self, request, article):
        return {
            "presence_notice": presence.notice(presence.others(article, request.user)),
            "presence_url": reverse("admin:articles_article_presence", args=[article.pk]),
            "presence_every": settings.NEWSROOM_PRESENCE_HEARTBEAT_SECONDS,
            "time_zone": timezone.get_current_timezone_name(),
        }

    def presence_view(self, request, object_id):
        """POSTed by an open change form: every few seconds (answered with who else has the story open), and
        with `leave` when the page closes."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, object_id)
        if request.POST.get("leave"):
            presence.leave(article, request.user)
            return HttpResponse(status=204)
        presence.touch(article, request.user)
        return JsonResponse({"notice": presence.notice(presence.others(article, request.user))})

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        if add:
            return message
        # Django lists every field whose value differs from the story as it is now, the form's hidden ones
        # included, and after a conflict the other editor's changes too: only this editor's count.
        with translation.override(None):
            fields = edited_labels(form)
        own = [entry for entry in message if "changed" not in entry or "name" in entry["changed"]]
        return [{"changed": {"fields": fields}}, *own] if fields else own
