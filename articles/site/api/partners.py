"""Who is asking: a partner with a key (Authorization: Bearer <key>), or anyone; and how often they may ask."""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.throttling import BaseThrottle

from ... import cache_health
from ...cache_health import CACHE_FAILURES
from ...models import PartnerKey

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

logger = logging.getLogger(__name__)


class PartnerKeyAuthentication(BaseAuthentication):
    """A request with a partner's key is the partner's (request.auth); one without is anyone's. A key that is
    wrong or revoked is refused (401), never taken as no key. Each use of a key is recorded."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is None:
            return None
        scheme, _space, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise AuthenticationFailed("Give the partner key as: Authorization: Bearer <key>.")
        partner = PartnerKey.objects.matching(key.strip())
        if partner is None:
            raise AuthenticationFailed("This partner key is wrong or has been revoked.")
        partner.record_use(path=request.get_full_path(), address=request.META.get("REMOTE_ADDR"))
        return (None, partner)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI description names the partner key (drf-spectacular finds it by its target)."""

    target_class = PartnerKeyAuthentication
    name = "partnerKey"

    def get_security_requirement(self, auto_schema):
        # The key is optional: without one, live stories (an empty requirement is OpenAPI's "or no key").
        return [{self.name: []}, {}]

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A partner key, made by a publisher in the desk."}


def parse_rate(rate):
    """'120/m' -> (120, 60): requests, and the seconds they are counted over."""
    count, _slash, period = str(rate).partition("/")
    if not count.isdigit() or period[:1] not in PERIODS:
        raise ImproperlyConfigured(f"an API rate must read like 120/m (per s, m, h or d), not {rate!r}")
    return int(count), PERIODS[period[0]]


def store():
    """This process's record of the rate limit's store (articles/cache_health.py)."""
    return cache_health.record("API rate limit", "api-rate")


def store_failed(error):
    """The store failed: requests are served uncounted (the limit not enforced) for a while; logged at most every
    10 minutes by each process."""
    cache_health.failed(
        store(),
        lambda: logger.warning(
            "The API rate limit's store could not be used (%s): requests are served without a rate limit until it "
            "can. Check that Redis (NEWSROOM_CACHE_URL) answers.",
            error,
        ),
    )


def store_problem():
    """None if the rate limit's store takes writes, else what went wrong (for /healthz)."""
    return cache_health.problem("api-rate", store_failed)


class WindowThrottle(BaseThrottle):
    """At most N requests in each period (a fixed window), counted in the "api-rate" cache (settings: Redis,
    shared by every app process, where there is one; else each process's memory): two cache operations a
    request, whatever N is. A store that fails (Redis down) lets every request through rather than answer 500: a
    rate limit protects the API, and one that takes the API down with it protects nothing."""

    rate_setting = ""
    scope = ""

    def identity(self, request):
        raise NotImplementedError

    def allow_request(self, request, view):
        identity = self.identity(request)
        if identity is None:
            return True
        limit, period = parse_rate(getattr(settings, self.rate_setting))
        now = time.time()
        start = now - now % period
        self.retry_after = start + period - now
        key = f"newsroom:api-rate:{self.scope}:{identity}:{int(start)}"
        if cache_health.resting(store()):
            return True
        try:
            count = self.count(key, period)
        except CACHE_FAILURES as error:
            store_failed(error)
            return True
        return count <= limit

    @staticmethod
    def count(key, period):
        """Count a request in the window `key`; its count so far."""
        cache = caches["api-rate"]
        cache.add(key, 0, period + 1)
        try:
            return cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, period + 1)
            return 1

    def wait(self):
        return self.retry_after


class AddressRateThrottle(WindowThrottle):
    """Requests without a key, counted per client address (TrustedProxyMiddleware's)."""

    rate_setting, scope = "NEWSROOM_API_RATE", "address"

    def identity(self, request):
        if request.auth is not None:
            return None
        return request.META.get("REMOTE_ADDR") or "unknown"


class PartnerRateThrottle(WindowThrottle):
    """Requests with a partner key, counted per key wherever they come from."""

    rate_setting, scope = "NEWSROOM_API_PARTNER_RATE", "key"

    def identity(self, request):
        return request.auth.pk if request.auth is not None else None
