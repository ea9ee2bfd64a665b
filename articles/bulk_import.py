"""New wire stories in bulk: a batch of parsed seeds written with a handful of queries.

The same result as importers.create_article for each story -- tags with their source, the import
snapshot, the first revision, the importer's publish_wire event -- but rows are built in Python and
inserted together. importers.import_seeds falls back to one story at a time if a batch fails.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from reversion.models import Revision, Version

from . import page_cache
from .gazetteer import ministry_country
from .models import TAG_KINDS, TAG_THROUGH, Article, TagRedirect, TagSource, WorkflowEvent
from .revisions import REVISED_FIELDS
from .text import ascii_slug, name_key
from .workflow import IMPORTER


class TagBook:
    """Every tag of each kind by folded name, and the redirects merges left: loaded once per import."""

    def __init__(self):
        self.by_name = {kind: {} for kind in TAG_KINDS}
        for kind in TAG_KINDS:
            for tag in TAG_THROUGH[kind].tag_model().objects.all():
                self.by_name[kind][tag.name.casefold()] = tag
        self.redirects = {(r.kind, r.old_slug): r.new_slug for r in TagRedirect.objects.all()}
        self.by_slug = {kind: {tag.slug: tag for tag in tags.values()} for kind, tags in self.by_name.items()}

    def tags(self, kind, names):
        """The tags for these names, following merges (call create_missing first)."""
        found = []
        for name in names:
            tag = self._find(kind, name)
            if tag not in found:
                found.append(tag)
        return found

    def _find(self, kind, name):
        tag = self.by_name[kind].get(name.casefold())
        if tag is None:
            moved = self.redirects.get((kind, TAG_THROUGH[kind].tag_model()().slugify(name)))
            tag = self.by_slug[kind].get(moved) if moved else None
        return tag

    def create_missing(self, kind, names):
        """Create, in one INSERT, the tags no name or merge leads to yet; a new ministry gets its country."""
        tag_model, new = TAG_THROUGH[kind].tag_model(), {}
        for name in names:
            if self._find(kind, name) is None and name.casefold() not in new:
                new[name.casefold()] = name
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

    def _free_slug(self, kind, slug):
        candidate, n = slug, 1
        while candidate in self.by_slug[kind] or (kind, candidate) in self.redirects:
            n += 1
            candidate = f"{slug}-{n}"
        self.by_slug[kind][candidate] = None  # reserved until the tag is made
        return candidate


def create_many(items, *, publish, book):
    """Create a story for each (path, seed, proposed tags); returns the new articles, in order."""
    now = timezone.now()
    from .importers import import_ref, wire_time

    with transaction.atomic(), page_cache.quiet():
        slugs = _unique_slugs([seed.headline for _path, seed, _tags in items])
        for kind in TAG_KINDS:
            book.create_missing(kind, [name for _path, _seed, proposed in items for name in proposed[kind]])
        articles, tag_lists = [], []
        for (path, seed, proposed), slug in zip(items, slugs, strict=True):
            tags = {kind: book.tags(kind, proposed[kind]) for kind in TAG_KINDS}
            article = Article(
                import_ref=import_ref(path),
                slug=slug,
                headline=seed.headline,
                standfirst=seed.standfirst,
                body=seed.body,
                dateline=seed.dateline,
                credit=seed.credit,
                source_hash=seed.source_hash,
                status=Article.Status.PUBLISHED if publish else Article.Status.DRAFT,
                published_at=wire_time(seed.wire_date) if publish else None,
                created_at=now,
                updated_at=now,
            )
            article.import_snapshot = {
                **{
                    field: getattr(article, field) for field in ("headline", "standfirst", "body", "dateline", "credit")
                },
                **{kind: sorted((tag.name for tag in tags[kind]), key=name_key) for kind in TAG_KINDS},
            }
            articles.append(article)
            tag_lists.append(tags)
        Article.objects.bulk_create(articles)

        links = {
            kind: [
                TAG_THROUGH[kind](content_object_id=article.pk, tag=tag, source=TagSource.IMPORTER, added_at=now)
                for article, tags in zip(articles, tag_lists, strict=True)
                for tag in tags[kind]
            ]
            for kind in TAG_KINDS
        }
        for kind, rows in links.items():
            TAG_THROUGH[kind].objects.bulk_create(rows)
        if publish:
            WorkflowEvent.objects.bulk_create(
                WorkflowEvent(
                    article=article,
                    action="publish_wire",
                    from_status=Article.Status.DRAFT,
                    to_status=Article.Status.PUBLISHED,
                    actor_name=IMPORTER,
                    publish_at=article.published_at,
                    created_at=now,
                )
                for article in articles
            )
        _first_revisions(items, articles, links, now)
    return articles


def _unique_slugs(headlines):
    """A slug for each headline that no story has and no other in the batch: two queries at most."""
    bases = []
    for headline in headlines:
        base = ascii_slug(headline, max_length=80)
        bases.append(base.rsplit("-", 1)[0] if len(base) == 80 and "-" in base else base)
    taken = set(Article.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    if taken:
        # Some bases are in use: their numbered variants may be too.
        for base in {b for b in bases if b in taken}:
            taken.update(numbered_slugs(base))
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def numbered_slugs(base):
    """The slugs 'base-2', 'base-3'... already taken: a range over the slug index (a LIKE could not use it)."""
    return Article.objects.filter(slug__gt=f"{base}-", slug__lt=f"{base}-~").values_list("slug", flat=True)


def _first_revisions(items, articles, links, now):
    """Each new story's first revision, as django-reversion would record it, in bulk."""
    revisions = Revision.objects.bulk_create(
        Revision(date_created=now, comment=f"Imported from {path.name}.") for path, _seed, _tags in items
    )
    types = ContentType.objects.get_for_models(
        Article, *TAG_THROUGH.values(), *(t.tag_model() for t in TAG_THROUGH.values())
    )
    by_article = {}
    for kind, rows in links.items():
        for link in rows:
            by_article.setdefault(link.content_object_id, []).append((kind, link))
    versions = []
    for revision, article in zip(revisions, articles, strict=True):
        fields = {field: _value(article, field) for field in REVISED_FIELDS}
        fields["version"] = article.version
        versions.append(_version(revision, types[Article], article.pk, "articles.article", fields, article.headline))
        for _kind, link in by_article.get(article.pk, ()):
            through, tag = type(link), link.tag
            link_fields = {"content_object": article.pk, "tag": tag.pk, "source": link.source}
            versions.append(
                _version(revision, types[through], link.pk, through._meta.label_lower, link_fields, str(link.pk))
            )
            tag_fields = {"name": tag.name, "slug": tag.slug}
            versions.append(
                _version(revision, types[type(tag)], tag.pk, type(tag)._meta.label_lower, tag_fields, tag.name)
            )
    _insert(
        Version,
        ["revision_id", "object_id", "content_type_id", "db", "format", "serialized_data", "object_repr"],
        versions,
    )


def _value(article, field):
    return getattr(article, "assignee_id" if field == "assignee" else field)


def _version(revision, content_type, pk, label, fields, text):
    data = json.dumps([{"model": label, "pk": pk, "fields": fields}], cls=DjangoJSONEncoder)
    return (revision.pk, str(pk), content_type.pk, "default", "json", data, text[:191])


def _insert(model, columns, rows, batch=1000):
    """Plain INSERTs of many rows: for tens of thousands of revision rows, the ORM's per-object work is
    most of the cost, and nothing here needs a model instance back."""
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table), ", ".join(map(quote, columns)), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, rows[start : start + batch])
