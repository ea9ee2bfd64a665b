"""Generated wire copy, hostile and odd, through the parser, the tagger and the import: a story or a
refusal, never a crash; and time in proportion to a file's length."""

import contextlib
import datetime
import re
import tempfile
import time
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from articles.ingest.country_names import COUNTRIES
from articles.ingest.headlines import HEADLINE_LENGTH, STANDFIRST_LENGTH
from articles.ingest.importers import REFUSED, import_seeds
from articles.ingest.seeds import SeedError, parse_seed
from articles.ingest.tagging import TopicVocabulary, propose_tags
from articles.models import Article
from tests.ingest.test_hostile_seeds import ADVERSARIAL, within

VOCABULARY = TopicVocabulary({"Energy": ["energy", "oil", "natural gas"], "Trade": ["trade", "export", "free trade"]})
CANONICAL = {canonical for canonical, _names, _demonyms in COUNTRIES}

# Pieces of wire copy, the classes that broke the importer among them.
WORDS = [
    "Minister", "of", "Energy", "Economy", "Azerbaijan", "Türkiye", "Turkish", "Tajikistan's", "Ministry",
    "Foreign", "Affairs", "and", "the", "Deputy", "UAE", "ICT", "oil", "trade", "Chad", "Jordan", "New Mexico",
    "Minister of Economy of Azerbaijan", "Turkish Energy Minister", "the Azerbaijani Ministry of Economy",
    ", Trend reports.", ", reports AzerNews.", ", Trend reports with reference to the ministry.",
]  # fmt: skip
ABBREVIATIONS = ["A.", "B.", "Mr.", "Mrs.", "Gen.", "Dr.", "St.", "No.", "Jan.", "U.S.", "U.K.", "e.g.", "Ş."]
PUNCTUATION = [".", "...", ". . .", "..........", "?", "!", "?!", ",", ";", ":", "-", "\u2014", "'", '"', "(", ")"]
INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u202a", "\u2066", "\u2069"]
CONTROLS = ["\x1b[2J", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\x0b", "\ufffe", "\udcff", "\x00"]
SPACES = [" ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\x0c", "\u00a0", "\u2028", "\u3000", " \n \t\n"]
ODD = ["<script>alert(1)</script>", "&amp;", "\u0301", "S\u0327", "\U0001f600", "\u05d0\u05d1", "Ω", "ǰ", "ΐ"]

token = st.one_of(
    st.sampled_from(WORDS + ABBREVIATIONS),
    st.sampled_from(PUNCTUATION + INVISIBLES + SPACES + ODD),
    st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=8),
)
# A paragraph of pieces, or one piece repeated into a long run ("A. A. A. ...", "Mr. Mr. ...", dots, spaces).
paragraph = st.one_of(
    st.lists(st.tuples(token, st.sampled_from([" ", "", " ", "\u200b"])), max_size=40).map(
        lambda pieces: "".join(piece + gap for piece, gap in pieces)
    ),
    st.tuples(st.sampled_from(ABBREVIATIONS + PUNCTUATION + SPACES + WORDS), st.integers(1, 5_000)).map(
        lambda run: " ".join([run[0]] * run[1])
    ),
)
dates = st.one_of(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today()).map(str),
    st.sampled_from(["2023-06-15", "1900-01-01", str(datetime.date.today())]),
    st.dates().map(str),  # 0001-01-01 to 9999-12-31
    st.sampled_from(["2023-02-30", "2023-13-01", "0000-00-00", "15/06/2023", "", "２０２４-０１-０２", "2024-1-2"]),
    st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=12),
)
marker = st.sampled_from([" date ", "date ", "\ufeff date ", " DATE ", " date\t", "", "da\u200bte ", " date  "])
datelines = st.sampled_from(
    [
        "",
        "BAKU, Azerbaijan, June 15. ",
        "Baku, Jan. 2 - ",
        "ŞUŞA, Azer\u200bbaijan, Feb. 3, 2024: ",
        "BAKU," + " " * 300,
        "BAKU, , June 15. ",
        "\u202eUKAB, Azerbaijan, June 15. ",
        "ǰOŠ, ΐ, May 1. ",
        "ΐOS, Greece, May 1. ",
    ]
)


@st.composite
def seed_texts(draw, dated=False):
    """Seed text, half of it with a good marker and date (`dated`: three quarters, so that more of it goes
    on to be imported)."""
    # (Hypothesis tries small numbers most: 0 is the common case.)
    if draw(st.integers(0, 3)) < (3 if dated else 2):
        start = draw(st.sampled_from([" date 2023-06-15 ", "date 1900-01-01 "]))
    else:
        start = draw(marker) + draw(dates) + " "
    text = start + draw(datelines) + "\n\n".join(draw(st.lists(paragraph, min_size=1, max_size=5)))
    if draw(st.integers(0, 3)) == 3:  # a control character (or a lone surrogate) somewhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(CONTROLS)) + text[at:]
    return text


