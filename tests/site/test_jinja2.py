"""The readers' pages are Jinja2 (jinja2/, newsroom/jinja2.py); they must print what DTL printed, escaped
as Jinja2 escapes (quotes as &#34; and &#39;, where DTL writes &quot; and &#x27;)."""

import datetime
import html

import pytest
from django.template import Context, Template, engines
from django.template.backends.django import DjangoTemplates
from django.template.backends.jinja2 import Jinja2
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import set_script_prefix
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.views.defaults import server_error

from articles.models import Article

# DTL and Jinja2 spellings of the same output.
SAME = [
    ('{{ d|date:"c" }}', '{{ d|date("c") }}'),
    ('{{ d|date:"j F Y" }}', '{{ d|date("j F Y") }}'),
    ('{{ d|date:"j F Y, H:i" }}', '{{ d|date("j F Y, H:i") }}'),
    (
        '{{ d|date:"j M Y" }} {{ d|date:"j M" }} {{ d|date:"F Y" }} {{ d|date:"F" }}',
        '{{ d|date("j M Y") }} {{ d|date("j M") }} {{ d|date("F Y") }} {{ d|date("F") }}',
    ),
    ("{{ d|date:'Y' }}/{{ d|date:'m' }}/{{ d|date:'d' }}", "{{ d|date('Y') }}/{{ d|date('m') }}/{{ d|date('d') }}"),
    ('{{ d|time:"H:i" }}', '{{ d|time("H:i") }}'),
    ('{{ day|date:"j F Y" }} {{ missing|date:"c" }}', '{{ day|date("j F Y") }} {{ missing|date("c") }}'),
    # Story lists' and related stories' dates.
    (
        '{{ d|date:"j M Y" }}|{{ day|date:"j M Y" }}|{{ missing|date:"j M Y" }}',
        "{{ d|short_date }}|{{ day|short_date }}|{{ missing|short_date }}",
    ),
    (
        '{{ d|date:"j F Y" }}|{{ day|date:"j F Y" }}|{{ missing|date:"j F Y" }}',
        "{{ d|long_date }}|{{ day|long_date }}|{{ missing|long_date }}",
    ),
    ("{{ text }} {{ safe }} {{ none }} {{ number }}", "{{ text }} {{ safe }} {{ none }} {{ number }}"),
    ("{{ text|urlencode }} {{ path|urlencode }}", "{{ text|urlencode }} {{ path|urlencode }}"),
    ("{{ kind.verbose_name_plural|capfirst }}", "{{ kind.verbose_name_plural|capfirst }}"),
    ("{{ missing|default:'' }}|{{ empty|default:text }}", "{{ missing or '' }}|{{ empty or text }}"),
]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Baku", "America/Los_Angeles"])
@pytest.mark.parametrize(("dtl", "jinja"), SAME)
def test_filters_and_escaping_are_what_dtl_gave(settings, zone, dtl, jinja):
    settings.TIME_ZONE = zone
    context = {
        # Late in the UTC day: the local date differs from UTC's east and west of it.
        "d": datetime.datetime(2024, 2, 9, 23, 30, tzinfo=datetime.UTC),
        "day": datetime.date(2024, 2, 9),
        "text": "<b>'Tom' & \"Jerry\"</b> a/b?c=d",
        "safe": mark_safe("<em>kept</em>"),
        "none": None,
        "number": 1234,
        "path": "/energy & power/",
        "kind": Article._meta.get_field("countries").related_model._meta,
        "empty": "",
    }
    with timezone.override(zone):
        expected = Template(dtl).render(Context(context))
        page = engines["jinja2"].from_string(jinja).render(context)
    assert page == expected.replace("&quot;", "&#34;").replace("&#x27;", "&#39;")
    # The same text to a reader: the markup in a value is shown as text, a safe string is kept.
    assert html.unescape(page) == html.unescape(expected) and "<b>" not in page


def test_urls_and_dates_follow_the_script_prefix_time_zone_and_language():
    dtl = Template(
        '{% url "articles:topics" %} {% url "articles:month" 2024 "02" %} {{ d|date:"j F Y, H:i" }}'
        ' {% url "feeds:site-rss" %} {{ d|date:"j F Y" }} {{ d|date:"j M Y" }}'
    )
    jinja = engines["jinja2"].from_string(
        '{{ url("articles:topics") }} {{ url("articles:month", 2024, "02") }} {{ d|date("j F Y, H:i") }}'
        ' {{ url("feeds:site-rss") }} {{ d|long_date }} {{ d|short_date }}'
    )
    d = datetime.datetime(2024, 2, 9, 23, 30, tzinfo=datetime.UTC)
    seen = set()
    for prefix, zone, language in [("/", "UTC", "en-gb"), ("/news/", "Asia/Baku", "en-gb"), ("/", "UTC", "de")] * 2:
        set_script_prefix(prefix)
        try:
            with timezone.override(zone), translation.override(language):
                page = jinja.render({"d": d})
                assert page == dtl.render(Context({"d": d}))
        finally:
            set_script_prefix("/")
        seen.add(page)
    assert len(seen) == 3


def test_readers_pages_are_jinja2_and_the_desk_stays_on_django_templates():
    for name in ["base.html", "404.html", "410.html", "500.html", "articles/article_detail.html", "articles/home.html",
                 "sitemaps/index.xml", "sitemaps/urlset.xml", "sitemaps/news.xml"]:  # fmt: skip
        assert isinstance(get_template(name).backend, Jinja2), name
    for name in ["admin/index.html", "robots.txt"]:
        assert isinstance(get_template(name).backend, DjangoTemplates), name


def test_the_500_page_renders_through_djangos_handler_without_a_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content and b"css/site.css" in response.content


def test_a_date_in_an_imported_macro_follows_each_renders_time_zone():
    """An imported macro runs in the imported template's module, which Jinja keeps for later renders."""
    from jinja2 import DictLoader

    from newsroom.jinja2 import environment

    env = environment(
        loader=DictLoader(
            {
                "macros.html": "{% macro when(d) %}{{ d|date('H:i') }}{% endmacro %}",
                "page.html": "{% from 'macros.html' import when %}{{ when(d) }}",
            }
        )
    )
    d = datetime.datetime(2024, 2, 9, 23, 30, tzinfo=datetime.UTC)
    with timezone.override("UTC"):
        assert env.get_template("page.html").render(d=d) == "23:30"
    with timezone.override("Asia/Baku"):
        assert env.get_template("page.html").render(d=d) == "03:30"
