"""How long the site's own reverse proxy may keep a public page: the X-Accel-Expires header.

Public pages say `Cache-Control: public, max-age=0, s-maxage=2` (articles/site/page_cache.public):
browsers ask again each time and get a 304 while the page's ETag holds; shared caches may keep it
NEWSROOM_PROXY_MAX_AGE seconds (2 by default), so a publish, an edit or a takedown reaches readers
behind them within about that. nginx is told the same in X-Accel-Expires, which it reads before
Cache-Control and does not pass on to clients. Only responses that are public, for everyone and
cookie-free carry it.
"""

from django.conf import settings
from django.utils.cache import has_vary_header

from articles.site.page_cache import cache_directives

HEADER = "X-Accel-Expires"


class ProxyMaxAgeMiddleware:
    """Add X-Accel-Expires to public responses. Above ConditionalGetMiddleware, so a 304 carries it
    too (nginx takes a revalidated copy's lifetime from the 304), and above the session, CSRF and
    message middleware, so every cookie they set is seen."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        lifetime = self.for_the_proxy(request, response)
        if lifetime is not None:
            response[HEADER] = str(min(settings.NEWSROOM_PROXY_MAX_AGE, lifetime))
        return response

    @staticmethod
    def for_the_proxy(request, response):
        """Seconds a shared cache may keep the response (s-maxage, else max-age), or None if it is not
        for the proxy."""
        directives = cache_directives(response)
        lifetime = directives.get("s-maxage", directives.get("max-age"))
        if (
            "public" not in directives
            # Never changes (static files, renditions): the proxy may keep it for its whole max-age.
            or "immutable" in directives
            or directives.keys() & {"private", "no-cache", "no-store"}
            or not str(lifetime).isdigit()
            or response.cookies
            or has_vary_header(response, "Cookie")
            # Someone logged in to the desk: nginx bypasses its cache for them; say so here as well.
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return None
        return int(lifetime)
