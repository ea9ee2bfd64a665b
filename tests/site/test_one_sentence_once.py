"""A page never shows one sentence twice: no standfirst that is the headline's sentence or one of the body's."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.conftest import SEED_FILE
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def standfirsts(page):
    return page.count('class="standfirst"')


def test_an_imported_story_shows_its_lead_once(client):
    call_command("import_seeds", str(SEED_FILE), stdout=StringIO())
    story = Article.objects.get()
    page = client.get(story.get_absolute_url()).content.decode()
    lead = story.paragraphs[0]
    assert page.count(lead[:60]) == 1  # the first paragraph, whole, and nowhere else
    assert story.standfirst and standfirsts(page) == 0  # the standfirst is the body's next sentence: not again
    home = client.get("/").content.decode()
    assert standfirsts(home) == 1 and story.standfirst[:60] in home  # a list shows it under the headline


def test_a_standfirst_that_repeats_the_headline_shows_nowhere_and_an_editor_s_own_everywhere(client):
    """As stories imported before the importer took the next sentence have it."""
    story = make_article(
        headline="Exports of Azerbaijani fruit grew by a fifth\u2026",
        standfirst="Exports of Azerbaijani fruit grew by a fifth in the first half of the year, Trend reports.",
        body="Exports of Azerbaijani fruit grew by a fifth in the first half of the year, Trend reports.\n\nMore.",
    )
    assert standfirsts(client.get(story.get_absolute_url()).content.decode()) == 0
    assert standfirsts(client.get("/").content.decode()) == 0

    own = make_article(headline="Caspian ports grow", standfirst="Three ports will double their capacity.")
    assert standfirsts(client.get(own.get_absolute_url()).content.decode()) == 1
    assert standfirsts(client.get("/").content.decode()) == 1
