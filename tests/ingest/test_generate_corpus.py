"""generate_corpus: synthetic wire copy for benchmarks, in the seed format and rich enough to tag."""

import importlib
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.ingest.gazetteer import DEMONYM_PATTERN, NAME_PATTERN
from articles.ingest.seeds import parse_seed
from articles.ingest.tagging import TopicVocabulary, propose_tags
from articles.models import TAG_KINDS, Article

# The starting vocabulary, as the importer would read it from TopicTag after migrating.
TOPICS = importlib.import_module("articles.migrations.0002_topic_vocabulary").TOPICS
COUNT = 400


def generate(folder, *args, count=COUNT):
    out = StringIO()
    call_command("generate_corpus", str(folder), "--count", str(count), *map(str, args), stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    generate(folder)
    return sorted(folder.iterdir())


def test_it_writes_the_number_of_files_asked_named_by_number_and_hash(corpus):
    assert len(corpus) == COUNT
    assert all(re.fullmatch(r"\d{6}_[0-9a-f]{16}\.txt", path.name) for path in corpus)
    assert corpus[0].name.startswith("000000_") and corpus[-1].name.startswith(f"{COUNT - 1:06d}_")


def test_every_file_is_a_seed_with_a_dateline_a_credit_and_three_to_eight_paragraphs(corpus):
    for path in corpus:
        data = path.read_bytes()
        assert data.startswith(b" date ")
        seed = parse_seed(data)
        assert seed.dateline and seed.dateline_country and seed.credit
        assert 3 <= len(seed.paragraphs) <= 8
        assert seed.headline


def test_dates_run_in_file_order_over_ten_years(corpus):
    dates = [parse_seed(path.read_bytes()).wire_date for path in corpus]
    assert dates == sorted(dates)
    assert dates[0].year == 2016 and dates[-1].year == 2025
    assert len({date.year for date in dates}) == 10


def test_the_same_seed_writes_the_same_files_and_another_seed_other_ones(tmp_path):
    for name, seed in (("first", 7), ("again", 7), ("other", 8)):
        generate(tmp_path / name, "--seed", seed, count=50)

    def files(name):
        return [(path.name, path.read_bytes()) for path in sorted((tmp_path / name).iterdir())]

    assert files("first") == files("again")
    assert files("first") != files("other")


def test_tagging_finds_many_countries_ministries_and_topics_and_one_big_tag(corpus):
    vocabulary = TopicVocabulary(TOPICS)
    seeds = [parse_seed(path.read_bytes()) for path in corpus]
    tags = [propose_tags(seed, vocabulary) for seed in seeds]
    countries = Counter(name for t in tags for name in t.countries)
    ministries = Counter(name for t in tags for name in t.ministries)
    topics = Counter(name for t in tags for name in t.topics)
    assert len(countries) >= 50
    assert len(ministries) >= 150
    assert set(topics) == set(TOPICS)
    # The benchmark's "tag with 2,000 stories at 10k": one tag on about a fifth of the stories.
    assert 0.15 <= countries["Azerbaijan"] / COUNT <= 0.3
    assert max(topics.values()) / COUNT <= 0.35
    assert any(not t.ministries for t in tags)


def test_ministers_are_named_in_all_four_phrasings(corpus):
    bodies = [parse_seed(path.read_bytes()).body for path in corpus]
    # "Minister of Economy of Azerbaijan", "Tajikistan's Minister of ...", "the Azerbaijani Ministry of ...",
    # "Turkish Energy Minister": four of the ways the tagger reads a ministry.
    phrases = [
        rf"\bMinist(?:er|ry) of [A-Z][\w ,]+? of (?:the )?(?:{NAME_PATTERN})\b",
        rf"\b(?:{NAME_PATTERN})'s Minist(?:er|ry) of [A-Z]",
        rf"\b(?:{DEMONYM_PATTERN}) Ministry of [A-Z]",
        rf"\b(?:{DEMONYM_PATTERN}) [A-Z]\w+ Minister\b",
    ]
    for phrase in map(re.compile, phrases):
        assert sum(1 for body in bodies if phrase.search(body)) >= COUNT // 20


def test_other_countries_are_named_by_name_and_by_adjective(corpus):
    bodies = " ".join(parse_seed(path.read_bytes()).body for path in corpus)
    assert re.search(r"\bTurkey\b|\bTürkiye\b", bodies) and "Turkish" in bodies
    assert "Kazakhstan" in bodies and "Kazakh " in bodies


@pytest.mark.django_db
def test_imported_stories_carry_the_tags(tmp_path):
    generate(tmp_path, count=150)
    call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    assert Article.objects.published().count() == 150
    used = {kind: getattr(Article, kind).through.objects.values("tag").distinct().count() for kind in TAG_KINDS}
    assert used["countries"] >= 30
    assert used["ministries"] >= 60
    assert used["topics"] >= 12
    assert Article.objects.filter(countries__name="Azerbaijan").count() >= 150 * 0.12


def test_a_folder_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="not empty"):
        generate(tmp_path, count=5)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_force_replaces_generated_files_and_leaves_others(tmp_path):
    generate(tmp_path, count=20)
    (tmp_path / "notes.md").write_text("mine")
    generate(tmp_path, "--force", count=5)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 6 and "notes.md" in names


def test_a_count_below_one_is_refused(tmp_path):
    with pytest.raises(CommandError, match="at least 1"):
        generate(tmp_path, count=0)
