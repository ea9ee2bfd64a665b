"""The editorial workflow: every role against every transition, through the admin and by forged POSTs."""

import datetime
import time

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from articles.desk.workflow import WorkflowError, WorkflowPermissionError, transition
from articles.models import Article, WorkflowEvent
from tests.desk_forms import change_url, desk_copy, story_form, transition_url, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status
# A time to schedule for: in the future, and within the desk's ten years ahead.
NEXT_YEAR = timezone.now().year + 1

# action -> (a state it applies to, the state it leads to, what the POST must carry)
ACTIONS = {
    "submit": (S.DRAFT, S.IN_REVIEW, {}),
    "approve": (S.IN_REVIEW, S.READY, {}),
    "send_back": (S.IN_REVIEW, S.DRAFT, {"reason": "Needs a second source."}),
    "publish": (S.READY, S.PUBLISHED, {}),
    "schedule": (S.READY, S.PUBLISHED, {"publish_at": f"{NEXT_YEAR}-01-01T09:30"}),
    "unpublish": (S.PUBLISHED, S.UNPUBLISHED, {}),
    "archive": (S.PUBLISHED, S.ARCHIVED, {}),
}
# Every other state each action applies to, and where it leads from there.
MORE_SOURCES = [
    ("send_back", S.READY, S.DRAFT),
    ("send_back", S.UNPUBLISHED, S.DRAFT),
    ("send_back", S.ARCHIVED, S.DRAFT),
    ("publish", S.UNPUBLISHED, S.PUBLISHED),
    ("schedule", S.UNPUBLISHED, S.PUBLISHED),
    ("archive", S.DRAFT, S.ARCHIVED),
    ("archive", S.IN_REVIEW, S.ARCHIVED),
    ("archive", S.READY, S.ARCHIVED),
    ("archive", S.UNPUBLISHED, S.ARCHIVED),
]
# role -> the actions it may take (on a story the role can see)
ALLOWED = {
    "Reporters": {"submit"},
    "Editors": {"submit", "approve", "send_back"},
    "Publishers": set(ACTIONS),
}


@pytest.fixture
def reporter():
    return user_in("Reporters", "rita")


def story_in(status, author):
    return make_article(status=status, author=author, published_at=timezone.now() - datetime.timedelta(hours=1))


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_role_against_every_transition_through_the_admin(client, reporter, role, action):
    user = reporter if role == "Reporters" else user_in(role)
    source, target, data = ACTIONS[action]
    story = story_in(source, author=reporter)
    client.force_login(user)

    response = client.post(transition_url(story, action), data)

    story.refresh_from_db()
    if action in ALLOWED[role]:
        assert response.status_code == 302
        assert story.status == target
        event = WorkflowEvent.objects.get(article=story)
        assert (event.action, event.from_status, event.to_status, event.actor) == (action, source, target, user)
        assert event.reason == data.get("reason", "")
    else:
        assert response.status_code == 403
        assert story.status == source
        assert not WorkflowEvent.objects.exists()


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize(("action", "source", "target"), MORE_SOURCES)
def test_every_role_against_the_other_source_states(client, reporter, role, action, source, target):
    user = reporter if role == "Reporters" else user_in(role)
    story = story_in(source, author=reporter)
    client.force_login(user)
    response = client.post(transition_url(story, action), ACTIONS[action][2])
    story.refresh_from_db()
    allowed = action in ALLOWED[role]
    if role == "Reporters" and source != S.DRAFT:
        allowed = False
    assert story.status == (target if allowed else source)
    assert response.status_code in ((302,) if allowed else (403, 404))


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_role_against_every_transition_with_the_buttons_in_the_story_form(client, reporter, role, action):
    """The buttons save the form, then move the story: an edit typed before the click is kept."""
    user = reporter if role == "Reporters" else user_in(role)
    source, target, data = ACTIONS[action]
    story = story_in(source, author=reporter)
    client.force_login(user)
    form = story_form(story, headline="Typed just before the click", _transition=action)
    form.update({f"reason_{action}": data.get("reason", ""), "publish_at": data.get("publish_at", "")})

    client.post(change_url(story), form)

    story.refresh_from_db()
    can_edit = role != "Reporters" or source == S.DRAFT
    assert story.status == (target if action in ALLOWED[role] and can_edit else source)
    # On a story left published, the edit waits for a publisher (tests/desk/test_pending_changes.py).
    assert (desk_copy(story)["headline"] == "Typed just before the click") == can_edit


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize(
    "action", ["submit_selected", "approve_selected", "publish_selected", "unpublish_selected", "archive_selected"]
)
def test_every_role_against_every_bulk_action(client, reporter, role, action):
    user = reporter if role == "Reporters" else user_in(role)
    name = action.removesuffix("_selected")
    source, target, _data = ACTIONS[name]
    stories = [story_in(source, author=reporter) for _ in range(2)]
    client.force_login(user)
    client.post(
        reverse("admin:articles_article_changelist"), {"action": action, "_selected_action": [s.pk for s in stories]}
    )
    expected = target if name in ALLOWED[role] else source
    assert [Article.objects.get(pk=s.pk).status for s in stories] == [expected, expected]


