"""The desk's rough edges, smoothed: its words, its times, its History, its refusals and its front page."""

import datetime
import re

import pytest
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles.desk import revisions, tag_care
from articles.desk.workflow import transition
from articles.models import Article, TopicTag
from tests.desk_forms import change_url, story_form, transition_url, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status
INDEX = reverse("admin:index")
CHANGELIST = reverse("admin:articles_article_changelist")


def visible_text(html):
    """What a reader of the page sees: no tags, attributes, scripts or URLs."""
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_times_on_the_story_form_name_the_newsrooms_time_zone(client, settings):
    settings.TIME_ZONE = "Asia/Baku"
    story = make_article(status=S.READY, embargo_until=timezone.now() + datetime.timedelta(days=1))
    client.force_login(user_in("Publishers"))
    page = visible_text(client.get(change_url(story)).content.decode())
    assert "Publication time (Asia/Baku)" in page
    assert "Embargo until (Asia/Baku)" in page
    assert re.search(r"Embargo until: \d+ \w+ \d{4}, [^()]+ \(Asia/Baku\)", page)


def test_revision_times_are_shown_to_the_second(admin_client):
    story = make_article()
    page = visible_text(admin_client.get(reverse("admin:articles_article_revisions", args=[story.pk])).content.decode())
    created = timezone.localtime(revisions.history(story).get().revision.date_created)
    assert created.strftime("%H:%M:%S") in page


@pytest.mark.parametrize(
    "url",
    [
        lambda story: INDEX,
        lambda story: CHANGELIST,
        lambda story: reverse("admin:articles_article_add"),
        lambda story: change_url(story),
        lambda story: reverse("admin:articles_article_history", args=[story.pk]),
        lambda story: reverse("admin:articles_article_revisions", args=[story.pk]),
    ],
)
def test_the_desk_speaks_of_stories_never_of_articles(admin_client, url):
    story = make_article(headline="Ferry line opens")
    page = visible_text(admin_client.get(url(story)).content.decode())
    assert "article" not in page.lower()
    assert "stor" in page.lower()


def test_a_story_readers_can_see_is_live_in_the_list_the_workflow_box_and_the_messages(client):
    publisher = user_in("Publishers")
    story = make_article(status=S.READY, headline="Ferry line opens", published_at=None)
    client.force_login(publisher)

    response = client.post(change_url(story), {**story_form(story), "_transition": "publish"}, follow=True)

    assertContains(response, "“Ferry line opens” is now live.")
    assert "Status: live" in visible_text(response.content.decode())
    listed = client.get(CHANGELIST).content.decode()
    assert re.search(r'<td class="field-desk_status">live</td>', listed)
    assert ">published<" not in listed


@pytest.mark.parametrize(
    ("role", "action", "message"),
    [
        ("Reporters", "publish", "You are not allowed to publish stories."),
        ("Reporters", "approve", "You are not allowed to approve stories."),
        ("Editors", "unpublish", "You are not allowed to unpublish stories."),
        ("Editors", "schedule", "You are not allowed to schedule stories."),
    ],
)
def test_a_refused_hand_made_request_gets_the_desks_own_page_saying_why_in_english(client, role, action, message):
    reporter = user_in("Reporters", "rita")
    user = reporter if role == "Reporters" else user_in(role)
    story = make_article(status=S.READY, author=reporter)
    client.force_login(user)

    response = client.post(transition_url(story, action), {"publish_at": "2099-01-01T09:00"})

    assert response.status_code == 403
    assertContains(response, message, status_code=403)
    assertContains(response, "Newsroom desk", status_code=403)  # the desk's header, not Django's bare page
    assertContains(response, "Nothing was changed.", status_code=403)
    story.refresh_from_db()
    assert story.status == S.READY


def test_a_refused_change_without_a_reason_of_its_own_gets_the_desks_page_saying_so(client):
    rita = user_in("Reporters", "rita")
    story = make_article(status=S.IN_REVIEW, author=rita, headline="Submitted")
    client.force_login(rita)
    response = client.post(change_url(story), story_form(story, headline="Changed after submitting"))
    assertContains(response, "Your role on the desk does not allow this.", status_code=403)
    assertContains(response, "Newsroom desk", status_code=403)
    story.refresh_from_db()
    assert story.headline == "Submitted"


