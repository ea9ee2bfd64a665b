"""Tag care: rename a tag, merge duplicates into one; an old tag URL always leads to the tag that lives on.

Both operations leave a TagRedirect from each slug that goes away, so links readers and search engines
hold keep working (TagArticlesView answers them with a 301). The tag admins call these; nothing else
deletes a tag's links or writes TagRedirect.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..ingest.register import ministry_identity
from ..models import TAG_THROUGH, Article, CountryTag, MinistryTag, TagRedirect, TagSource
from ..models.article import API_CHANGED, api_kept_in_sql
from ..site import page_cache
from . import revisions


class TagCareError(Exception):
    """A refused rename or merge; the message says why, in words an editor understands."""


class TagCarePermissionError(TagCareError, PermissionDenied):
    """Refused because of who asked, not because of the tags."""


def rename_tag(tag, *, name, slug):
    """Save the tag under a new name and slug (with any other change made to it); the old slug redirects, and
    pending changes that name the tag name it so."""
    with transaction.atomic():
        old_slug = type(tag).objects.values_list("slug", flat=True).get(pk=tag.pk)
        tag.name, tag.slug = name, slug
        tag.save()
        _leave_redirect(tag.kind, old_slug, tag.slug)
        renamed = [tag.pk, tag.name, tag.slug]
        settle_pending(tag.kind, lambda tags: [renamed if item[0] == tag.pk else item for item in tags])
    return tag


def delete_tag(tag, *, user):
    """Delete a tag no story links to (the admin lets no other go); pending changes that add it lose it, and a
    story that then has nothing left to publish no longer waits."""
    with transaction.atomic():
        changed = settle_pending(tag.kind, lambda tags: [item for item in tags if item[0] != tag.pk])
        tag.delete()
        comment = _("Tag %(name)s deleted from the pending changes.") % {"name": tag.name}
        _record_revisions(changed, user, lambda _article: comment)


def surviving_names(kind, names):
    """Names as they live on: a name whose tag was merged away becomes its survivor's (for the importer)."""
    tag_model = TAG_THROUGH[kind].tag_model()
    existing = {name.casefold() for name in tag_model.objects.filter(name__in=names).values_list("name", flat=True)}
    result = []
    for name in names:
        if name.casefold() not in existing:
            redirects = TagRedirect.objects.filter(kind=kind, old_slug__in=tag_model().slugs_for(name))
            moved = redirects.order_by("pk").first()
            survivor = tag_model.objects.filter(slug=moved.new_slug).first() if moved else None
            if survivor is None and kind == "ministries":
                survivor = _same_ministry(name)
            name = survivor.name if survivor else name
        if name not in result:
            result.append(name)
    return result


def _same_ministry(name):
    """The ministry tag that is this name's ministry under another name (register.ministry_identity), if any."""
    identity = ministry_identity(name)
    if identity is None:
        return None
    country, _key = identity
    candidates = MinistryTag.objects.filter(country__name=country).order_by("pk")
    return next((tag for tag in candidates if ministry_identity(tag.name) == identity), None)


def claim_slug(tag):
    """A tag that takes a slug some redirect was using: its own page must win, so the redirect goes."""
    TagRedirect.objects.filter(kind=tag.kind, old_slug=tag.slug).delete()


def merge_tags(survivor, duplicates, *, user):
    """Move every story from the duplicates to the survivor, delete them, and redirect their pages.

    One transaction: each story that carried a duplicate gets one link to the survivor (an editor's
    link wins over the importer's) and a new revision; ministries of a merged country move to the
    survivor. Returns the number of stories moved.
    """
    tag_model = type(survivor)
    if not user.has_perm(f"{tag_model._meta.app_label}.change_{tag_model._meta.model_name}"):
        raise TagCarePermissionError(_("You cannot change %(kind)s.") % {"kind": tag_model._meta.verbose_name_plural})
    if any(type(tag) is not tag_model for tag in duplicates):
        raise TagCareError(_("Only tags of one kind can be merged."))
    duplicate_ids = {tag.pk for tag in duplicates} - {survivor.pk}
    if not duplicate_ids:
        raise TagCareError(_("Choose at least two tags to merge."))

    with transaction.atomic():
        # Read again under lock: another editor may have merged or deleted some of them meanwhile.
        locked = {
            tag.pk: tag for tag in tag_model.objects.select_for_update().filter(pk__in={survivor.pk, *duplicate_ids})
        }
        if survivor.pk not in locked or len(locked) < 2:
            raise TagCareError(_("These tags have changed since you chose them; choose again."))
        survivor, duplicates = locked.pop(survivor.pk), sorted(locked.values(), key=lambda tag: tag.name)
        merged_names = _move_links(survivor, duplicates)
        _move_pending(survivor, duplicates, merged_names)
        if tag_model is CountryTag:
            MinistryTag.objects.filter(country__in=duplicates).update(country=survivor)
        _record_merge(survivor, merged_names, user)
        slugs = [tag.slug for tag in duplicates]
        tag_model.objects.filter(pk__in=[tag.pk for tag in duplicates]).delete()
        for slug in slugs:
            _leave_redirect(survivor.kind, slug, survivor.slug)
    return len(merged_names)


