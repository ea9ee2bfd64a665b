"""New wire stories in bulk: a batch of parsed seeds written with a handful of queries.

The same result as importers.create_article for each story -- tags with their source, the import
snapshot, the first revision, the importer's publish_wire event -- but rows are built in Python and
inserted together. importers.import_seeds falls back to one story at a time if a batch fails.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision, Version

from . import page_cache
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
        """The tags for these names, following merges and creating the missing ones."""
        tag_model, found = TAG_THROUGH[kind].tag_model(), []
        for name in names:
            tag = self.by_name[kind].get(name.casefold())
            if tag is None:
                moved = self.redirects.get((kind, tag_model().slugify(name)))
                tag = self.by_slug[kind].get(moved) if moved else None
            if tag is None:
                tag = tag_model.objects.create(name=name)  # a new ministry learns its country in save()
                self.by_name[kind][name.casefold()] = tag
                self.by_slug[kind][tag.slug] = tag
            if tag not in found:
                found.append(tag)
        return found


def create_many(items, *, publish, book):
    """Create a story for each (path, seed, proposed tags); returns the new articles, in order."""
    now = timezone.now()
    from .importers import import_ref, wire_time

    with transaction.atomic(), page_cache.quiet():
        slugs = _unique_slugs([seed.headline for _path, seed, _tags in items])
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
            taken.update(Article.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


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
    Version.objects.bulk_create(versions, batch_size=2000)


def _value(article, field):
    return getattr(article, "assignee_id" if field == "assignee" else field)


def _version(revision, content_type, pk, label, fields, text):
    data = json.dumps([{"model": label, "pk": pk, "fields": fields}], cls=DjangoJSONEncoder)
    return Version(
        revision=revision,
        object_id=str(pk),
        content_type=content_type,
        db="default",
        format="json",
        serialized_data=data,
        object_repr=text[:191],
    )
