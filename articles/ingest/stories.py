"""Parsed seeds -> stories: new ones created in batches (a file alone is a batch of one), a changed one updated.

A new story gets what the desk gives any story: its tags, each link marked as the importer's; the import
snapshot that later tells an editor's change from the wire's; its first revision (desk/revisions.py);
and, unless it is imported as a draft, the workflow's "publish_wire" at its wire date (desk/workflow.py).
"""

import datetime
import functools
from pathlib import Path

import reversion
from django.db import transaction
from django.utils import timezone

from ..bulk import create_objects, insert_rows
from ..desk.revisions import record_many
from ..desk.workflow import publish_wire_many, record_wire_embargoes, set_embargo, transition
from ..models import TAG_KINDS, TAG_THROUGH, Article, TagRedirect, TagSource
from ..site.story_tags import shown_for, words_for
from ..text import first_free, name_key
from .gazetteer import ministry_country
from .register import ministry_identity
from .slugs import SlugBook

# What the importer writes of a story, and compares with what an editor has made of it.
IMPORTED_FIELDS = ("headline", "standfirst", "body", "dateline", "credit")


def import_ref(path):
    """A story's reference: its seed file's name without the suffix."""
    return (path if isinstance(path, Path) else Path(path)).stem


def story_ref(path, seed):
    """The reference of the story a parsed file makes: a wire item's uri, else the file's name."""
    return seed.ref or import_ref(path)


def publication_time(seed):
    """When a new story from `seed` is published: a wire item's own time, else the start of its wire date."""
    return seed.published_at or wire_time(seed.wire_date)


def snapshot_extras(seed):
    """What the import snapshot keeps of a seed besides the copy: a wire item's language and version, and that
    its headline is the agency's (so the desk does not mark it machine-made); a plain seed's date, which a later
    file of the same name must share to be taken for its new copy (updates._another_days_copy)."""
    extras = {"language": seed.language, "wire_version": seed.version} if seed.ref else {}
    if not seed.ref:
        extras["wire_date"] = seed.wire_date.isoformat()
    return {**extras, "agency_headline": True} if seed.agency_headline else extras


def wire_time(wire_date):
    """A wire date as a moment: the start of that day in the newsroom's time zone."""
    return _start_of_day(wire_date, timezone.get_current_timezone())


@functools.lru_cache(maxsize=4096)
def _start_of_day(day, zone):
    # A wire covers a few thousand days; an import of 100,000 stories asks for each many times.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), zone)