@pytest.mark.parametrize("role", list(ALLOWED))
def test_the_buttons_offered_are_exactly_the_allowed_transitions(client, reporter, role):
    user = reporter if role == "Reporters" else user_in(role)
    client.force_login(user)
    for action, (source, _target, _data) in ACTIONS.items():
        story = story_in(source, author=reporter)
        page = client.get(change_url(story)).content.decode()
        offered = f'name="_transition" value="{action}"' in page
        assert offered == (action in ALLOWED[role]), (role, action)


def test_a_reporter_cannot_see_or_touch_another_reporters_story(client, reporter):
    other = user_in("Reporters", "otto")
    story = story_in(S.DRAFT, author=other)
    client.force_login(reporter)
    assert client.get(change_url(story)).status_code == 302  # "doesn't exist", back to the list
    assert client.post(transition_url(story, "submit")).status_code == 404
    assert client.post(change_url(story), story_form(story, headline="Hijacked")).status_code in (302, 403)
    story.refresh_from_db()
    assert story.status == S.DRAFT
    assert story.headline != "Hijacked"


def test_a_reporter_can_edit_only_their_own_drafts(client, reporter):
    client.force_login(reporter)
    draft = story_in(S.DRAFT, author=reporter)
    assert client.post(change_url(draft), story_form(draft, headline="Better")).status_code == 302
    in_review = story_in(S.IN_REVIEW, author=reporter)
    client.post(change_url(in_review), story_form(in_review, headline="Sneaky"))
    in_review.refresh_from_db()
    assert in_review.headline != "Sneaky"


def test_a_forged_status_in_the_change_form_is_ignored(admin_client):
    story = make_article(status=S.DRAFT)
    response = admin_client.post(
        change_url(story), story_form(story, status=S.PUBLISHED, published_at_0="2020-01-01", published_at_1="00:00")
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == S.DRAFT
    assert not Article.objects.published().filter(pk=story.pk).exists()


def test_a_bulk_action_a_role_lacks_is_not_carried_out(client, reporter):
    editor = user_in("Editors")
    stories = [story_in(S.READY, author=reporter) for _ in range(2)]
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [s.pk for s in stories]},
    )
    assert not Article.objects.filter(status=S.PUBLISHED).exists()


def test_bulk_actions_apply_to_each_story_and_report_refusals(client):
    publisher = user_in("Publishers")
    ready, draft = story_in(S.READY, author=None), story_in(S.DRAFT, author=None)
    client.force_login(publisher)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, draft.pk]},
        follow=True,
    )
    page = response.content.decode()
    ready.refresh_from_db(), draft.refresh_from_db()
    assert (ready.status, draft.status) == (S.PUBLISHED, S.DRAFT)
    assert "1 story published; 1 refused: A story that is draft cannot be published" in page


def test_wrong_state_transitions_are_refused_with_a_reason(admin_client):
    draft = make_article(status=S.DRAFT)
    response = admin_client.post(transition_url(draft, "approve"), follow=True)
    assert "A story that is draft cannot be approved" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_sending_back_needs_a_reason(admin_client):
    story = make_article(status=S.IN_REVIEW)
    response = admin_client.post(transition_url(story, "send_back"), {"reason": "  "}, follow=True)
    assert "Give a reason" in response.content.decode()
    story.refresh_from_db()
    assert story.status == S.IN_REVIEW


