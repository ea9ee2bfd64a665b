"""A shared cache that fails (Redis down or unreachable, a cache folder that cannot be written) is never an error.

Each use of a cache (the page cache, the API's rate limit, the desk's partner key form) keeps its own record in
each process: after a failure the process leaves that cache alone for REST_AFTER_FAILURE seconds, going on
without it, and logs the failure at most every LOG_EVERY seconds, not at every request. /healthz asks each
use whether its cache can be written (problem).
"""

import secrets
import time
import types

from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError

# What a cache that cannot be used raises: the file cache an OSError (permissions, a full disk, a bad path),
# Redis a RedisError (down, unreachable, out of memory).
CACHE_FAILURES = (OSError, RedisError)
# After a failure a process leaves the cache alone this long, then tries again.
REST_AFTER_FAILURE = 60
# A failing cache is logged at most this often by each process, for each use of it.
LOG_EVERY = 600
PROBE = "newsroom:probe"

# By use and by the cache's settings (a file cache fails as it is opened: no object to key by).
_records = {}


def record(use, alias):
    """This process's record of `use` (a name) of the cache `alias`: rest_until, logged_at, and next_check
    (free for the use's own checks)."""
    key = (use, alias, repr(settings.CACHES.get(alias)))
    if key not in _records:
        _records[key] = types.SimpleNamespace(rest_until=0.0, next_check=0.0, logged_at=None)
    return _records[key]


def resting(state):
    """Is the process leaving the cache alone, after a failure?"""
    return time.monotonic() < state.rest_until


def failed(state, log):
    """Note that the cache failed: the process leaves it alone REST_AFTER_FAILURE seconds. log() says so, unless
    it did in the last LOG_EVERY seconds."""
    now = time.monotonic()
    state.rest_until = now + REST_AFTER_FAILURE
    if state.logged_at is None or now - state.logged_at >= LOG_EVERY:
        state.logged_at = now
        log()


def problem(alias, on_failure):
    """None if a key can be written to the cache `alias` and read back, else what went wrong (for /healthz). A
    failure is passed to on_failure(error) first, to be noted and logged."""
    key, token = f"{PROBE}:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache = caches[alias]  # a file cache fails here, making its folder
        cache.set(key, token, 60)
        if cache.get(key) != token:
            return "what was written could not be read back"
        cache.delete(key)
    except CACHE_FAILURES as error:
        on_failure(error)
        return "it cannot be written"
    return None
