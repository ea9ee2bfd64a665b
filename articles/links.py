"""The paths of the site's pages: Django's reverse(), remembered for each set of its arguments.

A list page names each of its twenty stories, their tags and the site's navigation: some forty reverse()
calls, which weighed on a tag page's time. The path is a function of its arguments and of the
URLconf, the script prefix and the language reverse() reads, all of which are part of the key, so a
remembered path can never be out of date: a story that moves or a tag renamed has new arguments.
"""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Paths remembered per process, the least recently used dropped first: a few MB.
REMEMBERED = 20_000


def page_path(name, *args, **kwargs):
    """reverse(name, args=args, kwargs=kwargs), remembered."""
    return _remembered(get_script_prefix(), get_urlconf(), get_language(), name, args, tuple(kwargs.items()))


@functools.lru_cache(maxsize=REMEMBERED)
def _remembered(prefix, urlconf, language, name, args, kwargs):
    return reverse(name, args=args, kwargs=dict(kwargs))
