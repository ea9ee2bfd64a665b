"""Search over published stories: PostgreSQL's full-text search with ranking; on SQLite its FTS5 index,
newest first."""

import unicodedata

from django.db import connection
from django.db.models.expressions import RawSQL

MAX_QUERY_LENGTH = 200
# Words looked for at most: each is one more list of stories to intersect.
MAX_WORDS = 10
CONFIG = "english"


def clean_query(text):
    """The words to look for: whitespace collapsed, bounded, no control characters."""
    text = "".join(ch for ch in (text or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search(stories, text):
    """`stories` (a published() queryset) matching every word of `text`: best first on PostgreSQL,
    newest first on SQLite."""
    text = clean_query(text)
    if not text:
        return stories.none()
    if connection.vendor == "postgresql":
        return _postgres(stories, text)
    if connection.vendor == "sqlite":
        return _sqlite(stories, text)
    raise NotImplementedError(f"search runs on PostgreSQL and SQLite, not {connection.vendor}")


# On PostgreSQL each story's words, weighted headline > standfirst > body, are kept in this column,
# generated from the text and GIN-indexed (migration 0010). The model does not declare it: SQLite has none.
SEARCH_COLUMN = "search_vector"
SEARCH_INDEX = "article_search_vector_idx"


def search_vector():
    """The stored words of each story, for filtering and ranking (PostgreSQL only). Named by the table's
    name, so for the stories of the outer query: a subquery, which aliases the table, needs its own."""
    from django.contrib.postgres.search import SearchVectorField

    from ..models import Article

    quote = connection.ops.quote_name
    return RawSQL(f"{quote(Article._meta.db_table)}.{quote(SEARCH_COLUMN)}", [], output_field=SearchVectorField())


def _postgres(stories, text):
    from django.contrib.postgres.search import SearchQuery, SearchRank

    vector = search_vector()
    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    # alias(), not annotate(): the words are for matching and ranking, not for the page.
    return (
        stories.alias(search=vector, rank=SearchRank(vector, query))
        .filter(search=query)
        .order_by("-rank", "-published_at", "-pk")
    )


# On SQLite, an FTS5 index of each story's headline, standfirst and body, kept in step by triggers
# (migration 0011). Like the column above, the model does not declare it.
FTS_TABLE = "articles_article_fts"
# The last word also finds the words it begins ("econ": economy, economic), from this many letters: a
# shorter start ("a", "mi") is most of the index to read (115 ms for "a" at 100,000 stories).
MIN_PREFIX = 3


def _sqlite(stories, text):
    """The stories the FTS5 index finds for every word, newest first.

    Newest first, not ranked: a rank is known only once every match is read (30 ms for bm25() over the
    21,000 stories with "energy" among 100,000, 150 ms to put headline hits first as the scan did,
    against 2 ms), while in date order SQLite walks the publication index from the newest story and
    stops at the page's last match, looking each up among the ids the index found. So a word in many
    stories costs the list of their ids (1-2 ms for a fifth of 100,000, 10 for all), and one in a
    handful or none the whole walk (10 ms at 100,000): SQLite, without statistics, will not start from
    the few ids instead, and the walk still reads no story that does not match.
    """
    query = fts_query(text)
    if not query:
        return stories.none()
    table = connection.ops.quote_name(FTS_TABLE)
    matching = RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [query])
    return stories.filter(pk__in=matching).order_by("-published_at", "-pk")


def fts_query(text):
    """`text` as an FTS5 query that finds the stories holding every word: "" if it has no word.

    Each word becomes an FTS5 string of its letters and digits (so "U.S." is the phrase "U S"), and
    every other character, FTS5's syntax among them (quotes, *, ^, :, parentheses, +, -), a space:
    whatever the reader types is words to look for, never an operator, and the query always parses.
    AND, OR, NOT and NEAR are words like any other. The last word also matches as a prefix.
    """
    words = []
    for word in unicodedata.normalize("NFC", text).split():
        parts = "".join(ch if _in_words(ch) else " " for ch in word).split()
        if parts:
            words.append(" ".join(parts))
    words = words[:MAX_WORDS]
    if not words:
        return ""
    phrases = [f'"{word}"' for word in words]
    if len(words[-1].split()[-1]) >= MIN_PREFIX:
        phrases[-1] += "*"
    return " ".join(phrases)


def _in_words(ch):
    """Part of a word for FTS5's unicode61 tokenizer: a letter, a digit or a mark (accents, vowel signs)."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M")
