"""Times far ahead: a schedule or embargo past ten years is refused, and a story holding one still opens."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, WorkflowEvent
from tests.desk_forms import change_url, story_form, transition_url, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status
ZONES = ["UTC", "Asia/Baku", "America/New_York"]
# The last moment a date can hold: in a zone east of UTC it is already the year 10000.
LAST_MOMENT = datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)


@pytest.mark.parametrize("zone", ZONES)
def test_a_reporter_cannot_lock_a_story_with_an_embargo_in_the_year_9999(client, settings, zone):
    settings.TIME_ZONE = zone
    reporter = user_in("Reporters", "rita")
    story = make_article(status=S.DRAFT, author=reporter, published_at=None)
    client.force_login(reporter)

    response = client.post(
        change_url(story),
        {**story_form(story, headline="Kept as typed"), "_embargo": "set", "embargo_until_new": "9999-12-31T23:59:59"},
        follow=True,
    )

    assert "more than 10 years ahead" in response.content.decode()
    story.refresh_from_db()
    assert (story.headline, story.embargo_until) == ("Kept as typed", None)
    assert not WorkflowEvent.objects.filter(article=story).exists()
    assert client.get(change_url(story)).status_code == 200

    in_nine_years = timezone.localtime() + datetime.timedelta(days=9 * 365)
    later = in_nine_years.strftime("%Y-%m-%dT%H:%M")
    client.post(change_url(story), {**story_form(story), "_embargo": "set", "embargo_until_new": later})
    story.refresh_from_db()
    assert story.is_embargoed and story.embargo_until.year == in_nine_years.year


@pytest.mark.parametrize("zone", ZONES)
def test_a_publisher_cannot_schedule_a_story_for_the_year_9999(client, settings, zone):
    settings.TIME_ZONE = zone
    story = make_article(status=S.READY, published_at=None)
    client.force_login(user_in("Publishers"))

    by_button = client.post(transition_url(story, "schedule"), {"publish_at": "9999-12-31T23:59"}, follow=True)
    in_form = client.post(
        change_url(story),
        {**story_form(story), "_transition": "schedule", "publish_at": "9999-12-31T23:59:59"},
        follow=True,
    )

    for response in (by_button, in_form):
        assert "more than 10 years ahead" in response.content.decode()
    story.refresh_from_db()
    assert (story.status, story.published_at) == (S.READY, None)
    assert client.get(change_url(story)).status_code == 200


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("status", [S.DRAFT, S.READY, S.PUBLISHED])
def test_a_story_already_holding_the_last_possible_embargo_still_opens(client, settings, zone, status):
    settings.TIME_ZONE = zone
    story = make_article(status=status, embargo_until=LAST_MOMENT)
    WorkflowEvent.objects.create(
        article=story,
        action="embargo",
        from_status=status,
        to_status=status,
        actor_name="shell",
        embargo_until=LAST_MOMENT,
    )
    client.force_login(user_in("Publishers"))

    page = client.get(change_url(story))
    desk_list = client.get(reverse("admin:articles_article_changelist"))

    assert page.status_code == desk_list.status_code == 200
    assert "under embargo until" in page.content.decode() and "9999" in page.content.decode()
    assert "9999" in desk_list.content.decode()
    # Whoever opens it can still lift the embargo, and the story is theirs again.
    client.post(change_url(story), {**story_form(story), "_embargo": "lift"})
    story.refresh_from_db()
    assert story.embargo_until is None
    client.post(change_url(story), story_form(story, headline="Free again"))
    compared = client.get(reverse("admin:articles_article_revisions", args=[story.pk]))
    assert compared.status_code == 200 and "9999" in compared.content.decode()


def test_a_story_already_scheduled_for_the_last_possible_moment_still_opens_and_previews(client, settings):
    settings.TIME_ZONE = "Asia/Baku"  # east of UTC, where that moment is in the year 10000
    story = make_article(status=S.PUBLISHED, published_at=LAST_MOMENT)
    client.force_login(user_in("Publishers"))

    page = client.get(change_url(story))
    desk_list = client.get(reverse("admin:articles_article_changelist"))
    preview = client.get(reverse("admin:articles_article_preview", args=[story.pk]))

    assert page.status_code == desk_list.status_code == preview.status_code == 200
    assert "9999" in page.content.decode() and "9999" in desk_list.content.decode()
    assert story.headline in preview.content.decode()


def test_save_and_schedule_without_a_time_asks_for_the_time(client):
    story = make_article(status=S.READY, published_at=None)
    client.force_login(user_in("Publishers"))

    response = client.post(
        change_url(story), {**story_form(story), "_transition": "schedule", "publish_at": ""}, follow=True
    )

    page = response.content.decode()
    assert "Give the time the story goes live." in page and "must be in the future" not in page
    story.refresh_from_db()
    assert story.status == S.READY
