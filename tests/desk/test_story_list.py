"""The story list as the desk uses it at newsroom scale: search on the site's full-text index, tags chosen by
typing rather than from lists of thousands, the archive's years, and filters whose conditions are indexed."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.desk.admin import stories
from articles.models import Article, MinistryTag
from articles.models.article import EDITED_HEADLINE, MACHINE_HEADLINE
from articles.site.search import search
from tests.desk_forms import user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db

S = Article.Status
STORIES = reverse("admin:articles_article_changelist")


@pytest.fixture
def editor(client):
    client.force_login(user_in("Editors", "eddie"))
    return client


def listed(response):
    return [article.pk for article in response.context["cl"].result_list]


def test_the_search_finds_what_the_sites_search_finds_in_stories_of_every_state(editor):
    make_article(headline="Port of Baku expands", body="A new port terminal opened.")
    make_article(headline="Cotton exports rise", body="Exports of cotton grew.", status=S.DRAFT, published_at=None)
    make_article(headline="Transport links", body="Rail transport to the port of Poti.", status=S.IN_REVIEW)
    make_article(headline="Grain deal", body="No word of the harbour here.", status=S.ARCHIVED)
    for words in ("port", "exports", "cotton exports", "transport", "harbour"):
        # Words, not strings: "port" is not found in "exports" or "transport" by itself.
        found = search(Article.objects.all(), words)
        shown = listed(editor.get(STORIES, {"q": words}))
        newest_first = found.order_by("-published_at", "-pk").values_list("pk", flat=True)
        assert shown == list(newest_first), words
    assert len(listed(editor.get(STORIES, {"q": "port"}))) == 2
    # In the list's order, not the site's (by rank on PostgreSQL): here by headline, Z to A.
    by_headline = listed(editor.get(STORIES, {"q": "port", "o": "-1"}))
    ports = search(Article.objects.all(), "port").order_by("-headline").values_list("pk", flat=True)
    assert by_headline == list(ports)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's English search keeps accents")
def test_the_search_folds_accents_as_the_sites_search_does_on_sqlite(editor):
    story = make_article(headline="Türkiye and Azerbaijan sign a gas deal", status=S.DRAFT, published_at=None)
    assert listed(editor.get(STORIES, {"q": "turkiye"})) == [story.pk]


def test_a_tag_is_chosen_by_typing_not_from_a_list_of_every_tag(editor):
    for n in range(30):
        make_article(ministries=[f"Ministry of Culture of Country {n}"], status=S.ARCHIVED)
    make_article(headline="In review", status=S.IN_REVIEW, published_at=None)

    response = editor.get(STORIES, {"status": "in_review"})

    assertNotContains(response, "Ministry of Culture of Country")  # none of them on the page's stories
    assertContains(response, 'data-field-name="ministries"')  # the picker, which asks the tags' own search


def test_a_chosen_tag_narrows_the_list_and_shows_in_its_picker(editor):
    tagged = make_article(ministries=["Ministry of Economy of Azerbaijan"])
    make_article(ministries=["Ministry of Energy of Azerbaijan"])
    tag = MinistryTag.objects.get(name="Ministry of Economy of Azerbaijan")

    response = editor.get(STORIES, {"ministries": tag.pk})

    assert listed(response) == [tagged.pk]
    assertContains(response, f'<option value="{tag.pk}" selected>Ministry of Economy of Azerbaijan</option>', html=True)


@pytest.mark.parametrize("value", ["economy", "1.5", "-1", "١"])
def test_a_tag_filter_that_is_not_a_tags_id_answers_the_invalid_lookup_redirect(editor, value):
    response = editor.get(STORIES, {"ministries": value})
    assert (response.status_code, response["Location"]) == (302, f"{STORIES}?e=1")


def test_a_reporter_sees_a_chosen_tag_only_if_it_is_on_a_story_they_can_open(client):
    reporter = user_in("Reporters", "rita")
    make_article(author=reporter, ministries=["Ministry of Economy of Azerbaijan"], status=S.DRAFT, published_at=None)
    make_article(ministries=["Ministry of Secrets of Azerbaijan"], status=S.DRAFT, published_at=None)
    own, secret = (MinistryTag.objects.get(name=f"Ministry of {name} of Azerbaijan") for name in ("Economy", "Secrets"))
    client.force_login(reporter)

    chosen = f'<option value="{own.pk}" selected>Ministry of Economy of Azerbaijan</option>'
    assertContains(client.get(STORIES, {"ministries": own.pk}), chosen, html=True)
    assertNotContains(client.get(STORIES, {"ministries": secret.pk}), "Secrets")


def test_the_date_filter_offers_each_year_of_the_archive_and_the_months_of_the_year_chosen(editor):
    zone_now = timezone.localtime()
    old = make_article(headline="From 2019", published_at=zone_now.replace(year=2019, month=3, day=10))
    make_article(headline="Last year", published_at=zone_now.replace(year=zone_now.year - 1, month=6, day=1))

    page = editor.get(STORIES).content.decode()
    years = [str(year) for year in range(zone_now.year - 1, 2018, -1)]
    assert all(f">{year}</a>" in page for year in years) and ">2018</a>" not in page
    assert "March 2019" not in page

    start = zone_now.replace(year=2019, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    in_2019 = {"published_at__gte": str(start), "published_at__lt": str(start.replace(year=2020))}
    response = editor.get(STORIES, in_2019)
    assert listed(response) == [old.pk]
    assertContains(response, "March 2019")


def test_the_assignee_filter_lists_the_desk_not_every_account_nor_only_those_with_stories(editor):
    user_in("Reporters", "rita")  # on the desk, assigned nothing yet
    User.objects.create_user("reader", password="pw")  # an account, not on the desk
    make_article()
    page = editor.get(STORIES).content.decode()
    assert ">rita</a>" in page and ">reader</a>" not in page


def test_counts_beside_each_filter_are_not_offered(editor):
    make_article(status=S.DRAFT, published_at=None)
    response = editor.get(STORIES, {"_facets": "True"})
    assert response.status_code == 200
    assertNotContains(response, "draft (1)")


def test_the_headline_filters_read_their_indexes(editor):
    machine = make_article(headline="As the wire wrote it")
    Article.objects.filter(pk=machine.pk).update(import_snapshot={"headline": "As the wire wrote it"})
    edited = make_article(headline="Rewritten by the desk")
    Article.objects.filter(pk=edited.pk).update(import_snapshot={"headline": "As the wire wrote it"})
    written = make_article(headline="Written on the desk")
    assert listed(editor.get(STORIES, {"headline": "machine"})) == [machine.pk]
    assert set(listed(editor.get(STORIES, {"headline": "edited"}))) == {edited.pk, written.pk}

    # A condition that is not its index's own, word for word, leaves the index unused: every story read.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # with a few stories it would read the list's index: not here
            cursor.execute("DROP INDEX article_published_idx")  # undone with the test's transaction
            cursor.execute("SET LOCAL enable_seqscan = off")
    for condition, index in [(MACHINE_HEADLINE, "article_machine_idx"), (EDITED_HEADLINE, "article_edited_idx")]:
        assert index in Article.objects.filter(condition).order_by("-published_at", "-id").explain()


def test_a_list_counts_its_stories_up_to_a_limit_and_says_when_it_holds_more(editor, monkeypatch):
    monkeypatch.setattr(admin.site.get_model_admin(Article), "list_per_page", 2)
    monkeypatch.setattr(stories, "COUNT_LIMIT", 4)
    monkeypatch.setattr(stories, "SEARCH_COUNT_LIMIT", 3)  # a search's count costs more
    for n in range(6):
        make_article(headline=f"Trade story {n}", body="Trade news.")

    for query, limit in (({}, 4), ({"q": "trade"}, 3)):
        response = editor.get(STORIES, query)
        assertContains(response, f"more than {limit} stories")
        assertNotContains(response, "6 stories")
        assert editor.get(STORIES, {**query, "p": 2}).status_code == 200
    assertContains(editor.get(STORIES, {"q": "trade"}), "more than 3 results")
    assertContains(editor.get(STORIES, {"q": "news", "status": "draft"}), "0 stories")


def test_the_desk_search_finds_a_draft_by_its_tags_and_a_countrys_other_names(editor):
    draft = make_article(
        headline="Gas deal signed",
        body="The two sides signed the deal.",
        status=S.DRAFT,
        countries=["Türkiye"],
        ministries=["Ministry of Energy of Azerbaijan"],
    )
    other = make_article(headline="Harbour reopens", body="Ships are back.", status=S.DRAFT)

    for query in ("Turkey", "Turkish", "Ministry of Energy of Azerbaijan"):
        page = editor.get(STORIES, {"q": query})
        assertContains(page, draft.headline)
        assertNotContains(page, other.headline)
