"""One parsed file, in its own transaction: its new story, or what its copy does to the story it already has
(updated, unchanged, a conflict with an editor's changes, or refused)."""

import reversion
from django.db import DatabaseError, IntegrityError, transaction

from ..desk.tag_care import surviving_names
from ..models import Article
from .outcomes import CONFLICT, CREATED, REFUSED, UNCHANGED, UPDATED, FileOutcome
from .stories import apply_wire_status, create_stories, story_ref, take_snapshot, update_story, wire_state


def store(path, seed, tags, base, *, publish):
    """Create, update or leave the story of one parsed file (its seed, proposed tags and slug base), in its own
    transaction."""
    for attempt in (1, 2):
        notes = []
        try:
            outcome = _store(path, seed, tags, base, publish=publish, tell=notes.append)
            # The list itself: a takedown whose image could not be moved says so when its transaction commits.
            outcome.notes = notes
            return outcome
        except IntegrityError:
            # Another import created this story (or took its slug) meanwhile: look again, once.
            if attempt == 2:
                return FileOutcome(path, REFUSED, "another import kept writing the same story; try again")
        except DatabaseError as error:
            # The file's transaction is rolled back; the others are not affected.
            return FileOutcome(path, REFUSED, f"the database refused it ({error})")


def _store(path, seed, tags, base, *, publish, tell):
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(import_ref=story_ref(path, seed)).first()
        if article is None:
            if seed.pubstatus == "canceled":
                return FileOutcome(path, UNCHANGED, "canceled on the wire before it was imported")
            [article] = create_stories([(path, seed, tags, base)], publish=publish)
            return FileOutcome(path, CREATED, article.headline, article.pk)
        if article.source_hash == seed.source_hash:
            return FileOutcome(path, UNCHANGED, article_id=article.pk)
        other_day = _another_days_copy(article, seed)
        if other_day:
            return FileOutcome(path, REFUSED, other_day, article.pk)
        # A kill or a hold from the agency applies whatever an editor did to the text, which stays theirs.
        status = apply_wire_status(article, seed, tell)
        older = _older_version(article, seed)
        if older:
            return FileOutcome(path, UPDATED if status else UNCHANGED, "; ".join(filter(None, [status, older])),
                               article.pk)  # fmt: skip
        # A merged-away tag is not brought back: its name leads to the tag that survived.
        tags = {kind: surviving_names(kind, names) for kind, names in tags.items()}
        edited = article.editor_changes()
        if edited:
            return _edited_story(path, article, seed, tags, edited, status)
        with reversion.create_revision():
            update_story(article, seed, tags)
            reversion.set_comment(f"Updated from {path.name}: the wire changed the copy.")
        return FileOutcome(path, UPDATED, "; ".join(filter(None, [article.headline, status])), article.pk)


def _edited_story(path, article, seed, tags, edited, status):
    """The outcome of a new wire copy of a story an editor changed. If each part the editor changed already says
    what the new copy says (the desk took it in), the story is brought to the new copy, those parts left as the
    editor typed them: the conflict is over. Otherwise it is a conflict, and the story is left as it is."""
    unlike = article.parts_unlike(wire_state(seed, tags))
    if not article.pending_changes and not set(edited) & set(unlike):
        taken = f"the desk had taken this wire copy into the {', '.join(edited)}"
        if not unlike:
            take_snapshot(article, seed)
            return FileOutcome(path, UNCHANGED, "; ".join(filter(None, [taken, status])), article.pk, bool(status))
        with reversion.create_revision():
            update_story(article, seed, tags, keep=edited)
            reversion.set_comment(f"Updated from {path.name}: {taken}; the wire's {', '.join(unlike)} taken too.")
        return FileOutcome(path, UPDATED, "; ".join(filter(None, [article.headline, taken, status])), article.pk)
    snapshot = article.import_snapshot
    # Reported on every run until the desk resolves it; the runs after the first say it is the same copy.
    again = snapshot.get("conflicting_copy") == seed.source_hash
    if not again:
        Article.objects.filter(pk=article.pk).update(import_snapshot={**snapshot, "conflicting_copy": seed.source_hash})
    return FileOutcome(
        path,
        CONFLICT,
        f"the wire copy changed but an editor has changed the {', '.join(edited)} of story "
        f"{article.pk}; left as the editor left it"
        + ("; reported before, still waiting for the desk" if again else "")
        + (f"; {status}" if status else ""),
        article.pk,
        state_changed=bool(status),
    )


def _another_days_copy(article, seed):
    """Why a plain seed named like a story is not that story's new copy, or "": a file of another day with the same
    name (in another folder, or a name used again) would otherwise replace an unrelated story's text."""
    imported = (article.import_snapshot or {}).get("wire_date")
    if seed.ref or not imported or imported == seed.wire_date.isoformat():
        return ""  # a wire item's uri names its story whatever its date; a story imported before dates were kept
    return (
        f"story {article.pk}, of {imported}, has this file's name, but this copy is of {seed.wire_date.isoformat()};"
        " left as it is: a new story needs a file name of its own"
    )


def _older_version(article, seed):
    """Why a wire item is not newer than the one the story was imported from, or "" if it is (or cannot tell)."""
    imported = (article.import_snapshot or {}).get("wire_version", "")
    if seed.version.isdigit() and str(imported).isdigit() and int(seed.version) < int(imported):
        return f"version {seed.version} is older than version {imported}, imported before; left as it is"
    return ""
