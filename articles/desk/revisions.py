"""Revisions of a story's text and tags, kept by django-reversion: history, diff, restore."""

import difflib
import json
import operator

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision, Version

from ..bulk import insert_rows
from ..models import CONTENT_FIELDS, TAG_KINDS, TAG_THROUGH, Article, TagRedirect, newsroom_time
from ..text import name_key

THROUGH = TAG_THROUGH
# What a revision keeps of the story besides its tags: the copy and the desk's settings for it.
SETTINGS_FIELDS = ("embargo_until", "assignee")
REVISED_FIELDS = (*CONTENT_FIELDS, "correction", *SETTINGS_FIELDS)
# A restore brings back the copy; not the slug (a published URL must not move), nor embargo or assignee.
RESTORED_FIELDS = (*(field for field in CONTENT_FIELDS if field != "slug"), "correction")
TEXT_FIELDS = (*CONTENT_FIELDS, "correction")
# What a revision keeps of the one object it holds, the story: as the desk edits it (with a published story's
# pending changes), and its tags as they were, (id, name, slug) by kind, in the story's own shown_tags.
KEPT_FIELDS = {Article: [*REVISED_FIELDS, "version", "pending", "shown_tags"]}
# django-reversion's default format: Django's JSON serializer.
FORMAT = "json"


def register_models():
    """Called once at start-up: a revision holds the story alone, its tags in it (not its links, nor the tags)."""
    if not reversion.is_registered(Article):
        reversion.register(Article, fields=KEPT_FIELDS[Article], format=FORMAT)


def record(article, *, user=None, comment=""):
    """Keep the story as it is now (text and tags) as a new revision."""
    with reversion.create_revision():
        reversion.add_to_revision(article)
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(comment)


def record_many(stories):
    """Keep each new story, given as (story, comment), as its first revision: what record() keeps -- one
    version, the story serialized as django-reversion serializes it (Django's "json" serializer, the registered
    fields, its shown_tags already set) -- written in bulk for the whole batch (articles/bulk.py).

    For the import, where record() would run reversion's create_revision() for each story: a savepoint, a
    query to check that the story still exists, the revision, then its version. Here a batch takes an INSERT
    of its revisions and one of their versions. Nothing here listens for reversion's revision signals, which
    are not sent.
    """
    revisions = Revision.objects.bulk_create(
        [Revision(date_created=timezone.now(), comment=comment) for _story, comment in stories]
    )
    content_type = ContentType.objects.get_for_model(Article).pk
    serialized = _serializer()
    insert_rows(
        Version,
        VERSION_FIELDS,
        (
            (revision.pk, str(story.pk), content_type, DEFAULT_DB_ALIAS, FORMAT, serialized(story), str(story))
            for revision, (story, _comment) in zip(revisions, stories, strict=True)
        ),
    )
    return revisions


VERSION_FIELDS = ("revision_id", "object_id", "content_type_id", "db", "format", "serialized_data", "object_repr")


class WholeTextEncoder(DjangoJSONEncoder):
    """The encoder Django's JSON serializer uses, handing its text to json.dump in one piece.

    json.dump asks the encoder for the text piece by piece (iterencode), which the json module makes in
    Python; json.dumps makes the same text at once with its C encoder.
    """

    def iterencode(self, o, *args, **kwargs):
        options = ("skipkeys", "ensure_ascii", "check_circular", "allow_nan", "sort_keys", "indent")
        separators = (self.item_separator, self.key_separator)
        kept = {name: getattr(self, name) for name in options}
        return [json.dumps(o, cls=DjangoJSONEncoder, separators=separators, **kept)]


def _serializer():
    """story -> the text django-reversion's serialize() writes for it (a test compares them), made with the
    one-piece encoder by one serializer for the whole batch rather than one for each story."""
    serializer = serializers.get_serializer(FORMAT)()

    def serialized(story):
        return serializer.serialize([story], fields=KEPT_FIELDS[Article], cls=WholeTextEncoder)

    return serialized


def history(article):
    """The story's revisions, newest first, each a reversion Version of the article."""
    # Newest first by revision, which the index of each object's versions holds: by id (reversion's order),
    # SQLite read the versions of every story to find this one's, more of them as the archive grows.
    return Version.objects.get_for_object(article).select_related("revision", "revision__user").order_by("-revision_id")


def at_version(article, number, versions=None):
    """The revision that recorded version `number` of the story (the newest such), or None."""
    for version in versions if versions is not None else history(article):
        if version.field_dict.get("version") == number:
            return version
    return None


