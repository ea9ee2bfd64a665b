from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """The admin with the desk's own front page (counts, what needs attention, the chart)."""

    default_site = "newsroom.admin_site.NewsroomAdminSite"
