"""Running manage.py in a fresh process, with only the environment a test gives it."""

import os
import subprocess
import sys

from django.conf import settings


def manage(*args, **env):
    """manage.py ARGS with the caller's DJANGO_*, NEWSROOM_* and DATABASE_URL replaced by `env`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