def state(version):
    """A revision as plain data, as the desk edited it (pending changes over the live copy): its fields, the tag
    names of each kind, and the tags as (id, name, slug) under "<kind>_tags"."""
    fields = version.field_dict
    pending = (fields.get("pending") or {}).get("changes", {})
    data = {field: pending.get(field, fields.get(field)) or "" for field in TEXT_FIELDS}
    data["embargo_until"] = fields.get("embargo_until")
    data["assignee"] = fields.get("assignee_id")
    data["version"] = fields.get("version")
    # The tags as they were then: in the story's version, or, recorded before it kept them, beside it.
    kept = fields.get("shown_tags")
    if kept is None:
        kept = _tags_beside(version)
    for kind in TAG_KINDS:
        tags = [tuple(tag) for tag in (pending[kind] if kind in pending else kept.get(kind, ()))]
        data[f"{kind}_tags"] = tags
        data[kind] = sorted((name for _id, name, _slug in tags), key=name_key)
    return data


def _tags_beside(version):
    """{kind: [(id, name, slug)]} of a revision recorded before the story kept its tags (shown_tags): from the
    link and tag versions it holds beside the story's. Read with Django's deserializer, as those models are no
    longer registered with django-reversion; a tag with no version of its own goes by its name now."""
    kinds = {through: kind for kind, through in THROUGH.items()}
    tag_models = {through.tag_model() for through in THROUGH.values()}
    tag_ids, kept = {kind: [] for kind in TAG_KINDS}, {}
    for held in version.revision.version_set.select_related("content_type"):
        model = held.content_type.model_class()
        if model not in kinds and model not in tag_models:
            continue
        obj = next(serializers.deserialize(held.format, held.serialized_data, ignorenonexistent=True)).object
        if model in kinds:
            tag_ids[kinds[model]].append(obj.tag_id)
        else:
            kept[(model, int(held.object_id))] = (obj.name, obj.slug)
    tags = {}
    for kind, ids in tag_ids.items():
        tag_model = THROUGH[kind].tag_model()
        current = dict(tag_model.objects.filter(pk__in=ids).values_list("pk", "name"))
        tags[kind] = [
            (tag_id, *kept.get((tag_model, tag_id), (current.get(tag_id, f"#{tag_id}"), ""))) for tag_id in ids
        ]
    return tags


def current_state(article, *, pending=True):
    """The story as it is now, in the shape state() gives a revision: as the desk edits it, or (`pending`
    false) as readers have it."""
    data = article.editable_state()
    for kind in TAG_KINDS:
        data[f"{kind}_tags"] = [(tag.pk, tag.name, tag.slug) for tag in getattr(article, kind).all()]
    data.update(
        slug=article.slug,
        correction=article.correction,
        embargo_until=article.embargo_until,
        assignee=article.assignee_id,
        version=article.version,
    )
    for name, value in article.pending_changes.items() if pending else ():
        if name in TAG_KINDS:
            data[name] = sorted((tag_name for _id, tag_name, _slug in value), key=name_key)
            data[f"{name}_tags"] = [tuple(tag) for tag in value]
        elif name in TEXT_FIELDS:
            data[name] = value
    return data


def diff(old, new):
    """What changed from one state to another: [{field, label, segments | added/removed}], changed parts only."""
    changes = []
    for field in SETTINGS_FIELDS:
        if old.get(field) != new.get(field):
            changes.append(
                {
                    "field": field,
                    "label": Article._meta.get_field(field).verbose_name,
                    "segments": [
                        ("delete", _setting(field, old.get(field))),
                        ("insert", _setting(field, new.get(field))),
                    ],
                }
            )
    for field in TEXT_FIELDS:
        if (old.get(field) or "") != (new.get(field) or ""):
            label = Article._meta.get_field(field).verbose_name
            changes.append(
                {"field": field, "label": label, "segments": word_diff(old.get(field) or "", new.get(field) or "")}
            )
    for kind in TAG_KINDS:
        before, after = _tag_names(old, new, kind)
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


def edits_differ(old, new):
    """Whether two states differ in what an editor edits, the text or the tags: a workflow step (submit,
    approve, publish) records a revision that changes neither, or only the embargo."""
    if any((old.get(field) or "") != (new.get(field) or "") for field in TEXT_FIELDS):
        return True
    return any(operator.ne(*_tag_names(old, new, kind)) for kind in TAG_KINDS)