def _move_links(survivor, duplicates):
    """Re-point the duplicates' links to the survivor, one link per story; {article id: [duplicate names]}."""
    through = TAG_THROUGH[survivor.kind]
    kept = {link.content_object_id: link for link in through.objects.filter(tag=survivor)}
    merged_names = {}
    for duplicate in duplicates:
        for link in through.objects.filter(tag=duplicate):
            merged_names.setdefault(link.content_object_id, []).append(duplicate.name)
            existing = kept.get(link.content_object_id)
            if existing is None:
                link.tag = survivor
                link.save(update_fields=["tag"])
                kept[link.content_object_id] = link
                continue
            if link.source == TagSource.EDITOR and existing.source != TagSource.EDITOR:
                existing.source, existing.added_by = TagSource.EDITOR, link.added_by
                existing.save(update_fields=["source", "added_by"])
            link.delete()
    return merged_names


def _move_pending(survivor, duplicates, merged_names):
    """Pending changes (working_copy.py) that name a duplicate name the survivor instead, as links do; any story's
    that then match its live tags no longer wait (settle_pending)."""
    gone = {tag.pk: tag.name for tag in duplicates}

    def merged(tags):
        kept = [tag for tag in tags if tag[0] not in gone and tag[0] != survivor.pk]
        return [*kept, [survivor.pk, survivor.name, survivor.slug]] if len(kept) < len(tags) else tags

    for article_id, tags in settle_pending(survivor.kind, merged, also=merged_names).items():
        names = [gone[tag_id] for tag_id, _name, _slug in tags if tag_id in gone]
        moved = merged_names.setdefault(article_id, [])
        moved.extend(name for name in names if name not in moved)


def settle_pending(kind, rewrite, *, also=()):
    """Rewrite the pending tags of `kind` of each story with changes waiting (`rewrite(tags)` gives them anew), and
    drop what then matches the live story, as Article.save_pending does: a story left with nothing to publish is
    no longer pending. Looks at the stories whose pending tags of `kind` `rewrite` changes, and the stories in
    `also` (whose live tags changed); returns {story id: its pending tags before} for each story changed."""
    changed = {}
    # Few stories have changes waiting at any time.
    for article in Article.objects.filter(pending__isnull=False).only("pending"):
        before = article.pending_changes.get(kind)
        after = rewrite(before) if before is not None else None
        if after == before and article.pk not in also:
            continue
        changes = dict(article.pending_changes)
        if after is not None:
            changes[kind] = after
        waiting = article.still_waiting(changes)
        if waiting == article.pending_changes:
            continue
        article.pending = {**article.pending, "changes": waiting} if waiting else None
        Article.objects.filter(pk=article.pk).update(pending=article.pending)
        changed[article.pk] = before or []
    return changed


def _record_merge(survivor, merged_names, user):
    def comment(article):
        names = merged_names[article.pk]
        return ngettext("Tag %(old)s merged into %(new)s.", "Tags %(old)s merged into %(new)s.", len(names)) % {
            "old": ", ".join(names),
            "new": survivor.name,
        }

    _record_revisions(merged_names, user, comment)


def _record_revisions(article_ids, user, comment):
    """A new revision of each story changed; its version moves on too, so an editor's open form sees the change."""
    now, changed = timezone.now(), Article.objects.filter(pk__in=article_ids)
    # Readers and partners get the new tags of the stories they may read: those have a new version in the API too.
    seen = Article.objects.for_partners(now).filter(pk__in=article_ids).values("pk")
    changed.filter(pk__in=seen).update(version=F("version") + 1, updated_at=now, **API_CHANGED)
    changed.exclude(pk__in=seen).update(version=F("version") + 1, updated_at=now, **api_kept_in_sql())
    page_cache.bump()
    for article in Article.objects.filter(pk__in=article_ids):
        revisions.record(article, user=user, comment=comment(article))


def _leave_redirect(kind, old_slug, new_slug):
    """/kind/old_slug/ now leads to /kind/new_slug/, and so does every redirect that led to old_slug."""
    if old_slug != new_slug:
        TagRedirect.objects.filter(kind=kind, new_slug=old_slug).update(new_slug=new_slug)
        TagRedirect.objects.update_or_create(kind=kind, old_slug=old_slug, defaults={"new_slug": new_slug})
    # The live tag's own page wins; this also drops a chain that folded back onto itself (a -> a).
    TagRedirect.objects.filter(kind=kind, old_slug=new_slug).delete()
