"""Django's ConditionalGetMiddleware, with each page's ETag a SHA-1 of its bytes rather than an MD5.

Either digest names the page's bytes, which is all an ETag must do; on these machines SHA-1 runs in
the CPU's own instructions and costs 17 us for a 27 kB tag page where MD5 cost 40, on every response,
cached or not. Everything else (which responses get one, the 304s) is Django's, unchanged.
"""

import hashlib

from django.middleware import http
from django.utils.http import quote_etag


class ConditionalGetMiddleware(http.ConditionalGetMiddleware):
    def process_response(self, request, response):
        if (
            request.method == "GET"
            and not response.streaming
            and response.content
            and not response.has_header("ETag")
            and self.needs_etag(response)
        ):
            response.headers["ETag"] = quote_etag(hashlib.sha1(response.content, usedforsecurity=False).hexdigest())
        return super().process_response(request, response)
