"""The desk's model admins: stories (stories.py, filters.py), tags (tags.py). Front page: newsroom/admin_site.py."""

from . import stories, tags  # noqa: F401  (registers the model admins)
