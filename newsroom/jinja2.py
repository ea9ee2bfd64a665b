"""The Jinja2 environment of the readers' pages (jinja2/): Django's helpers and filters, printing what DTL printed.

Jinja2 does not call what it is given: templates write article.get_absolute_url() and page_obj.has_next().
"""

import datetime
import math

from django.conf import settings
from django.template import defaultfilters
from django.templatetags.static import static
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.http import urlencode
from django.utils.timezone import template_localtime
from jinja2 import Environment, Undefined

from articles.desk import images
from articles.links import page_path
from articles.site import metadata

# Words a reader reads in a minute, for "3 min read".
READING_SPEED = 230
# A story list names at most this many of a story's tags, on one line: countries, then topics, then ministries
# (their names are long); a search puts the tags it found the story by first.
TEASER_TAGS = 2
TEASER_ORDER = ("countries", "topics", "ministries")


def environment(**options):
    # Jinja2's own escaping (MarkupSafe: &#34;, &#39; for quotes), which keeps Django's safe strings as they are.
    # Templates end as the files do, with a newline, as under DTL.
    env = Environment(keep_trailing_newline=True, **options)
    env.globals.update(
        static=static,
        url=url,
        absolute_url=absolute_url,
        canonical_url=canonical_url,
        site_name=settings.NEWSROOM_SITE_NAME,
        json_ld=metadata.json_ld,
        schema=metadata,
        social_image=metadata.social_image,
        lead_image_sources=images.lead_image_sources,
        teaser_tags=teaser_tags,
    )
    env.filters.update(
        date=date,
        time=time,
        long_date=long_date,
        short_date=short_date,
        datetime_attribute=datetime_attribute,
        zone=zone,
        reading_minutes=reading_minutes,
        capfirst=defaultfilters.capfirst,
        urlencode=defaultfilters.urlencode,
    )
    return env


def url(name, *args, **kwargs):
    """{% url name arg ... %}"""
    return page_path(name, *args, **kwargs)


def absolute_url(request, path=None):
    """The absolute URL of `path` (default: this page, without its query string)."""
    return request.build_absolute_uri(path or request.path)


def canonical_url(request, page=1, query=None):
    """This page's canonical URL: its path, the parameters that make the page (`query`: a search's words),
    and its page number after the first (each page is its own)."""
    parameters = {**(query or {}), **({"page": page} if page and page > 1 else {})}
    return absolute_url(request) + (f"?{urlencode(parameters)}" if parameters else "")


def local_moment(value):
    """A moment in the current time zone, or in UTC where that zone would carry it past the year 9999 (a desk
    preview of a story timed so from the shell): shown, never a 500."""
    try:
        return template_localtime(value)
    except OverflowError:
        return value.astimezone(datetime.UTC)


# DTL's date and time filters get datetimes in the current time zone (expects_localtime), and a missing
# variable as "" (string_if_invalid); so do these.
def date(value, arg=None):
    return "" if isinstance(value, Undefined) else defaultfilters.date(local_moment(value), arg)


def time(value, arg=None):
    return "" if isinstance(value, Undefined) else defaultfilters.time(local_moment(value), arg)


def long_date(value):
    """A day as story lists show it, "4 July 2016": what date("j F Y") prints, without the general formatter
    (which parses its format string again for each of a list's twenty stories)."""
    return day_month_year(value, lambda month: MONTHS[month])


def short_date(value):
    """A day as a story's related stories show it, "4 Jul 2016": what date("j M Y") prints."""
    return day_month_year(value, lambda month: MONTHS_3[month].title())


def day_month_year(value, month_name):
    if not value or isinstance(value, Undefined):
        return ""
    day = local_moment(value)
    return f"{day.day} {month_name(day.month)} {day.year:04d}"


def datetime_attribute(value):
    """A moment as <time datetime> takes it: to the second, with its offset (HTML allows at most three
    decimals of a second, and stories saved from the desk carry six)."""
    if not value or isinstance(value, Undefined):
        return ""
    return local_moment(value).isoformat(timespec="seconds")


def zone(value):
    """The time zone a moment is shown in, as readers know it: "UTC", "CET", "UTC+04" (not a bare "+04")."""
    if not value or isinstance(value, Undefined):
        return ""
    name = local_moment(value).strftime("%Z")
    return f"UTC{name}" if name[:1] in "+-" else name


def reading_minutes(text):
    """Minutes to read `text`, at least one."""
    return max(1, math.ceil(len((text or "").split()) / READING_SPEED))


def teaser_tags(article, highlighter=None, page_tag=None):
    """[(tag, found by the search)] a story list shows for `article` (after attach_tags), at most TEASER_TAGS;
    on a tag's page, not that tag."""
    tags = [
        tag
        for kind in TEASER_ORDER
        for tag in article.tag_refs.get(kind, [])
        if not (page_tag and tag.kind == page_tag.kind and tag.id == page_tag.pk)
    ]
    found = [tag for tag in tags if highlighter and highlighter.tag_found(tag)]
    chosen = found + [tag for tag in tags if tag not in found]
    return [(tag, tag in found) for tag in chosen[:TEASER_TAGS]]
