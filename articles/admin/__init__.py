"""The editors' desk: stories (articles.py, filters.py) and tags (tags.py); the front page is newsroom/admin_site.py."""

from . import articles, tags  # noqa: F401  (registers the model admins)
