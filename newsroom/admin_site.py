from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import defaults

from articles.desk import dashboard
from articles.models import Article


class NewsroomAdminSite(admin.AdminSite):
    """The admin with the desk's front page, and a "view on site" that reveals only what readers see."""

    site_header = _("Newsroom desk")
    site_title = _("Newsroom desk")
    index_title = _("The desk")

    def index(self, request, extra_context=None):
        """The admin's front page, with the desk's counts, what needs attention and the chart above the apps."""
        extra_context = {"recent_actions": dashboard.recent_actions(request.user), **(extra_context or {})}
        if request.user.has_perm("articles.view_article"):
            stories = Article.objects.visible_to(request.user)
            extra_context = {"desk": dashboard.desk(stories, timezone.now(), request.user), **extra_context}
        return super().index(request, extra_context)

    def get_urls(self):
        # Django's shortcut redirects to any object's URL; for a story that is not public the URL
        # alone (slug, date) can leak it, so stories are checked first.
        return [
            path("r/<int:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site)),
            *super().get_urls(),
        ]

    def view_on_site(self, request, content_type_id, object_id):
        if ContentType.objects.get_for_model(Article).pk == content_type_id:
            story = Article.objects.published().filter(pk=object_id).first() if object_id.isdigit() else None
            if story is None:
                raise Http404("This story is not on the site.")
            return redirect(story.get_absolute_url())
        return shortcut(request, content_type_id, object_id)


def permission_denied(request, exception=None):
    """The 403 page (handler403): on the desk, the desk's own page with the reason the server refused; elsewhere
    Django's."""
    if not request.path.startswith(reverse("admin:index")) or not request.user.is_authenticated:
        return defaults.permission_denied(request, exception)
    context = {
        **admin.site.each_context(request),
        "title": _("Not allowed"),
        "reason": str(exception or "") or _("Your role on the desk does not allow this."),
    }
    return TemplateResponse(request, "admin/403.html", context, status=403)
