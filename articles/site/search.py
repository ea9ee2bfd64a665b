"""Search over published stories: PostgreSQL full-text search with ranking, a plain fallback elsewhere."""

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When

MAX_QUERY_LENGTH = 200
CONFIG = "english"


def clean_query(text):
    """The words to look for: whitespace collapsed, bounded, no control characters."""
    text = "".join(ch for ch in (text or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search(stories, text):
    """`stories` (a published() queryset) matching every word of `text`, best first."""
    text = clean_query(text)
    if not text:
        return stories.none()
    if connection.vendor == "postgresql":
        return _postgres(stories, text)
    return _fallback(stories, text)


# On PostgreSQL each story's words, weighted headline > standfirst > body, are kept in this column,
# generated from the text and GIN-indexed (migration 0010). The model does not declare it: SQLite has none.
SEARCH_COLUMN = "search_vector"
SEARCH_INDEX = "article_search_vector_idx"


def search_vector():
    """The stored words of each story, for filtering and ranking (PostgreSQL only). Named by the table's
    name, so for the stories of the outer query: a subquery, which aliases the table, needs its own."""
    from django.contrib.postgres.search import SearchVectorField
    from django.db.models.expressions import RawSQL

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


def _fallback(stories, text):
    """Every word somewhere in the story (case-insensitive); headline hits first, then standfirst, then newest."""
    words = text.split()[:10]
    matches = Q()
    for word in words:
        matches &= Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
    headline_hits = sum(
        (
            Case(When(headline__icontains=word, then=Value(2)), default=Value(0), output_field=IntegerField())
            for word in words
        ),
        Value(0),
    )
    standfirst_hits = sum(
        (
            Case(When(standfirst__icontains=word, then=Value(1)), default=Value(0), output_field=IntegerField())
            for word in words
        ),
        Value(0),
    )
    return (
        stories.filter(matches).annotate(rank=headline_hits + standfirst_hits).order_by("-rank", "-published_at", "-pk")
    )
