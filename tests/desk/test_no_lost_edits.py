"""Two people editing one story: the second save, based on a stale version, is refused and nothing is lost.

The same rules hold for a story edited directly (ready) and for a live one, whose saves wait as pending
changes (`desk_copy`: the story as the desk edits it).
"""

import threading

import pytest
from django.db import connection

from articles.desk import revisions
from articles.models import Article, StaleEdit
from tests.desk_forms import change_url, desk_copy, story_form, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[Article.Status.READY, Article.Status.PUBLISHED], ids=["ready", "live"])
def make_story(request):
    return lambda **fields: make_article(status=request.param, **fields)


def desk(story, *fields):
    copy = desk_copy(story)
    return tuple(copy[field] for field in fields)


def test_the_second_save_from_a_stale_version_is_refused_and_shows_what_changed(client, make_story):
    alice, bob = user_in("Editors", "alice"), user_in("Editors", "bob")
    story = make_story(headline="The original headline", body="One.\n\nTwo.")
    alices_form = story_form(story, headline="Alice's headline")
    bobs_form = story_form(story, body="One.\n\nTwo, as Bob wrote it.")  # both opened version 1

    client.force_login(alice)
    assert client.post(change_url(story), alices_form).status_code == 302
    client.force_login(bob)
    response = client.post(change_url(story), bobs_form)

    assert response.status_code == 200
    page = response.content.decode()
    assert "alice saved this story" in page
    assert "<ins>Alice&#x27;s headline</ins>" in page
    assert "Two, as Bob wrote it." in page  # Bob's text is still in the form
    assert desk(story, "headline", "body") == ("Alice's headline", "One.\n\nTwo.")


def test_the_second_editor_can_then_choose_to_save_over_what_they_were_shown(client, make_story):
    alice, bob = user_in("Editors", "alice"), user_in("Editors", "bob")
    story = make_story(headline="The original headline", body="One.")
    alices_form = story_form(story, headline="Alice's", body="One, by Alice.")
    bobs_form = story_form(story, headline="Bob's")
    client.force_login(alice)
    client.post(change_url(story), alices_form)
    client.force_login(bob)
    assert 'name="seen_version" value="2"' in client.post(change_url(story), bobs_form).content.decode()

    response = client.post(change_url(story), {**bobs_form, "overwrite": "on", "seen_version": "2"})

    assert response.status_code == 302
    # Bob changed only the headline: only the headline is written.
    assert desk(story, "headline", "body") == ("Bob's", "One, by Alice.")


def test_overwriting_is_refused_if_someone_saved_again_after_the_report(client, make_story):
    alice, bob, carol = user_in("Editors", "alice"), user_in("Editors", "bob"), user_in("Editors", "carol")
    story = make_story(body="B0")
    bobs_form = story_form(story, body="Bob's body")
    client.force_login(alice)
    client.post(change_url(story), story_form(story, headline="Alice's"))
    client.force_login(bob)
    client.post(change_url(story), bobs_form)  # the report shows Alice's change: version 2
    story.refresh_from_db()
    client.force_login(carol)
    client.post(change_url(story), story_form(story, correction="Carol's important correction"))
    client.force_login(bob)

    response = client.post(change_url(story), {**bobs_form, "overwrite": "on", "seen_version": "2"})

    assert response.status_code == 200
    assert "Carol&#x27;s important correction" in response.content.decode()
    assert desk(story, "body", "correction") == ("B0", "Carol's important correction")


def test_a_save_writes_only_what_the_editor_changed(client, make_story):
    alice, bob = user_in("Editors", "alice"), user_in("Editors", "bob")
    story = make_story(headline="H0", topics=["Trade"])
    client.force_login(alice)
    client.post(change_url(story), story_form(story, headline="H1"))
    story.refresh_from_db()
    bobs_form = story_form(story, body="New body.")  # Bob opens version 2 ...
    client.force_login(alice)
    energy = make_article(topics=["Energy"]).topics.get()
    client.post(change_url(story), story_form(story, topics=[energy.pk]))  # ... Alice retags: version 3
    client.force_login(bob)
    client.post(change_url(story), bobs_form)
    client.post(change_url(story), {**bobs_form, "overwrite": "on", "seen_version": "3"})
    assert desk(story, "headline", "body", "topics") == ("H1", "New body.", ["Energy"])


def test_a_workflow_change_meanwhile_does_not_make_a_save_stale_nor_undo_it(client):
    editor, publisher = user_in("Editors"), user_in("Publishers")
    story = make_article(status=Article.Status.READY, headline="As the publisher read it")
    form = story_form(story, headline="Edited while it was published")
    client.force_login(publisher)
    client.post(f"/admin/articles/article/{story.pk}/transition/publish/")
    client.force_login(editor)
    assert client.post(change_url(story), form).status_code == 302
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    # Published meanwhile: the edit is kept, and waits for a publisher.
    assert story.headline == "As the publisher read it"
    assert desk_copy(story)["headline"] == "Edited while it was published"


