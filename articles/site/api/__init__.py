"""The read API: stories as IPTC ninjs 2.1 items (items.py), their tags, partner keys and rate limits
(partners.py), cursors (pagination.py), errors (errors.py); views.py and urls.py put them on /api/v1/."""
