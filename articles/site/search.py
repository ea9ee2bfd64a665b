"""Search over stories: PostgreSQL's full-text search with ranking; on SQLite its FTS5 index, newest first.

A story is found by the words of its headline, standfirst and body and by its tags' words (their names
and each country's other names: articles/site/story_tags.py). The public functions:

- matching(stories, text): the stories of a queryset that hold every word of `text`, in no order. The
  desk's story list filters with it too; its name stays.
- search(stories, text): the same, best first on PostgreSQL, newest first on SQLite.
- highlight(text, query): a text cut into (part, found) pieces, to mark the words a search found.
"""

import re
import unicodedata

from django.db import connection
from django.db.models.expressions import RawSQL

from ..ingest.gazetteer import canonical_country
from ..text import fold, search_spelling

MAX_QUERY_LENGTH = 200
# Words looked for at most: each is one more list of stories to intersect.
MAX_WORDS = 10
# PostgreSQL's english with accents folded (migration 0022), as SQLite's FTS5 folds them.
CONFIG = "newsroom_english"


def clean_query(text):
    """The words to look for: whitespace collapsed, bounded, no control characters."""
    text = "".join(ch for ch in (text or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def matching(stories, text):
    """`stories` (any queryset of Article) narrowed to those holding every word of `text`, in their copy or
    their tags; none if `text` has no word. The order is the caller's (search() sorts)."""
    text = clean_query(text)
    if not text:
        return stories.none()
    if connection.vendor == "postgresql":
        return stories.alias(search=search_vector()).filter(search=_search_query(text))
    if connection.vendor == "sqlite":
        ids = matching_ids(text)
        return stories.none() if ids is None else stories.filter(pk__in=ids)
    raise NotImplementedError(f"search runs on PostgreSQL and SQLite, not {connection.vendor}")


def matching_ids(text):
    """SQLite: the ids of the stories (of any status) holding every word of `text`, as a subquery of the
    FTS5 index, or None if `text` has no word. The desk's list reads them in its own order."""
    query = fts_query(clean_query(text))
    if not query:
        return None
    table = connection.ops.quote_name(FTS_TABLE)
    return RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [query])


def search(stories, text):
    """`stories` (a published() queryset) matching every word of `text`: best first on PostgreSQL,
    newest first on SQLite."""
    found = matching(stories, text)
    if connection.vendor == "postgresql" and clean_query(text):
        from django.contrib.postgres.search import SearchRank

        # alias(), not annotate(): the rank is for ordering, not for the page.
        return found.alias(rank=SearchRank(search_vector(), _search_query(clean_query(text)))).order_by(
            "-rank", "-published_at", "-pk"
        )
    if connection.vendor == "sqlite":
        few = _few_matches(text)
        if few is not None:
            found = stories.filter(pk__in=few)
    return found.order_by("-published_at", "-pk")


def _few_matches(text):
    """SQLite: the ids of the stories holding every word of `text` if there are at most FEW, else None.

    For a word in a handful of stories or none (a name, a typo), SQLite would walk the publication index
    over every story looking each up among the few ids (see FTS_TABLE): instead, the few are looked up by
    their ids and sorted. A word in many stories keeps the walk, which stops at the page's last match.
    """
    query = fts_query(clean_query(text))
    if not query:
        return None
    table = connection.ops.quote_name(FTS_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s LIMIT %s", [query, FEW + 1])
        ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) <= FEW else None


def _search_query(text):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(search_spelling(text), search_type="websearch", config=CONFIG)


# The stored words (PostgreSQL) and the FTS5 index (SQLite) hold each story's text as text.search_spelling
# spells it, through a function of this name (migration 0024): in SQL on PostgreSQL, and on SQLite this
# Python function, which every connection gets as Django opens it (ArticlesConfig.ready).
SPELLING_FUNCTION = "newsroom_search_spelling"


def add_spelling_function(sender=None, connection=None, **kwargs):
    """connection_created receiver: give a SQLite connection the function its search triggers call."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SPELLING_FUNCTION, 1, search_spelling, deterministic=True)


# On PostgreSQL each story's words, weighted headline > standfirst and tags > body, are kept in this
# column, generated from the text and GIN-indexed (migrations 0010, 0016). The model does not declare
# it: SQLite has none.
SEARCH_COLUMN = "search_vector"
SEARCH_INDEX = "article_search_vector_idx"


def search_vector():
    """The stored words of each story, for filtering and ranking (PostgreSQL only). Named by the table's
    name, so for the stories of the outer query: a subquery, which aliases the table, needs its own."""
    from django.contrib.postgres.search import SearchVectorField

    from ..models import Article

    quote = connection.ops.quote_name
    return RawSQL(f"{quote(Article._meta.db_table)}.{quote(SEARCH_COLUMN)}", [], output_field=SearchVectorField())


# On SQLite, an FTS5 index of each story's headline, standfirst, body and tag words, kept in step by
# triggers (migrations 0011, 0016). Like the column above, the model does not declare it.
#
# Newest first, not ranked: a rank is known only once every match is read (bm25(), or headline hits
# put first as the scan did, read all the stories with a common word such as "energy" for a page of
# them), while in date order SQLite walks the publication index from the newest story and
# stops at the page's last match, looking each up among the ids the index found. So a word in many
# stories costs the list of their ids (longer the more stories hold it), and one in a
# handful or none the whole walk (every story's): SQLite, without statistics, will not start from
# the few ids instead, so search() reads up to FEW ids first and, if that is all, looks them up itself.
FTS_TABLE = "articles_article_fts"
# At most this many matches are looked up by their ids rather than found by the walk (search()): that
# many ids read quicker than the walk over a rare word, which grows with the archive.
FEW = 1000
# The last word also finds the words it begins ("econ": economy, economic), from this many letters: a
# shorter start ("a", "mi") is most of the index to read.
MIN_PREFIX = 3


def fts_query(text):
    """`text` as an FTS5 query that finds the stories holding every word: "" if it has no word.

    Each word becomes an FTS5 string of its letters and digits (so "U.S." is the phrase "U S"), and
    every other character, FTS5's syntax among them (quotes, *, ^, :, parentheses, +, -), a space:
    whatever the reader types is words to look for, never an operator, and the query always parses.
    AND, OR, NOT and NEAR are words like any other. The last word also matches as a prefix.
    """
    words = query_words(search_spelling(text))
    if not words:
        return ""
    phrases = [f'"{word}"' for word in words]
    if len(words[-1].split()[-1]) >= MIN_PREFIX:
        phrases[-1] += "*"
    return " ".join(phrases)


def query_words(text):
    """The words of `text` as search reads them, at most MAX_WORDS: "U.S. ports" -> ["U S", "ports"]."""
    words = []
    for word in unicodedata.normalize("NFC", text).split():
        parts = "".join(ch if _in_words(ch) else " " for ch in word).split()
        if parts:
            words.append(" ".join(parts))
    return words[:MAX_WORDS]


def _in_words(ch):
    """Part of a word for FTS5's unicode61 tokenizer: a letter, a digit or a mark (accents, vowel signs)."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


# Highlighting. Shown words are compared folded (case and accents aside) and by a rough stem, so that
# what PostgreSQL's English stemming matched ("ministries" for "ministry") is marked too; the last word
# of the query marks the words it begins, as SQLite finds them.
WORD = re.compile(r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*)*")
SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ed", ""))


def _key(word):
    # Composed, as search_spelling reads it: 'й' is spelt 'y', its parts 'и' and a breve 'i'.
    return fold(unicodedata.normalize("NFC", word)).casefold()


def _stem(key):
    for suffix, replacement in SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            return key[: -len(suffix)] + replacement
    return key


def country_names(word):
    """Every name and adjective of the country `word` names ("turkey": Türkiye, Turkey, Turkish...), or none."""
    from .story_tags import words_for

    country = canonical_country(word)
    return words_for({"countries": [country]}).split("\n") if country else []


class Highlighter:
    """Marks the words a search for `text` found, in the texts a results page shows."""

    def __init__(self, text):
        words = [part for word in query_words(clean_query(text)) for part in word.split()]
        self.keys = {_key(word) for word in words} - {""}
        # "Turkey" found a story by its tag Türkiye: its copy's "Türkiye" and "Turkish" are marked too.
        self.keys |= {_key(name) for word in words for name in country_names(word)}
        self.stems = {_stem(key) for key in self.keys}
        last = _key(words[-1]) if words else ""
        self.prefix = last if len(last) >= MIN_PREFIX else None
        # A results page shows the same words and tags again and again: each is looked at once a page.
        self.seen_words, self.seen_tags = {}, {}

    def found(self, word):
        hit = self.seen_words.get(word)
        if hit is None:
            key = _key(word)
            hit = self.seen_words[word] = bool(key) and (
                key in self.keys or _stem(key) in self.stems or bool(self.prefix and key.startswith(self.prefix))
            )
        return hit

    def parts(self, text):
        """`text` as [(part, found)]: the words searched for marked True, everything between False."""
        parts, position = [], 0
        for match in WORD.finditer(text or ""):
            if self.found(match.group()):
                if match.start() > position:
                    parts.append((text[position : match.start()], False))
                parts.append((match.group(), True))
                position = match.end()
        if position < len(text or ""):
            parts.append((text[position:], False))
        return parts

    def tag_found(self, tag):
        """A tag (with .kind and .name) the search found the story by: a word of its name or its other names."""
        from .story_tags import words_for

        hit = self.seen_tags.get((tag.kind, tag.name))
        if hit is None:
            words = words_for({tag.kind: [tag.name]})
            hit = self.seen_tags[tag.kind, tag.name] = any(self.found(match.group()) for match in WORD.finditer(words))
        return hit
