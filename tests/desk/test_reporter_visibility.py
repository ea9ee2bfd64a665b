"""A reporter learns nothing from the desk about stories they cannot open: tags, counts, slugs, accounts."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, MinistryTag
from tests.desk_forms import new_story_form, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status
SECRET = "Ministry of Secret Plans of Azerbaijan"


@pytest.fixture
def secret_story():
    """An editor's embargoed story, with a ministry tag no other story has."""
    return make_article(
        headline="The embargoed scoop",
        slug="the-embargoed-scoop",
        embargo_until=timezone.now() + datetime.timedelta(days=1),
        ministries=[SECRET],
        topics=["Energy"],
    )


def test_the_story_lists_tag_filters_name_only_tags_of_the_reporters_own_stories(client, secret_story):
    reporter = user_in("Reporters")
    make_article(status=S.DRAFT, author=reporter, topics=["Trade"])
    client.force_login(reporter)

    page = client.get(reverse("admin:articles_article_changelist")).content.decode()

    assert "Trade" in page
    assert SECRET not in page and "Energy" not in page


def test_the_tag_lists_show_a_reporter_no_tag_of_a_story_they_cannot_see_and_count_only_what_they_can(
    client, secret_story
):
    reporter = user_in("Reporters")
    make_article(topics=["Energy"])  # live: readers see it on the Energy page anyway
    client.force_login(reporter)

    ministries = client.get(reverse("admin:articles_ministrytag_changelist")).content.decode()
    topics = client.get(reverse("admin:articles_topictag_changelist"))
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "ministries", "term": "Secret"},
    )

    assert SECRET not in ministries
    assert SECRET not in autocomplete.content.decode()
    energy = next(tag for tag in topics.context["cl"].result_list if tag.name == "Energy")
    assert energy.story_count == 1  # the live story, not the embargoed one
    tag = MinistryTag.objects.get(name=SECRET)
    assert client.get(reverse("admin:articles_ministrytag_change", args=[tag.pk])).status_code in (302, 404)


def test_an_editor_still_sees_every_tag_with_its_full_count(client, secret_story):
    client.force_login(user_in("Editors"))
    ministries = client.get(reverse("admin:articles_ministrytag_changelist"))
    assert SECRET in ministries.content.decode()
    assert "Energy" in client.get(reverse("admin:articles_article_changelist")).content.decode()


def test_a_slug_another_story_has_gets_a_number_without_a_word_about_that_story(client, secret_story):
    reporter = user_in("Reporters")
    client.force_login(reporter)

    response = client.post(
        reverse("admin:articles_article_add"), new_story_form(headline="My scoop", slug="the-embargoed-scoop")
    )

    assert response.status_code == 302
    assert Article.objects.get(author=reporter).slug == "the-embargoed-scoop-2"


def test_the_assignee_list_offers_desk_members_only(client):
    editor = user_in("Editors")
    User.objects.create_user("reader", password="pw")  # an account that is not on the desk
    User.objects.create_user("former", password="pw", is_staff=True, is_active=False)
    story = make_article()
    client.force_login(editor)

    form = client.get(reverse("admin:articles_article_change", args=[story.pk])).context["adminform"].form

    names = {user.username for user in form.fields["assignee"].queryset}
    assert "editor" in names
    assert not names & {"reader", "former"}