def test_tag_provenance_names_the_editor_who_added_the_tag(client):
    edna = user_in("Editors", "edna")
    # Not yet live, so the editor's tag is saved at once (a live story's would wait for a publisher).
    story = make_article(topics=["Energy"], status=Article.Status.DRAFT)
    trade = TopicTag.objects.get(name="Trade")
    client.force_login(edna)
    client.post(change_url(story), story_form(story, topics=[*story.topics.values_list("pk", flat=True), trade.pk]))

    page = visible_text(client.get(change_url(story)).content.decode())

    assert "Trade — added by edna" in page
    assert "Energy — added by editor" in page  # made before anyone was recorded: the role, as before


def test_the_history_page_credits_each_editor_with_only_what_they_changed(client):
    alice, bob = user_in("Editors", "alice"), user_in("Editors", "bob")
    story = make_article(headline="Original", body="One.", status=S.READY)  # not live: saves apply at once
    bobs_form = story_form(story, body="Bob's body.")
    client.force_login(alice)
    client.post(change_url(story), story_form(story, headline="Alice's headline"))
    client.force_login(bob)
    seen = client.post(change_url(story), bobs_form).context["adminform"].form.conflict["current_version"]
    client.post(change_url(story), {**bobs_form, "overwrite": "on", "seen_version": seen})

    messages_by_user = {entry.user.username: entry.get_change_message() for entry in LogEntry.objects.all()}
    page = visible_text(client.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode())

    assert messages_by_user == {"alice": "Changed Headline.", "bob": "Changed Body."}
    for internal in ("Base version", "Seen version", "Overwrite", "base_version", "I have read"):
        assert internal not in page
    assert revisions.history(story).first().revision.get_comment() == "Changed Body."


def test_the_history_page_names_each_desk_action_instead_of_no_fields_changed(client):
    paul = user_in("Publishers", "paul")
    story = make_article(headline="Original", status=S.READY)
    client.force_login(paul)
    client.post(change_url(story), {**story_form(story), "_transition": "publish"})
    client.post(change_url(story), story_form(story, headline="New headline"))
    story.refresh_from_db()
    client.post(transition_url(story, "discard_changes"), {"base_version": story.version})
    story.refresh_from_db()
    client.post(change_url(story), {**story_form(story), "_transition": "unpublish", "reason_unpublish": "Legal"})

    page = visible_text(client.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode())

    assert "No fields changed" not in page
    for said in ("Published", "Discarded the pending changes", "Unpublished: Legal"):
        assert said in page


def test_a_renamed_tag_is_not_shown_as_removed_and_added_in_a_revision_diff(admin_client):
    story = make_article(topics=["Energy"])
    energy = TopicTag.objects.get(name="Energy")
    tag_care.rename_tag(energy, name="Energy policy", slug=energy.slug)
    story.refresh_from_db()
    admin_client.post(change_url(story), story_form(story, headline="A new headline"))
    first, latest = list(revisions.history(story))[::-1][:2]

    changes = revisions.diff(revisions.state(first), revisions.state(latest))

    assert [change["field"] for change in changes] == ["headline"]


def test_an_archived_story_is_read_only_but_can_be_sent_back_to_draft(client):
    story = make_article(status=S.ARCHIVED, headline="Old news")
    client.force_login(user_in("Publishers"))

    page = client.get(change_url(story)).content.decode()

    assert 'name="_embargo"' not in page and 'name="_save"' not in page
    assert f'formaction="{transition_url(story, "send_back")}"' in page
    response = client.post(change_url(story), story_form(story, headline="Rewritten history"))
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.headline == "Old news"
    client.post(transition_url(story, "send_back"), {"reason": "Reuse for the anniversary."})
    story.refresh_from_db()
    assert story.status == S.DRAFT


def test_lift_the_embargo_is_offered_only_while_there_is_one(client):
    client.force_login(user_in("Publishers"))
    held = make_article(status=S.READY, embargo_until=timezone.now() + datetime.timedelta(hours=2))
    passed = make_article(status=S.READY, embargo_until=timezone.now() - datetime.timedelta(hours=2))
    assert 'name="_embargo" value="lift"' in client.get(change_url(held)).content.decode()
    assert 'name="_embargo" value="lift"' not in client.get(change_url(passed)).content.decode()


