"""WSGI entry point: `gunicorn newsroom.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

# What start-up made (modules, settings, URL patterns, templates) lives as long as the process: kept
# out of the garbage collector's way, each collection looks only at what requests make.
gc.freeze()
