"""Story lists are built in Python (articles/teasers.py): they must say what the templates would, escaped."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from articles.models import Article, story_url
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_every_value_in_a_story_list_is_escaped(client):
    make_article(
        headline='<script>alert("h")</script> & co',
        standfirst="<b>bold</b> 'quoted'",
        dateline="<i>BAKU</i>",
        countries=["Azerbaijan"],
        topics=['<img src=x onerror="t">'],
    )
    html = client.get("/").content.decode()
    assert "<script>alert" not in html and "<b>bold" not in html and "<i>BAKU" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;h&quot;)&lt;/script&gt; &amp; co" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &#x27;quoted&#x27;" in html
    assert '<span class="dateline">&lt;i&gt;BAKU&lt;/i&gt;</span>' in html
    assert "&lt;img src=x onerror=&quot;t&quot;&gt;</a>" in html


@pytest.mark.parametrize("zone", ["UTC", "Asia/Baku", "America/Los_Angeles"])
def test_a_teaser_dates_and_links_a_story_as_the_templates_would(client, settings, zone):
    settings.TIME_ZONE = zone
    # Late in the UTC day: the local date differs from UTC's east and west of it.
    published = timezone.now().replace(hour=23, minute=30, second=0, microsecond=0) - datetime.timedelta(days=2)
    story = make_article(published_at=published, topics=["Energy"])
    html = client.get("/").content.decode()
    with timezone.override(zone):
        expected = Template('<time datetime="{{ d|date:"c" }}">{{ d|date:"j F Y" }}</time>').render(
            Context({"d": published})
        )
    assert expected in html
    assert f'<a href="{story.get_absolute_url()}">{story.headline}</a>' in html
    assert client.get(story.get_absolute_url()).status_code == 200


def test_story_urls_are_what_reverse_gives_under_any_script_prefix():
    day = datetime.datetime(2024, 2, 9, 8, 0, tzinfo=datetime.UTC)
    for prefix in ["/", "/news/"]:
        set_script_prefix(prefix)
        try:
            expected = reverse("articles:detail", kwargs={"year": 2024, "month": "02", "day": "09", "slug": "a-b"})
            assert story_url(prefix, day, "a-b") == expected
        finally:
            set_script_prefix("/")


def test_list_pages_show_each_story_with_its_tags_by_kind(client):
    make_article(headline="Tagged", countries=["Azerbaijan", "Georgia"], topics=["Energy"])
    html = client.get("/").content.decode()
    tags = re.search(r'<div class="tags tags-compact">(.*?)</div>', html, re.S).group(1)
    assert re.findall(r'<span class="tag-kind">(\w+):</span>', tags) == ["Countries", "Topics"]
    assert re.findall(r">([^<>]+)</a>", tags) == ["Azerbaijan", "Georgia", "Energy"]
    assert Article.objects.count() == 1


def test_links_in_lists_follow_the_script_prefix():
    from articles.site import queries, teasers

    story = make_article(headline="Tagged", countries=["Azerbaijan"], topics=["Energy"])
    set_script_prefix("/news/")
    try:
        html = teasers.story_list(queries.attach_tags(Article.objects.all()))
        assert f'href="{story.get_absolute_url()}"' in html and story.get_absolute_url().startswith("/news/20")
    finally:
        set_script_prefix("/")
    assert 'href="/news/countries/azerbaijan/"' in html and 'href="/news/topics/energy/"' in html


def test_a_teaser_written_once_changes_with_what_it_shows(client, bare):
    from articles.models import TopicTag

    story = make_article(headline="First headline", topics=["Energy"])
    assert "First headline" in client.get("/").content.decode()
    Article.objects.filter(pk=story.pk).update(headline="Second headline", dateline="TBILISI")
    TopicTag.objects.filter(name="Energy").update(name="Power", slug="power")
    html = client.get("/").content.decode()
    assert "Second headline" in html and "TBILISI" in html and 'href="/topics/power/">Power</a>' in html
    assert "First headline" not in html and "Energy" not in html


def test_a_remembered_teaser_follows_the_zone_the_prefix_and_every_change():
    import zoneinfo

    from django.utils import translation

    from articles.models import TopicTag
    from articles.site import queries, teasers

    def render():
        return teasers.story_list(queries.attach_tags(Article.objects.published()))

    when = datetime.datetime(2024, 3, 31, 23, 30, tzinfo=datetime.UTC)
    story = make_article(headline="H<1>", topics=["Energy"], published_at=when, standfirst="S", dateline="D")
    first = render()
    assert "31 March 2024" in first and 'href="/2024/03/31/' in first
    with timezone.override(zoneinfo.ZoneInfo("Asia/Baku")):
        baku = render()
    assert "1 April 2024" in baku and 'href="/2024/04/01/' in baku and "+04:00" in baku
    set_script_prefix("/news/")
    try:
        prefixed = render()
    finally:
        set_script_prefix("/")
    assert 'href="/news/2024/03/31/' in prefixed and 'href="/news/topics/energy/"' in prefixed
    with translation.override("fr"):
        render()
    Article.objects.filter(pk=story.pk).update(
        standfirst="", dateline="", published_at=when + datetime.timedelta(days=1)
    )
    TopicTag.objects.filter(name="Energy").update(slug="power")
    again = render()
    assert 'href="/topics/power/"' in again and "S</p>" not in again and "1 April 2024" in again
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT)
    assert "H&lt;1&gt;" not in render()


def test_a_tag_pages_companions_are_linked_counted_and_escaped(client):
    make_article(countries=["Azerbaijan"], topics=["Trade", '<img src=x onerror="t">'])
    make_article(countries=["Azerbaijan"], topics=["Trade"])
    html = client.get("/topics/trade/").content.decode()
    often = html.split('id="companions-heading"')[1].split("</ul>")[0]
    azerbaijan = reverse("articles:country", kwargs={"slug": "azerbaijan"})
    assert f'<li><a href="{azerbaijan}">Azerbaijan</a> <span class="count">2</span></li>' in often
    assert '&lt;img src=x onerror=&quot;t&quot;&gt;</a> <span class="count">1</span>' in often
    assert "<img src=x" not in often