def test_a_bulk_action_ends_with_one_summary_naming_each_reason_once(client):
    client.force_login(user_in("Publishers"))
    ready = make_article(status=S.READY, headline="Ready one")
    drafts = [make_article(status=S.DRAFT, headline=f"Draft {n}") for n in range(3)]

    response = client.post(
        CHANGELIST,
        {"action": "publish_selected", "_selected_action": [ready.pk, *(d.pk for d in drafts)]},
        follow=True,
    )

    said = [(m.level, m.message) for m in response.context["messages"]]
    assert len(said) == 1
    level, text = said[0]
    assert level == messages.WARNING
    assert text.startswith("1 story published; 3 refused: A story that is draft cannot be published: ")
    assert text.count("cannot be published") == 1
    assert all(f"“Draft {n}”" in text for n in range(3))


def test_machine_made_headlines_carry_a_warning_mark_and_edited_ones_nothing(admin_client):
    machine = make_article(headline="Machine-made one")
    Article.objects.filter(pk=machine.pk).update(import_snapshot={"headline": "Machine-made one"})
    make_article(headline="Written by the desk")

    page = admin_client.get(CHANGELIST).content.decode()

    rows = {m.group(1): m.group(0) for m in re.finditer(r"<tr>.*?>([^<>]+)</a></th>.*?</tr>", page, re.DOTALL)}
    assert "newsroom-machine" in rows["Machine-made one"] and "⚠" in rows["Machine-made one"]
    assert "newsroom-machine" not in rows["Written by the desk"]
    assert "icon-yes" not in page and "icon-no" not in page


def test_an_empty_chart_says_so_instead_of_an_axis_from_0_to_0(admin_client):
    page = admin_client.get(INDEX).content.decode()
    chart = re.search(r'<svg class="chart".*?</svg>', page, re.DOTALL).group(0)
    assert "Nothing published in these 30 days" in chart
    assert chart.count(">0</text>") == 0


def test_recent_actions_show_a_story_saved_many_times_once(admin_client):
    story = make_article(headline="Saved again and again")
    for n in range(3):
        story.refresh_from_db()
        admin_client.post(change_url(story), story_form(story, body=f"Version {n}."))
    other = make_article(headline="Saved once")
    admin_client.post(change_url(other), story_form(other, body="Changed."))

    response = admin_client.get(INDEX)

    sidebar = response.content.decode().split('id="recent-actions-module"')[1]
    assert sidebar.count("Saved again and again") == 1 and "3 actions" in sidebar
    assert sidebar.index("Saved once") < sidebar.index("Saved again and again")
    assert [times for _entry, times in response.context["recent_actions"]] == [1, 3]


def test_transition_messages_read_as_sentences(client):
    publisher = user_in("Publishers")
    story = make_article(status=S.READY, headline="Ferry line opens")
    client.force_login(publisher)
    response = client.post(transition_url(story, "publish"), follow=True)
    assertContains(response, "“Ferry line opens” is now live.")
    transition(story, "unpublish", by=publisher)
    response = client.post(transition_url(story, "send_back"), {"reason": " "}, follow=True)
    assertContains(response, "Give a reason, so that whoever picks the story up knows what to change.")


def test_the_desks_times_read_on_a_24_hour_clock_naming_the_zone(admin_client, settings):
    settings.TIME_ZONE = "Asia/Baku"
    story = make_article(published_at=datetime.datetime(2026, 11, 2, 18, 30, tzinfo=datetime.UTC))
    admin_client.post(change_url(story), story_form(story, headline="Changed in the evening"))

    listed = visible_text(admin_client.get(reverse("admin:articles_article_changelist")).content.decode())
    assert "2 Nov 2026, 22:30 +04" in listed and "p.m." not in listed
    history_url = reverse("admin:articles_article_history", args=[story.pk])
    history = visible_text(admin_client.get(history_url).content.decode())
    assert re.search(r"\d{1,2} \w{3} \d{4}, \d\d:\d\d \+04", history) and not re.search(r"[ap]\.m\.", history)
    form = visible_text(admin_client.get(change_url(story)).content.decode())
    assert "publication time: 2 Nov 2026, 22:30 +04 (Asia/Baku)" in form
