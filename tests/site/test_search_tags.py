"""Search finds a story by its tags too: "Turkey" finds the stories tagged Türkiye, a ministry's name its
stories; the words follow every change of tags; the results page says how many matched and marks the words."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from articles.desk.tag_care import merge_tags
from articles.ingest.importers import import_seeds
from articles.models import Article, CountryTag, MinistryTag, TopicTag
from articles.site.search import matching, search
from tests.desk_forms import change_url, story_form
from tests.factories import days_ago, make_article

pytestmark = pytest.mark.django_db


def found(text):
    return sorted(search(Article.objects.published(), text).values_list("headline", flat=True))


def plain(headline, **tags):
    """A story whose copy names none of its tags."""
    return make_article(headline=headline, standfirst="Talks went on.", body="The talks went on.", **tags)


@pytest.mark.parametrize(
    "query",
    [
        "Turkey",
        "turkey",
        "Türkiye",
        "Turkiye",
        "TURKISH",
        pytest.param("turk", marks=pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's prefixes")),
    ],
)
def test_a_country_is_found_by_any_of_its_names_though_the_copy_names_none(query):
    plain("Gas deal signed", countries=["Türkiye"])
    plain("Harvest begins", countries=["Georgia"])
    assert found(query) == ["Gas deal signed"]


def test_a_ministrys_name_finds_its_stories_and_its_countrys_other_names_too():
    plain("Budget approved", ministries=["Ministry of Finance of Türkiye"])
    plain("Port reopens", ministries=["Ministry of Transport of Georgia"])
    assert found("Ministry of Finance of Türkiye") == ["Budget approved"]
    assert found("finance ministry turkey") == ["Budget approved"]
    assert found("transport ministry") == ["Port reopens"]


def test_a_topic_finds_its_stories_and_every_word_still_counts_copy_and_tags_alike():
    plain("Gas deal signed", countries=["Türkiye"], topics=["Energy"])
    plain("Wheat deal signed", countries=["Türkiye"], topics=["Agriculture"])
    assert found("energy") == ["Gas deal signed"]
    assert found("turkey deal energy") == ["Gas deal signed"]
    assert found("turkey wheat") == ["Wheat deal signed"]
    assert found("turkey energy wheat") == []


def test_formal_names_are_not_searched_so_republic_does_not_match_half_the_world():
    plain("Gas deal signed", countries=["Türkiye"])
    assert found("republic") == []


def test_tags_changed_in_the_desk_are_found_once_live_and_the_old_ones_are_not(admin_client):
    story = plain("Gas deal signed", countries=["Georgia"])
    turkiye = CountryTag.objects.get(name="Türkiye")
    response = admin_client.post(change_url(story), story_form(story, countries=[turkiye.pk]))
    assert response.status_code == 302
    # Pending on a live story: readers, and so their search, see it as it is until a publisher publishes.
    assert found("turkey") == [] and found("georgia") == ["Gas deal signed"]
    story.refresh_from_db()
    response = admin_client.post(change_url(story), story_form(story, _transition="publish_changes"))
    assert response.status_code == 302
    assert found("turkey") == ["Gas deal signed"]
    assert found("georgia") == []


def test_a_renamed_tag_is_found_by_its_new_name_only(admin_client):
    plain("Pipeline opens", topics=["Commerce"])
    commerce = TopicTag.objects.get(name="Commerce")
    response = admin_client.post(
        reverse("admin:articles_topictag_change", args=[commerce.pk]),
        {"name": "Trade routes", "slug": "trade-routes", "keywords": ""},
    )
    assert response.status_code == 302
    assert found("routes") == ["Pipeline opens"]
    assert found("commerce") == []


def test_stories_of_merged_tags_are_found_by_the_survivor_and_not_by_the_merged_name(admin_user):
    plain("Pipeline opens", countries=["Turkey Republic"])
    plain("Gas deal signed", countries=["Türkiye"])
    merge_tags(
        CountryTag.objects.get(name="Türkiye"), [CountryTag.objects.get(name="Turkey Republic")], user=admin_user
    )
    assert found("turkey") == ["Gas deal signed", "Pipeline opens"]
    assert found("republic") == []


def test_a_deleted_tag_no_longer_finds_its_stories():
    plain("Pipeline opens", ministries=["Ministry of Fisheries of Georgia"])
    assert found("fisheries") == ["Pipeline opens"]
    MinistryTag.objects.get(name="Ministry of Fisheries of Georgia").delete()
    assert found("fisheries") == []


def test_a_tag_added_or_removed_in_code_is_found_at_once_and_a_later_save_keeps_it():
    story = plain("Pipeline opens")
    story.countries.add("Türkiye")
    assert found("turkey") == ["Pipeline opens"]
    story.headline = "Pipeline opened"
    story.save()  # the object in hand was told of its new words: saving it does not write the old ones back
    assert found("turkey") == ["Pipeline opened"]
    story.countries.remove("Türkiye")
    assert found("turkey") == []


def test_imported_stories_are_found_by_their_tags(tmp_path):
    (tmp_path / "001_seed.txt").write_text(
        " date 2024-03-01 ANKARA, Türkiye, March 1. The Turkish Energy Minister opened a solar plant, Trend reports."
        "\n\nThe plant feeds the grid.\n",
        encoding="utf-8",
    )
    import_seeds([tmp_path], workers=0)
    story = Article.objects.get()
    assert set(story.countries.names()) == {"Türkiye"}
    assert found("turkey") == [story.headline]
    assert found("Ministry of Energy of Türkiye") == [story.headline]


def test_matching_narrows_any_queryset_for_the_desk_drafts_included():
    """The desk's story list filters with matching(): every story, whatever its state, in the caller's order."""
    draft = plain("Draft about Ankara", countries=["Türkiye"])
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    plain("Live about Ankara", countries=["Türkiye"])
    plain("Live about Tbilisi", countries=["Georgia"])
    assert sorted(matching(Article.objects.all(), "turkey").values_list("headline", flat=True)) == [
        "Draft about Ankara",
        "Live about Ankara",
    ]
    assert list(matching(Article.objects.published(), "turkey").values_list("headline", flat=True)) == [
        "Live about Ankara"
    ]
    assert not matching(Article.objects.all(), "  ").exists()


def test_the_results_page_says_how_many_stories_matched_across_pages(client, settings):
    settings.NEWSROOM_PAGE_SIZE = 20
    for n in range(23):
        plain(f"Gas talks {n}", countries=["Türkiye"], published_at=days_ago(n + 1))
    plain("Unrelated", countries=["Georgia"])
    for url in ["/search/?q=turkey", "/search/?q=turkey&page=2"]:
        page = client.get(url).content.decode()
        assert "23 stories match “turkey”" in page, url
    one = client.get("/search/?q=unrelated").content.decode()
    assert "1 story matches “unrelated”" in one
    assert "No story matches “zebra”" in client.get("/search/?q=zebra").content.decode()


def test_the_results_page_marks_the_words_found_and_the_tags_found(client):
    plain("Turkish energy ministers meet", countries=["Türkiye", "Georgia"], topics=["Energy"])
    page = client.get("/search/?q=turkey+energy").content.decode()
    headline = re.search(r"<h2><a [^>]*>(.*?)</a></h2>", page).group(1)
    assert headline == "<mark>Turkish</mark> <mark>energy</mark> ministers meet"
    tags = re.search(r'<span class="tag-line">(.*?)</span>', page).group(1)
    assert re.findall(r"<a [^>]*>(.*?)</a>", tags) == ["<mark>Türkiye</mark>", "<mark>Energy</mark>"]


def test_marks_never_let_markup_in_copy_through(client):
    plain("<b>Energy</b> & <script>energy</script>", topics=["Energy"])
    page = client.get("/search/?q=energy").content.decode()
    assert "&lt;b&gt;<mark>Energy</mark>&lt;/b&gt; &amp; &lt;script&gt;<mark>energy</mark>&lt;/script&gt;" in page


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
def test_on_sqlite_the_index_holds_exactly_the_tag_words_through_every_change(admin_user):
    from tests.site.test_search_index import _index_is_exact

    # Chile: a country the ministry register does not hold, so its tag can be deleted.
    story = plain("Pipeline opens", countries=["Chile"], topics=["Commerce"])
    story.ministries.add("Ministry of Energy of Georgia")
    merge_tags(TopicTag.objects.get(name="Trade"), [TopicTag.objects.get(name="Commerce")], user=admin_user)
    CountryTag.objects.filter(name="Chile").first().delete()
    _index_is_exact()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
@pytest.mark.django_db(transaction=True)  # statistics are refreshed after committed writes only
def test_on_postgresql_a_search_by_a_tag_reads_the_index():
    from articles.ingest.importers import _refresh_statistics as refresh_statistics
    from articles.site.search import SEARCH_INDEX
    from tests.site.test_search_index import WIRE_LENGTH_BODY

    # Among thousands of stories a few carry the tag: reading the index beats reading every story.
    Article.objects.bulk_create(
        Article(headline=f"Other {n}", slug=f"other-{n}", body=WIRE_LENGTH_BODY, status="published",
                published_at=days_ago(2), tag_words="Georgia")
        for n in range(3000)
    )  # fmt: skip
    for n in range(5):
        plain(f"Gas deal {n}", countries=["Türkiye"])
    refresh_statistics()  # as a large import does
    found_stories = search(Article.objects.published(), "turkey")
    assert SEARCH_INDEX in found_stories.explain()
    assert found_stories.count() == 5


def test_the_results_page_marks_words_found_by_letters_typed_in_ascii(client):
    plain("ŞƏKİ silk reaches Bakı, Łódź and Йошкар-Ола")
    page = client.get("/search/?q=seki+baki+lodz+yoshkar").content.decode()
    headline = re.search(r"<h2><a [^>]*>(.*?)</a></h2>", page).group(1)
    assert headline == "<mark>ŞƏKİ</mark> silk reaches <mark>Bakı</mark>, <mark>Łódź</mark> and <mark>Йошкар</mark>-Ола"
