"""A reporter's day: withdraw what they submitted, and find on the front page what was sent back (and why),
their drafts and what is assigned to them."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.desk.workflow import transition
from articles.models import Article, WorkflowEvent
from tests.desk_forms import change_url, transition_url, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status
INDEX = reverse("admin:index")


@pytest.fixture
def rita():
    return user_in("Reporters", "rita")


def test_a_reporter_withdraws_a_story_they_submitted_and_it_is_recorded(client, rita):
    story = make_article(status=S.DRAFT, author=rita, published_at=None)
    transition(story, "submit", by=rita)
    client.force_login(rita)

    page = client.get(change_url(story)).content.decode()
    withdraw = f'formaction="{transition_url(story, "withdraw")}"'
    assert withdraw in page  # on the read-only page of a story in review
    response = client.post(transition_url(story, "withdraw"), {"base_version": story.version}, follow=True)

    story.refresh_from_db()
    assert story.status == S.DRAFT
    event = WorkflowEvent.objects.filter(article=story).first()
    assert (event.action, event.from_status, event.to_status, event.actor) == ("withdraw", S.IN_REVIEW, S.DRAFT, rita)
    assertContains(response, "rita withdrew it from review")
    assertContains(response, "is now a draft.")


def test_nobody_withdraws_someone_elses_story_they_send_it_back_with_a_reason(client, rita):
    story = make_article(status=S.IN_REVIEW, author=rita, published_at=None)
    for user in (user_in("Reporters", "otto"), user_in("Editors"), user_in("Publishers")):
        client.force_login(user)
        assert client.post(transition_url(story, "withdraw")).status_code in (403, 404)
        assert 'value="withdraw"' not in client.get(change_url(story)).content.decode()
    story.refresh_from_db()
    assert story.status == S.IN_REVIEW and not WorkflowEvent.objects.exists()


def test_once_approved_a_story_is_no_longer_the_reporters_to_withdraw(client, rita):
    story = make_article(status=S.READY, author=rita, published_at=None)
    client.force_login(rita)
    response = client.post(transition_url(story, "withdraw"), follow=True)
    assertContains(response, "A story that is ready cannot be withdrawn from review.")
    story.refresh_from_db()
    assert story.status == S.READY


def test_the_front_page_lists_what_was_sent_back_with_the_reason_my_drafts_and_what_is_assigned(client, rita):
    editor = user_in("Editors", "edna")
    returned = make_article(status=S.IN_REVIEW, author=rita, published_at=None, headline="Ferry story")
    transition(returned, "send_back", by=editor, reason="Name the ferry company, and a second source.")
    make_article(status=S.DRAFT, author=rita, published_at=None, headline="Rita's own draft")
    make_article(status=S.IN_REVIEW, author=rita, published_at=None, headline="Rita's story in review")
    make_article(status=S.DRAFT, author=editor, assignee=rita, published_at=None, headline="Edna's idea for Rita")
    make_article(status=S.DRAFT, author=editor, published_at=None, headline="Edna's own draft")
    client.force_login(rita)

    response = client.get(INDEX)

    mine = response.context["desk"]["for_you"]
    assert [a.headline for a in mine.sent_back] == ["Ferry story"]
    assert mine.sent_back[0].sent_back_reason == "Name the ferry company, and a second source."
    assert [a.headline for a in mine.drafts] == ["Rita's own draft"]
    assert [a.headline for a in mine.assigned] == ["Edna's idea for Rita"]
    assertContains(response, "Sent back to you")
    assertContains(response, "Name the ferry company, and a second source.")
    assertContains(response, "Assigned to me")
    assertNotContains(response, "Edna&#x27;s own draft")


def test_a_story_assigned_to_a_reporter_is_theirs_to_open_write_and_submit(client, rita):
    editor = user_in("Editors", "edna")
    story = make_article(status=S.DRAFT, author=editor, assignee=rita, published_at=None, headline="Over to Rita")
    client.force_login(rita)

    assert client.get(change_url(story)).status_code == 200
    assertContains(client.get(reverse("admin:articles_article_changelist")), "Over to Rita")
    client.post(transition_url(story, "submit"))
    story.refresh_from_db()
    assert story.status == S.IN_REVIEW


def test_what_waits_for_you_costs_the_same_queries_however_many_stories(client, rita, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    editor = user_in("Editors", "edna")
    client.force_login(rita)

    def add(n):
        for _ in range(n):
            story = make_article(status=S.IN_REVIEW, author=rita, published_at=None)
            transition(story, "send_back", by=editor, reason="Again.")
            make_article(status=S.DRAFT, author=editor, assignee=rita, published_at=None)

    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(INDEX)
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(INDEX).context["desk"]["for_you"].sent_back_total == 22
