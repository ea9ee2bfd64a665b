"""No filter reads what a story taken down says or carries now: `q`, `country`, `ministry` and `topic` match
only what the asker may read, and with `since` every takedown is listed whatever the filters, so the answer for
a word (or tag) a withdrawn story now holds is the answer for one it does not, and a client still gets the kill
of an item it was sent under its filter."""

import datetime

import pytest
from django.utils import timezone

from articles.desk.workflow import transition
from articles.models import Article, CountryTag, MinistryTag, TopicTag
from tests.factories import make_article

from .helpers import STORIES, bearer, desk_save, every_item, item_url, partner_key, since, staff

pytestmark = pytest.mark.django_db
S = Article.Status
SINCE = f"{STORIES}?since=2000-01-01T00:00:00Z"
SENT = {"countries": "Azerbaijan", "ministries": "Ministry of Energy of Azerbaijan", "topics": "Energy"}
ADDED = {"countries": "Georgia", "ministries": "Ministry of Defence of Georgia", "topics": "Defence"}
ABSENT = {"countries": "Uzbekistan", "ministries": "Ministry of Trade of Uzbekistan", "topics": "Cotton"}
FILTERS = {"countries": ("country", CountryTag), "ministries": ("ministry", MinistryTag), "topics": ("topic", TopicTag)}


def withdrawn_then_edited(how):
    """A story readers (`unpublish`) or partners (`send_back`, embargoed copy) had, taken back and then given a
    secret word and other tags in the desk. Other live stories carry the added and absent tags, so that each tag
    exists and is public."""
    make_article(
        headline="Elsewhere",
        countries=[ADDED["countries"], ABSENT["countries"]],
        ministries=[ADDED["ministries"], ABSENT["ministries"]],
        topics=[ADDED["topics"], ABSENT["topics"]],
    )
    fields = {"embargo_until": timezone.now() + datetime.timedelta(hours=3), "status": S.READY, "published_at": None}
    story = make_article(
        headline="Pipeline deal", body="The first paragraph.",
        countries=[SENT["countries"]], ministries=[SENT["ministries"]], topics=[SENT["topics"]],
        **(fields if how == "send_back" else {}),
    )  # fmt: skip
    transition(story, how, by=staff("Publishers", "publisher"), reason="Wrong figures.")
    word = "ZEBRASECRET" if how == "unpublish" else "WALRUSDRAFT"
    tags = {kind: [FILTERS[kind][1].objects.get(name=name).pk] for kind, name in ADDED.items()}
    desk_save(story, body=f"The first paragraph.\n\n{word} says the minister.", **tags)
    return story, word


def uris(client, url, headers):
    return [(item["uri"], item["pubstatus"]) for item in every_item(client, url, **headers)]


CASES = {"anonymous, unpublished": ("unpublish", False), "partner, embargoed copy sent back": ("send_back", True)}


@pytest.mark.parametrize("case", list(CASES))
def test_search_says_nothing_of_what_a_taken_down_story_now_says(client, case):
    how, partner = CASES[case]
    story, word = withdrawn_then_edited(how)
    headers = bearer(partner_key()[1]) if partner else {}
    kill = (f"urn:newsroom:story:{story.pk}", "canceled")
    secret, absent = uris(client, f"{SINCE}&q={word}", headers), uris(client, f"{SINCE}&q=NOTTHERE", headers)
    assert secret == absent == [kill]
    # Without `since` no filter lists a takedown, whatever it says.
    assert every_item(client, f"{STORIES}?q={word}", **headers) == []
    assert word.encode() not in client.get(item_url(story), **headers).content


@pytest.mark.parametrize("kind", list(FILTERS))
@pytest.mark.parametrize("case", list(CASES))
def test_a_tag_filter_says_nothing_of_the_tags_a_taken_down_story_now_has(client, case, kind):
    how, partner = CASES[case]
    story, _word = withdrawn_then_edited(how)
    headers = bearer(partner_key()[1]) if partner else {}
    name, model = FILTERS[kind]
    slug = {which: model.objects.get(name=tags[kind]).slug for which, tags in (("added", ADDED), ("absent", ABSENT))}
    added = uris(client, f"{SINCE}&{name}={slug['added']}", headers)
    absent = uris(client, f"{SINCE}&{name}={slug['absent']}", headers)
    assert added == absent
    assert (f"urn:newsroom:story:{story.pk}", "canceled") in added


@pytest.mark.parametrize("kind", list(FILTERS))
@pytest.mark.parametrize("case", list(CASES))
def test_a_client_polling_under_a_filter_gets_the_kill_of_the_item_it_was_sent(client, case, kind):
    how, partner = CASES[case]
    headers = bearer(partner_key()[1]) if partner else {}
    name, model = FILTERS[kind]
    start = timezone.now() - datetime.timedelta(seconds=1)
    url = f"{since(start)}&{name}="
    story, _word = withdrawn_then_edited(how)
    sent_slug = model.objects.get(name=SENT[kind]).slug
    assert (f"urn:newsroom:story:{story.pk}", "canceled") in uris(client, url + sent_slug, headers)
