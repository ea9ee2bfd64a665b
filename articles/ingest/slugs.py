"""Story slugs no other story has: 'talks-held', then 'talks-held-2', '-3'... For the import and the desk."""

import functools
import operator

from django.db import connection
from django.db.models import Q

from ..models import Article
from ..text import first_free, slug_base


def unique_slug(headline, *, story=None):
    """A slug no other story has, from a headline (or a slug an editor typed that is taken); `story`'s own
    slug, when it is given, does not count as taken."""
    others = Article.objects.exclude(pk=story.pk) if story is not None and story.pk else Article.objects.all()
    return unique_slugs([slug_base(headline)], stories=others)[0]


def unique_slugs(bases, *, stories=None):
    """For each slug base (text.slug_base), a slug none of `stories` (default: all) has and no other of `bases`:
    two queries at most."""
    stories = Article.objects.all() if stories is None else stories
    # No ORDER BY (the model's default): SQLite would walk the publication index in order and filter every story.
    taken = set(stories.filter(slug__in=set(bases)).order_by().values_list("slug", flat=True))
    if taken:
        # Some bases are in use: their numbered variants may be too.
        taken.update(numbered_slugs(*{base for base in bases if base in taken}, stories=stories))
    slugs = []
    for base in bases:
        slug = first_free(base, taken.__contains__)
        taken.add(slug)
        slugs.append(slug)
    return slugs


def numbered_slugs(*bases, stories=None):
    """The slugs 'base-2', 'base-3'... already taken (every slug that starts with 'base-').

    On PostgreSQL, LIKE 'base-%' (startswith), which the slug's pattern index serves; a range would miss
    slugs under a language's collation, where '-' weighs nothing. On SQLite, LIKE ignores case and so
    cannot use the index: a range over it instead, which SQLite compares byte by byte.
    """
    if not bases:
        return []
    if connection.vendor == "postgresql":
        terms = [Q(slug__startswith=f"{base}-") for base in bases]
    else:
        terms = [Q(slug__gt=f"{base}-", slug__lt=f"{base}-~") for base in bases]
    stories = Article.objects.all() if stories is None else stories
    return list(stories.filter(functools.reduce(operator.or_, terms)).order_by().values_list("slug", flat=True))
