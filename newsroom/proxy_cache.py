"""How long the site's own reverse proxy may keep a public page: the X-Accel-Expires header.

Browsers and other caches follow Cache-Control (public, max-age=NEWSROOM_PUBLIC_MAX_AGE, 60 s by
default). The proxy in front of the app (deploy/nginx.conf) can ask the app again cheaply, so it is
told to keep a page only NEWSROOM_PROXY_MAX_AGE seconds (2 by default): a publish or an edit reaches
readers behind it within about that. nginx reads X-Accel-Expires before Cache-Control and does not
pass it on to clients. Only responses that are public, for everyone and cookie-free carry it.
"""

from django.conf import settings
from django.utils.cache import get_max_age, has_vary_header

HEADER = "X-Accel-Expires"


class ProxyMaxAgeMiddleware:
    """Add X-Accel-Expires to public responses. Above ConditionalGetMiddleware, so a 304 carries it
    too (nginx takes a revalidated copy's lifetime from the 304), and above the session, CSRF and
    message middleware, so every cookie they set is seen."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.for_the_proxy(request, response):
            response[HEADER] = str(min(settings.NEWSROOM_PROXY_MAX_AGE, get_max_age(response)))
        return response

    @staticmethod
    def for_the_proxy(request, response):
        directives = {part.split("=", 1)[0].strip().lower() for part in response.get("Cache-Control", "").split(",")}
        return (
            "public" in directives
            # Never changes (static files, renditions): the proxy may keep it for its whole max-age.
            and "immutable" not in directives
            and not directives & {"private", "no-cache", "no-store"}
            and (get_max_age(response) or 0) > 0
            and not response.cookies
            and not has_vary_header(response, "Cookie")
            # Someone logged in to the desk: nginx bypasses its cache for them; say so here as well.
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