def test_the_operations_themselves_refuse_the_same_way():
    reporter = user_in("Reporters")
    story = make_article(status=S.READY, author=reporter)
    with pytest.raises(WorkflowPermissionError):
        transition(story, "publish", by=reporter)
    with pytest.raises(WorkflowError):
        transition(story, "submit", by=User.objects.create_superuser("root", password="pw"))
    story.refresh_from_db()
    assert story.status == S.READY


def test_a_scheduled_story_goes_live_at_its_time_without_any_job(client):
    publisher = user_in("Publishers")
    story = make_article(status=S.READY, headline="The scheduled story")
    at = timezone.now() + datetime.timedelta(seconds=1.5)
    transition(story, "schedule", by=publisher, at=at)
    story.refresh_from_db()
    assert story.is_scheduled
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "The scheduled story" not in client.get("/").content.decode()

    time.sleep(max(0, (at - timezone.now()).total_seconds()) + 0.2)

    assert client.get(story.get_absolute_url()).status_code == 200
    assert "The scheduled story" in client.get("/").content.decode()


def test_scheduling_from_the_admin_takes_the_newsroom_time_zone(client, settings):
    settings.TIME_ZONE = "Asia/Baku"
    publisher = user_in("Publishers")
    story = make_article(status=S.READY)
    client.force_login(publisher)
    client.post(transition_url(story, "schedule"), {"publish_at": f"{NEXT_YEAR}-03-01T09:30"})
    story.refresh_from_db()
    assert story.published_at == datetime.datetime(NEXT_YEAR, 3, 1, 5, 30, tzinfo=datetime.UTC)


def test_a_scheduled_time_must_be_in_the_future(admin_client):
    story = make_article(status=S.READY)
    response = admin_client.post(transition_url(story, "schedule"), {"publish_at": "2001-01-01T00:00"}, follow=True)
    assert "must be in the future" in response.content.decode()
    story.refresh_from_db()
    assert story.status == S.READY


def test_an_embargo_blocks_publishing_even_by_a_publisher(client):
    publisher = user_in("Publishers")
    embargo = timezone.now() + datetime.timedelta(days=1)
    story = make_article(status=S.READY, embargo_until=embargo)
    client.force_login(publisher)

    response = client.post(transition_url(story, "publish"), follow=True)
    assert "under embargo until" in response.content.decode()
    early = (embargo - datetime.timedelta(hours=1)).astimezone(timezone.get_current_timezone())
    client.post(transition_url(story, "schedule"), {"publish_at": early.strftime("%Y-%m-%dT%H:%M")})
    story.refresh_from_db()
    assert story.status == S.READY

    later = (embargo + datetime.timedelta(hours=1)).astimezone(timezone.get_current_timezone())
    client.post(transition_url(story, "schedule"), {"publish_at": later.strftime("%Y-%m-%dT%H:%M")})
    story.refresh_from_db()
    assert story.status == S.PUBLISHED and story.is_scheduled


def test_an_embargoed_story_stays_off_the_site_even_if_published():
    story = make_article(status=S.PUBLISHED, embargo_until=timezone.now() + datetime.timedelta(hours=2))
    assert not Article.objects.published().filter(pk=story.pk).exists()


def test_the_change_form_shows_the_embargo_and_the_history(admin_client):
    story = make_article(status=S.IN_REVIEW, embargo_until=timezone.now() + datetime.timedelta(days=2))
    admin_client.post(transition_url(story, "send_back"), {"reason": "Check the figures."})
    page = admin_client.get(change_url(story)).content.decode()
    assert "under embargo until" in page
    assert "Check the figures." in page


def test_publish_now_cannot_be_backdated(admin_client):
    story = make_article(status=S.READY, published_at=None)
    admin_client.post(transition_url(story, "publish"), {"publish_at": "2001-01-01T00:00"})
    story.refresh_from_db()
    assert story.published_at > timezone.now() - datetime.timedelta(minutes=1)


def test_republishing_keeps_the_time_and_so_the_url():
    publisher = user_in("Publishers")
    story = make_article(status=S.PUBLISHED, published_at=timezone.now() - datetime.timedelta(days=10))
    url = story.get_absolute_url()
    transition(story, "unpublish", by=publisher)
    transition(story, "publish", by=publisher)
    story.refresh_from_db()
    assert story.get_absolute_url() == url


