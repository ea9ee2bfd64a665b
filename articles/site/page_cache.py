"""A cache of rendered public pages that never serves a page older than the last change.

Every page is cached under the site's *generation*, a counter in the shared cache that any change
to a story or a tag bumps (after its transaction commits), and under the *moment* the site last
changed by the clock alone: a scheduled story going live or an embargo ending. So after an edit,
every app process misses and renders afresh, whichever one answers, and a story due at 9:00 is on
the home page at 9:00. The cache must be shared by all app processes (settings: a file cache on one
machine, Redis with NEWSROOM_CACHE_URL across several); NEWSROOM_PAGE_CACHE=0 turns it off.

A cache that cannot be written or read (a folder the app may not write to, a full disk) is a miss, never an
error: pages are rendered afresh, the failure logged at most every 10 minutes by each process, and /healthz
says so (articles/cache_health.py, which the API's rate limit shares). A process checks the cache takes writes
before it serves pages from it: one whose generation cannot be bumped would serve pages from before a change.
A change whose bump failed owes it in the database (PageCacheDebt), so that a cache that answers again a moment
later does not serve a taken-down story: the next process to check pays it before serving from the cache.
"""

import contextlib
import contextvars
import datetime
import functools
import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .. import cache_health
from ..cache_health import CACHE_FAILURES

GENERATION = "newsroom:generation"
CLOCK = "newsroom:clock"
# A page is kept at most this long, in case a change ever reaches the database by a path that does
# not bump the generation (a manual SQL fix, say).
MAX_AGE = 300
# How often a process checks that the cache still takes writes before serving pages from it.
WRITE_CHECK_EVERY = 5
PROBE = cache_health.PROBE

logger = logging.getLogger(__name__)


def cache():
    return caches["default"]


def _state():
    return cache_health.record("page cache", "default")


def failed(error, doing):
    """Note that the cache failed `doing` something: this process leaves it alone for a while (rendering every
    page), and says so in the log unless it did in the last LOG_EVERY seconds (articles/cache_health.py)."""
    cache_health.failed(
        _state(),
        lambda: logger.error(
            "The page cache could not %s (%s): pages are rendered uncached until it can. Let the app write to "
            "NEWSROOM_CACHE_DIR (or reach NEWSROOM_CACHE_URL).",
            doing,
            error,
        ),
    )


def usable():
    """May this process read and write the cache now? Not for a while after a failure; checked by a write
    every WRITE_CHECK_EVERY seconds, which also pays a bump a change owes (PageCacheDebt)."""
    state, now = _state(), time.monotonic()
    if cache_health.resting(state):
        return False
    if now >= state.next_check:
        try:
            cache().set(PROBE, True, WRITE_CHECK_EVERY * 2)
            _pay_debts()
        except CACHE_FAILURES as error:
            failed(error, "be written")
            return False
        state.next_check = now + WRITE_CHECK_EVERY
    return True


def _pay_debts():
    """Bump the generation for the changes whose own bump failed, then forget them; raises if the cache fails."""
    from ..models import PageCacheDebt

    try:
        last = PageCacheDebt.objects.order_by("-pk").values_list("pk", flat=True).first()
    except DatabaseError:
        return  # no database, no change since: the cached pages are as current as any
    if last is not None:
        _incr()
        PageCacheDebt.objects.filter(pk__lte=last).delete()


def problem():
    """None if a key can be written to the cache and read back, else what went wrong (for /healthz)."""
    return cache_health.problem("default", lambda error: failed(error, "be written"))


def generation():
    value = cache().get(GENERATION)
    if value is None:
        # Lost (a new cache, or culled): start from a random number, never from one that keys pages
        # still cached from before.
        cache().add(GENERATION, _fresh(), timeout=None)
        value = cache().get(GENERATION)
    return value


def _fresh():
    return secrets.randbits(62)


_quiet = contextvars.ContextVar("page_cache_quiet", default=False)


def bump():
    """Mark every cached page stale: now, and again once the current transaction has committed.

    The second bump is the one that matters: a page rendered between the first and the commit, from
    the data as it was, is stored under a generation nobody asks for once the second one lands.
    """
    if _quiet.get():
        return
    _bump()
    transaction.on_commit(_bump)