def test_the_change_form_shows_who_else_has_the_story_open(client):
    alice, bob = user_in("Editors", "alice"), user_in("Editors", "bob")
    story = make_article()
    client.force_login(alice)
    client.get(change_url(story))
    client.force_login(bob)
    page = client.get(change_url(story)).content.decode()
    assert "alice also has this story open." in page
    client.force_login(alice)
    client.post(change_url(story), story_form(story))
    client.force_login(bob)
    assert "also has this story open" not in client.get(change_url(story)).content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_saves_from_the_same_version_at_once_store_exactly_one():
    story = make_article(headline="Start")
    results = []
    barrier = threading.Barrier(2)

    def save(headline):
        from django.db import transaction

        copy = Article.objects.get(pk=story.pk)
        copy.headline = headline
        barrier.wait()
        try:
            with transaction.atomic():
                copy.save_content(expected_version=1)
            results.append(headline)
        except StaleEdit:
            results.append("stale")
        finally:
            connection.close()

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:":
        pytest.skip("threads cannot share an in-memory SQLite test database")
    threads = [threading.Thread(target=save, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) in (["A", "stale"], ["B", "stale"])
    story.refresh_from_db()
    assert story.version == 2 and story.headline in ("A", "B")


def test_overwriting_twice_keeps_the_other_editors_later_change(client, make_story):
    """Each overwrite writes only its author's fields, and its revision records what the database holds."""
    alice, bob = user_in("Editors", "alice"), user_in("Editors", "bob")
    story = make_story(standfirst="S0", body="B0")
    for standfirst, body in (("S1", "B1"), ("S2", "B2")):
        story.refresh_from_db()
        alices_form, bobs_form = story_form(story, standfirst=standfirst), story_form(story, body=body)
        client.force_login(alice)
        assert client.post(change_url(story), alices_form).status_code == 302
        client.force_login(bob)
        seen = client.post(change_url(story), bobs_form).context["adminform"].form.conflict["current_version"]
        response = client.post(change_url(story), {**bobs_form, "overwrite": "on", "seen_version": seen})
        assert response.status_code == 302

    assert desk(story, "standfirst", "body") == ("S2", "B2")
    latest = revisions.state(revisions.history(story).first())
    assert (latest["standfirst"], latest["body"]) == ("S2", "B2")


def browser_form(article, **changes):
    """What a browser posts: every textarea with CRLF line ends."""
    data = story_form(article, **changes)
    for field in ("body", "correction", "standfirst"):
        data[field] = data[field].replace("\n", "\r\n")
    return data


def test_a_save_with_no_change_from_a_browser_writes_nothing_and_blocks_nobody(client, make_story):
    alice, bob = user_in("Editors", "alice"), user_in("Editors", "bob")
    story = make_story(body="One.\n\nTwo.\n\nThree.", correction="First line.\nSecond line.")
    alices_form, bobs_form = browser_form(story), browser_form(story, headline="Bob's headline")
    client.force_login(alice)

    assert client.post(change_url(story), alices_form).status_code == 302

    story.refresh_from_db()
    assert story.version == 1
    assert revisions.history(story).count() == 1
    client.force_login(bob)
    assert client.post(change_url(story), bobs_form).status_code == 302  # not refused as stale
    assert desk(story, "headline", "body", "version") == ("Bob's headline", "One.\n\nTwo.\n\nThree.", 2)


def test_a_workflow_button_with_no_change_does_not_make_the_other_editor_stale(client):
    reporter, editor = user_in("Reporters"), user_in("Editors")
    story = make_article(status=Article.Status.DRAFT, author=reporter, body="One.\n\nTwo.")
    editors_form = browser_form(story, headline="The editor's headline")
    client.force_login(reporter)
    client.post(change_url(story), {**browser_form(story), "_transition": "submit"})
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW and story.version == 1

    client.force_login(editor)
    assert client.post(change_url(story), editors_form).status_code == 302
    story.refresh_from_db()
    assert story.headline == "The editor's headline"


def test_a_change_in_a_browser_is_stored_with_plain_line_ends(client, make_story):
    client.force_login(user_in("Editors"))
    story = make_story(body="One.")
    client.post(change_url(story), browser_form(story, body="One.\n\nTwo.", correction="Fixed.\nThanks."))
    assert desk(story, "body", "correction") == ("One.\n\nTwo.", "Fixed.\nThanks.")
