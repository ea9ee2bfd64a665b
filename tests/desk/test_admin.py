"""The admin: edit copy and typed tags, see which headlines are machine-made and who tagged what."""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article, CountryTag, MinistryTag, TagSource, TopicTag
from tests.conftest import SEED_FILE
from tests.desk_forms import change_url, story_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("import_seeds", str(SEED_FILE), stdout=StringIO())
    return Article.objects.get()


def test_anonymous_users_are_sent_to_log_in(client, seeded):
    response = client.get(change_url(seeded))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_changelist_shows_machine_made_headlines_and_tags(admin_client, seeded):
    page = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert escape(seeded.headline) in page  # the seed's headline has an apostrophe
    assert "Machine-made" in page
    assert 'class="newsroom-machine"' in page
    assert "Ministry of Economy of Azerbaijan" in page


def test_an_editor_rewrites_the_headline_and_it_is_no_longer_machine_made(admin_client, seeded):
    rewritten = story_form(seeded, headline="Azerbaijan courts Tajik industry", _transition="publish_changes")
    response = admin_client.post(change_url(seeded), rewritten, follow=True)
    assert "the pending changes are live" in response.content.decode()
    seeded.refresh_from_db()
    assert seeded.headline == "Azerbaijan courts Tajik industry"
    assert not seeded.headline_is_machine_made
    machine = reverse("admin:articles_article_changelist") + "?headline=machine"
    assert "Azerbaijan courts" not in admin_client.get(machine).content.decode()
    edited = reverse("admin:articles_article_changelist") + "?headline=edited"
    assert "Azerbaijan courts" in admin_client.get(edited).content.decode()


def test_an_editor_chooses_tags_including_a_ministry_with_commas(admin_client, seeded):
    uzbek = MinistryTag.objects.create(name="Ministry of Investment, Industry and Trade of Uzbekistan")
    azerbaijan, turkiye = CountryTag.objects.get(name="Azerbaijan"), CountryTag.objects.get(name="Türkiye")
    economy = MinistryTag.objects.get(name="Ministry of Economy of Azerbaijan")
    trade, parks = TopicTag.objects.get(name="Trade"), TopicTag.objects.get(name="Industrial parks")
    response = admin_client.post(
        change_url(seeded),
        story_form(
            seeded,
            countries=[azerbaijan.pk, turkiye.pk],
            ministries=[economy.pk, uzbek.pk],
            topics=[trade.pk, parks.pk],
            _transition="publish_changes",
        ),
    )
    assert response.status_code == 302
    assert sorted(seeded.countries.names()) == ["Azerbaijan", "Türkiye"]
    assert sorted(seeded.ministries.names()) == [
        "Ministry of Economy of Azerbaijan",
        "Ministry of Investment, Industry and Trade of Uzbekistan",
    ]
    assert sorted(seeded.topics.names()) == ["Industrial parks", "Trade"]
    assert uzbek.country.name == "Uzbekistan"
    links = seeded.ministries.through.objects.filter(content_object=seeded)
    assert {link.tag.name: link.source for link in links} == {
        "Ministry of Economy of Azerbaijan": TagSource.IMPORTER,
        "Ministry of Investment, Industry and Trade of Uzbekistan": TagSource.EDITOR,
    }


def test_tags_are_chosen_by_autocomplete_from_their_own_admin(admin_client, seeded):
    page = admin_client.get(change_url(seeded)).content.decode()
    assert 'data-model-name="countrytag"' in page or "admin-autocomplete" in page
    url = reverse("admin:autocomplete")
    response = admin_client.get(
        url, {"term": "tajik", "app_label": "articles", "model_name": "article", "field_name": "countries"}
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Tajikistan"]


def test_every_country_is_there_to_choose():
    assert CountryTag.objects.count() == 193
    assert CountryTag.objects.filter(name="Türkiye", slug="turkiye").exists()


def test_the_change_form_shows_who_added_each_tag(admin_client, seeded):
    page = admin_client.get(change_url(seeded)).content.decode()
    assert "Azerbaijan — added by importer" in page
    assert "Ministry of Economy of Azerbaijan — added by importer" in page


def test_a_country_not_in_the_gazetteer_cannot_be_created(admin_client):
    response = admin_client.post(reverse("admin:articles_countrytag_add"), {"name": "Atlantis", "slug": "atlantis"})
    assert response.status_code == 200
    assert "Not a UN member state" in response.content.decode()
    assert not CountryTag.objects.filter(name="Atlantis").exists()


def test_a_ministry_must_know_its_country(admin_client):
    url = reverse("admin:articles_ministrytag_add")
    response = admin_client.post(url, {"name": "Ministry of Magic", "slug": "ministry-of-magic", "country": ""})
    assert response.status_code == 200
    assert "Choose the country" in response.content.decode()
    response = admin_client.post(
        url, {"name": "Ministry of Culture of Georgia", "slug": "ministry-of-culture-of-georgia", "country": ""}
    )
    assert response.status_code == 302
    assert MinistryTag.objects.get(slug="ministry-of-culture-of-georgia").country.name == "Georgia"


def test_topic_keywords_are_edited_in_the_admin(admin_client):
    topic = TopicTag.objects.get(name="Trade")
    url = reverse("admin:articles_topictag_change", args=[topic.pk])
    response = admin_client.post(url, {"name": "Trade", "slug": "trade", "keywords": "trade\nbarter"})
    assert response.status_code == 302
    assert TopicTag.objects.get(pk=topic.pk).keyword_list == ["trade", "barter"]


def test_every_tag_admin_lists_its_tags_with_story_counts(admin_client, seeded):
    for model, name in [("countrytag", "Tajikistan"), ("ministrytag", "Ministry of Economy"), ("topictag", "Trade")]:
        url = reverse(f"admin:articles_{model}_changelist")
        page = admin_client.get(url, {"q": name}).content.decode()
        assert name in page


def test_saving_from_the_browser_without_changes_is_not_an_edit(admin_client, seeded, tmp_path):
    # Browsers send textareas with CRLF line ends.
    response = admin_client.post(change_url(seeded), story_form(seeded, body=seeded.body.replace("\n", "\r\n")))
    assert response.status_code == 302
    seeded.refresh_from_db()
    assert seeded.editor_changes() == []
    changed = tmp_path / SEED_FILE.name
    changed.write_text(SEED_FILE.read_text().replace("aluminum", "copper"))
    out = StringIO()
    call_command("import_seeds", str(changed), stdout=out)
    assert "1 updated" in out.getvalue()


def test_view_on_site_only_for_published_stories(admin_client, seeded):
    assert "View on site" in admin_client.get(change_url(seeded)).content.decode()
    draft = Article.objects.create(headline="Draft", slug="draft", body="Text.")
    assert "View on site" not in admin_client.get(change_url(draft)).content.decode()
    content_type = ContentType.objects.get_for_model(Article).pk
    # Django's shortcut would redirect to the draft's future URL, revealing its slug.
    assert admin_client.get(f"/admin/r/{content_type}/{draft.pk}/").status_code == 404
    response = admin_client.get(f"/admin/r/{content_type}/{seeded.pk}/")
    assert response["Location"] == seeded.get_absolute_url()


def test_the_changelist_query_count_does_not_grow_with_stories(admin_client, django_assert_max_num_queries, seeded):
    for n in range(100):
        article = Article.objects.create(headline=f"Story {n}", slug=f"story-{n}", body="Text.")
        article.countries.add("Azerbaijan")
        article.topics.add("Trade")
    with django_assert_max_num_queries(16):
        response = admin_client.get(reverse("admin:articles_article_changelist"))
    assert "Story 99" in response.content.decode()
