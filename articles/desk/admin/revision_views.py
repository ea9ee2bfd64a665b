"""A story's revisions in the desk: two of them compared (by default the newest and the latest before it that
reads differently), and an old one restored once a page has shown what the restore will change."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ...models import StaleEdit
from .. import revisions
from ..forms import conflict_report


class CompareForm(forms.Form):
    """The revisions page's query string: the revision chosen in each column, by id."""

    a = forms.IntegerField(required=False)
    b = forms.IntegerField(required=False)


class RestoreForm(forms.Form):
    """What the confirmation page posts: the confirmation, and the version of the story it showed the restore
    against (a save since then refuses the restore: see Article.save_content)."""

    post = forms.ChoiceField(choices=[("yes", "yes")])
    base_version = forms.IntegerField(min_value=1)


def chosen_revisions(request, versions):
    """{"a": Version, "b": Version} for the columns the query string chose among the story's `versions`. A value
    that names none of them (another story's, or not a number) is said, and the page falls back to its default."""
    form = CompareForm(request.GET)
    by_id = {version.pk: version for version in versions}
    if form.is_valid():
        asked = {key: value for key, value in form.cleaned_data.items() if value is not None}
        if all(value in by_id for value in asked.values()):
            return {key: by_id[value] for key, value in asked.items()}
    messages.warning(
        request,
        _("The address asks for a revision this story does not have: the page shows its usual comparison instead."),
    )
    return {}


def numbered(versions):
    """{version id: its number in the revisions list}, the first revision 1."""
    return {version.pk: len(versions) - n for n, version in enumerate(versions)}


class RevisionViewsMixin:
    """For ArticleAdmin: the revisions page and the restore, with their URLs."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/revisions/", view(self.revisions_view), name="articles_article_revisions"),
            path(
                "<path:object_id>/revisions/<int:version_id>/restore/",
                view(self.restore_view),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def revisions_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        versions = list(revisions.history(article))
        chosen = chosen_revisions(request, versions)
        newer = chosen.get("b") or (versions[0] if versions else None)
        older = chosen.get("a")
        if older is None and newer is not None:
            # Not the revision just before: a workflow step records one with the same text and tags.
            older = revisions.last_different(versions, newer)
        comparison, numbers = None, numbered(versions)
        if older and newer:
            comparison = revisions.diff(revisions.state(older), revisions.state(newer))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "versions": versions,
            "older": older,
            "newer": newer,
            "older_number": numbers.get(getattr(older, "pk", None)),
            "newer_number": numbers.get(getattr(newer, "pk", None)),
            # How many revisions the default comparison passed over, the same as the newer one in text and tags.
            "alike": numbers[newer.pk] - numbers[older.pk] - 1 if comparison is not None and "a" not in chosen else 0,
            "comparison": comparison,
            "can_restore": self.has_change_permission(request, article),
            "title": _("Revisions of “%(story)s”") % {"story": article},
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def restore_view(self, request, object_id, version_id):
        """GET: what restoring the revision would change, with a button to confirm. POST from that page (its
        confirmation and the story's version it showed): the restore."""
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        article = self._article_or_404(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied(_("You cannot change this story."))
        versions = list(revisions.history(article))
        version = next((v for v in versions if v.pk == version_id), None)
        if version is None:
            raise Http404(_("No such revision."))
        if request.method != "POST":
            return self.restore_confirmation(request, article, versions, version)
        form = RestoreForm(request.POST)
        if not form.is_valid():
            return self.ask_first(request, article, version)
        seen = form.cleaned_data["base_version"]
        try:
            missing = revisions.restore(article, version, user=request.user, expected_version=seen)
        except StaleEdit:
            article = self._article_or_404(request, object_id)
            if seen > article.version:
                return self.ask_first(request, article, version)  # a version no page has shown yet
            # Shown again against the story as it is now, with who saved it meanwhile and what they changed.
            conflict = conflict_report(article, seen)
            return self.restore_confirmation(request, article, list(revisions.history(article)), version, conflict)
        # Named as the revisions list names it (to the second), so you can tell which one came back.
        when = {"date": date_format(timezone.localtime(version.revision.date_created), "j M Y, H:i:s T")}
        if article.pending:
            done = _(
                "Restored the revision of %(date)s as pending changes: readers see the published version "
                "until a publisher publishes them."
            )
        else:
            done = _("Restored the revision of %(date)s as a new revision.")
        messages.success(request, done % when)
        self.log_change(request, article, done % when)
        if missing:
            messages.warning(
                request,
                _("These tags no longer exist and were not restored: %(names)s.") % {"names": ", ".join(missing)},
            )
        return redirect("admin:articles_article_change", article.pk)

    def ask_first(self, request, article, version):
        """A restore posted without the confirmation page's form (an older page's button, a request made by hand):
        nothing is done, and the page that asks is shown."""
        messages.warning(request, _("Nothing was restored: read what the restore will change, then confirm it."))
        return redirect("admin:articles_article_restore", article.pk, version.pk)

    def restore_confirmation(self, request, article, versions, version, conflict=None):
        """The page that asks before a restore, as the admin's delete confirmation does: which of the story's
        `versions` comes back, and what it will change in the story as it stands now."""
        changes, missing = revisions.restore_preview(article, version)
        number = numbered(versions)[version.pk]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "version": version,
            "number": number,
            "changes": changes,
            "missing": missing,
            "as_pending": revisions.restores_as_pending(article),
            "conflict": conflict,
            "title": _("Restore revision %(number)s?") % {"number": number},
        }
        return TemplateResponse(request, "admin/articles/article/restore_confirmation.html", context)
