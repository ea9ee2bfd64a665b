"""Search: what it finds, that it follows every change to a story, and that no input breaks it."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from articles.ingest.importers import import_seeds
from articles.models import Article
from articles.site import page_cache
from articles.site.search import MAX_WORDS, fts_query, search
from tests.factories import days_ago, make_article

pytestmark = pytest.mark.django_db
S = Article.Status
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index and its query syntax")


def found(text):
    return list(search(Article.objects.published(), text).values_list("headline", flat=True))


@pytest.mark.parametrize(
    ("field", "value"),
    [("headline", "Caspian ferry resumes"), ("standfirst", "The Caspian ferry sailed."), ("body", "A ferry sailed.")],
)
def test_a_word_in_the_headline_standfirst_or_body_finds_the_story(field, value):
    story = make_article(**{field: value})
    make_article(headline="Wheat harvest", standfirst="Grain.", body="Fields.")
    assert found("ferry") == [story.headline]
    assert found("FERRY") == [story.headline]


def test_every_word_must_be_there_wherever_it_is():
    make_article(headline="Cotton exports rise", body="Figures for the year.")
    make_article(headline="Ports report", standfirst="Cotton moves.", body="Exports through Poti rose.")
    make_article(headline="Cotton harvest", body="In the fields.")
    assert sorted(found("cotton exports")) == ["Cotton exports rise", "Ports report"]
    assert found("cotton exports wheat") == []


@sqlite_only
def test_sqlite_lists_matches_newest_first():
    # Not ranked: ranking reads every match (see articles/site/search.py); PostgreSQL ranks.
    old = make_article(headline="Cotton exports rise", published_at=days_ago(5))
    new = make_article(headline="Ports report", body="Cotton exports through Poti rose.", published_at=days_ago(1))
    assert found("cotton exports") == [new.headline, old.headline]


@sqlite_only
@pytest.mark.parametrize("few", [1000, 2])  # the few matches looked up by id; more than FEW, the index walked
def test_sqlite_lists_a_rare_or_a_common_words_matches_newest_first(monkeypatch, few):
    from articles.site import search as search_module

    monkeypatch.setattr(search_module, "FEW", few)
    stories = [make_article(headline=f"Ferry {n} sails", published_at=days_ago(n)) for n in (3, 1, 4, 2)]
    make_article(headline="Cotton harvest")
    assert found("ferry") == [stories[n].headline for n in (1, 3, 0, 2)]
    assert found("ferry 4") == ["Ferry 4 sails"]
    assert found("zebra") == []


@sqlite_only
def test_on_sqlite_a_rare_word_reads_its_stories_by_id_not_the_publication_index(django_assert_num_queries):
    # SQLite would walk every live story's index entry, looking each up among the few matches: 12 ms at
    # 100,000 stories for a word in none. The few ids are read first, then only their stories.
    for n in range(5):
        make_article(headline=f"Wheat harvest {n}")
    make_article(headline="Ferry sails")
    stories = search(Article.objects.published(), "ferry")[:21]
    plan = stories.explain()
    assert "USING INTEGER PRIMARY KEY" in plan and "articles_article_fts" not in plan, plan
    assert [story.headline for story in stories] == ["Ferry sails"]


@sqlite_only
def test_case_and_accents_do_not_matter_on_sqlite():
    make_article(headline="Türkiye and Azerbaijan sign a gas deal")
    for query in ["Türkiye", "turkiye", "TURKIYE", "TÜRKİYE", "Tu\u0308rkiye"]:
        assert found(query) == ["Türkiye and Azerbaijan sign a gas deal"], query


def test_a_name_is_found_with_or_without_its_accents_on_both_databases():
    """Wire copy spells a name both ways and readers type it without: PostgreSQL folds accents as FTS5 does."""
    accented = make_article(
        headline="Talks in Prague", body="Foreign Minister Ivana Petrović met Antonín Dvořák's heirs."
    )
    plain = make_article(headline="Talks in Zagreb", body="Foreign Minister Ivana Petrovic spoke in Zagreb.")
    assert sorted(found("Petrovic")) == sorted(found("Petrović")) == sorted([accented.headline, plain.headline])
    assert found("dvorak") == found("DVOŘÁK") == [accented.headline]
    assert found("Turkiye") == []
    türkiye = make_article(headline="Türkiye and Azerbaijan sign a gas deal")
    assert found("Turkiye") == found("türkiye") == [türkiye.headline]


@pytest.mark.parametrize(
    ("headline", "queries"),
    [
        ("Ferry reaches Bakı", ["Baki", "baki", "BAKI", "Bakı", "BAKİ"]),
        ("Azərbaycan signs", ["Azerbaycan", "azərbaycan", "AZƏRBAYCAN"]),
        ("Trade fair in Łódź", ["lodz", "Lodz", "Łódź", "ŁÓDŹ"]),
        ("ŞƏKİ silk festival", ["seki", "Şəki", "Seki"]),
        ("Ørsted and Straße", ["orsted", "strasse", "Straße"]),
        ("Москва и Алматы", ["Moskva", "москва", "Almaty", "Алматы"]),
        ("თბილისი მეტრო", ["tbilisi", "თბილისი"]),
        (
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            ["\u0645\u06cc\u062e\u0648\u0627\u0647\u0645", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"],
        ),
    ],
)
def test_letters_slugs_spell_are_found_as_readers_type_them_on_both_databases(headline, queries):
    """Accents do not matter, and neither do letters without one to drop: 'ı', 'ə', 'ł', Cyrillic..."""
    make_article(headline=headline)
    make_article(headline="Wheat harvest")
    for query in queries:
        assert found(query) == [headline], query


def test_a_story_spelt_in_ascii_is_found_by_the_regions_letters():
    make_article(headline="Ferry reaches Baki from Aktau")
    assert found("Bakı") == found("BAKİ") == ["Ferry reaches Baki from Aktau"]


@sqlite_only
def test_the_last_word_also_finds_the_words_it_begins():
    make_article(headline="Economic forum opens", body="Ministers met.")
    assert found("econ") == ["Economic forum opens"]
    assert found("forum minister") == ["Economic forum opens"]
    assert found("minister forum") == []  # only the last word: "minister" is not "ministers"
    assert found("ec") == []  # two letters are a whole word only


def test_an_edit_is_found_and_the_old_words_are_not():
    story = make_article(headline="Harbour reopens", standfirst="Boats are back.", body="The harbour reopened.")
    assert found("harbour") == ["Harbour reopens"]
    story.headline, story.standfirst, story.body = "Bridge reopens", "Cars are back.", "The bridge reopened."
    story.save()
    assert found("harbour") == []
    assert found("boats") == []
    assert found("bridge cars") == ["Bridge reopens"]


def test_an_update_of_many_stories_at_once_is_found():
    make_article(headline="Harbour reopens")
    Article.objects.filter(headline="Harbour reopens").update(headline="Bridge reopens")
    assert found("harbour") == []
    assert found("bridge") == ["Bridge reopens"]


def test_a_status_change_leaves_the_words_alone():
    story = make_article(headline="Harbour reopens")
    story.status = S.UNPUBLISHED
    story.save(update_fields=["status"])
    assert found("harbour") == []
    story.status = S.PUBLISHED
    story.save()  # every column written again, the text unchanged
    assert found("harbour") == ["Harbour reopens"]


def test_a_deleted_story_is_not_found():
    story = make_article(headline="Harbour reopens")
    make_article(headline="Harbour closes")
    story.delete()
    assert found("harbour") == ["Harbour closes"]
    Article.objects.all().delete()
    assert found("harbour") == []


def test_stories_written_in_bulk_are_found():
    yesterday = days_ago(1)
    Article.objects.bulk_create(
        Article(headline=f"Pipeline {n}", slug=f"pipeline-{n}", body="Gas.", status=S.PUBLISHED, published_at=yesterday)
        for n in range(3)
    )
    assert sorted(found("pipeline gas")) == ["Pipeline 0", "Pipeline 1", "Pipeline 2"]


def test_imported_stories_are_found_and_an_upstream_change_too(seed_dir):
    import_seeds([seed_dir], workers=0)  # plain multi-row INSERTs, as every import writes new stories
    assert len(found("Bayraktar")) == 1
    seed = seed_dir / "turkiye_energy.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("Bayraktar", "Yilmaz"), encoding="utf-8")
    import_seeds([seed_dir], workers=0)
    assert found("Bayraktar") == []
    assert len(found("Yilmaz")) == 1


def test_stories_readers_cannot_see_are_never_found():
    make_article(headline="Zebra crossing live")
    make_article(headline="Zebra crossing draft", status=S.DRAFT)
    make_article(headline="Zebra crossing ready", status=S.READY)
    make_article(headline="Zebra crossing unpublished", status=S.UNPUBLISHED)
    make_article(headline="Zebra crossing archived", status=S.ARCHIVED)
    make_article(headline="Zebra crossing due", published_at=timezone.now() + datetime.timedelta(hours=1))
    make_article(headline="Zebra crossing embargoed", embargo_until=timezone.now() + datetime.timedelta(hours=1))
    assert found("zebra crossing") == ["Zebra crossing live"]


HOSTILE = [
    '"',
    '"zebra',
    "zebra*",
    "*",
    "NEAR(",
    "NEAR(zebra crossing, 2)",
    "-zebra",
    "- -",
    "^zebra",
    "AND OR NOT",
    "zebra AND",
    "OR zebra",
    "zebra NOT crossing",
    "headline:zebra",
    "{headline}: zebra",
    "(zebra",
    "zebra)",
    "zebra + crossing",
    "'",
    "\\",
    "%",
    "_",
    ":",
    "!@#$%^&*()",
    "zebra\x00crossing",
    "\x00",
    "\x01\x1f\x7f",
    "\u200b",
    "z" * 5000,
    "zebra " * 1000,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_answer_a_page(client, query):
    make_article(headline="Zebra crossing")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    list(search(Article.objects.published(), query))


@pytest.mark.parametrize("raw", ["%FF%FE", "%ED%A0%80", "%C0%AF", "%00", "zebra%00%22%2A"])
def test_undecodable_bytes_in_a_query_answer_a_page(client, raw):
    make_article(headline="Zebra crossing")
    assert client.get(f"/search/?q={raw}").status_code == 200


@sqlite_only
@pytest.mark.parametrize("query", ['"', "*", "^", "- -", "!@#$%^&*()", "\x00", "\u200b", "(:)"])
def test_a_query_of_no_word_finds_nothing(client, query):
    make_article(headline="Zebra crossing")
    assert fts_query(query) == ""
    assert found(query) == []
    assert "Zebra crossing" not in client.get("/search/", {"q": query}).content.decode()


@sqlite_only
def test_syntax_in_a_query_is_read_as_words():
    make_article(headline="Zebra crossing near the port", body="Not and or.")
    assert found('NEAR( zebra, "crossing" )') == ["Zebra crossing near the port"]
    assert found("zebra -crossing") == ["Zebra crossing near the port"]  # not an exclusion
    assert found("headline:zebra") == []  # the phrase "headline zebra", not a column filter
    assert found("AND OR NOT") == ["Zebra crossing near the port"]


def test_fts_query_quotes_each_word_and_drops_the_syntax():
    assert fts_query("zebra crossing") == '"zebra" "crossing"*'
    assert fts_query('ze"bra* NEAR(cross^ing') == '"ze bra" "NEAR cross ing"*'
    assert fts_query("U.S. ex") == '"U S" "ex"'
    assert fts_query("e-mail") == '"e mail"*'
    assert fts_query("\x00\x01") == ""
    assert fts_query(" ".join(f"w{n}" for n in range(50))).count('"') == 2 * MAX_WORDS
    assert fts_query("! zebra") == '"zebra"*'


@pytest.mark.parametrize("query", ["ferry", "ferry&page=2", "zebra", "%22%2A"])
def test_a_search_costs_two_queries_however_many_stories_match(client, bare, django_assert_max_num_queries, query):
    for n in range(30):
        make_article(headline=f"Ferry {n}", topics=["Transport"], countries=["Azerbaijan"])
    page_cache.moment()  # the page cache's own key, read once a change by whichever page comes first
    page_cache.usable()  # and its own check, every few seconds (a write, and any bump a change owes)
    # On SQLite, the few matches' ids (up to FEW) first; then the stories, with their tags; and how many match.
    with django_assert_max_num_queries(3):
        assert client.get(f"/search/?q={query}").status_code == 200
    with django_assert_max_num_queries(2):  # the count is kept until the next change
        assert client.get(f"/search/?q={query}").status_code == 200


def test_a_long_query_names_the_page_in_a_title_a_tab_can_show(client):
    query = " ".join(["ministry"] * 40)
    page = client.get("/search/", {"q": query}).content.decode()
    title = page[page.index("<title>") + 7 : page.index("</title>")]
    assert title.startswith("Search: ministry ministry") and len(title) <= 100 and "…" in title
    assert f"“{query[:200].strip()}" in page  # the page itself shows the query as searched
