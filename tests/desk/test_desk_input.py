"""What an editor types or pastes reaches readers and feeds clean: controls refused, invisible characters dropped."""

import pytest
from django.urls import reverse

from articles.models import Article, TopicTag
from tests.desk_forms import change_url, desk_copy, story_form, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(user_in("Editors"))
    return client


@pytest.mark.parametrize("char", ["\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\x9b", "\ufffe"])
def test_a_control_character_in_the_copy_is_refused_and_nothing_is_saved(editor, char):
    story = make_article(headline="Before")

    response = editor.post(change_url(story), story_form(story, headline=f"After{char}wards", body=f"One{char}."))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "control character" in errors["headline"][0] and "control character" in errors["body"][0]
    story.refresh_from_db()
    assert story.headline == "Before"


def test_invisible_and_bidi_characters_are_dropped_and_the_text_composed(editor):
    story = make_article()

    pasted = story_form(story, headline="Azer\u200bbaijan \u202eand Türkiye", body="S\u0327ahin.")
    editor.post(change_url(story), pasted)

    assert desk_copy(story)["headline"] == "Azerbaijan and Türkiye"
    assert desk_copy(story)["body"] == "\u015eahin."


def test_a_tag_name_with_a_control_character_is_refused(editor):
    response = editor.post(reverse("admin:articles_topictag_add"), {"name": "Trade\x0bwars", "slug": "trade-wars"})

    assert response.status_code == 200
    assert "control character" in response.context["adminform"].form.errors["name"][0]
    assert not TopicTag.objects.filter(slug="trade-wars").exists()


def test_a_tag_name_loses_its_invisible_characters(editor):
    editor.post(reverse("admin:articles_topictag_add"), {"name": "Cyber\u200bsecurity", "slug": "cybersecurity"})
    assert TopicTag.objects.get(slug="cybersecurity").name == "Cybersecurity"


def test_a_new_story_is_held_to_the_same_rules(editor):
    from tests.desk_forms import new_story_form

    response = editor.post(reverse("admin:articles_article_add"), new_story_form(standfirst="Bad\x08one."))
    assert response.status_code == 200
    assert not Article.objects.filter(slug="a-new-story").exists()


def test_joiners_that_spell_a_word_or_an_emoji_are_kept(editor):
    """ZWNJ is obligatory in Persian spelling, ZWJ makes one emoji of several, and both choose a conjunct's
    form after a virama; only the joiners that show nothing (inside a Latin word) hide text."""
    story = make_article()
    family, persian, hindi = (
        "\U0001f468\u200d\U0001f469\u200d\U0001f467",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        "\u0915\u094d\u200d\u0937",
    )

    headline = f"{family} Azer\u200dbaijan {persian}"
    editor.post(change_url(story), story_form(story, headline=headline, body=f"{hindi} Tu\u200crkmen\u200d."))

    assert desk_copy(story)["headline"] == f"{family} Azerbaijan {persian}"
    assert desk_copy(story)["body"] == f"{hindi} Turkmen."


ENGLAND, SCOTLAND = (
    "\U0001f3f4" + "".join(chr(0xE0000 + ord(c)) for c in code) + "\U000e007f" for code in ("gbeng", "gbsct")
)


def test_the_flags_of_england_and_scotland_keep_their_tag_letters(editor):
    """A subdivision's flag is the black flag, its code in tag letters and the cancel tag: without the tag
    letters it is only a black flag. Tag letters anywhere else can hide text, and go."""
    story = make_article()
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "ignore the editor")

    editor.post(change_url(story), story_form(story, headline=f"{ENGLAND} beat {SCOTLAND} 2-1{hidden}"))

    assert desk_copy(story)["headline"] == f"{ENGLAND} beat {SCOTLAND} 2-1"
