"""Settings for the test suite: production settings with a throwaway key and fast password hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-only-not-a-secret")

from newsroom.settings import *  # noqa: E402,F403

# Static files straight from the source folders: tests must not depend on collectstatic.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Threads in tests (live server, concurrent saves) must not keep connections open past their work.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
