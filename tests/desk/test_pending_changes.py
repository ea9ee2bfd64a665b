"""A live story's working copy: an editor's change waits for a publisher, and readers keep the live version."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles.desk import revisions
from articles.models import Article, CountryTag, TopicTag, WorkflowEvent
from articles.site.search import search
from tests.conftest import SEED_FILE
from tests.desk_forms import change_url, desk_copy, restore_confirmed, restore_url, story_form, transition_url, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status


def public_text(client, story):
    """What readers get: the story's page, the site's feed and a search for each of `words`."""
    return client.get(story.get_absolute_url()).content.decode() + client.get("/feeds/rss/").content.decode()


def found(words):
    return list(search(Article.objects.published(), words).values_list("pk", flat=True))


@pytest.fixture
def live():
    return make_article(
        headline="Ferry line opens",
        body="The first ferry sailed on Monday.",
        countries=["Azerbaijan"],
        topics=["Trade"],
    )


def test_an_editors_change_to_a_live_story_waits_for_a_publisher_then_goes_live(client, live):
    editor, publisher = user_in("Editors"), user_in("Publishers")
    public_text(client, live)  # readers have the page cached
    turkiye = CountryTag.objects.get(name="Türkiye")
    client.force_login(editor)

    response = client.post(
        change_url(live),
        story_form(
            live, headline="Ferry line to Aktau opens", body="The first ferry sailed to Aktau.", countries=[turkiye.pk]
        ),
        follow=True,
    )

    assert "Your changes are pending" in response.content.decode()
    live.refresh_from_db()
    assert (live.headline, live.version, live.revised_at) == ("Ferry line opens", 2, None)
    assert desk_copy(live)["countries"] == ["Türkiye"]
    client.logout()
    readers_see = public_text(client, live)
    assert "Ferry line opens" in readers_see and "Aktau" not in readers_see
    assert "Azerbaijan" in client.get(live.get_absolute_url()).content.decode()
    assert found("Aktau") == [] and found("Monday") == [live.pk]
    assert client.get("/countries/turkiye/").status_code == 404

    client.force_login(publisher)
    client.post(transition_url(live, "publish_changes"), {"base_version": 2})

    client.logout()
    readers_see = public_text(client, live)
    assert "Ferry line to Aktau opens" in readers_see and "Ferry line opens<" not in readers_see
    assert found("Aktau") == [live.pk] and found("Monday") == []
    assert client.get("/countries/turkiye/").status_code == 200
    live.refresh_from_db()
    assert live.pending is None and live.was_revised
    assert WorkflowEvent.objects.filter(article=live, action="publish_changes", actor_name="publisher").exists()
    assert revisions.history(live).first().revision.get_comment() == "Published the pending changes."


def test_the_desk_sees_changes_waiting_and_the_publisher_sees_what_differs_from_the_live_version(client, live):
    client.force_login(user_in("Editors", "alice"))
    energy = TopicTag.objects.get(name="Energy")
    client.post(change_url(live), story_form(live, headline="Ferry line to Aktau opens", topics=[energy.pk]))

    desk_list = client.get(reverse("admin:articles_article_changelist") + "?changes=waiting").content.decode()
    assert "Ferry line opens" in desk_list and "with changes waiting" in desk_list
    editors_form = client.get(change_url(live)).content.decode()
    assert 'value="Ferry line to Aktau opens"' in editors_form  # the form edits the pending version
    assert "Changes waiting for a publisher (last saved by alice" in editors_form
    assert "publish_changes" not in editors_form  # only a publisher may

    client.force_login(user_in("Publishers"))
    page = client.get(change_url(live)).content.decode()
    assert "<del>Ferry line opens</del>" not in page  # a word diff: only the new words are marked
    assert "<ins>to Aktau</ins>" in page
    assert "<ins>+ Energy</ins>" in page and "<del>− Trade</del>" in page
    assert "Save and publish changes" in page and "Discard the pending changes" in page
    preview = client.get(reverse("admin:articles_article_preview", args=[live.pk])).content.decode()
    assert "<h1>Ferry line to Aktau opens</h1>" in preview
    assert "This page shows its pending changes, which readers do not see" in preview and "Energy" in preview


def test_who_tagged_shows_the_tags_waiting_as_the_form_does(client, live):
    client.force_login(user_in("Editors", "alice"))
    energy = TopicTag.objects.get(name="Energy")
    client.post(change_url(live), story_form(live, topics=[energy.pk]))

    page = client.get(change_url(live)).content.decode()
    who = page[page.lower().index("who tagged") :]
    assert "<div>Energy — added by alice, waiting for a publisher</div>" in who
    assert "Trade — added by editor" in who and "removed by alice, waiting for a publisher" in who
    assert "Azerbaijan — added by editor" in who and who.count("waiting for a publisher") == 2


def test_a_publishers_save_offers_both_pending_and_published_changes(client, live):
    client.force_login(user_in("Publishers"))
    page = client.get(change_url(live)).content.decode()
    assert "when you save, your changes wait for a publisher" in page and "Save and publish changes" in page

    client.post(change_url(live), story_form(live, headline="Kept pending"))
    live.refresh_from_db()
    assert (live.headline, desk_copy(live)["headline"]) == ("Ferry line opens", "Kept pending")

    energy = TopicTag.objects.get(name="Energy")
    client.post(
        change_url(live), story_form(live, body="Out at once.", topics=[energy.pk], _transition="publish_changes")
    )
    live.refresh_from_db()
    assert (live.headline, live.body, live.pending) == ("Kept pending", "Out at once.", None)
    assert list(live.topics.names()) == ["Energy"]
    assert "Out at once." in client.get(live.get_absolute_url()).content.decode()
    newest = revisions.history(live).first()
    assert revisions.state(newest)["topics"] == ["Energy"]
    assert newest.revision.get_comment() == "Pending changes to body, topics. Published the pending changes."


def test_a_publisher_discards_pending_changes_and_an_open_form_is_shown_what_went(client, live):
    editor = user_in("Editors")
    client.force_login(editor)
    client.post(change_url(live), story_form(live, headline="A headline nobody approved"))
    live.refresh_from_db()
    open_form = story_form(live, body="Typed while it was discarded.")

    client.force_login(user_in("Publishers"))
    response = client.post(transition_url(live, "discard_changes"), {"base_version": live.version}, follow=True)

    assert "the pending changes were discarded" in response.content.decode()
    live.refresh_from_db()
    assert (live.pending, live.headline, live.version) == (None, "Ferry line opens", 3)
    assert desk_copy(live)["headline"] == "Ferry line opens"
    assert WorkflowEvent.objects.filter(article=live, action="discard_changes").exists()
    client.force_login(editor)
    page = client.post(change_url(live), open_form).content.decode()
    assert "saved this story at" in page and "<del>A headline nobody approved</del>" in page
    assert "Typed while it was discarded." in page  # still in the form, nothing saved
    assert desk_copy(live)["body"] == "The first ferry sailed on Monday."


@pytest.mark.parametrize("role", ["Reporters", "Editors"])
@pytest.mark.parametrize("action", ["publish_changes", "discard_changes"])
def test_only_a_publisher_can_publish_or_discard_pending_changes_whatever_is_posted(client, role, action):
    user = user_in(role)
    story = make_article(headline="Live headline", author=user)
    client.force_login(user_in("Editors", "colleague"))
    client.post(change_url(story), story_form(story, headline="Waiting headline"))
    story.refresh_from_db()
    before = (story.pending, story.version)
    client.force_login(user)

    forged = client.post(transition_url(story, action), {"base_version": story.version})
    from_the_form = client.post(change_url(story), story_form(story, _transition=action), follow=True)

    assert forged.status_code == 403
    if role == "Editors":
        assert "Only a publisher can publish or discard" in from_the_form.content.decode()
    else:
        assert from_the_form.status_code == 403  # a reporter cannot edit a live story at all
    story.refresh_from_db()
    assert (story.pending, story.version, story.headline) == (*before, "Live headline")
    assert not WorkflowEvent.objects.filter(action=action).exists()


def test_publishing_changes_someone_saved_after_the_publisher_read_them_is_refused(client, live):
    client.force_login(user_in("Editors"))
    client.post(change_url(live), story_form(live, headline="First change"))
    live.refresh_from_db()
    read = live.version
    client.post(change_url(live), story_form(live, headline="Second change, unread"))
    client.force_login(user_in("Publishers"))

    response = client.post(transition_url(live, "publish_changes"), {"base_version": read}, follow=True)

    assert "changed after you opened it" in response.content.decode()
    live.refresh_from_db()
    assert live.headline == "Ferry line opens" and desk_copy(live)["headline"] == "Second change, unread"


def test_two_editors_with_pending_edits_get_the_conflict_screen_and_nothing_is_lost(client, live):
    alice, bob = user_in("Editors", "alice"), user_in("Editors", "bob")
    alices_form = story_form(live, headline="Alice's headline")
    bobs_form = story_form(live, body="Bob's body.")
    client.force_login(alice)
    client.post(change_url(live), alices_form)
    client.force_login(bob)

    refused = client.post(change_url(live), bobs_form)

    page = refused.content.decode()
    assert "alice saved this story" in page and "<ins>Alice&#x27;s headline</ins>" in page
    assert "Bob&#x27;s body." in page
    seen = refused.context["adminform"].form.conflict["current_version"]
    assert client.post(change_url(live), {**bobs_form, "overwrite": "on", "seen_version": seen}).status_code == 302
    assert (desk_copy(live)["headline"], desk_copy(live)["body"]) == ("Alice's headline", "Bob's body.")
    live.refresh_from_db()
    assert (live.headline, live.body) == ("Ferry line opens", "The first ferry sailed on Monday.")
    newest = revisions.state(revisions.history(live).first())
    assert (newest["headline"], newest["body"]) == ("Alice's headline", "Bob's body.")


def test_a_save_that_changes_nothing_on_a_live_story_writes_nothing_and_blocks_nobody(client, live):
    alice, bob = user_in("Editors", "alice"), user_in("Editors", "bob")
    client.force_login(alice)
    client.post(change_url(live), story_form(live, headline="Waiting"))
    live.refresh_from_db()
    bobs_form = story_form(live, body="Bob's body.")
    client.post(change_url(live), story_form(live))  # Alice saves again, with no change

    live.refresh_from_db()
    assert live.version == 2 and revisions.history(live).count() == 2
    client.force_login(bob)
    assert client.post(change_url(live), bobs_form).status_code == 302
    assert (desk_copy(live)["headline"], desk_copy(live)["body"]) == ("Waiting", "Bob's body.")
    live.refresh_from_db()
    assert (live.headline, live.body) == ("Ferry line opens", "The first ferry sailed on Monday.")


def test_changing_a_field_back_to_the_live_text_leaves_nothing_waiting(client, live):
    client.force_login(user_in("Editors"))
    client.post(change_url(live), story_form(live, headline="Briefly different"))
    live.refresh_from_db()
    client.post(change_url(live), story_form(live, headline="Ferry line opens"))
    live.refresh_from_db()
    assert live.pending is None


def test_restore_on_a_live_story_makes_pending_changes(client, live):
    client.force_login(user_in("Publishers"))
    client.post(change_url(live), story_form(live, headline="Second headline", _transition="publish_changes"))
    live.refresh_from_db()
    first = list(revisions.history(live))[-1]
    client.force_login(user_in("Editors"))

    client.post(restore_url(live, first), restore_confirmed(live))

    live.refresh_from_db()
    assert live.headline == "Second headline"
    assert "Second headline" in client.get(live.get_absolute_url()).content.decode()
    assert desk_copy(live)["headline"] == "Ferry line opens"
    assert "Pending changes" in revisions.history(live).first().revision.get_comment()


def test_restore_on_a_live_story_says_the_text_waits_for_a_publisher_and_names_the_revision_as_listed(client, live):
    client.force_login(user_in("Publishers"))
    client.post(change_url(live), story_form(live, headline="Second headline", _transition="publish_changes"))
    live.refresh_from_db()
    first = list(revisions.history(live))[-1]
    listed = client.get(reverse("admin:articles_article_revisions", args=[live.pk])).content.decode()
    client.force_login(user_in("Editors"))

    response = client.post(restore_url(live, first), restore_confirmed(live), follow=True)

    [said] = [str(message) for message in response.context["messages"]]
    assert "as pending changes: readers see the published version until a publisher publishes them" in said
    when = said.split("Restored the revision of ")[1].split(" as ")[0]
    assert f"<td>{when}</td>" in listed  # the very time the revisions list shows, to the second


def test_unpublishing_a_story_makes_its_pending_changes_its_text(client, live):
    client.force_login(user_in("Editors"))
    client.post(change_url(live), story_form(live, headline="Waiting headline"))
    client.force_login(user_in("Publishers"))
    live.refresh_from_db()
    client.post(transition_url(live, "unpublish"), {"base_version": live.version})
    live.refresh_from_db()
    assert (live.status, live.headline, live.pending) == (S.UNPUBLISHED, "Waiting headline", None)
    client.force_login(user_in("Editors", "later"))
    client.post(change_url(live), story_form(live, headline="Edited while off the site"))
    live.refresh_from_db()
    assert (live.headline, live.pending) == ("Edited while off the site", None)  # not live: saved directly


@pytest.fixture
def seed_dir_imported(seed_dir):
    call_command("import_seeds", str(seed_dir), stdout=StringIO())
    return seed_dir


def test_the_importer_reports_a_conflict_for_a_live_story_with_pending_changes(client, seed_dir_imported):
    story = Article.objects.get(import_ref=SEED_FILE.stem)
    wire_headline = story.headline
    client.force_login(user_in("Editors"))
    client.post(change_url(story), story_form(story, headline="An editor's headline, waiting"))
    path = seed_dir_imported / SEED_FILE.name
    path.write_text(path.read_text().replace("aluminum", "copper"))

    out = StringIO()
    with pytest.raises(CommandError) as need_the_desk:
        call_command("import_seeds", str(seed_dir_imported), stdout=out)

    assert need_the_desk.value.returncode == 3  # import_seeds.CONFLICTS_EXIT
    assert "1 conflicts" in out.getvalue() and "headline" in out.getvalue()
    story.refresh_from_db()
    assert story.headline == wire_headline and "copper" not in story.body
    assert desk_copy(story)["headline"] == "An editor's headline, waiting"
    client.logout()
    assert wire_headline in client.get(story.get_absolute_url()).content.decode()


def test_the_importer_still_updates_an_untouched_live_story(client, seed_dir_imported):
    path = seed_dir_imported / SEED_FILE.name
    path.write_text(path.read_text().replace("aluminum", "copper"))
    out = StringIO()
    call_command("import_seeds", str(seed_dir_imported), stdout=out)
    story = Article.objects.get(import_ref=SEED_FILE.stem)
    assert "1 updated" in out.getvalue() and story.pending is None
    assert "copper" in client.get(story.get_absolute_url()).content.decode()


def test_a_merged_tag_in_pending_changes_becomes_the_survivor(admin_client, client, live):
    from articles.desk.tag_care import merge_tags

    client.force_login(user_in("Editors"))
    dup = TopicTag.objects.create(name="Trade and commerce", slug="trade-and-commerce")
    client.post(change_url(live), story_form(live, topics=[dup.pk]))
    trade = TopicTag.objects.get(name="Trade")
    merge_tags(trade, [dup], user=user_in("Publishers"))
    live.refresh_from_db()
    client.post(change_url(live), story_form(live, headline="Another change"))
    assert desk_copy(live)["topics"] == ["Trade"]
    live.refresh_from_db()
    # The merged tag is gone from them; the live story has its survivor, so the topics no longer wait.
    assert live.pending_changes == {"headline": "Another change"}


def test_the_change_form_costs_no_more_queries_with_pending_changes(client, live, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user_in("Editors"))
    client.get(change_url(live))  # presence and sessions settled
    with CaptureQueriesContext(connection) as plain:
        client.get(change_url(live))
    without_pending = len(plain.captured_queries)  # read now: the next request empties the log
    tags = {
        kind: [tag.pk for tag in model.objects.all()[:8]]
        for kind, model in (("countries", CountryTag), ("topics", TopicTag))
    }
    client.post(change_url(live), story_form(live, headline="Waiting headline", body="Waiting body.", **tags))
    client.get(change_url(live))  # a save leaves the story: back in, as before the count above

    with django_assert_max_num_queries(without_pending):
        page = client.get(change_url(live)).content.decode()
    assert 'value="Waiting headline"' in page and "Changes waiting for a publisher" in page


def test_publishing_a_scheduled_story_now_takes_its_pending_changes_along(client):
    story = make_article(headline="As scheduled", published_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(user_in("Editors"))
    client.post(change_url(story), story_form(story, headline="Changed before it went out"))
    story.refresh_from_db()
    assert story.headline == "As scheduled" and story.is_scheduled
    client.force_login(user_in("Publishers"))

    client.post(transition_url(story, "publish"), {"base_version": story.version})

    story.refresh_from_db()
    assert (story.headline, story.pending, story.is_scheduled) == ("Changed before it went out", None, False)
    assert "Changed before it went out" in client.get(story.get_absolute_url()).content.decode()
