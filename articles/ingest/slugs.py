"""Story slugs no other story has: 'talks-held', then 'talks-held-2', '-3'... For the import and the desk."""

import functools
import operator
from collections import Counter

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
    return SlugBook(stories).slugs(bases)


class SlugBook:
    """The slugs taken, as far as an import knows, for every slug base it has met: a base's slugs are read when
    a batch first brings it, then kept as the import takes more; a base that comes back (wire headlines
    repeat: "Cabinet meets") costs no query, and no reading of its numbered slugs again, batch after batch.

    Like the TagBook, valid inside the transactions that use it: after a batch the database refused, the
    importer starts a new one. A slug another process takes meanwhile makes a batch fail on the slug's
    unique constraint, and its stories are then imported one by one, each with its slug read afresh.
    """

    # Slugs remembered at most: past them the book starts again, so that memory stays flat for any import.
    LIMIT = 200_000

    def __init__(self, stories=None):
        self.stories = Article.objects.all() if stories is None else stories
        # Slugs known taken; bases known taken or not; bases whose numbered slugs are known; next number to try.
        self.taken, self.met, self.numbered, self.next = set(), set(), set(), {}

    def slugs(self, bases):
        """For each base, a slug no story has (as far as the book knows) and no other of `bases`, reading first
        what the book does not know yet: two queries at most."""
        if len(self.taken) > self.LIMIT:
            self.__init__(self.stories)
        new = set(bases) - self.met
        if new:
            # No ORDER BY (the model's default): SQLite would walk the publication index and filter every story.
            self.taken.update(self.stories.filter(slug__in=new).order_by().values_list("slug", flat=True))
            self.met |= new
        # A base in use, or wanted twice, needs its numbered slugs ('base-2'...), read once.
        repeated = {base for base, count in Counter(bases).items() if count > 1}
        unread = {base for base in bases if base in self.taken or base in repeated} - self.numbered
        if unread:
            self.taken.update(numbered_slugs(*unread, stories=self.stories))
            self.numbered |= unread
        slugs = []
        for base in bases:
            # The numbers below the last one given for this base are taken: not tried again.
            slug = first_free(base, self.taken.__contains__, start=self.next.get(base, 1))
            self.taken.add(slug)
            self.next[base] = 2 if slug == base else int(slug.rpartition("-")[2]) + 1
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
