"""The importer against 47 labelled wire stories of every agency's style (tests/seeds/labelled/): precision and
recall of countries and ministries, one tag per ministry, and headlines, standfirsts, datelines and credits
a desk would let through. The labels were written with the stories, before the importer was tuned on them."""

import re
import tomllib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from articles.ingest.datelines import AGENCIES
from articles.ingest.register import ministry_identity
from articles.models import Article
from tests.conftest import SAMPLE_SEEDS

pytestmark = pytest.mark.django_db
LABELLED = SAMPLE_SEEDS / "labelled"
LABELS = tomllib.loads((LABELLED / "labels.toml").read_text(encoding="utf-8"))
TARGETS = {"countries": (0.98, 0.98), "ministries": (0.97, 0.95)}
ELLIPSES_AT_MOST = 0.1
HEADLINE_LENGTH = 90


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """Every labelled story, imported once for the module (and rolled back after it), as {file name: story}."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_seeds", str(LABELLED), stdout=StringIO(), stderr=StringIO())
        yield {f"{story.import_ref}.txt": story for story in Article.objects.prefetch_related(*TARGETS)}
        transaction.set_rollback(True)


def score(imported, kind):
    found = wanted = right = 0
    misses = []
    for name, labels in LABELS.items():
        got = set(getattr(imported[name], kind).names())
        want = set(labels[kind])
        found, wanted, right = found + len(got), wanted + len(want), right + len(got & want)
        if got != want:
            misses.append(f"{name}: extra {sorted(got - want)}, missing {sorted(want - got)}")
    return right / found, right / wanted, misses


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_precision_and_recall_meet_the_targets(imported, kind, capsys):
    precision, recall, misses = score(imported, kind)
    with capsys.disabled():
        print(f"\n{kind}: precision {precision:.3f}, recall {recall:.3f} on {len(LABELS)} labelled stories")
    least_precision, least_recall = TARGETS[kind]
    assert precision >= least_precision and recall >= least_recall, "\n".join(misses)


def test_the_set_is_what_the_targets_are_measured_on():
    assert len(LABELS) >= 40
    agencies = {labels["credit"] for labels in LABELS.values()}
    assert len(agencies) >= 10
    assert sum(len(labels["countries"]) >= 2 for labels in LABELS.values()) >= 30


def test_each_ministry_is_under_exactly_one_tag_across_the_set(imported):
    tags_of = {}
    for story in imported.values():
        for name in story.ministries.names():
            tags_of.setdefault(ministry_identity(name), set()).add(name)
    assert {identity: names for identity, names in tags_of.items() if len(names) > 1} == {}
    assert {ministry_identity(n) for labels in LABELS.values() for n in labels["ministries"]} <= set(tags_of)


def test_datelines_and_credits_are_found_in_every_style(imported):
    wrong = {
        name: (imported[name].dateline, imported[name].credit)
        for name, labels in LABELS.items()
        if (imported[name].dateline, imported[name].credit) != (labels["dateline"], labels["credit"])
    }
    assert wrong == {}


def test_no_headline_is_or_starts_with_a_dateline_or_an_agency(imported):
    agencies = {name.casefold() for name in AGENCIES} | {labels["credit"].casefold() for labels in LABELS.values()}
    for name, story in imported.items():
        first = re.split(r"[\s,.(:]", story.headline, maxsplit=1)[0].casefold()
        assert first and first not in agencies, (name, story.headline)
        assert not (story.dateline and story.headline.upper().startswith(story.dateline)), (name, story.headline)
        assert not story.headline.startswith(("(", "Yesterday,", "Today,", '"', "\u201c", "'", "\u2018"))


def test_headlines_fit_and_almost_none_is_cut_with_an_ellipsis(imported):
    assert all(len(story.headline) <= HEADLINE_LENGTH for story in imported.values())
    cut = [story.headline for story in imported.values() if story.headline.endswith("\u2026")]
    assert len(cut) <= ELLIPSES_AT_MOST * len(imported), cut


def test_no_standfirst_repeats_its_headline_or_the_first_paragraph(imported):
    for name, story in imported.items():
        shown = " ".join(story.standfirst.casefold().split())
        assert story.headline.rstrip("\u2026").casefold() not in shown, name
        assert not story.paragraphs[0].casefold().startswith(shown or "\0"), name
