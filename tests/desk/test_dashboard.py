"""The desk's front page: counts per state, what needs attention, and the chart of stories per day."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.desk import dashboard
from articles.models import Article
from tests.factories import days_ago, make_article

pytestmark = pytest.mark.django_db

S = Article.Status
INDEX = reverse("admin:index")
CHANGELIST = reverse("admin:articles_article_changelist")


def hours_from_now(hours):
    return timezone.now() + datetime.timedelta(hours=hours)


def make_machine_made(**fields):
    article = make_article(**fields)
    article.import_snapshot = {"headline": article.headline}
    article.save()
    return article


def counts(response):
    return {state.value: state.count for state in response.context["desk"]["states"]}


@pytest.fixture
def reporter(client):
    user = User.objects.create_user("rita", password="-", is_staff=True)
    user.groups.add(Group.objects.get(name="Reporters"))
    client.force_login(user)
    return user


def test_the_index_counts_stories_per_state_and_links_to_each_filter(admin_client):
    for status in (S.DRAFT, S.DRAFT, S.IN_REVIEW, S.READY, S.UNPUBLISHED, S.ARCHIVED):
        make_article(status=status, published_at=None)
    make_article(status=S.PUBLISHED, published_at=days_ago(2))
    make_article(status=S.PUBLISHED, published_at=hours_from_now(5))

    response = admin_client.get(INDEX)

    assert counts(response) == {
        "draft": 2,
        "in_review": 1,
        "ready": 1,
        "scheduled": 1,
        "live": 1,
        "unpublished": 1,
        "archived": 1,
    }
    assertContains(response, f'<a href="{CHANGELIST}?status=draft"><strong>2</strong> draft</a>', html=True)
    assertContains(response, f'<a href="{CHANGELIST}?status=in_review"><strong>1</strong> in review</a>', html=True)
    for value in ("ready", "scheduled", "live", "unpublished", "archived"):
        assertContains(response, f'href="{CHANGELIST}?status={value}"')


def test_the_index_keeps_the_app_list(admin_client):
    assertContains(admin_client.get(INDEX), f'href="{CHANGELIST}"')


def test_stories_in_review_are_listed_longest_waiting_first(admin_client):
    newer = make_article(status=S.IN_REVIEW, headline="Submitted this morning")
    older = make_article(status=S.IN_REVIEW, headline="Submitted last week")
    Article.objects.filter(pk=older.pk).update(updated_at=days_ago(7))

    attention = admin_client.get(INDEX).context["desk"]["attention"]

    assert attention.in_review == [older, newer]
    assert attention.in_review_total == 2


def test_a_story_scheduled_in_three_hours_needs_attention_but_one_in_three_days_does_not(admin_client):
    make_article(status=S.PUBLISHED, published_at=hours_from_now(3), headline="Going out this afternoon")
    make_article(status=S.PUBLISHED, published_at=hours_from_now(72), headline="Going out on Friday")

    response = admin_client.get(INDEX)

    assert [a.headline for a in response.context["desk"]["attention"].scheduled_soon] == ["Going out this afternoon"]
    assertContains(response, "Going out this afternoon")
    assertNotContains(response, "Going out on Friday")
    assert counts(response)["scheduled"] == 2


def test_the_attention_lists_are_capped(admin_client):
    for _ in range(dashboard.ATTENTION_LIMIT + 2):
        make_article(status=S.IN_REVIEW)

    response = admin_client.get(INDEX)

    assert len(response.context["desk"]["attention"].in_review) == dashboard.ATTENTION_LIMIT
    assertContains(response, f'<a href="{CHANGELIST}?status=in_review">All 12 stories in review</a>', html=True)


def test_machine_made_headlines_are_counted_until_an_editor_edits_them(admin_client):
    make_machine_made()
    edited = make_machine_made()
    edited.headline = "Rewritten by the desk"
    edited.save()
    make_article()  # written by hand: no import snapshot at all

    response = admin_client.get(INDEX)

    assert response.context["desk"]["attention"].machine_headlines == 1
    assertContains(
        response,
        f'<a href="{CHANGELIST}?headline=machine">1 story still has its machine-made headline</a>',
        html=True,
    )


def test_the_chart_has_a_bar_per_day_with_that_days_count_and_no_script(admin_client):
    noon_three_days_ago = timezone.localtime(days_ago(3)).replace(hour=12, minute=0)
    make_article(published_at=noon_three_days_ago)
    make_article(published_at=noon_three_days_ago + datetime.timedelta(minutes=5))
    make_article(status=S.UNPUBLISHED, published_at=noon_three_days_ago)  # went out, came back: not live
    make_article(published_at=days_ago(45))  # before the chart's month

    page = admin_client.get(INDEX).content.decode()

    chart = re.search(r'<svg class="chart".*?</svg>', page, re.DOTALL).group(0)
    assert 'role="img"' in chart
    assert 'aria-label="2 stories published from' in chart
    assert chart.count("<rect") == 30
    day = noon_three_days_ago.date().isoformat()
    assert f"<title>{day}: 2 stories</title>" in chart
    desk = page.split('<div class="newsroom-desk">')[1].split('<div class="app-')[0]
    assert "<script" not in desk.lower()
    assert "src=" not in chart and "href=" not in chart  # nothing loaded from elsewhere


def test_days_are_counted_in_the_newsroom_time_zone():
    # 22:30 UTC on 2 November is already 3 November in Baku (UTC+4).
    late_evening = datetime.datetime(2026, 11, 2, 22, 30, tzinfo=datetime.UTC)
    make_article(published_at=late_evening)
    now = datetime.datetime(2026, 11, 4, 12, 0, tzinfo=datetime.UTC)

    with timezone.override("Asia/Baku"):
        series = dashboard.published_per_day(Article.objects.all(), now)

    assert len(series) == 30
    assert series[-1][0] == datetime.date(2026, 11, 4)
    assert dict(series)[datetime.date(2026, 11, 3)] == 1
    assert sum(count for _day, count in series) == 1


def test_a_story_scheduled_for_later_today_is_not_yet_on_the_chart():
    now = timezone.now()
    make_article(published_at=now + datetime.timedelta(seconds=1))

    assert sum(count for _day, count in dashboard.published_per_day(Article.objects.all(), now)) == 0


def test_a_reporter_sees_the_counts_of_their_own_stories_only(client, reporter):
    make_article(status=S.DRAFT, published_at=None, author=reporter)
    make_article(status=S.IN_REVIEW, published_at=None, author=reporter, headline="Rita's story")
    make_article(status=S.DRAFT, published_at=None)
    make_article(status=S.IN_REVIEW, published_at=None, headline="Someone else's story")
    make_article(published_at=days_ago(2))

    response = client.get(INDEX)

    assert counts(response) == {
        "draft": 1,
        "in_review": 1,
        "ready": 0,
        "scheduled": 0,
        "live": 0,
        "unpublished": 0,
        "archived": 0,
    }
    assertContains(response, "Rita&#x27;s story")
    assertNotContains(response, "Someone else&#x27;s story")
    assert 'aria-label="0 stories published from' in response.content.decode()


def test_staff_without_access_to_stories_get_the_plain_index(client):
    user = User.objects.create_user("visitor", password="-", is_staff=True)
    client.force_login(user)

    response = client.get(INDEX)

    assert response.status_code == 200
    assert "desk" not in response.context
    assertNotContains(response, "Needs attention")


def make_busy_desk(stories):
    editor = User.objects.create_user(f"editor{Article.objects.count()}")
    for n in range(stories):
        status = [S.DRAFT, S.IN_REVIEW, S.READY, S.PUBLISHED, S.UNPUBLISHED][n % 5]
        published_at = hours_from_now(n % 20 - 10) if status == S.PUBLISHED else None
        make_machine_made(status=status, published_at=published_at, assignee=editor)


def test_the_index_costs_the_same_number_of_queries_however_many_stories(admin_client, django_assert_max_num_queries):
    make_busy_desk(5)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(INDEX)

    make_busy_desk(45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(INDEX)
    assert sum(counts(response).values()) == 50


def test_headlines_with_markup_are_escaped_on_the_index(admin_client):
    make_article(status=S.IN_REVIEW, headline='<script>alert("in review")</script>')
    make_article(status=S.PUBLISHED, published_at=hours_from_now(2), headline="<b>Scheduled</b> & soon")

    response = admin_client.get(INDEX)

    assertContains(response, "&lt;script&gt;alert(&quot;in review&quot;)&lt;/script&gt;")
    assertContains(response, "&lt;b&gt;Scheduled&lt;/b&gt; &amp; soon")
    assertNotContains(response, "<script>alert")
    assertNotContains(response, "<b>Scheduled</b>")
