"""A published story's working copy: editors' changes wait there, unseen by readers, until a publisher
publishes or discards them (workflow.publish_changes, workflow.discard_changes).

As Wagtail keeps a draft over a live page: readers have the story's own columns and tag links, which only a
publisher's decision changes; `Article.pending` holds what the desk changed since (Article.save_pending). The
change form edits the story with its pending changes over it, and Preview shows it so.
"""

import copy

from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from ..models import PENDING_FIELDS, TAG_KINDS, TAG_THROUGH, Article
from ..models.article import API_FIELDS, api_kept
from ..site.queries import TagRef
from ..text import name_key
from . import images, revisions

# The image's own columns, set from a pending image when it is published.
IMAGE_COLUMNS = {"lead_image": "name", "lead_image_width": "width", "lead_image_height": "height"}


def applies(article):
    """Does a save of this story wait for a publisher? Once it is published, live or scheduled: readers have
    (or, at its time, will have) the version a publisher put out. And while changes wait, whatever moved it
    meanwhile: they wait for a publisher until one publishes or discards them."""
    return article.status == Article.Status.PUBLISHED or bool(article.pending)


def form_changes(form, edited):
    """A change form's `edited` fields in save_pending's shape, storing a new image as a pending one."""
    changes = {}
    for name in edited:
        value = form.cleaned_data.get(name)
        if name in PENDING_FIELDS:
            changes[name] = value or ""
        elif name in TAG_KINDS:
            changes[name] = sorted(([tag.pk, tag.name, tag.slug] for tag in value), key=lambda tag: name_key(tag[1]))
        elif name == "lead_image" and isinstance(value, UploadedFile):
            changes[name] = images.store_pending(form.instance, value)
        elif name == "lead_image":
            changes[name] = {"name": "", "width": None, "height": None, "renditions": []}  # cleared
    return changes


def save(article, changes, *, expected_version, by, fields=()):
    """Article.save_pending, and the files of a pending image it no longer holds deleted once committed."""
    before = article.save_pending(changes, expected_version=expected_version, by=by, fields=fields)
    dropped = before.get("lead_image")
    if dropped and dropped != article.pending_changes.get("lead_image"):
        images.delete_pending(dropped)


def apply(article):
    """Write a story's pending changes into the story readers see (call inside the workflow's transaction)."""
    changes = article.pending_changes
    fields = [name for name in PENDING_FIELDS if name in changes]
    for name in fields:
        setattr(article, name, changes[name])
    image = changes.get("lead_image")
    if image is not None:
        images.delete_unused(article.lead_image_renditions, keep=image["renditions"])
        for column, key in IMAGE_COLUMNS.items():
            setattr(article, column, image[key])
        article.lead_image_renditions = image["renditions"]
        fields += [*IMAGE_COLUMNS, "lead_image_renditions"]
    article.pending = None
    article.public_version = article.public_changed_at = None  # what readers and partners get has changed
    fields += ["pending", "updated_at", *API_FIELDS]
    if article.published_at and article.published_at <= timezone.now():
        # Changed after it went out: readers are told so, as after any change while live.
        article.revised_at = timezone.now()
        fields.append("revised_at")
    article.save(update_fields=fields)
    for kind in TAG_KINDS:
        if kind in changes:
            tags, _gone = revisions.tags_of(TAG_THROUGH[kind].tag_model(), kind, changes[kind])
            getattr(article, kind).set(tags)


def described(article):
    """Whose pending changes to what, for the record: "headline, topics, saved by alice"."""
    # In the form's order: the database may keep a JSON object's keys in its own (PostgreSQL's jsonb does).
    order = [*PENDING_FIELDS, "lead_image", *TAG_KINDS]
    fields = sorted(article.pending_changes, key=lambda name: order.index(name) if name in order else len(order))
    return _("%(fields)s, saved by %(editor)s") % {
        "fields": ", ".join(fields),
        "editor": article.pending.get("by") or _("the importer"),
    }


def discard(article):
    """Drop a story's pending changes (call inside the workflow's transaction). The text the desk edits goes
    back to the live one, so the version moves on: an editor's open form is shown what went."""
    images.delete_pending(article.pending_changes.get("lead_image"))
    kept = api_kept(article)  # readers and partners keep what they had, with its version
    article.public_version, article.public_changed_at = kept["public_version"], kept["public_changed_at"]
    article.pending = None
    article.version += 1
    article.save(update_fields=["pending", "version", "updated_at", *API_FIELDS])


def form_initial(article):
    """The change form's starting values where pending changes differ from the live story."""
    initial = {}
    for name, value in article.pending_changes.items():
        if name in TAG_KINDS:
            initial[name] = [tag_id for tag_id, _name, _slug in value]
        elif name == "lead_image":
            field = Article._meta.get_field(name)
            initial[name] = FieldFile(article, field, value["name"]) if value["name"] else None
        else:
            initial[name] = value
    return initial


def with_pending(article):
    """An unsaved copy of the story with its pending changes in place, for Preview and the change form."""
    draft = copy.copy(article)
    changes = article.pending_changes
    for name in PENDING_FIELDS:
        if name in changes:
            setattr(draft, name, changes[name])
    image = changes.get("lead_image")
    if image is not None:
        for column, key in IMAGE_COLUMNS.items():
            setattr(draft, column, image[key])
        draft.lead_image_renditions = image["renditions"]
    draft.tag_refs = {kind: _refs(article, kind) for kind in TAG_KINDS}
    return draft


def _refs(article, kind):
    if kind in article.pending_changes:
        refs = [TagRef(kind, *tag) for tag in article.pending_changes[kind]]
    else:
        refs = [TagRef(kind, tag.pk, tag.name, tag.slug) for tag in getattr(article, kind).all()]
    return sorted(refs, key=lambda ref: name_key(ref.name))


def summary(article):
    """For the change form: who saved the pending changes, when, and what differs from the live story."""
    if not article.pending:
        return None
    # From the tags the change form has already read: the live story's, and the pending ones by their ids.
    live = {kind: {tag.pk: tag.name for tag in getattr(article, kind).all()} for kind in TAG_KINDS}
    before = {field: getattr(article, field) for field in revisions.TEXT_FIELDS}
    after = dict(before)
    for kind in TAG_KINDS:
        before[kind] = sorted(live[kind].values(), key=name_key)
        pending = article.pending_changes.get(kind)
        after[kind] = before[kind] if pending is None else [live[kind].get(i, name) for i, name, _slug in pending]
    after.update({name: value for name, value in article.pending_changes.items() if name in revisions.TEXT_FIELDS})
    changes = revisions.diff(before, after)
    for name in ("lead_image_alt", "lead_image_credit"):
        if name in article.pending_changes:
            changes.append(_text_change(name, getattr(article, name), article.pending_changes[name]))
    image = article.pending_changes.get("lead_image")
    if image is not None:
        change = ("insert", str(_("a new image"))) if image["name"] else ("delete", str(_("the image, removed")))
        changes.append({"field": "lead_image", "label": _("lead image"), "segments": [change]})
    return {"by": article.pending["by"], "at": parse_datetime(article.pending["at"]), "changes": changes}


def _text_change(field, old, new):
    label = Article._meta.get_field(field).verbose_name
    return {"field": field, "label": label, "segments": revisions.word_diff(old or "", new or "")}