# What no stored copy may hold: invisible characters, and controls (but the line feeds between paragraphs)
# or U+FFFE and U+FFFF, which feeds, as XML, cannot carry. The joiners only where they spell (text.JOINERS):
# never beside a Latin letter, a space or another joiner, nor at either end.
NEVER_STORED = {*INVISIBLES, "\u200e", "\u200f", "\u2067", "\u2068", "\ufffe", "\uffff"} - {"\u200c", "\u200d"}
HIDING_JOINER = re.compile(r"(?:^|[A-Za-z\s\u200c\u200d])[\u200c\u200d]|[\u200c\u200d](?:$|[A-Za-z\s])")


def assert_clean(text):
    assert not any(char in NEVER_STORED or (unicodedata.category(char) == "Cc" and char != "\n") for char in text), (
        ascii(text)
    )
    assert not HIDING_JOINER.search(text), ascii(text)
    assert unicodedata.is_normalized("NFC", text), ascii(text)


def parsed_or_refused(data):
    """The Seed, checked; None for a refusal. Any other exception fails the test."""
    try:
        seed = parse_seed(data)
    except SeedError as error:
        assert str(error)
        event(f"refused: {str(error)[:20]}")
        return None
    event("parsed")
    assert datetime.date(1900, 1, 1) <= seed.wire_date <= datetime.date.today() + datetime.timedelta(days=366)
    assert 0 < len(seed.headline) <= HEADLINE_LENGTH and len(seed.standfirst) <= STANDFIRST_LENGTH
    for text in (seed.headline, seed.standfirst, seed.dateline, seed.dateline_country, seed.credit, *seed.paragraphs):
        assert_clean(text)
    return seed


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(seed_texts())
def test_any_copy_parses_and_tags_or_is_refused(text):
    data = text.encode("utf-8", "surrogatepass")
    seed = parsed_or_refused(data)
    if seed is not None:
        tags = propose_tags(seed, VOCABULARY)
        assert set(tags.countries) <= CANONICAL
        assert all(name.startswith("Ministry of ") and len(name) <= 200 for name in tags.ministries)
        assert set(tags.topics) <= {"Energy", "Trade"}


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_parse_or_are_refused(data):
    parsed_or_refused(b" date 2024-01-02 " + data)
    parsed_or_refused(data)


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    st.lists(seed_texts(dated=True), min_size=1, max_size=3),
    st.sampled_from(["UTC", "Pacific/Kiritimati", "Etc/GMT+12"]),  # UTC+14, UTC-12
)
def test_an_import_of_any_copy_creates_stories_or_refuses_files(texts, zone):
    from django.test import override_settings

    with tempfile.TemporaryDirectory() as folder, override_settings(TIME_ZONE=zone):
        for n, text in enumerate(texts):
            # Names of this example's own: a name met in an earlier example names that example's story.
            (Path(folder) / f"fuzz_{Path(folder).name}_{n}.txt").write_bytes(text.encode("utf-8", "surrogatepass"))
        before = Article.objects.count()
        out, err = StringIO(), StringIO()
        try:
            call_command("import_seeds", folder, verbosity=2, stdout=out, stderr=err)
        except CommandError as error:
            assert "refused" in str(error)
        output = out.getvalue() + err.getvalue()
        assert all(char.isprintable() or char == "\n" for char in output), ascii(output)
        assert Article.objects.count() - before <= len(texts)
        for article in Article.objects.all():
            for text in (article.headline, article.standfirst, article.body, article.dateline, article.credit):
                assert_clean(text)


@pytest.mark.django_db
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(seed_texts(dated=True), min_size=2, max_size=4))
def test_the_import_in_a_worker_gives_a_story_or_a_refusal_for_each_file(texts):
    with tempfile.TemporaryDirectory() as folder:
        for n, text in enumerate(texts):
            # Names of this example's own: a name met in an earlier example names that example's story.
            (Path(folder) / f"fuzz_{Path(folder).name}_{n}.txt").write_bytes(text.encode("utf-8", "surrogatepass"))
        report = import_seeds([folder], workers=1, batch_size=1)
    assert len(report.outcomes) == len(texts)
    for outcome, text in zip(report.outcomes, texts, strict=True):
        seed = parsed_or_refused(text.encode("utf-8", "surrogatepass"))
        assert (outcome.action == REFUSED) == (seed is None), (outcome, ascii(text))


def best_time(function, runs):
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("shape", sorted(ADVERSARIAL))
def test_parsing_and_tagging_take_time_in_proportion_to_the_length(shape):
    """Eight times the copy takes about eight times as long, not sixty-four as a quadratic step would:
    the best of several runs of each, against a bound of 24 so that a busy machine does not fail it."""

    def parse_and_tag(data):
        with contextlib.suppress(SeedError):
            propose_tags(parse_seed(data), VOCABULARY)

    small, large = (ADVERSARIAL[shape](size).encode() for size in (16_000, 128_000))
    with within(10, f"parsing and tagging {shape}"):
        small_time = best_time(lambda: parse_and_tag(small), 5)
        large_time = best_time(lambda: parse_and_tag(large), 3)
    assert large_time / small_time < 24, f"{small_time:.4f} s -> {large_time:.4f} s"
