"""HEAD requests answered with GET's headers and no body.

Django answers HEAD as GET, body and all, and leaves dropping the body to the server; gunicorn does, but logs
"WSGI app sent body bytes on a no-body response" for every one, so load balancers and uptime checks that use
HEAD flood its log. HeadWithoutBodyMiddleware, outermost in MIDDLEWARE, drops the body once every other
middleware has seen the whole response: the page cache has stored the full page (for the GETs after it),
CommonMiddleware has set Content-Length, whitenoise its file's headers. ConditionalGetMiddleware here gives a
HEAD the ETag (and the 304) a GET gets: Django's skips HEAD, thinking its body already empty.
"""

from django.middleware import http
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe


class HeadWithoutBodyMiddleware:
    """Send no body for HEAD, and leave every header as the GET's (Content-Length included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            drop_body(response)
        return response


def drop_body(response):
    """Empty the response's body in place. A streamed body (a FileResponse's file, a generator) is never read;
    it stays among the response's resources, closed when the server closes the response, as after a GET.
    A FileResponse without its file is no longer handed to the server's sendfile."""
    if response.streaming:
        response.streaming_content = ()
    else:
        response.content = b""


class ConditionalGetMiddleware(http.ConditionalGetMiddleware):
    """Django's, for HEAD as for GET: the ETag from the body a GET would get, and its 304 for If-None-Match
    or If-Modified-Since. The body is still whole here (HeadWithoutBodyMiddleware drops it further out)."""

    def process_response(self, request, response):
        if request.method != "HEAD":
            return super().process_response(request, response)
        if self.needs_etag(response) and not response.has_header("ETag"):
            set_response_etag(response)
        etag = response.get("ETag")
        last_modified = response.get("Last-Modified")
        last_modified = last_modified and parse_http_date_safe(last_modified)
        if etag or last_modified:
            return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
        return response