@contextlib.contextmanager
def quiet():
    """Hold back the bumps of many changes (an import) and bump once, at the end."""
    if _quiet.get():
        yield
        return
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)
        bump()


def _bump():
    try:
        _incr()
    except CACHE_FAILURES as error:
        # The change stands, and owes the bump: no process serves from the cache until one has paid it
        # (usable, within WRITE_CHECK_EVERY seconds), even if the cache answers again a moment later.
        from ..models import PageCacheDebt

        PageCacheDebt.objects.create()
        failed(error, "mark the cached pages stale after a change")


def _incr():
    try:
        cache().incr(GENERATION)
    except ValueError:
        cache().add(GENERATION, _fresh(), timeout=None)


def until_next_change(name, compute):
    """compute(), kept in the shared cache until the site next changes (the key names the moment)."""
    if not usable():
        return compute()
    try:
        key = f"newsroom:{name}:{moment()}"
        value = cache().get(key)
    except CACHE_FAILURES as error:
        failed(error, "be read")
        return compute()
    if value is None:
        value = compute()
        try:
            cache().set(key, value, MAX_AGE)
        except CACHE_FAILURES as error:
            failed(error, "be written")
    return value


def moment():
    """'<generation>:<clock>', which every cached page and part of a page is keyed by."""
    current = generation()
    return f"{current}:{clock(current=current)}"


def clock(now=None, current=None):
    """The next time the site changes by the clock alone, as part of the key: it moves when that time passes.

    `current` is the generation, when the caller has just read it.
    """
    now = now or timezone.now()
    current = generation() if current is None else current
    state = cache().get(CLOCK)
    if state is None or state["generation"] != current or now >= state["until"]:
        state = {"generation": current, "until": _next_change(now)}
        cache().set(CLOCK, state, timeout=None)
    return state["until"].timestamp()


def _next_change(now):
    from ..models import Article

    upcoming = Article.objects.filter(status=Article.Status.PUBLISHED).aggregate(
        publish=Min("published_at", filter=Q(published_at__gt=now)),
        embargo=Min("embargo_until", filter=Q(embargo_until__gt=now)),
    )
    times = [t for t in upcoming.values() if t is not None]
    return min(times) if times else now + datetime.timedelta(days=365)


def cache_directives(response):
    """{directive: value or True} of the response's Cache-Control ("s-maxage=2" -> {"s-maxage": "2"})."""
    directives = {}
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name.lower()] = value.strip('"') or True
    return directives


def public(view):
    """A readers' view whose responses everyone may share: browsers ask again each time (max-age
    NEWSROOM_PUBLIC_MAX_AGE, 0 by default: a 304 when the ETag still matches, so a takedown reaches them at
    once), shared caches keep them NEWSROOM_PROXY_MAX_AGE seconds (s-maxage; X-Accel-Expires for nginx)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 301):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.NEWSROOM_PUBLIC_MAX_AGE,
                s_maxage=settings.NEWSROOM_PROXY_MAX_AGE,
            )
        return response

    return wrapped


class PageCacheMiddleware:
    """Serve public GET pages from the cache; store the public, cookie-free ones that render."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.skip = tuple(f"/{prefix}" for prefix in (settings.ADMIN_URL, "static/", settings.MEDIA_URL, "healthz"))

    def __call__(self, request):
        if (
            not settings.NEWSROOM_PAGE_CACHE
            or request.method not in ("GET", "HEAD")
            or request.path.startswith(self.skip)
            # A partner's API request (its key) is answered afresh, and its answer kept by nobody.
            or "HTTP_AUTHORIZATION" in request.META
        ):
            return self.get_response(request)
        if not usable():
            return self.get_response(request)
        address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
        try:
            key = f"newsroom:page:{moment()}:{address}"
            cached = cache().get(key)
        except CACHE_FAILURES as error:
            failed(error, "be read")
            return self.get_response(request)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self._cacheable(response):
            try:
                cache().set(key, response, MAX_AGE)  # rendered by now: the handler renders before middleware
            except CACHE_FAILURES as error:
                failed(error, "be written")
            else:
                response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _cacheable(response):
        directives = cache_directives(response)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "public" in directives
            and not directives.keys() & {"private", "no-store", "no-cache"}
        )
