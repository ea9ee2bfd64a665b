"""The desk's model admins: stories (stories.py, filters.py), tags (tags.py), the ministry register
(register.py), partner keys (partners.py). Front page: newsroom/admin_site.py."""

from . import partners, register, stories, tags  # noqa: F401  (registers the model admins)
