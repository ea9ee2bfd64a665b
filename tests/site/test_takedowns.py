"""Takedowns reach readers at once: browsers revalidate every page (a 304 while it is unchanged), a story
taken off the site answers 410 Gone (one never out answers 404) and leaves feeds and sitemaps at once."""

import datetime

import pytest
from django.utils import timezone

from articles.desk.workflow import set_embargo, transition
from articles.models import Article
from tests import sitemaps
from tests.desk_forms import user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status


@pytest.fixture
def publisher():
    return user_in("Publishers")


def published_from_the_desk(publisher, headline="Soon taken down", **tags):
    story = make_article(headline=headline, status=S.READY, published_at=None, **tags)
    transition(story, "publish", by=publisher)
    return story


@pytest.mark.parametrize("action", ["unpublish", "archive"])
def test_a_story_taken_off_the_site_answers_410_gone_without_its_copy(client, publisher, action):
    story = published_from_the_desk(publisher)
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200
    transition(story, action, by=publisher)
    response = client.get(url)
    assert response.status_code == 410
    page = response.content.decode()
    assert "taken down" in page and "Soon taken down" not in page and story.standfirst not in page
    assert '<meta name="robots" content="noindex">' in page


def test_a_story_taken_down_and_sent_back_to_draft_is_still_gone(client, publisher):
    story = published_from_the_desk(publisher)
    transition(story, "unpublish", by=publisher)
    transition(story, "send_back", by=publisher, reason="Rework the lead.")
    assert client.get(story.get_absolute_url()).status_code == 410


def test_stories_never_on_the_site_answer_404(client, publisher):
    draft = make_article(status=S.DRAFT, published_at=None)
    scheduled = make_article(status=S.READY, published_at=None)
    transition(scheduled, "schedule", by=publisher, at=timezone.now() + datetime.timedelta(days=1))
    withdrawn_before_its_time = make_article(status=S.READY, published_at=None)
    transition(withdrawn_before_its_time, "schedule", by=publisher, at=timezone.now() + datetime.timedelta(days=1))
    transition(withdrawn_before_its_time, "unpublish", by=publisher)
    embargoed = make_article(status=S.READY, published_at=None)
    set_embargo(embargoed, timezone.now() + datetime.timedelta(days=1), by=publisher)
    archived_draft = make_article(status=S.DRAFT, published_at=None)
    transition(archived_draft, "archive", by=publisher)
    for story in [draft, scheduled, withdrawn_before_its_time, embargoed, archived_draft]:
        assert client.get(story.get_absolute_url()).status_code == 404, story.headline
    assert client.get("/2024/01/01/no-such-story/").status_code == 404


def test_a_story_put_back_on_the_site_answers_200_again(client, publisher):
    story = published_from_the_desk(publisher)
    transition(story, "unpublish", by=publisher)
    transition(story, "publish", by=publisher)
    assert client.get(story.get_absolute_url()).status_code == 200


def test_browsers_revalidate_so_a_taken_down_story_is_gone_at_their_next_visit(client, publisher):
    story = published_from_the_desk(publisher)
    url = story.get_absolute_url()
    first = client.get(url)
    # Nothing lets a browser show its copy without asking; shared caches keep it a moment only.
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=2"
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    transition(story, "unpublish", by=publisher)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 410


def test_a_taken_down_story_leaves_feeds_and_sitemaps_at_once_though_they_are_cached(client, publisher):
    story = published_from_the_desk(publisher, topics=["Trade"])
    surfaces = ["/feeds/rss/", "/feeds/atom/", "/topics/trade/rss/", "/sitemap-news.xml"]
    for url in surfaces:
        assert story.slug in client.get(url).content.decode(), url
        assert client.get(url)["X-Page-Cache"] == "hit", url  # served from the page cache from now on
    assert story.slug in sitemaps.every_section_text(client)
    other = make_article(headline="Still here", topics=["Trade"])
    transition(story, "unpublish", by=publisher)
    for url in surfaces[:2]:
        content = client.get(url).content.decode()
        assert story.slug not in content and other.slug in content, url
    assert client.get("/topics/trade/rss/").status_code == 200
    assert story.slug not in sitemaps.every_section_text(client)