def last_different(versions, newer):
    """The newest revision before `newer` in `versions` (newest first) whose text or tags differ from it, or None."""
    then = state(newer)
    earlier = versions[versions.index(newer) + 1 :]
    return next((version for version in earlier if edits_differ(state(version), then)), None)


def _tag_names(old, new, kind):
    """The names of one kind of tag before and after, a renamed tag (the same tag, by id) under its new name
    on both sides: a rename is not a removal and an addition."""
    before, after = set(old.get(kind, [])), set(new.get(kind, []))
    if f"{kind}_tags" not in old or f"{kind}_tags" not in new:
        return before, after
    now = {tag_id: name for tag_id, name, _slug in new[f"{kind}_tags"]}
    renamed = {name: now[tag_id] for tag_id, name, _slug in old[f"{kind}_tags"] if tag_id in now}
    return {renamed.get(name, name) for name in before}, after


def _setting(field, value):
    if value is None or value == "":
        return str(_("none"))
    if field == "embargo_until":
        return date_format(newsroom_time(value), "DATETIME_FORMAT")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=value).first()
    return user.get_username() if user else f"#{value}"


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


def restores_as_pending(article):
    """Does a restore of this story wait for a publisher? On a published story it does (see restore)."""
    return article.status == Article.Status.PUBLISHED


def restore_preview(article, version):
    """What restoring `version` would change in the story as the desk has it now (diff()'s changes, the story
    now on the old side), and the names of the revision's tags that no longer exist, which it leaves out."""
    now, old = current_state(article), state(version)
    tags, missing = _restored_tags(old)
    after = {**now, **{field: old[field] for field in RESTORED_FIELDS}}
    for kind in TAG_KINDS:
        after[f"{kind}_tags"] = [(tag.pk, tag.name, tag.slug) for tag in tags[kind]]
        after[kind] = sorted((tag.name for tag in tags[kind]), key=name_key)
    return diff(now, after), missing


def restore(article, version, *, user, expected_version=None):
    """Bring back an old revision's text and tags, as a new revision; on a published story, as pending changes
    (readers keep the live version until a publisher publishes them). Returns tag names that no longer exist.

    Raises StaleEdit if the story was saved since `expected_version` (default: the version in hand).
    """
    old = state(version)
    expected_version = expected_version or article.version
    tags, missing = _restored_tags(old)
    when = version.revision.date_created.isoformat(" ", "minutes")
    comment = _("Restored the revision of %(date)s.") % {"date": when}
    with transaction.atomic(), reversion.create_revision():
        if restores_as_pending(article):
            changes = {field: old[field] for field in RESTORED_FIELDS}
            changes.update({kind: [[tag.pk, tag.name, tag.slug] for tag in tags[kind]] for kind in TAG_KINDS})
            article.save_pending(changes, expected_version=expected_version, by=user)
            comment = _("%(restored)s Pending changes: readers see the published version.") % {"restored": comment}
        else:
            for field in RESTORED_FIELDS:
                setattr(article, field, old[field])
            article.save_content(expected_version=expected_version, fields=RESTORED_FIELDS)
            for kind in TAG_KINDS:
                getattr(article, kind).set(tags[kind], through_defaults={"added_by": user})
        reversion.add_to_revision(article)
        reversion.set_user(user)
        reversion.set_comment(comment)
    return missing


def _restored_tags(old):
    """The tags a restore of the state `old` brings back, {kind: [tag]}, and the names of those gone."""
    tags, missing = {}, []
    for kind in TAG_KINDS:
        tags[kind], gone = tags_of(THROUGH[kind].tag_model(), kind, old[f"{kind}_tags"])
        missing.extend(gone)
    return tags, missing


def tags_of(tag_model, kind, then):
    """The tags a revision had, [(id, name, slug)]: by id (a renamed tag is still the same tag), else by
    name, else through the redirect a merge left. Returns them, and the names of those gone entirely.
    """
    by_id = tag_model.objects.in_bulk([tag_id for tag_id, _name, _slug in then])
    tags, missing = [], []
    for tag_id, name, slug in then:
        tag = by_id.get(tag_id) or tag_model.objects.filter(name=name).first()
        if tag is None and slug:
            redirect = TagRedirect.objects.filter(kind=kind, old_slug=slug).first()
            tag = tag_model.objects.filter(slug=redirect.new_slug).first() if redirect else None
        if tag is None:
            missing.append(name)
        elif tag not in tags:
            tags.append(tag)
    return tags, missing
