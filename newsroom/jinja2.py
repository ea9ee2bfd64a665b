"""The Jinja2 environment of the readers' pages (jinja2/): the helpers and filters they use, as DTL had them.

Jinja2 does not call what it is given: templates write article.get_absolute_url() and page_obj.has_next().

Every page asks for the same eight URLs, two static files and the dates of the same stories, and Django
computing them was most of the render (date filters alone ~40% of a story page): they are remembered,
keyed by all they depend on at run time (URLconf, script prefix, time zone, language). A change of
settings (tests) forgets them.
"""

import datetime
import functools
from html import escape

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.templatetags.static import static as django_static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.timezone import get_current_timezone, template_localtime
from django.utils.translation import get_language
from jinja2 import Environment, Undefined, pass_context
from markupsafe import Markup

from articles.desk import images
from articles.site import metadata


def environment(**options):
    # Django's escaping (&quot;, &#x27;) rather than MarkupSafe's (&#34;, &#39;): pages read as DTL wrote them.
    # Templates end as the files do, with a newline, as under DTL.
    env = Environment(finalize=escape_like_django, keep_trailing_newline=True, **options)
    env.globals.update(
        static=static,
        url=url,
        urls=urls,
        absolute_url=absolute_url,
        lead_image_url=metadata.lead_image_url,
        news_article_json_ld=metadata.news_article_json_ld,
        lead_image_sources=images.lead_image_sources,
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


def urls():
    """The site's URLs by name, as url(name) gives them: for the links every page has, the URLconf and
    the script prefix (each a context-local lookup) are read once a page instead of once a link."""
    return _urls(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


class _Named(dict):
    def __init__(self, urlconf):
        super().__init__()
        self.urlconf = urlconf

    def __missing__(self, name):
        self[name] = reverse(name, urlconf=self.urlconf)
        return self[name]


@functools.lru_cache(maxsize=64)
def _urls(urlconf, _prefix):
    return _Named(urlconf)


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
@pass_context
def date(context, value, arg=None):
    return "" if isinstance(value, Undefined) else _formatted(context, defaultfilters.date, value, arg)


@pass_context
def time(context, value, arg=None):
    return "" if isinstance(value, Undefined) else _formatted(context, defaultfilters.time, value, arg)


def _formatted(context, dtl_filter, value, arg):
    # The value's own zone is part of the key: equal aware datetimes may be in different zones.
    key = (dtl_filter, value, getattr(value, "tzinfo", None), arg, *_zone_and_language(context))
    try:
        return _format(*key)
    except TypeError:  # an unhashable value
        return dtl_filter(template_localtime(value), arg)


def _zone_and_language(context):
    """The current time zone and language, read once a request: each is a context-local lookup (~3.5 us),
    and a story page formats fourteen dates. Kept on the request a page renders for, which nothing here
    changes them during; read afresh where there is none (a macro imported without context, say, runs
    in a context Jinja keeps for the life of the process)."""
    request = context.get("request")
    found = getattr(request, "newsroom_zone_and_language", None)
    if found is None:
        found = (get_current_timezone(), get_language())
        if request is not None:
            request.newsroom_zone_and_language = found
    return found


@functools.lru_cache(maxsize=4096)
def _format(dtl_filter, value, _tzinfo, arg, zone, language):
    # Formatted in the zone and language of its key, whatever is active: a remembered value always
    # matches the key it is remembered under.
    with translation.override(language):
        local = timezone.localtime(value, zone) if _converts(value) else value
        return dtl_filter(local, arg)


def _converts(value):
    """Whether template_localtime() would move the value into the active zone (its test)."""
    return (
        isinstance(value, datetime.datetime)
        and settings.USE_TZ
        and not timezone.is_naive(value)
        and getattr(value, "convert_to_local_time", True)
    )


@receiver(setting_changed)
def _forget(**kwargs):
    for remembered in (_reverse, _urls, static, _format):
        remembered.cache_clear()
