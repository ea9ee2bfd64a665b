"""GET /api/v1/stories/ and /api/v1/stories/<id>/: live stories as ninjs items, newest first, a page at a
time; filters by tag, search and `since`; stories taken off the site told to polling clients as canceled."""

import datetime
import time

import pytest
from django.conf import settings
from django.utils import timezone

from articles.desk.workflow import set_embargo, transition
from articles.models import Article
from tests.desk_forms import change_url, desk_copy, story_form, user_in
from tests.factories import days_ago, make_article

from .helpers import STORIES, every_item, headlines, item_url

pytestmark = pytest.mark.django_db
S = Article.Status


def test_the_list_gives_live_stories_newest_first_and_nothing_else(client):
    make_article(headline="Older", published_at=days_ago(3))
    make_article(headline="Newer", published_at=days_ago(1))
    later = timezone.now() + datetime.timedelta(days=1)
    for status in (S.DRAFT, S.IN_REVIEW, S.READY, S.UNPUBLISHED, S.ARCHIVED):
        make_article(headline=f"Hidden {status}", status=status)
    make_article(headline="Hidden scheduled", published_at=later)
    make_article(headline="Hidden embargoed", embargo_until=later)
    response = client.get(STORIES)
    assert headlines(response) == ["Newer", "Older"]
    assert b"Hidden" not in response.content


def test_an_item_is_the_story_with_its_copy_tags_and_times(client):
    story = make_article(
        headline="Azerbaijan and Türkiye sign an energy deal",
        standfirst="The two countries agreed on gas.",
        body="BAKU signed it.\n\nA second paragraph with <b>no markup</b> & more.",
        dateline="BAKU",
        credit="Trend",
        countries=["Azerbaijan", "Türkiye"],
        ministries=["Ministry of Energy of Azerbaijan"],
        topics=["Energy"],
    )
    item = client.get(item_url(story)).json()
    assert item["uri"] == f"urn:newsroom:story:{story.pk}"
    assert item["type"] == "text" and item["pubstatus"] == "usable" and item["version"] == "1"
    assert item["language"] == "en"
    assert item["headlines"] == [{"role": "main", "value": "Azerbaijan and Türkiye sign an energy deal"}]
    assert item["descriptions"] == [{"role": "summary", "value": "The two countries agreed on gas."}]
    plain, html = item["bodies"]
    assert plain["value"] == "BAKU signed it.\n\nA second paragraph with <b>no markup</b> & more."
    assert (
        html["value"] == "<p>BAKU signed it.</p><p>A second paragraph with &lt;b&gt;no markup&lt;/b&gt; &amp; more.</p>"
    )
    assert plain["wordcount"] == html["wordcount"] == 11 and plain["charcount"] == len(plain["value"])
    assert item["by"] == item["copyrightholder"] == "Trend" and item["located"] == "BAKU"
    assert item["places"] == [
        {"name": "Azerbaijan", "uri": "http://testserver/countries/azerbaijan/", "literal": "AZ"},
        {"name": "Türkiye", "uri": "http://testserver/countries/turkiye/", "literal": "TR"},
    ]
    assert item["organisations"] == [
        {
            "name": "Ministry of Energy of Azerbaijan",
            "uri": "http://testserver/ministries/ministry-of-energy-of-azerbaijan/",
        }
    ]
    assert item["subjects"] == [{"name": "Energy", "uri": "http://testserver/topics/energy/"}]
    assert item["firstcreated"] == story.published_at.isoformat()
    assert "embargoed" not in item


def test_an_item_and_its_list_entry_give_the_address_of_the_storys_page(client):
    story = make_article(headline="A story an app opens")
    item = client.get(item_url(story)).json()
    [listed] = client.get(STORIES).json()["results"]
    assert (
        item["altids"] == listed["altids"] == [{"role": "web", "value": f"http://testserver{story.get_absolute_url()}"}]
    )
    page = client.get(item["altids"][0]["value"])
    assert page.status_code == 200 and b"A story an app opens" in page.content


