"""The Jinja2 environment of the readers' pages (jinja2/): the helpers and filters they use, as DTL had them.

Jinja2 does not call what it is given: templates write article.get_absolute_url() and page_obj.has_next().

Every page asks for the same five URLs, two static files and the dates of the same stories, and Django
computing them was most of the render (date filters alone ~40% of a story page): they are remembered,
keyed by all they depend on at run time (URLconf, script prefix, time zone, language). A change of
settings (tests) forgets them.
"""

import functools
from html import escape

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.templatetags.static import static as django_static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.timezone import get_current_timezone, template_localtime
from django.utils.translation import get_language
from jinja2 import Environment, Undefined
from markupsafe import Markup

from articles import images, metadata, teasers


def environment(**options):
    # Django's escaping (&quot;, &#x27;) rather than MarkupSafe's (&#34;, &#39;): pages read as DTL wrote them.
    # Templates end as the files do, with a newline, as under DTL.
    env = Environment(finalize=escape_like_django, keep_trailing_newline=True, **options)
    env.globals.update(
        static=static,
        url=url,
        absolute_url=absolute_url,
        lead_image_url=metadata.lead_image_url,
        news_article_json_ld=metadata.news_article_json_ld,
        lead_image_sources=images.lead_image_sources,
        story_list=teasers.story_list,
        tag_groups=teasers.tag_groups,
    )
    env.filters.update(date=date, time=time, capfirst=defaultfilters.capfirst, urlencode=defaultfilters.urlencode)
    return env


def escape_like_django(value):
    """What {{ value }} prints: as django.utils.html.conditional_escape, returned as Markup for Jinja2."""
    if hasattr(value, "__html__"):
        return value
    return Markup(escape(str(value)))


def url(name, *args, **kwargs):
    """{% url name arg ... %}"""
    return _reverse(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name, args, tuple(kwargs.items()))


@functools.lru_cache(maxsize=1024)
def _reverse(urlconf, _prefix, name, args, kwargs):
    return reverse(name, urlconf=urlconf, args=args, kwargs=dict(kwargs))


@functools.lru_cache(maxsize=256)
def static(path):
    """{% static path %}"""
    return django_static(path)


def absolute_url(request, path=None):
    """The canonical, absolute URL of `path` (default: this page, without its query string)."""
    return request.build_absolute_uri(path or request.path)


# DTL's date and time filters get datetimes in the current time zone (expects_localtime), and a missing
# variable as "" (string_if_invalid); so do these.
def date(value, arg=None):
    return "" if isinstance(value, Undefined) else _formatted(defaultfilters.date, value, arg)


def time(value, arg=None):
    return "" if isinstance(value, Undefined) else _formatted(defaultfilters.time, value, arg)


def _formatted(dtl_filter, value, arg):
    # The value's own zone is part of the key: equal aware datetimes may be in different zones.
    key = (dtl_filter, value, getattr(value, "tzinfo", None), arg, get_current_timezone(), get_language())
    try:
        return _format(*key)
    except TypeError:  # an unhashable value
        return dtl_filter(template_localtime(value), arg)


@functools.lru_cache(maxsize=4096)
def _format(dtl_filter, value, _tzinfo, arg, _zone, _language):
    return dtl_filter(template_localtime(value), arg)


@receiver(setting_changed)
def _forget(**kwargs):
    for remembered in (_reverse, static, _format):
        remembered.cache_clear()
