"""The Jinja2 environment of the readers' pages (jinja2/): Django's helpers and filters, printing what DTL printed.

Jinja2 does not call what it is given: templates write article.get_absolute_url() and page_obj.has_next().
"""

from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime
from jinja2 import Environment, Undefined

from articles.desk import images
from articles.site import metadata


def environment(**options):
    # Django's escaping (&quot;, &#x27;) rather than MarkupSafe's (&#34;, &#39;): pages read as DTL wrote them.
    # Templates end as the files do, with a newline, as under DTL.
    env = Environment(finalize=conditional_escape, keep_trailing_newline=True, **options)
    env.globals.update(
        static=static,
        url=url,
        absolute_url=absolute_url,
        lead_image_url=metadata.lead_image_url,
        news_article_json_ld=metadata.news_article_json_ld,
        lead_image_sources=images.lead_image_sources,
    )
    env.filters.update(date=date, time=time, capfirst=defaultfilters.capfirst, urlencode=defaultfilters.urlencode)
    return env


def url(name, *args, **kwargs):
    """{% url name arg ... %}"""
    return reverse(name, args=args, kwargs=kwargs)


def absolute_url(request, path=None):
    """The canonical, absolute URL of `path` (default: this page, without its query string)."""
    return request.build_absolute_uri(path or request.path)


# DTL's date and time filters get datetimes in the current time zone (expects_localtime), and a missing
# variable as "" (string_if_invalid); so do these.
def date(value, arg=None):
    return "" if isinstance(value, Undefined) else defaultfilters.date(template_localtime(value), arg)


def time(value, arg=None):
    return "" if isinstance(value, Undefined) else defaultfilters.time(template_localtime(value), arg)
