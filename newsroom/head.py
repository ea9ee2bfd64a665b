"""HEAD requests answered with GET's headers and no body.

Django answers HEAD as GET, body and all, and leaves dropping the body to the server; gunicorn does, but logs
"WSGI app sent body bytes on a no-body response" for every one, so load balancers and uptime checks that use
HEAD flood its log. HeadWithoutBodyMiddleware, outermost in MIDDLEWARE, drops the body once every other
middleware has seen the whole response: the page cache has stored the full page (for the GETs after it),
CommonMiddleware has set Content-Length, whitenoise its file's headers. Django's ConditionalGetMiddleware
gives HEAD no ETag (it leaves HEAD alone); a client that wants the validator asks GET.
"""


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
