"""Search over published stories: PostgreSQL full-text search with ranking, a plain fallback elsewhere."""

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Left

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


# The GIN index migration 0008 makes on PostgreSQL is on this very expression (written out there): a search
# on anything else reads every story. Changing it needs a migration that rebuilds the index.
SEARCH_INDEX = "article_search_idx"
# A tsvector holds at most 1 MB: a story of a million distinct words could not be saved with the index on
# its whole body. Searches read the first 100,000 characters, far more than any wire story.
BODY_SEARCHED = 100_000


def search_vector():
    """A story's words, weighted headline > standfirst > body (PostgreSQL only)."""
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("headline", weight="A", config=CONFIG)
        + SearchVector("standfirst", weight="B", config=CONFIG)
        + SearchVector(Left("body", BODY_SEARCHED), weight="C", config=CONFIG)
    )


def _postgres(stories, text):
    from django.contrib.postgres.search import SearchQuery, SearchRank

    vector = search_vector()
    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    return (
        stories.annotate(search=vector, rank=SearchRank(vector, query))
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
