"""/healthz: for load balancers and monitoring. 503 when the database does not answer; 200 otherwise.

A page cache that cannot be written is a 200 with a warning line: pages are still served, rendered afresh,
and taking every server out of the load balancer for it would turn a slower site into none. Monitoring
should look for "warning:" in the body (README, "Deploying").
"""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from articles.site import page_cache


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    problem = page_cache.problem()
    if problem:
        # The details (a path, the error) go to the log, not to whoever asks.
        warning = f"warning: page cache: {problem}; pages are served uncached (see the log)\n"
        return HttpResponse("ok\n" + warning, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
