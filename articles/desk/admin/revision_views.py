"""A story's revisions in the desk: two of them compared, and an old one restored."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ...models import StaleEdit
from .. import revisions


def whole_number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


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
        by_id = {version.pk: version for version in versions}
        older, newer = (by_id.get(whole_number(request.GET.get(key))) for key in ("a", "b"))
        if older is None and newer is None and len(versions) >= 2:
            older, newer = versions[1], versions[0]
        comparison = None
        if older and newer:
            comparison = revisions.diff(revisions.state(older), revisions.state(newer))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "versions": versions,
            "older": older,
            "newer": newer,
            "comparison": comparison,
            "can_restore": self.has_change_permission(request, article),
            "title": _("Revisions of “%(story)s”") % {"story": article},
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def restore_view(self, request, object_id, version_id):
        if request.method != "POST":
            return self._press_again(request, object_id, "admin:articles_article_revisions")
        article = self._article_or_404(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied(_("You cannot change this story."))
        version = next((v for v in revisions.history(article) if v.pk == version_id), None)
        if version is None:
            raise Http404(_("No such revision."))
        try:
            missing = revisions.restore(
                article, version, user=request.user, expected_version=whole_number(request.POST.get("base_version"))
            )
        except StaleEdit:
            messages.error(
                request,
                _(
                    "Someone saved this story after you opened its revisions, so nothing was restored. "
                    "Read the story as it is now, then restore again if you still want to."
                ),
            )
            return redirect("admin:articles_article_revisions", article.pk)
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
