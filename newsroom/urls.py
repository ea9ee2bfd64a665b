import re
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.http import Http404, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.feedgenerator import Atom1Feed
from django.views.generic import TemplateView
from django.views.static import serve

from articles.models import CountryTag, MinistryTag, TopicTag
from articles.site import cards, sitemaps
from articles.site.feeds import StoryFeed, TagFeed
from articles.site.page_cache import public
from newsroom.health import healthz

# Named feeds:site-rss, feeds:site-atom and feeds:<kind>-rss, feeds:<kind>-atom (kind: countries, ...).
feed_patterns = [
    path("feeds/rss/", StoryFeed(), name="site-rss"),
    path("feeds/atom/", StoryFeed(Atom1Feed), name="site-atom"),
]
for tag_model in (CountryTag, MinistryTag, TopicTag):
    feed_patterns += [
        path(f"{tag_model.kind}/<slug:slug>/rss/", TagFeed(tag_model), name=f"{tag_model.kind}-rss"),
        path(f"{tag_model.kind}/<slug:slug>/atom/", TagFeed(tag_model, Atom1Feed), name=f"{tag_model.kind}-atom"),
    ]

# A refusal on the desk says why, on a desk page (newsroom/admin_site.py).
handler403 = "newsroom.admin_site.permission_denied"
# Under /api/, a server error is JSON like the API's other answers.
handler500 = "articles.site.api.errors.server_error"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", include("articles.site.api.urls")),
    # Pages without an icon link (the admin's) make browsers ask for /favicon.ico.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("favicon.svg"))),
    path("", include((feed_patterns, "feeds"))),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    # Before the sections, whose pattern would also match it.
    path("sitemap-news.xml", sitemaps.news, name="sitemap-news"),
    path("sitemap-<name>.xml", sitemaps.section, name="sitemap-section"),
    path(
        "robots.txt",
        public(
            TemplateView.as_view(
                template_name="robots.txt",
                content_type="text/plain",
                # A moved admin is not named here: robots.txt would tell every bot where it went.
                extra_context={"admin_path": "/admin/" if settings.ADMIN_URL == "admin/" else None},
            )
        ),
        name="robots",
    ),
    # The site's card for social sites and its logo for search engines (articles/site/cards.py).
    re_path(r"^(?P<name>card|logo)\.(?P<extension>png|jpg)$", cards.view, name="site-image"),
    path("", include("articles.site.urls")),
]


def serve_media(request, path):
    """Renditions of uploaded images, when NEWSROOM_SERVE_MEDIA is on (default: DEBUG).

    Production serves /media/renditions/ from the web server or object storage instead, with the same
    long cache: a rendition's name holds its content's hash, so the file never changes. Renditions of
    any story are served, as the desk's preview shows them before the story is out.
    """
    # Only renditions are public, never the originals beside them. The path is judged once resolved
    # (".." segments, however they were encoded, and links followed): it must name a file inside the
    # renditions folder.
    if not settings.NEWSROOM_SERVE_MEDIA or not path.startswith("renditions/"):
        raise Http404
    try:
        renditions = (Path(settings.MEDIA_ROOT) / "renditions").resolve()
        target = (Path(settings.MEDIA_ROOT) / path).resolve()
    except (OSError, ValueError, RuntimeError) as error:  # a NUL byte, a loop of links
        raise Http404 from error
    if not target.is_relative_to(renditions) or target == renditions:
        raise Http404
    response = serve(request, target.relative_to(renditions).as_posix(), document_root=renditions)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", serve_media, name="media")]
