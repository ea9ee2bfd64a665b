from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import dashboard
from articles.models import Article


class NewsroomAdminSite(admin.AdminSite):
    site_header = _("Newsroom desk")
    site_title = _("Newsroom desk")
    index_title = _("The desk")

    def index(self, request, extra_context=None):
        """The admin's front page, with the desk's counts, what needs attention and the chart above the apps."""
        if request.user.has_perm("articles.view_article"):
            stories = Article.objects.visible_to(request.user)
            extra_context = {"desk": dashboard.desk(stories, timezone.now()), **(extra_context or {})}
        return super().index(request, extra_context)
