"""An item's version and versioncreated move only when what readers or partners receive changes (changes
published, a takedown, a return...), never for the desk's own work: a save that leaves changes pending, or that
changes a story off the site, gives partners no new version to ingest and says nothing of the desk at work.
The story's page and the sitemaps keep their ETag and dates likewise."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.desk.tag_care import merge_tags
from articles.desk.workflow import discard_changes, publish_changes, transition
from articles.models import Article, TopicTag
from tests.desk_forms import desk_copy
from tests.factories import days_ago, make_article

from .helpers import STORIES, bearer, desk_save, every_item, item_url, partner_key, since, staff

pytestmark = pytest.mark.django_db
S = Article.Status


def seen(client, story, **headers):
    """What a client notices of a story: its item's version, time and ETag, and the list's ETag."""
    cache.clear()  # the page cache's next generation, as a poll minutes later gets
    item = client.get(item_url(story), **headers)
    listed = client.get(STORIES, **headers)
    return {
        "version": item.json()["version"],
        "versioncreated": item.json()["versioncreated"],
        "etag": item["ETag"],
        "list etag": listed["ETag"],
    }


def page_and_sitemaps(client, story):
    """What a reader's browser and a crawler notice: the story page's ETag, and the sitemaps' dates."""
    cache.clear()
    page = client.get(Article.objects.get(pk=story.pk).get_absolute_url())
    assert page.status_code == 200
    index = client.get("/sitemap.xml").content.decode()
    month = re.search(r"<loc>http://testserver(/sitemap-stories-[^<]+)</loc>", index).group(1)
    return page["ETag"], re.findall(r"<lastmod>[^<]+</lastmod>", index + client.get(month).content.decode())


def live_story_saved_long_ago():
    story = make_article(
        headline="Ferry line opens", body="The first ferry sailed on Monday.", published_at=days_ago(2)
    )
    Article.objects.filter(pk=story.pk).update(updated_at=days_ago(2))
    return Article.objects.get(pk=story.pk)


def test_a_save_that_only_leaves_pending_changes_gives_partners_nothing_new(client):
    story = live_story_saved_long_ago()
    _record, key = partner_key()
    before, reader_view = seen(client, story, **bearer(key)), page_and_sitemaps(client, story)
    anonymous = seen(client, story)
    moment = timezone.now()
    desk_save(story, headline="Ferry line to Aktau opens", body="The first ferry sailed to Aktau.")
    assert desk_copy(story)["headline"] == "Ferry line to Aktau opens"  # pending, for a publisher
    assert seen(client, story, **bearer(key)) == before
    assert seen(client, story) == anonymous
    assert every_item(client, since(moment), **bearer(key)) == every_item(client, since(moment)) == []
    assert page_and_sitemaps(client, story) == reader_view
    # A second save, and the changes thrown away: still nothing for anyone outside the desk.
    desk_save(story, headline="Ferry line to Aktau opens at last")
    discard_changes(story, by=staff("Publishers", "publisher"))
    assert seen(client, story, **bearer(key)) == before
    assert every_item(client, since(moment)) == []
    # Published, changes are what partners receive: a new version and time, which `since` lists.
    desk_save(story, headline="Ferry line to Aktau opens")
    moment = timezone.now()
    publish_changes(story, by=staff("Publishers", "publisher"))
    after = seen(client, story, **bearer(key))
    assert int(after["version"]) > int(before["version"])
    assert after["versioncreated"] > before["versioncreated"] and after["etag"] != before["etag"]
    [item] = every_item(client, since(moment), **bearer(key))
    assert item["headlines"][0]["value"] == "Ferry line to Aktau opens" and item["version"] == after["version"]


def test_the_desk_working_on_a_story_taken_down_gives_its_kill_no_new_version(client):
    story = live_story_saved_long_ago()
    publisher = staff("Publishers", "publisher")
    transition(story, "unpublish", by=publisher, reason="legal")
    kill = client.get(item_url(story)).json()
    moment = timezone.now()
    desk_save(story, body="The first ferry sailed on Monday.\n\nA paragraph the lawyers asked for.")
    transition(Article.objects.get(pk=story.pk), "send_back", by=publisher, reason="Rewrite it.")
    assert client.get(item_url(story)).json() == kill
    assert every_item(client, since(moment)) == [kill]  # within the overlap, as it was: nothing new


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def test_partners_see_the_version_grow_with_every_change_they_receive(client):
    later = timezone.now() + datetime.timedelta(hours=3)
    story = make_article(
        headline="Budget", body="Draft figures.", status=S.READY, published_at=None, embargo_until=later
    )
    _record, key = partner_key()
    publisher = staff("Publishers", "publisher")
    versions = [client.get(item_url(story), **bearer(key)).json()["version"]]
    desk_save(story, body="Final figures.")  # approved copy under embargo is changed directly: partners get it
    versions.append(client.get(item_url(story), **bearer(key)).json()["version"])
    desk_save(story, topics=[make_article(topics=["Finance"]).topics.get().pk])  # its tags only
    item = client.get(item_url(story), **bearer(key)).json()
    assert item["subjects"][0]["name"] == "Finance"
    versions.append(item["version"])
    transition(Article.objects.get(pk=story.pk), "send_back", by=publisher, reason="Wrong figures.")  # a kill
    versions.append(client.get(item_url(story), **bearer(key)).json()["version"])
    desk_save(story, body="Corrected figures.")  # off-limits to partners now: nothing for them
    assert client.get(item_url(story), **bearer(key)).json()["version"] == versions[-1]
    story = Article.objects.get(pk=story.pk)
    transition(story, "submit", by=publisher)
    transition(story, "approve", by=publisher)  # back under its embargo: theirs again
    versions.append(client.get(item_url(story), **bearer(key)).json()["version"])
    assert versions == sorted(versions, key=version_key) and len(set(versions)) == len(versions), versions


def test_a_tag_merge_gives_the_stories_readers_see_a_new_version_and_a_kill_none(client):
    publisher = staff("Publishers", "publisher")
    live = live_story_saved_long_ago()
    live.topics.add("Enrgy")
    withdrawn = make_article(headline="Withdrawn", topics=["Enrgy"], published_at=days_ago(2))
    transition(withdrawn, "unpublish", by=publisher, reason="legal")
    make_article(topics=["Energy"])
    desk_save(live, headline="Ferry line to Aktau opens")  # pending: the API's version stays
    before = {story.pk: client.get(item_url(story)).json() for story in (live, withdrawn)}
    merge_tags(TopicTag.objects.get(name="Energy"), [TopicTag.objects.get(name="Enrgy")], user=publisher)
    after = {story.pk: client.get(item_url(story)).json() for story in (live, withdrawn)}
    assert after[live.pk]["subjects"][0]["name"] == "Energy"
    assert int(after[live.pk]["version"]) > int(before[live.pk]["version"])
    assert after[live.pk]["versioncreated"] > before[live.pk]["versioncreated"]
    assert after[withdrawn.pk] == before[withdrawn.pk]
