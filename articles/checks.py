"""System checks of the settings an operator must give production (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOOPBACK = {"127.0.0.1", "::1", "localhost", None}


@register(Tags.security, deploy=True)
def public_address(app_configs, **kwargs):
    """The site's public address is set: sitemaps and the news sitemap name it, and the feeds' entry ids,
    which must never change, are minted under its host unless NEWSROOM_FEED_AUTHORITY says otherwise."""
    if urlsplit(settings.NEWSROOM_SITE_URL).hostname not in LOOPBACK:
        return []
    return [
        Warning(
            f"NEWSROOM_SITE_URL is {settings.NEWSROOM_SITE_URL}, this machine's own address.",
            hint="Set NEWSROOM_SITE_URL to the public address (https://news.example): sitemaps would give search "
            "engines this one, and feed entries would get permanent ids under it.",
            id="newsroom.W001",
        )
    ]
