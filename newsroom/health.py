"""/healthz: for load balancers and monitoring. 503 when the database does not answer; 200 otherwise.

A page cache that cannot be written is a 200 with a warning line: pages are still served, rendered afresh,
and taking every server out of the load balancer for it would turn a slower site into none. So is an API rate
limit whose store (Redis) cannot be written: the API is served, unlimited. Monitoring should look for
"warning:" in the body (README, "Deploying").
"""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from articles.site import page_cache
from articles.site.api import partners


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    # The details (a path, the error) go to the log, not to whoever asks.
    warnings = ""
    if problem := page_cache.problem():
        warnings += f"warning: page cache: {problem}; pages are served uncached (see the log)\n"
    if problem := partners.store_problem():
        warnings += f"warning: API rate limit: {problem}; the rate limit is not enforced (see the log)\n"
    return HttpResponse("ok\n" + warnings, content_type="text/plain")