def test_the_list_gives_each_story_but_its_text_which_its_own_address_gives(client):
    story = make_article(headline="Listed", body="The text itself.")
    [listed] = client.get(STORIES).json()["results"]
    item = client.get(item_url(story)).json()
    assert listed["representationtype"] == "partial" and "bodies" not in listed
    assert item["representationtype"] == "full" and item["bodies"][0]["value"] == "The text itself."
    assert {key: value for key, value in item.items() if key not in ("bodies", "representationtype")} == {
        key: value for key, value in listed.items() if key != "representationtype"
    }


def test_an_unpublished_or_unknown_story_is_not_found(client):
    draft = make_article(status=S.DRAFT)
    for url in (item_url(draft), f"{STORIES}999999/", f"{STORIES}99999999999999999999999/", f"{STORIES}abc/"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["status"] == 404, url


def test_pages_follow_one_another_without_repeats_even_when_stories_arrive(client, settings):
    settings.NEWSROOM_API_PAGE_SIZE = 2
    same_time = days_ago(2)
    for n in range(5):  # a wire day: several stories at one time
        make_article(headline=f"Story {n}", published_at=same_time)
    first = client.get(STORIES).json()
    make_article(headline="Breaking, after the first page was read")
    rest = every_item(client, first["next"])
    seen = [item["headlines"][0]["value"] for item in first["results"] + rest]
    assert sorted(seen) == [f"Story {n}" for n in range(5)]
    assert len(first["results"]) == 2 and first["next"].startswith("http://testserver/api/v1/stories/?cursor=")


def test_filters_by_tag_and_search(client):
    make_article(headline="Gas from Baku", countries=["Azerbaijan"], topics=["Energy"])
    make_article(headline="Cotton from Tashkent", countries=["Uzbekistan"], topics=["Trade"])
    make_article(headline="Ministry news", ministries=["Ministry of Economy of Azerbaijan"])
    assert headlines(client.get(f"{STORIES}?country=azerbaijan")) == ["Gas from Baku"]
    assert headlines(client.get(f"{STORIES}?topic=trade")) == ["Cotton from Tashkent"]
    assert headlines(client.get(f"{STORIES}?ministry=ministry-of-economy-of-azerbaijan")) == ["Ministry news"]
    assert headlines(client.get(f"{STORIES}?q=cotton")) == ["Cotton from Tashkent"]
    assert client.get(f"{STORIES}?country=nowhere").status_code == 400


def test_a_tag_only_drafts_carry_is_refused_like_an_unknown_one(client):
    make_article(headline="Secret", status=S.DRAFT, ministries=["Ministry of Secrets of Azerbaijan"])
    known = client.get(f"{STORIES}?ministry=ministry-of-secrets-of-azerbaijan")
    unknown = client.get(f"{STORIES}?ministry=ministry-of-nothing")
    assert known.status_code == unknown.status_code == 400
    messages = [known.json()["message"], unknown.json()["message"].replace("nothing", "secrets-of-azerbaijan")]
    assert messages[0] == messages[1]


def test_since_lists_what_changed_oldest_first_with_canceled_stories_and_no_text(client):
    publisher = user_in("Publishers")
    old = make_article(headline="Old, untouched", published_at=days_ago(5))
    Article.objects.filter(pk=old.pk).update(updated_at=days_ago(5))
    withdrawn = make_article(headline="Withdrawn for legal reasons", body="Libel.", published_at=days_ago(2))
    since = timezone.now()
    fresh = make_article(headline="Fresh")
    transition(withdrawn, "unpublish", by=publisher, reason="legal")
    items = every_item(client, f"{STORIES}?since={since.isoformat().replace('+', '%2B')}")
    assert [item["uri"] for item in items] == [f"urn:newsroom:story:{s.pk}" for s in (fresh, withdrawn)]
    canceled = items[1]
    assert canceled["pubstatus"] == "canceled"
    assert set(canceled) == {"uri", "type", "version", "versioncreated", "pubstatus"}
    # The next poll starts from the last change it saw, and finds nothing it has not handled (the overlap
    # gives some items again, with the same uri and version).
    after = canceled["versioncreated"].replace("+", "%2B")
    handled = {(item["uri"], item["version"]) for item in items}
    assert {(item["uri"], item["version"]) for item in every_item(client, f"{STORIES}?since={after}")} <= handled
    # Asked for by its id, the withdrawn story says it is canceled, and still gives no text.
    assert client.get(item_url(withdrawn)).json() == canceled
    assert b"Libel" not in client.get(item_url(withdrawn)).content


def test_a_kill_and_a_return_each_carry_a_version_of_their_own(client):
    # A client keeps uri and version of each item it has handled: a kill with the live item's version, or a
    # return with the first one's, would be taken for one it already handled, and ignored.
    publisher = user_in("Publishers")
    story = make_article(headline="Ferry line opens")
    live = client.get(item_url(story)).json()
    transition(story, "unpublish", by=publisher, reason="legal")
    canceled = client.get(item_url(story)).json()
    transition(story, "publish", by=publisher)
    back = client.get(item_url(story)).json()
    assert [item["pubstatus"] for item in (live, canceled, back)] == ["usable", "canceled", "usable"]
    assert len({(item["uri"], item["version"]) for item in (live, canceled, back)}) == 3


def test_a_story_committed_after_a_poll_with_an_earlier_time_still_reaches_the_next_poll(client):
    # An import batch stamps each story as it saves it and commits them all at its end: meanwhile a client
    # may have polled and been given a later time to ask from.
    make_article(headline="Seen by the first poll")
    polled = every_item(client, f"{STORIES}?since=2000-01-01T00:00:00Z")
    last_seen = polled[-1]["versioncreated"]
    late = make_article(headline="Committed late", published_at=days_ago(1))
    saved = datetime.datetime.fromisoformat(last_seen) - datetime.timedelta(minutes=2)
    Article.objects.filter(pk=late.pk).update(updated_at=saved)
    items = every_item(client, f"{STORIES}?since={last_seen.replace('+', '%2B')}")
    handled = {(item["uri"], item["version"]) for item in polled}
    new = [item for item in items if (item["uri"], item["version"]) not in handled]
    assert [item["headlines"][0]["value"] for item in new] == ["Committed late"]


def test_a_story_going_live_by_the_clock_counts_as_a_change_for_since(client):
    since = timezone.now()
    overlap = datetime.timedelta(seconds=settings.NEWSROOM_API_SINCE_OVERLAP)
    before = since - overlap  # what `since` lists starts this much earlier
    story = make_article(headline="Published before", published_at=before - datetime.timedelta(minutes=1))
    due = since + datetime.timedelta(seconds=1)
    scheduled = make_article(headline="Due in a second", published_at=due)
    for pk in (story.pk, scheduled.pk):  # both saved (scheduled) well before
        Article.objects.filter(pk=pk).update(updated_at=before - datetime.timedelta(minutes=2))
    query = f"{STORIES}?since={(since - datetime.timedelta(seconds=30)).isoformat().replace('+', '%2B')}"
    assert headlines(client.get(query)) == []
    time.sleep(max(0, (due - timezone.now()).total_seconds()) + 0.05)
    assert headlines(client.get(query)) == ["Due in a second"]


def test_a_story_that_was_never_live_is_not_canceled_anywhere(client):
    publisher = user_in("Publishers")
    scheduled = make_article(
        headline="Scheduled then dropped", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    since = days_ago(1)
    transition(scheduled, "unpublish", by=publisher)
    assert client.get(item_url(scheduled)).status_code == 404
    assert every_item(client, f"{STORIES}?since={since:%Y-%m-%dT%H:%M:%S}Z") == []


def test_an_embargo_put_on_a_live_story_cancels_it_for_readers(client):
    story = make_article(headline="Live, then held")
    set_embargo(story, timezone.now() + datetime.timedelta(hours=3), by=user_in("Publishers"))
    assert client.get(item_url(story)).json()["pubstatus"] == "canceled"


def test_an_editors_change_waiting_for_a_publisher_stays_out_of_the_api(client):
    story = make_article(headline="Ferry line opens", body="The first ferry sailed on Monday.")
    client.force_login(user_in("Editors"))
    client.post(change_url(story), story_form(story, headline="Ferry line to Aktau opens", body="To Aktau."))
    client.logout()
    assert desk_copy(story)["headline"] == "Ferry line to Aktau opens"  # pending, for a publisher
    item = client.get(item_url(story)).json()
    assert item["headlines"][0]["value"] == "Ferry line opens"
    assert item["bodies"][0]["value"] == "The first ferry sailed on Monday."
    assert headlines(client.get(STORIES)) == ["Ferry line opens"]
