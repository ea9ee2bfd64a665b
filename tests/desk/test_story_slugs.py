"""A story's slug follows its headline until the story is first published, then stays; a taken one gets a number."""

import pytest
from django.urls import reverse

from articles.desk.workflow import transition
from articles.models import Article
from tests.desk_forms import change_url, new_story_form, story_form, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status


def add_story(client, **fields):
    response = client.post(reverse("admin:articles_article_add"), new_story_form(**fields))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.order_by("-pk").first()


def retitle(client, story, headline, **fields):
    story.refresh_from_db()
    response = client.post(change_url(story), story_form(story, headline=headline, **fields))
    assert response.status_code == 302, response.context["adminform"].form.errors
    story.refresh_from_db()
    return story


def test_a_new_storys_slug_is_made_from_its_headline(client):
    client.force_login(user_in("Reporters"))
    story = add_story(client, headline="Caspian ferry line opens", slug="")
    assert story.slug == "caspian-ferry-line-opens"


def test_the_slug_follows_the_headline_until_the_story_is_first_published(client):
    publisher = user_in("Publishers")
    client.force_login(publisher)
    story = add_story(client, headline="Ferry line planned", slug="")

    retitle(client, story, "Ferry line opens on Monday")
    assert story.slug == "ferry-line-opens-on-monday"

    for action in ("submit", "approve", "publish"):
        transition(story, action, by=publisher)
    url = story.get_absolute_url()
    retitle(client, story, "Ferry line opened on Monday, with 40 lorries")
    assert story.slug == "ferry-line-opens-on-monday"
    assert story.get_absolute_url() == url


def test_a_headline_another_story_has_gets_a_number_and_the_page_says_nothing_of_that_story(client):
    make_article(headline="Talks held in Baku", slug="talks-held-in-baku", status=S.DRAFT, author=user_in("Editors"))
    reporter = user_in("Reporters")
    client.force_login(reporter)
    story = add_story(client, headline="Talks start", slug="")

    response = client.post(change_url(story), story_form(story, headline="Talks held in Baku"), follow=True)

    story.refresh_from_db()
    assert story.slug == "talks-held-in-baku-2"
    page = response.content.decode()
    assert "talks-held-in-baku" not in page.replace("talks-held-in-baku-2", "")
    assert Article.objects.filter(headline="Talks held in Baku").count() == 2


def test_a_story_keeps_its_own_slug_when_its_headline_changes_only_in_case(client):
    client.force_login(user_in("Editors"))
    story = add_story(client, headline="Talks held in Baku", slug="")
    retitle(client, story, "Talks Held in BAKU")
    assert story.slug == "talks-held-in-baku"


def test_a_slug_the_editor_typed_is_theirs_and_stays_when_the_headline_changes(client):
    client.force_login(user_in("Editors"))
    story = add_story(client, headline="Ferry line planned", slug="")
    retitle(client, story, "Ferry line planned", slug="ferry")
    assert story.slug == "ferry"
    retitle(client, story, "Ferry line opens")
    assert story.slug == "ferry"


def test_a_slug_that_follows_the_headline_is_in_the_revision_and_the_history(client):
    client.force_login(user_in("Editors"))
    story = add_story(client, headline="Ferry line planned", slug="")
    retitle(client, story, "Ferry line opens")
    history = client.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    assert "Changed Headline and Slug." in history


@pytest.mark.parametrize(
    "headline, slug",
    [
        ("Bakı–Tbilisi: Azərbaycan, Łódź, Straße and Ørsted", "baki-tbilisi-azerbaycan-lodz-strasse-and-orsted"),
        ("ŞƏKİ hosts Iran—Russia talks \u2011 again", "seki-hosts-iran-russia-talks-again"),
        ("Москва и Алматы: Қазақстан, Кыргызстан, Тоҷикистон", "moskva-i-almaty-qazaqstan-kyrgyzstan-tojikiston"),
        ("თბილისი და Երևան", "tbilisi-da-erevan"),
    ],
)
def test_letters_without_an_accent_to_drop_are_spelt_in_the_slug_and_dashes_part_words(client, headline, slug):
    client.force_login(user_in("Reporters"))
    assert add_story(client, headline=headline, slug="").slug == slug


def test_a_slug_made_before_such_letters_were_spelt_stays_and_still_follows_the_headline(client):
    client.force_login(user_in("Editors"))
    story = make_article(headline="Bakı talks", slug="bak-talks", status=S.DRAFT, published_at=None)

    retitle(client, story, "Bakı talks", body="A new body.")
    assert story.slug == "bak-talks"

    retitle(client, story, "Bakı talks end")
    assert story.slug == "baki-talks-end"
