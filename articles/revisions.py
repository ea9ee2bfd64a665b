"""Revisions of a story's text and tags, kept by django-reversion: history, diff, restore."""

import difflib

import reversion
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from .models import (
    CONTENT_FIELDS,
    TAG_KINDS,
    Article,
    CountryTag,
    MinistryTag,
    TaggedCountry,
    TaggedMinistry,
    TaggedTopic,
    TagRedirect,
    TopicTag,
)
from .text import name_key

THROUGH = {"countries": TaggedCountry, "ministries": TaggedMinistry, "topics": TaggedTopic}
LINKS = {"countries": "country_links", "ministries": "ministry_links", "topics": "topic_links"}
# The slug is not restored: a published URL must not move.
RESTORED_FIELDS = tuple(field for field in CONTENT_FIELDS if field != "slug")


def register_models():
    """Called once at start-up: a revision holds the story, its tag links and the tags' names."""
    if reversion.is_registered(Article):
        return
    reversion.register(Article, fields=[*CONTENT_FIELDS, "version"], follow=list(LINKS.values()))
    for through in THROUGH.values():
        reversion.register(through, fields=["content_object", "tag", "source"], follow=["tag"])
    for tag_model in (CountryTag, MinistryTag, TopicTag):
        reversion.register(tag_model, fields=["name", "slug"])


def record(article, *, user=None, comment=""):
    """Keep the story as it is now (text and tags) as a new revision."""
    with reversion.create_revision():
        reversion.add_to_revision(article)
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(comment)


def history(article):
    """The story's revisions, newest first, each a reversion Version of the article."""
    return Version.objects.get_for_object(article).select_related("revision", "revision__user")


def state(version):
    """A revision as plain data: the content fields and the tag names of each kind."""
    data = {field: version.field_dict.get(field, "") for field in CONTENT_FIELDS}
    data["version"] = version.field_dict.get("version")
    in_revision = list(version.revision.version_set.select_related("content_type"))
    names = {
        (v.content_type.model_class(), int(v.object_id)): v.field_dict["name"]
        for v in in_revision
        if v.content_type.model_class() in (CountryTag, MinistryTag, TopicTag)
    }
    for kind, through in THROUGH.items():
        tag_model = through.tag_model()
        tag_ids = [v.field_dict["tag_id"] for v in in_revision if v.content_type.model_class() is through]
        current = dict(tag_model.objects.filter(pk__in=tag_ids).values_list("pk", "name"))
        data[kind] = sorted(
            (names.get((tag_model, tag_id)) or current.get(tag_id, f"#{tag_id}") for tag_id in tag_ids), key=name_key
        )
    return data


def current_state(article):
    data = {field: getattr(article, field) for field in CONTENT_FIELDS}
    data["version"] = article.version
    for kind in TAG_KINDS:
        data[kind] = sorted(getattr(article, kind).names(), key=name_key)
    return data


def diff(old, new):
    """What changed from one state to another: [{field, label, segments | added/removed}], changed parts only."""
    changes = []
    for field in CONTENT_FIELDS:
        if (old.get(field) or "") != (new.get(field) or ""):
            label = Article._meta.get_field(field).verbose_name
            changes.append(
                {"field": field, "label": label, "segments": word_diff(old.get(field) or "", new.get(field) or "")}
            )
    for kind in TAG_KINDS:
        before, after = set(old.get(kind, [])), set(new.get(kind, []))
        if before != after:
            changes.append(
                {
                    "field": kind,
                    "label": Article._meta.get_field(kind).verbose_name,
                    "added": sorted(after - before, key=name_key),
                    "removed": sorted(before - after, key=name_key),
                }
            )
    return changes


def word_diff(old, new):
    """[(op, text)] with op in equal/delete/insert; paragraph breaks kept as their own tokens."""
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if matcher.ratio() < 0.5:
        # Mostly rewritten: old then new reads better than a patchwork of fragments.
        return [(op, text) for op, text in (("delete", old), ("insert", new)) if text]
    segments = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("equal", "delete", "replace"):
            segments.append(("equal" if op == "equal" else "delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("insert", " ".join(b[j1:j2])))
    return [(op, text.replace(" \n\n ", "\n\n")) for op, text in segments if text]


def _tokens(text):
    words = []
    for n, paragraph in enumerate(text.replace("\r\n", "\n").split("\n\n")):
        if n:
            words.append("\n\n")
        words.extend(paragraph.split())
    return words


def restore(article, version, *, user):
    """Bring back an old revision's text and tags, as a new revision. Returns tag names that no longer exist."""
    old = state(version)
    missing = []
    with transaction.atomic(), reversion.create_revision():
        for field in RESTORED_FIELDS:
            setattr(article, field, old[field])
        article.save_content(expected_version=article.version, fields=RESTORED_FIELDS)
        for kind in TAG_KINDS:
            tags, gone = _tags_named(THROUGH[kind].tag_model(), kind, old[kind])
            getattr(article, kind).set(tags)
            missing.extend(gone)
        reversion.add_to_revision(article)
        reversion.set_user(user)
        reversion.set_comment(
            _("Restored the revision of %(date)s.") % {"date": version.revision.date_created.isoformat(" ", "minutes")}
        )
    return missing


def _tags_named(tag_model, kind, names):
    """Tags by name, following merges; names of tags that are gone entirely."""
    found = {tag.name: tag for tag in tag_model.objects.filter(name__in=names)}
    tags, missing = list(found.values()), []
    for name in set(names) - set(found):
        slug = tag_model().slugify(name)
        redirect = TagRedirect.objects.filter(kind=kind, old_slug=slug).first()
        survivor = tag_model.objects.filter(slug=redirect.new_slug).first() if redirect else None
        if survivor:
            tags.append(survivor)
        else:
            missing.append(name)
    return tags, missing
