"""The admin: edit a headline and typed tags; see which headlines are still machine-made."""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, MinistryTag, TagSource, TopicTag
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("import_seeds", str(SEED_FILE), stdout=StringIO())
    return Article.objects.get()


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_data(article, **changes):
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "dateline": article.dateline,
        "credit": article.credit,
        "body": article.body,
        "countries": ", ".join(article.countries.names()),
        "ministries": ", ".join(f'"{name}"' for name in article.ministries.names()),
        "topics": ", ".join(article.topics.names()),
        "status": article.status,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return data


def test_anonymous_users_are_sent_to_log_in(client, seeded):
    response = client.get(change_url(seeded))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_changelist_shows_machine_made_headlines_and_tags(admin_client, seeded):
    page = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert seeded.headline in page
    assert "Machine-made headline" in page
    assert 'alt="True"' in page
    assert "Ministry of Economy of Azerbaijan" in page


def test_an_editor_rewrites_the_headline_and_it_is_no_longer_machine_made(admin_client, seeded):
    response = admin_client.post(
        change_url(seeded), form_data(seeded, headline="Azerbaijan courts Tajik industry"), follow=True
    )
    assert "was changed successfully" in response.content.decode()
    seeded.refresh_from_db()
    assert seeded.headline == "Azerbaijan courts Tajik industry"
    assert not seeded.headline_is_machine_made
    machine = reverse("admin:articles_article_changelist") + "?headline=machine"
    assert "Azerbaijan courts" not in admin_client.get(machine).content.decode()
    edited = reverse("admin:articles_article_changelist") + "?headline=edited"
    assert "Azerbaijan courts" in admin_client.get(edited).content.decode()


def test_an_editor_edits_tags_including_a_ministry_with_commas(admin_client, seeded):
    ministries = '"Ministry of Economy of Azerbaijan", "Ministry of Investment, Industry and Trade of Uzbekistan"'
    response = admin_client.post(
        change_url(seeded),
        form_data(seeded, countries="Azerbaijan, turkey", ministries=ministries, topics="Trade, Industrial parks"),
    )
    assert response.status_code == 302
    assert sorted(seeded.countries.names()) == ["Azerbaijan", "Türkiye"]
    assert sorted(seeded.ministries.names()) == [
        "Ministry of Economy of Azerbaijan",
        "Ministry of Investment, Industry and Trade of Uzbekistan",
    ]
    assert sorted(seeded.topics.names()) == ["Industrial parks", "Trade"]
    assert MinistryTag.objects.get(name__contains="Uzbekistan").country.name == "Uzbekistan"
    links = seeded.ministries.through.objects.filter(content_object=seeded)
    assert {link.tag.name: link.source for link in links} == {
        "Ministry of Economy of Azerbaijan": TagSource.IMPORTER,
        "Ministry of Investment, Industry and Trade of Uzbekistan": TagSource.EDITOR,
    }


def test_the_change_form_shows_who_added_each_tag(admin_client, seeded):
    page = admin_client.get(change_url(seeded)).content.decode()
    assert "Azerbaijan — added by importer" in page
    assert "Ministry of Economy of Azerbaijan — added by importer" in page


def test_an_unknown_country_is_refused_and_nothing_changes(admin_client, seeded):
    response = admin_client.post(change_url(seeded), form_data(seeded, countries="Azerbaijan, Atlantis", headline="X"))
    assert response.status_code == 200
    assert "Not a UN member state: Atlantis" in response.content.decode()
    seeded.refresh_from_db()
    assert seeded.headline != "X"
    assert sorted(seeded.countries.names()) == ["Azerbaijan", "Tajikistan"]


def test_a_ministry_without_its_country_is_refused(admin_client, seeded):
    response = admin_client.post(change_url(seeded), form_data(seeded, ministries="Ministry of Magic"))
    assert response.status_code == 200
    assert "Name each ministry with its country" in response.content.decode()


def test_topic_keywords_are_edited_in_the_admin(admin_client):
    topic = TopicTag.objects.get(name="Trade")
    url = reverse("admin:articles_topictag_change", args=[topic.pk])
    response = admin_client.post(url, {"name": "Trade", "slug": "trade", "keywords": "trade\nbarter"})
    assert response.status_code == 302
    assert TopicTag.objects.get(pk=topic.pk).keyword_list == ["trade", "barter"]


def test_every_tag_admin_lists_its_tags_with_story_counts(admin_client, seeded):
    for model, name in [("countrytag", "Tajikistan"), ("ministrytag", "Ministry of Economy"), ("topictag", "Trade")]:
        page = admin_client.get(reverse(f"admin:articles_{model}_changelist")).content.decode()
        assert name in page


def test_the_changelist_query_count_does_not_grow_with_stories(admin_client, django_assert_max_num_queries, seeded):
    for n in range(40):
        article = Article.objects.create(headline=f"Story {n}", slug=f"story-{n}", body="Text.")
        article.countries.add("Azerbaijan")
        article.topics.add("Trade")
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("admin:articles_article_changelist"))


def test_saving_from_the_browser_without_changes_is_not_an_edit(admin_client, seeded, tmp_path):
    # Browsers send textareas with CRLF line ends.
    response = admin_client.post(change_url(seeded), form_data(seeded, body=seeded.body.replace("\n", "\r\n")))
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
    response = admin_client.get(f"/admin/r/{content_type}/{draft.pk}/")
    assert response.status_code == 302
    assert admin_client.get(response["Location"]).status_code == 404
