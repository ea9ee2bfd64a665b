"""A new tag needs only its name: the slug is made from it, as a story's is, and a clash gets -2."""

import pytest
from django.urls import reverse

from articles.models import MinistryTag, TagRedirect, TopicTag
from tests.desk_forms import user_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(user_in("Editors"))
    return client


def test_a_tag_made_from_the_plus_popup_with_only_a_name_gets_its_slug_from_it(editor):
    url = reverse("admin:articles_topictag_add") + "?_to_field=id&_popup=1"
    response = editor.post(url, {"name": "Cyber Security", "_to_field": "id", "_popup": "1"})

    assert response.status_code == 200 and "popup_response" in response.content.decode()  # closes the popup
    assert TopicTag.objects.get(name="Cyber Security").slug == "cyber-security"


def test_a_slug_another_tag_or_a_merged_tags_page_has_gets_a_number(editor):
    TopicTag.objects.create(name="Cyber security", slug="cyber-security-x")
    TopicTag.objects.create(name="Cyber-Security", slug="cyber-security")
    TagRedirect.objects.create(kind="topics", old_slug="cyber-security-2", new_slug="cyber-security")

    editor.post(reverse("admin:articles_topictag_add"), {"name": "Cyber, Security"})

    assert TopicTag.objects.get(name="Cyber, Security").slug == "cyber-security-3"


def test_a_ministry_needs_only_its_name_too(editor):
    editor.post(reverse("admin:articles_ministrytag_add"), {"name": "Ministry of Digital Development of Azerbaijan"})
    tag = MinistryTag.objects.get(name="Ministry of Digital Development of Azerbaijan")
    assert tag.slug == "ministry-of-digital-development-of-azerbaijan"
    assert tag.country.name == "Azerbaijan"


def test_a_ministry_typed_in_lower_case_is_told_to_write_its_capitals_not_that_it_has_no_country(editor):
    response = editor.post(reverse("admin:articles_ministrytag_add"), {"name": "ministry of culture of iceland"})
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "Ministry of Culture of Iceland" in errors and "Choose the country" not in errors
    assert not MinistryTag.objects.exists()


def test_a_ministry_naming_no_country_is_asked_for_one(editor):
    response = editor.post(reverse("admin:articles_ministrytag_add"), {"name": "Ministry of Culture"})
    assert "Choose the country" in " ".join(response.context["adminform"].form.non_field_errors())
    assert not MinistryTag.objects.exists()


def test_a_slug_typed_by_the_editor_is_kept(editor):
    editor.post(reverse("admin:articles_topictag_add"), {"name": "Space", "slug": "outer-space"})
    assert TopicTag.objects.get(name="Space").slug == "outer-space"


def test_a_new_tags_slug_spells_the_letters_the_former_rule_dropped(editor):
    editor.post(reverse("admin:articles_topictag_add"), {"name": "Şəki–Zaqatala road"})
    assert TopicTag.objects.get(name="Şəki–Zaqatala road").slug == "seki-zaqatala-road"
