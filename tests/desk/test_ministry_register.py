"""The ministry register in the admin: shipped with the wire's countries; a ministry or a variant an editor adds
folds the next import onto that ministry, and the tag the importer made before is merged as any duplicate."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.desk.tag_care import merge_tags
from articles.models import Article, CountryTag, MinistryTag, RegisteredMinistry
from tests.desk_forms import user_in

pytestmark = pytest.mark.django_db
STORY = (
    " date 2024-06-03 NAIROBI (Reuters) - Kenya's Minister of Mining and Blue Economy Hassan Joho said on Monday "
    "that the country would auction three offshore oil blocks this year.\n\nThe blocks lie off the coast of Lamu."
)


@pytest.fixture
def editor(client):
    client.force_login(user_in("Editors"))
    return client


def import_story(folder, name, text=STORY):
    (folder / name).write_text(text, encoding="utf-8")
    call_command("import_seeds", str(folder / name), stdout=StringIO(), stderr=StringIO())
    return Article.objects.get(import_ref=name.removesuffix(".txt"))


def test_the_register_is_shipped_with_the_wire_s_ministries():
    economy = RegisteredMinistry.objects.get(name="Ministry of Economy of Azerbaijan")
    assert economy.country.name == "Azerbaijan"
    energy = RegisteredMinistry.objects.get(name="Ministry of Energy and Natural Resources of Türkiye")
    assert energy.country.name == "Türkiye"
    assert RegisteredMinistry.objects.filter(country__name="United States").count() >= 10
    assert RegisteredMinistry.objects.order_by().values("country").distinct().count() >= 44


def test_an_imported_story_is_tagged_with_the_register_s_name(tmp_path):
    text = (
        " date 2024-03-02 ANKARA, Türkiye, March 2. Turkish Energy Minister Alparslan Bayraktar met investors.\n\nMore."
    )
    story = import_story(tmp_path, "energy.txt", text)
    assert list(story.ministries.names()) == ["Ministry of Energy and Natural Resources of Türkiye"]
    assert MinistryTag.objects.get(name="Ministry of Energy and Natural Resources of Türkiye").country.name == "Türkiye"


def test_an_editor_adds_a_ministry_and_the_next_import_is_tagged_with_it_and_the_old_tag_merges(editor, tmp_path):
    before = import_story(tmp_path, "before.txt")
    assert list(before.ministries.names()) == ["Ministry of Mining of Kenya"]  # the normal form, outside the register

    response = editor.post(
        reverse("admin:articles_registeredministry_add"),
        {
            "name": "Ministry of Mining, Blue Economy and Maritime Affairs of Kenya",
            "country": CountryTag.objects.get(name="Kenya").pk,
            "variants": "Mining\nMining and Blue Economy",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    after = import_story(tmp_path, "after.txt")
    assert list(after.ministries.names()) == ["Ministry of Mining, Blue Economy and Maritime Affairs of Kenya"]
    # The tag the importer made before is a duplicate, merged as any other.
    survivor = MinistryTag.objects.get(name="Ministry of Mining, Blue Economy and Maritime Affairs of Kenya")
    merge_tags(
        survivor, [MinistryTag.objects.get(name="Ministry of Mining of Kenya")], user=user_in("Editors", "merger")
    )
    assert list(before.ministries.names()) == [survivor.name]


def test_an_editor_adds_a_variant_to_a_ministry_of_the_register(editor, tmp_path):
    text = " date 2024-03-02 BAKU, Azerbaijan, March 2. Azerbaijan's Space Minister met investors.\n\nMore."
    assert list(import_story(tmp_path, "one.txt", text).ministries.names()) == ["Ministry of Space of Azerbaijan"]
    ministry = RegisteredMinistry.objects.get(name="Ministry of Digital Development and Transport of Azerbaijan")
    change = reverse("admin:articles_registeredministry_change", args=[ministry.pk])
    data = {"name": ministry.name, "country": ministry.country_id, "variants": f"{ministry.variants}\nSpace"}

    assert editor.post(change, data).status_code == 302
    assert list(import_story(tmp_path, "two.txt", text).ministries.names()) == [ministry.name]


def test_a_ministry_s_name_must_end_in_its_country(editor):
    response = editor.post(
        reverse("admin:articles_registeredministry_add"),
        {"name": "Ministry of Mining", "country": CountryTag.objects.get(name="Kenya").pk, "variants": ""},
    )
    assert response.status_code == 200
    assert "End the name with its country" in response.content.decode()
    assert not RegisteredMinistry.objects.filter(name="Ministry of Mining").exists()


def test_a_reporter_cannot_change_the_register(client):
    client.force_login(user_in("Reporters"))
    ministry = RegisteredMinistry.objects.get(name="Ministry of Economy of Azerbaijan")
    change = reverse("admin:articles_registeredministry_change", args=[ministry.pk])
    client.post(change, {"name": ministry.name, "country": ministry.country_id, "variants": "Trade"})
    ministry.refresh_from_db()
    assert ministry.variants == ""
