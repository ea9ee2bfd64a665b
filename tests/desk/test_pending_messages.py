"""What the desk says after a save of a live story: one account of what happened, naming the story as typed."""

import pytest

from tests.desk_forms import change_url, story_form, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def said(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def live():
    return make_article(headline="Ferry line opens", body="The first ferry sailed on Monday.")


def test_save_and_publish_changes_says_they_are_live_or_if_refused_that_they_wait(client, live):
    client.force_login(user_in("Publishers"))

    response = client.post(
        change_url(live),
        story_form(live, correction="An earlier version gave the wrong day.", _transition="publish_changes"),
        follow=True,
    )

    assert said(response) == ["“Ferry line opens”: the pending changes are live."]
    live.refresh_from_db()
    assert (live.correction, live.pending) == ("An earlier version gave the wrong day.", None)

    client.force_login(user_in("Editors"))
    refused = client.post(
        change_url(live), story_form(live, headline="Ferry to Aktau", _transition="publish_changes"), follow=True
    )

    messages = " ".join(said(refused))
    assert "Only a publisher can publish or discard" in messages and "Your changes are pending" in messages
    assert "the pending changes are live" not in messages


def test_an_editors_pending_save_is_named_by_the_headline_they_typed(client, live):
    client.force_login(user_in("Editors"))

    response = client.post(change_url(live), story_form(live, headline="Ferry line to Aktau opens"), follow=True)

    messages = " ".join(said(response))
    assert ">Ferry line to Aktau opens</a>” was changed successfully" in messages
    assert "Ferry line opens<" not in messages
    assert "Your changes are pending" in messages