class TagBook:
    """Every tag of each kind by folded name, and the redirects merges left: loaded once per import.

    Valid inside the transactions that use it: tags it created vanish with a transaction rolled back, so
    after a failed batch the importer starts a new book.
    """

    def __init__(self):
        self.by_name = {kind: {} for kind in TAG_KINDS}
        for kind in TAG_KINDS:
            for tag in TAG_THROUGH[kind].tag_model().objects.all():
                self.by_name[kind][tag.name.casefold()] = tag
        self.redirects = {(r.kind, r.old_slug): r.new_slug for r in TagRedirect.objects.all()}
        self.by_slug = {kind: {tag.slug: tag for tag in tags.values()} for kind, tags in self.by_name.items()}
        # One ministry, one tag: a new name of a ministry already tagged ("Finance and Economy" for "Economy and
        # Finance") leads to its tag, the oldest where several share one identity.
        self.by_identity = {}
        for tag in sorted(self.by_name["ministries"].values(), key=lambda tag: tag.pk):
            self._know_identity(tag)

    def _know_identity(self, tag):
        identity = ministry_identity(tag.name)
        if identity:
            self.by_identity.setdefault(identity, tag)

    def tags(self, kind, names):
        """The tags for these names, following merges (call create_missing first)."""
        found = []
        for name in names:
            tag = self._find(kind, name)
            # The book holds one object per tag: identity, cheaper than model equality, tells repeats.
            if all(tag is not other for other in found):
                found.append(tag)
        return found

    def _find(self, kind, name):
        tag = self.by_name[kind].get(name.casefold())
        if tag is None:
            slugs = TAG_THROUGH[kind].tag_model()().slugs_for(name)
            moved = next((self.redirects[kind, slug] for slug in slugs if (kind, slug) in self.redirects), None)
            tag = self.by_slug[kind].get(moved) if moved else None
        if tag is None and kind == "ministries":
            tag = self.by_identity.get(ministry_identity(name))
            if tag is not None:
                self.by_name[kind][name.casefold()] = tag  # found once by its identity, then by its name
        return tag

    def create_missing(self, kind, names):
        """Create, in one INSERT, the tags no name or merge leads to yet; a new ministry gets its country."""
        tag_model, new = TAG_THROUGH[kind].tag_model(), {}
        identities = set()
        for name in names:
            if name.casefold() in new or self._find(kind, name) is not None:
                continue
            identity = ministry_identity(name) if kind == "ministries" else None
            if identity is None or identity not in identities:
                new[name.casefold()] = name
                identities.add(identity)
        if not new:
            return
        countries = self.by_name["countries"]
        tags = []
        for name in new.values():
            tag = tag_model(name=name, slug=self._free_slug(kind, tag_model().slugify(name)))
            if kind == "ministries":
                tag.country = countries.get((ministry_country(name) or "").casefold())
            tags.append(tag)
        for tag in tag_model.objects.bulk_create(tags):
            self.by_name[kind][tag.name.casefold()] = tag
            self.by_slug[kind][tag.slug] = tag
            if kind == "ministries":
                self._know_identity(tag)

    def _free_slug(self, kind, slug):
        candidate = first_free(slug, lambda s: s in self.by_slug[kind] or (kind, s) in self.redirects)
        self.by_slug[kind][candidate] = None  # reserved until the tag is made
        return candidate


def create_stories(items, *, publish, book=None, slug_book=None):
    """A new story for each parsed file, (path, seed, proposed tags, slug base), all in one transaction; returns
    the stories, in order. `book`, `slug_book`: the import's TagBook and SlugBook, if it has them.

    A story is published at its wire time (`publish`), or left a draft for the editors.
    """
    book = book or TagBook()
    with transaction.atomic():
        slugs = (slug_book or SlugBook()).slugs([base for _path, _seed, _tags, base in items])
        for kind in TAG_KINDS:
            book.create_missing(kind, [name for _path, _seed, proposed, _base in items for name in proposed[kind]])
        stories, tags = [], []
        for (path, seed, proposed, _base), slug in zip(items, slugs, strict=True):
            story = Article(import_ref=story_ref(path, seed), slug=slug, source_hash=seed.source_hash)
            for name in IMPORTED_FIELDS:
                setattr(story, name, getattr(seed, name))
            story.language, story.embargo_until = seed.language, seed.embargo_until
            chosen = {kind: book.tags(kind, proposed[kind]) for kind in TAG_KINDS}
            # Written with the story: its links are bulk-created below, without the signals that keep them.
            story.tag_words = words_for({kind: [tag.name for tag in chosen[kind]] for kind in TAG_KINDS})
            story.shown_tags = shown_for(chosen)
            story.import_snapshot = {
                **{name: getattr(seed, name) for name in IMPORTED_FIELDS},
                **{kind: sorted((tag.name for tag in chosen[kind]), key=name_key) for kind in TAG_KINDS},
                **snapshot_extras(seed),
            }
            stories.append(story)
            tags.append(chosen)
        # A wire item the agency withholds waits for the editors as a draft, as every story starts.
        out = [publish and seed.pubstatus == "usable" for _path, seed, _tags, _base in items]
        publish_wire_many(
            [story for story, go in zip(stories, out, strict=True) if go],
            at=[publication_time(seed) for (_path, seed, _tags, _base), go in zip(items, out, strict=True) if go],
        )
        drafts = [story for story, go in zip(stories, out, strict=True) if not go]
        create_objects(Article, drafts, key=("slug",))
        record_wire_embargoes([story for story in stories if story.embargo_until])
        # The links as rows, a dozen a story: COPY on PostgreSQL, and no model instance made for each by keyword.
        added_at = timezone.now()
        for kind, through in TAG_THROUGH.items():
            insert_rows(
                through,
                ("content_object_id", "tag_id", "source", "added_at"),
                (
                    (story.pk, tag.pk, TagSource.IMPORTER, added_at)
                    for story, chosen in zip(stories, tags, strict=True)
                    for tag in chosen[kind]
                ),
            )
        # Each story's revision holds it with its tags, as its shown_tags above have them.
        record_many(
            [(story, f"Imported from {path.name}.") for story, (path, *_parsed) in zip(stories, items, strict=True)]
        )
    return stories


