"""Settings for the test suite: production settings with a throwaway key and fast password hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-only-not-a-secret")

from newsroom.settings import *  # noqa: E402,F403

# Static files straight from the source folders: tests must not depend on collectstatic.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared memory, so threads in tests lock and wait as the real site does.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"newsroom-test-{os.getpid()}.sqlite3")}  # noqa: F405

# Threads in tests (live server, concurrent saves) must not keep connections open past their work.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# One process: a local-memory cache stands in for the shared one; conftest clears it before each test.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api-rate": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api-rate"},
}
NEWSROOM_PAGE_CACHE = True
