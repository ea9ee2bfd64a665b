"""page_path: reverse(), remembered for each set of its arguments, never a path that is out of date."""

import datetime

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from articles.links import page_path
from articles.models import CountryTag
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_a_storys_link_follows_its_new_slug_and_date():
    story = make_article(headline="Ministers meet", published_at=datetime.datetime(2024, 2, 9, 12, tzinfo=datetime.UTC))
    assert story.get_absolute_url() == f"/2024/02/09/{story.slug}/"
    story.slug = "ministers-meet-again"
    story.published_at += datetime.timedelta(days=3)
    assert story.get_absolute_url() == "/2024/02/12/ministers-meet-again/"


def test_a_tags_link_follows_its_new_slug():
    tag = CountryTag.objects.get(slug="kyrgyzstan")  # every country is there from the start
    assert tag.get_absolute_url() == "/countries/kyrgyzstan/"
    tag.slug = "kyrgyz-republic"
    assert tag.get_absolute_url() == "/countries/kyrgyz-republic/"


def test_each_script_prefix_and_time_zone_has_its_own_paths():
    story = make_article(published_at=datetime.datetime(2024, 2, 9, 23, 30, tzinfo=datetime.UTC))
    seen = []
    for prefix, zone in [("/", "UTC"), ("/news/", "UTC"), ("/", "Asia/Baku")] * 2:
        set_script_prefix(prefix)
        try:
            with timezone.override(zone):
                seen.append((story.get_absolute_url(), page_path("articles:topics")))
                assert seen[-1][1] == reverse("articles:topics")
        finally:
            set_script_prefix("/")
    assert seen[:3] == [
        (f"/2024/02/09/{story.slug}/", "/topics/"),
        (f"/news/2024/02/09/{story.slug}/", "/news/topics/"),
        (f"/2024/02/10/{story.slug}/", "/topics/"),
    ]
    assert seen[3:] == seen[:3]