def wire_state(seed, tags):
    """What a story would hold after update_story(article, seed, tags), as Article.editable_state() gives it."""
    return {
        **{name: getattr(seed, name) for name in IMPORTED_FIELDS},
        **{kind: sorted(tags[kind], key=name_key) for kind in TAG_KINDS},
    }


def update_story(article, seed, tags, *, keep=()):
    """Bring a story up to its seed's new copy and tags, but for the parts in `keep` (an editor's, which already
    say what the seed does), left as the editor typed them. Call inside a revision (create_revision)."""
    # The slug and publication time stay: a published URL must not move under readers.
    kinds, fields = [kind for kind in TAG_KINDS if kind not in keep], [f for f in IMPORTED_FIELDS if f not in keep]
    for kind in kinds:
        proposed = {name.casefold() for name in tags[kind]}
        through = getattr(article, kind).through
        links = through.objects.filter(content_object=article).select_related("tag")
        through.objects.filter(pk__in=[link.pk for link in links if link.tag.name.casefold() not in proposed]).delete()
    for name in fields:
        setattr(article, name, getattr(seed, name))
    article.source_hash, article.language = seed.source_hash, seed.language
    article.save_content(expected_version=article.version, fields=[*fields, "source_hash", "language"])
    for kind in kinds:
        getattr(article, kind).add(*tags[kind], through_defaults={"source": TagSource.IMPORTER})
    take_snapshot(article, seed)
    # The revision holds the story with its tags.
    reversion.add_to_revision(article)


def take_snapshot(article, seed):
    """Record the story as it stands as its import of `seed`: what later tells an editor's change from the wire's."""
    article.source_hash, article.language = seed.source_hash, seed.language
    article.import_snapshot = {**article.editable_state(), **snapshot_extras(seed)}
    article.save(update_fields=["import_snapshot", "source_hash", "language"])


def apply_wire_status(article, seed, tell=None):
    """What a new version of a wire item does to its story's state (never to its text): "canceled" unpublishes
    a published story, "withheld" unpublishes it and sends it back to the desk as a draft, and a later embargo
    holds it. Returns what was done, for the report, or ""; `tell` hears what failed after the commit."""
    done = []
    if seed.pubstatus in ("canceled", "withheld") and article.status == Article.Status.PUBLISHED:
        transition(article, "unpublish", by=None, reason=f"{seed.pubstatus} on the wire", tell=tell)
        done.append(f"unpublished: {seed.pubstatus} on the wire")
        if seed.pubstatus == "withheld":
            transition(article, "send_back", by=None, reason="withheld on the wire")
    if seed.embargo_until and seed.embargo_until != article.embargo_until and seed.embargo_until > timezone.now():
        set_embargo(article, seed.embargo_until, by=None, reason="embargo of the wire item", tell=tell)
        done.append(f"under embargo until {seed.embargo_until.isoformat()}")
    return "; ".join(done)
