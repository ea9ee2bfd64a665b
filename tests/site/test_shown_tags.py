"""A story's pages show its tags as they are now, though they read them from the story's own row
(Article.shown_tags, kept by articles/site/story_tags.py): through the desk, a rename or a new slug, a
merge, a deletion, a change in code, an import, and the migration that first wrote them."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from articles.desk.tag_care import merge_tags
from articles.ingest.importers import import_seeds
from articles.models import Article, CountryTag, MinistryTag, TopicTag
from tests.desk_forms import change_url, story_form
from tests.factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bare")]  # pages as they render, not as cached

TAG_LINK = re.compile(r'<a href="/(countries|ministries|topics)/([^/"]+)/">([^<]+)</a>')


def tags_on(client, story, page=None):
    """{kind: [(slug, name)]} as the story's page (or `page`, a list showing it) links its tags."""
    response = client.get(page or Article.objects.get(pk=story.pk).get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    if page is None:
        if '<div class="tags">' not in html:
            return {}
        html = html[html.index('<div class="tags">') :]
        html = html[: html.index("</div>")]
    shown = {}
    for kind, slug, name in TAG_LINK.findall(html):
        shown.setdefault(kind, []).append((slug, name))
    return shown


def test_tags_changed_in_the_desk_show_once_published(admin_client, client):
    story = make_article(countries=["Georgia"], topics=["Trade"])
    turkiye = CountryTag.objects.get(name="Türkiye")
    form = story_form(story, countries=[turkiye.pk, CountryTag.objects.get(name="Georgia").pk])
    assert admin_client.post(change_url(story), form).status_code == 302
    # Pending on a live story: readers see it as it is until a publisher publishes the changes.
    assert tags_on(client, story)["countries"] == [("georgia", "Georgia")]
    story.refresh_from_db()
    assert admin_client.post(change_url(story), story_form(story, _transition="publish_changes")).status_code == 302
    assert tags_on(client, story) == {
        "countries": [("georgia", "Georgia"), ("turkiye", "Türkiye")],
        "topics": [("trade", "Trade")],
    }


def test_a_renamed_tag_shows_its_new_name_and_links_its_new_slug(admin_client, client):
    story = make_article(topics=["Commerce"])
    commerce = TopicTag.objects.get(name="Commerce")
    response = admin_client.post(
        reverse("admin:articles_topictag_change", args=[commerce.pk]),
        {"name": "Trade routes", "slug": "trade-routes", "keywords": ""},
    )
    assert response.status_code == 302
    assert tags_on(client, story) == {"topics": [("trade-routes", "Trade routes")]}
    # A new slug alone (the name kept) moves the link too.
    commerce.refresh_from_db()
    commerce.slug = "routes"
    commerce.save()
    assert tags_on(client, story) == {"topics": [("routes", "Trade routes")]}
    assert tags_on(client, story, page="/") == {"topics": [("routes", "Trade routes")]}


def test_merged_tags_show_as_the_survivor(admin_user, client):
    story = make_article(countries=["Turkey Republic", "Georgia"])
    merge_tags(
        CountryTag.objects.get(name="Türkiye"), [CountryTag.objects.get(name="Turkey Republic")], user=admin_user
    )
    assert tags_on(client, story) == {"countries": [("georgia", "Georgia"), ("turkiye", "Türkiye")]}


def test_a_deleted_tag_is_gone_from_its_stories_pages(client):
    story = make_article(countries=["Georgia"], ministries=["Ministry of Fisheries of Georgia"])
    MinistryTag.objects.get(name="Ministry of Fisheries of Georgia").delete()
    assert tags_on(client, story) == {"countries": [("georgia", "Georgia")]}
    assert tags_on(client, story, page="/") == {"countries": [("georgia", "Georgia")]}


def test_a_tag_added_in_code_shows_and_a_later_save_of_the_story_in_hand_keeps_it(client):
    story = make_article(headline="Pipeline opens")
    story.countries.add("Türkiye")
    story.headline = "Pipeline opened"
    story.save()  # the object in hand was given its new tags: saving it does not write the old ones back
    assert tags_on(client, story) == {"countries": [("turkiye", "Türkiye")]}
    story.countries.remove("Türkiye")
    assert tags_on(client, story) == {}


def test_imported_stories_show_their_tags_in_reading_order(tmp_path, client):
    (tmp_path / "001_seed.txt").write_text(
        " date 2024-03-01 ANKARA, Türkiye, March 1. The Turkish Energy Minister met Georgian officials in Ankara,"
        " Trend reports.\n\nThe plant feeds the grid.\n",
        encoding="utf-8",
    )
    import_seeds([tmp_path], workers=0)
    story = Article.objects.get()
    shown = tags_on(client, story)
    assert [name for _slug, name in shown["countries"]] == ["Georgia", "Türkiye"]
    assert [name for _slug, name in shown["ministries"]] == ["Ministry of Energy and Natural Resources of Türkiye"]
    assert tags_on(client, story, page="/") == {"countries": shown["countries"]}  # a list shows two


def test_the_migration_writes_every_storys_tags_from_its_links(client):
    tagged = make_article(countries=["Georgia", "Azerbaijan"], topics=["Trade"])
    untagged = make_article()
    before = tags_on(client, tagged)
    Article.objects.update(shown_tags=None)  # as the column is when migration 0023 adds it
    assert tags_on(client, tagged) == {}
    migration = importlib.import_module("articles.migrations.0023_stories_keep_their_shown_tags")
    migration.write_shown_tags(apps, None)
    assert (
        tags_on(client, tagged)
        == before
        == {
            "countries": [("azerbaijan", "Azerbaijan"), ("georgia", "Georgia")],
            "topics": [("trade", "Trade")],
        }
    )
    assert Article.objects.get(pk=untagged.pk).shown_tags is None