def test_a_transition_from_a_stale_page_is_refused(admin_client):
    story = make_article(status=S.READY)
    seen = story.version
    story.headline = "Changed by someone after the publisher loaded the page"
    from django.db import transaction

    with transaction.atomic():
        story.save_content(expected_version=seen, fields=["headline"])
    response = admin_client.post(transition_url(story, "publish"), {"base_version": seen}, follow=True)
    assert "changed after you opened it" in response.content.decode()
    story.refresh_from_db()
    assert story.status == S.READY


def test_once_published_the_slug_cannot_change(admin_client):
    story = make_article(status=S.PUBLISHED)
    url = story.get_absolute_url()
    admin_client.post(change_url(story), story_form(story, slug="moved"))
    story.refresh_from_db()
    assert story.get_absolute_url() == url


def embargo_form(story, **extra):
    later = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    return {**story_form(story), "_embargo": "set", "embargo_until_new": later, **extra}


def test_any_editor_of_a_story_can_put_it_under_embargo_and_it_is_recorded(client, reporter):
    story = story_in(S.DRAFT, author=reporter)
    client.force_login(reporter)
    client.post(change_url(story), embargo_form(story, reason_embargo="Embargoed by the ministry"))
    story.refresh_from_db()
    assert story.is_embargoed
    event = WorkflowEvent.objects.get(article=story)
    assert (event.action, event.actor, event.reason) == ("embargo", reporter, "Embargoed by the ministry")


def test_only_a_publisher_can_lift_an_embargo(client):
    editor, publisher = user_in("Editors"), user_in("Publishers")
    story = make_article(status=S.PUBLISHED, embargo_until=timezone.now() + datetime.timedelta(days=1))
    client.force_login(editor)
    response = client.post(change_url(story), {**story_form(story), "_embargo": "lift"}, follow=True)
    assert "Only a publisher can lift" in response.content.decode()
    story.refresh_from_db()
    assert story.is_embargoed and not Article.objects.published().filter(pk=story.pk).exists()

    client.force_login(publisher)
    client.post(change_url(story), {**story_form(story), "_embargo": "lift"})
    story.refresh_from_db()
    assert not story.is_embargoed and Article.objects.published().filter(pk=story.pk).exists()


def test_the_embargo_cannot_be_changed_through_the_story_form(admin_client):
    story = make_article(status=S.READY, embargo_until=timezone.now() + datetime.timedelta(days=1))
    admin_client.post(change_url(story), story_form(story, embargo_until_0="", embargo_until_1=""))
    story.refresh_from_db()
    assert story.is_embargoed


def test_the_importers_batch_publish_records_what_a_transition_does():
    """publish_wire_many: new stories saved published at their wire times, each with transition()'s event."""
    from articles.desk.workflow import publish_wire_many
    from articles.site import page_cache

    single = make_article(status=S.DRAFT, published_at=None)
    transition(single, "publish_wire", by=None, at=timezone.now() - datetime.timedelta(days=3))
    expected = WorkflowEvent.objects.values("action", "from_status", "to_status", "actor", "actor_name", "reason").get()
    stories = [Article(headline=f"Wire story {n}", slug=f"wire-story-{n}", body="Body.") for n in range(3)]
    times = [timezone.now() - datetime.timedelta(days=n) for n in range(3)]
    generation = page_cache.generation()

    publish_wire_many(stories, at=times)

    assert page_cache.generation() != generation
    for story, at in zip(stories, times, strict=True):
        story.refresh_from_db()
        assert (story.status, story.published_at) == (S.PUBLISHED, at)
        event = WorkflowEvent.objects.get(article=story)
        assert event.publish_at == at and event.created_at is not None
        assert WorkflowEvent.objects.filter(pk=event.pk).values(*expected).get() == expected


def test_the_batch_publish_takes_only_new_stories():
    from articles.desk.workflow import publish_wire_many

    saved = make_article(status=S.DRAFT, published_at=None)
    new = Article(headline="New", slug="new", body="Body.", status=S.READY)
    for stories in ([saved], [new]):
        with pytest.raises(WorkflowError):
            publish_wire_many(stories, at=[timezone.now()])
    saved.refresh_from_db()
    assert saved.status == S.DRAFT and not WorkflowEvent.objects.exists()
    assert not Article.objects.filter(slug="new").exists()
