"""The editorial workflow: every change of a story's state is one of these named operations.

Each operation checks the user's permission and the story's current state, applies the change, and
records who, when, from, to and why. Admin buttons, bulk actions and commands all call `transition`
(the importer, for a batch of new stories, `publish_wire_many`); nothing else writes `Article.status`.

    Draft -> In review -> Ready -> Published (now, or scheduled for later)
    Published -> Unpublished;  any but Archived -> Archived
    In review / Ready / Unpublished / Archived -> Draft, with a reason
    In review -> Draft, withdrawn by its own reporter

A published story's pending changes (working_copy.py) are published or discarded by a publisher, with
`publish_changes` and `discard_changes`. Another operation takes them along (recorded, with whose changes
to what) only when a publisher makes it on the version they read, on the story's page, where the changes
are shown; a bulk action or the importer, which read nothing, leaves them waiting whatever the story's
state: readers then keep what a publisher last put out, and the editor's text waits for one.
"""

import copy
import datetime
from dataclasses import dataclass

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..bulk import create_objects, insert_rows
from ..models import Article, WorkflowEvent, newsroom_time
from ..models.article import API_CHANGED, api_kept
from ..site import page_cache
from . import images, takedown_images, working_copy

S = Article.Status


class WorkflowError(Exception):
    """A refused change of state; the message says why, in words an editor understands."""


class WorkflowPermissionError(WorkflowError, PermissionDenied):
    """Refused because of who asked, not because of the story's state."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    past: str  # as in "A story that is draft cannot be <past>."
    sources: frozenset
    target: str
    permission: str | None  # None: the importer only
    reason_required: bool = False
    # Reporters may do this to their own stories; others need `review_article`.
    own_stories_only: bool = False
    # Only the story's own reporter may do this, whatever their role.
    own_reporter_only: bool = False
    # What a refusal says one may not do, as in "You are not allowed to <verb>."
    verb: str | None = None
    # As in "alice <history>", where the past participle will not do ("withdrew", not "withdrawn").
    history: str | None = None


REVIEW, PUBLISH = "articles.review_article", "articles.publish_article"

TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit",
            _("Submit for review"),
            _("submitted for review"),
            frozenset({S.DRAFT}),
            S.IN_REVIEW,
            "articles.submit_article",
            own_stories_only=True,
            verb=_("submit stories for review"),
        ),
        # A reporter takes back what they submitted, to go on writing it; an editor sends back, with a reason.
        Transition(
            "withdraw",
            _("Withdraw from review"),
            _("withdrawn from review"),
            frozenset({S.IN_REVIEW}),
            S.DRAFT,
            "articles.submit_article",
            own_reporter_only=True,
            verb=_("withdraw stories from review"),
            history=_("withdrew it from review"),
        ),
        Transition(
            "approve",
            _("Approve"),
            _("approved"),
            frozenset({S.IN_REVIEW}),
            S.READY,
            REVIEW,
            verb=_("approve stories"),
        ),
        Transition(
            "send_back",
            _("Send back to draft"),
            _("sent back to draft"),
            frozenset({S.IN_REVIEW, S.READY, S.UNPUBLISHED, S.ARCHIVED}),
            S.DRAFT,
            REVIEW,
            reason_required=True,
            verb=_("send stories back to draft"),
        ),
        # A scheduled story (published, not yet due) can be published now or rescheduled.
        Transition(
            "publish",
            _("Publish now"),
            _("published"),
            frozenset({S.READY, S.UNPUBLISHED, S.PUBLISHED}),
            S.PUBLISHED,
            PUBLISH,
            verb=_("publish stories"),
        ),
        Transition(
            "schedule",
            _("Schedule"),
            _("scheduled"),
            frozenset({S.READY, S.UNPUBLISHED, S.PUBLISHED}),
            S.PUBLISHED,
            PUBLISH,
            verb=_("schedule stories"),
        ),
        Transition(
            "unpublish",
            _("Unpublish"),
            _("unpublished"),
            frozenset({S.PUBLISHED}),
            S.UNPUBLISHED,
            PUBLISH,
            verb=_("unpublish stories"),
        ),
        Transition(
            "archive",
            _("Archive"),
            _("archived"),
            frozenset({S.DRAFT, S.IN_REVIEW, S.READY, S.PUBLISHED, S.UNPUBLISHED}),
            S.ARCHIVED,
            PUBLISH,
            verb=_("archive stories"),
        ),
        # Wire copy goes straight out at its wire date unless imported with --draft.
        Transition(
            "publish_wire",
            _("Publish from the wire"),
            _("published from the wire"),
            frozenset({S.DRAFT}),
            S.PUBLISHED,
            None,
        ),
    ]
}

# The importer is not a person; its events are recorded under this name.
IMPORTER = "import_seeds"

# How far ahead a story may be scheduled or embargoed: further is a slip of the keyboard (year 9999), and would
# leave no room to count days from it or to show it in every time zone.
FURTHEST_AHEAD = datetime.timedelta(days=3653)


def too_far(moment, now):
    """A refusal for a schedule or embargo time past FURTHEST_AHEAD, or None."""
    if moment is not None and moment > now + FURTHEST_AHEAD:
        return WorkflowError(_("That is more than 10 years ahead; give a time within the next 10 years."))
    return None


def refusal(article, action, user, *, reason="", at=None, now=None):
    """Why `user` may not do `action` to `article` now, or None if they may."""
    now = now or timezone.now()
    t = TRANSITIONS.get(action)
    if t is None:
        return WorkflowError(_("There is no such workflow action: %(action)s.") % {"action": action})
    if t.permission is None and user is not None:
        return WorkflowPermissionError(_("Only the importer can do that."))
    if user is not None:
        if not user.is_active or not user.has_perm(t.permission):
            if t.verb:
                return WorkflowPermissionError(_("You are not allowed to %(verb)s.") % {"verb": t.verb})
            return WorkflowPermissionError(_("You are not allowed to do that: %(action)s.") % {"action": t.label})
        mine = is_own(article, user)
        if (t.own_stories_only and not mine and not user.has_perm(REVIEW)) or (t.own_reporter_only and not mine):
            return WorkflowPermissionError(_("You can only do that to stories you wrote or that are assigned to you."))
    if not _state_allows(t, article):
        return WorkflowError(
            _("A story that is %(status)s cannot be %(action)s.") % {"status": article.desk_status, "action": t.past}
        )
    if t.reason_required and not reason.strip():
        return WorkflowError(_("Give a reason, so that whoever picks the story up knows what to change."))
    if action == "schedule" and at is None:
        return WorkflowError(_("Give the time the story goes live."))
    if action == "schedule" and at <= now:
        return WorkflowError(_("A scheduled time must be in the future."))
    if action == "schedule" and (error := too_far(at, now)):
        return error
    if action in ("publish", "schedule") and article.embargo_until and article.embargo_until > (at or now):
        return WorkflowError(
            _("The story is under embargo until %(time)s; it cannot be published before then.")
            % {"time": date_format(newsroom_time(article.embargo_until), "DATETIME_FORMAT")}
        )
    return None


def _state_allows(t, article):
    if article.status not in t.sources:
        return False
    if t.name in ("publish", "schedule") and article.status == S.PUBLISHED:
        return article.is_scheduled  # a live story is already published
    return True


def allowed_actions(article, user):
    """The transitions `user` could apply to `article` now (ignoring reasons and times they must give)."""
    # Any time that satisfies the rules will do: a day ahead, or the embargo's end (nothing added to a stored time,
    # which may be the last moment a date can hold).
    now = timezone.now()
    future = max(now + datetime.timedelta(days=1), article.embargo_until or now)
    return [
        t
        for name, t in TRANSITIONS.items()
        if t.permission and refusal(article, name, user, reason="-", at=future if name == "schedule" else None) is None
    ]


def transition(article, action, *, by, reason="", at=None, expected_version=None, tell=None):
    """Apply one workflow operation, or raise WorkflowError saying why not. `by=None` is the importer.

    `at` is the time for "schedule" (and the importer's wire date); `expected_version`, when given, is
    the version of the text the user saw: a story changed since is refused, not published unread. `tell`
    (a callable taking a sentence) hears of what failed after the commit (takedown_images).
    """
    if action not in ("schedule", "publish_wire"):
        at = None
    # Images stored again for a story leaving the site go if the change does not commit.
    with images.discard_on_failure(), transaction.atomic():
        # Decide on the row as it is now, not as the caller last saw it.
        current = Article.objects.select_for_update().get(pk=article.pk)
        now = timezone.now()
        error = refusal(current, action, by, reason=reason, at=at, now=now)
        if error is None and expected_version is not None and expected_version != current.version:
            error = WorkflowError(_("The story was changed after you opened it; reload it and read it first."))
        if error:
            raise error
        t = TRANSITIONS[action]
        if current.pending and expected_version is not None and by is not None and by.has_perm(PUBLISH):
            # A publisher who read the changes moves the story as the desk left it; the record says whose.
            _record(current, "take_changes", by=by, to_status=t.target, reason=working_copy.described(current))
            working_copy.apply(current)
        changes = {"status": t.target, "updated_at": now}
        if t.target != S.PUBLISHED and current.is_live:
            changes.update(_taken_off_the_site(current, now, tell))
        if action == "publish" and current.published_at and current.published_at <= now:
            pass  # back from unpublished: the story keeps its time, and so its URL
        elif action in ("publish", "schedule", "publish_wire"):
            changes["published_at"] = at or now
        _note_taken_from_partners(current, changes, now, tell)
        _note_api_change(current, changes)
        Article.objects.filter(pk=current.pk).update(**changes)
        page_cache.bump()
        event = _record(
            current, action, by=by, to_status=t.target, reason=reason.strip(), publish_at=changes.get("published_at")
        )
    for field, value in changes.items():
        setattr(article, field, value)
    return event


def _taken_off_the_site(current, now, tell):
    """The changes that take a live story off the site besides its state: API clients holding it are told to take
    it down. Its image's files get new names once this commits, so the URLs readers were given answer no more;
    a media folder that refuses never keeps a story live (takedown_images)."""
    takedown_images.retire_after_commit(current, tell=tell)
    return {"withdrawn_at": now}


def _note_taken_from_partners(current, changes, now, tell):
    """Add partner_withdrawn_at to `changes` if they take a story partners could read (or held under an embargo
    since over) out of what they may read: the API then tells partners to take it down. The picture's URLs
    partners were given answer no more either (as when a live story leaves the site: _taken_off_the_site)."""
    after = copy.copy(current)
    for field, value in changes.items():
        setattr(after, field, value)
    if current.was_shown_to_partners and not after.is_for_partners:
        changes["partner_withdrawn_at"] = now
        if "withdrawn_at" not in changes:
            takedown_images.retire_after_commit(current, tell=tell)


def _note_api_change(current, changes):
    """Add to `changes` the version and time the API gives: the story's own if readers or partners see the change
    (it was or becomes theirs, or is taken from them), else the ones they have (api_kept: a story off the site
    moved on the desk)."""
    after = copy.copy(current)
    for field, value in changes.items():
        setattr(after, field, value)
    seen = current.is_for_partners or after.is_for_partners or "partner_withdrawn_at" in changes
    changes.update(API_CHANGED if seen else api_kept(current))


def _record(article, action, *, by, to_status=None, **details):
    """The event of one operation on `article` (as it was before): who, when, from, to, and the details."""
    return WorkflowEvent.objects.create(
        article=article,
        action=action,
        from_status=article.status,
        to_status=to_status or article.status,
        actor=by,
        actor_name=by.get_username() if by else IMPORTER,
        **details,
    )


def publish_wire_many(articles, *, at):
    """The importer's "publish_wire" for a batch of new stories, not yet saved: each is saved published at
    its own wire time (`at`, one per story, in order), with bulk_create, and gets the event transition()
    records; the page cache is bumped once.

    Saved in their published state rather than saved as drafts and then moved on: an UPDATE would write
    every story a second time (on PostgreSQL, computing its search words again). Nobody else can see the
    stories before the caller's transaction commits, so there is nothing to lock or read again.
    """
    t, times = TRANSITIONS["publish_wire"], list(at)
    if not articles:
        return
    for article in articles:
        if article.pk is not None or not _state_allows(t, article):
            raise WorkflowError(_("Only new stories can be published from the wire."))
    with transaction.atomic():
        for article, time in zip(articles, times, strict=True):
            article.status, article.published_at = t.target, time
        create_objects(Article, articles, key=("slug",))
        now = timezone.now()
        insert_rows(
            WorkflowEvent,
            ("article_id", "action", "from_status", "to_status", "actor_name", "reason", "publish_at", "created_at"),
            [(story.pk, t.name, S.DRAFT, t.target, IMPORTER, "", story.published_at, now) for story in articles],
        )
        page_cache.bump()


# What a publisher may do with a published story's pending changes: (past tense for the record, comment).
CHANGE_OPERATIONS = {
    "publish_changes": (_("published the pending changes"), _("Published the pending changes.")),
    "discard_changes": (_("discarded the pending changes"), _("Discarded the pending changes.")),
}


def publish_changes(article, *, by, expected_version=None):
    """Put a published story's pending changes before readers: its text, tags and image become the live
    ones, recorded with a revision. `expected_version`, when given, is the version the publisher read."""
    return _settle_changes(article, "publish_changes", by=by, expected_version=expected_version)


def discard_changes(article, *, by, expected_version=None):
    """Drop a published story's pending changes: the desk's copy goes back to the live one, recorded."""
    return _settle_changes(article, "discard_changes", by=by, expected_version=expected_version)


def operate(article, action, *, by, reason="", at=None, version=None, tell=None):
    """The operation a desk button or request names: a transition, "publish_changes" or "discard_changes".
    `version` is the version of the story the user read, `tell` as for transition."""
    if action in CHANGE_OPERATIONS:
        return _settle_changes(article, action, by=by, expected_version=version)
    return transition(article, action, by=by, reason=reason, at=at, expected_version=version, tell=tell)


def _settle_changes(article, action, *, by, expected_version):
    with transaction.atomic(), reversion.create_revision():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if not by.is_active or not by.has_perm(PUBLISH):
            raise WorkflowPermissionError(_("Only a publisher can publish or discard a story's pending changes."))
        if not current.pending:
            raise WorkflowError(_("This story has no pending changes."))
        if expected_version is not None and expected_version != current.version:
            raise WorkflowError(_("The story was changed after you opened it; reload it and read it first."))
        if action == "publish_changes":
            working_copy.apply(current)
        else:
            working_copy.discard(current)
        page_cache.bump()
        event = _record(current, action, by=by)
        reversion.add_to_revision(current)
        reversion.set_user(by)
        # Inside a change form's save, one revision holds both: the comment says so.
        reversion.set_comment(" ".join(filter(None, [reversion.get_comment(), str(CHANGE_OPERATIONS[action][1])])))
    article.refresh_from_db()
    return event


def is_own(article, user):
    """A reporter's own story: one they wrote, or one an editor assigned to them."""
    return user.pk is not None and user.pk in (article.author_id, article.assignee_id)


def record_wire_embargoes(articles):
    """The "embargo" events of new stories the importer saved under their wire item's embargo."""
    now = timezone.now()
    insert_rows(
        WorkflowEvent,
        ("article_id", "action", "from_status", "to_status", "actor_name", "reason", "embargo_until", "created_at"),
        [(a.pk, "embargo", a.status, a.status, IMPORTER, "", a.embargo_until, now) for a in articles],
    )


def can_edit(user, article):
    """May `user` change this story's copy? Editors any story but an archived one; reporters their own drafts."""
    if not user.is_active or not user.has_perm("articles.change_article") or article.status == S.ARCHIVED:
        return False
    return user.has_perm(REVIEW) or (is_own(article, user) and article.status == S.DRAFT)


def set_embargo(article, until, *, by, reason="", tell=None):
    """Set, move or lift a story's embargo, recorded like any change of state.

    Anyone who may edit the story may set or extend an embargo (it only holds a story back); lifting
    or shortening one needs a publisher, since it can put a story on the site. `tell` as for transition.
    """
    with images.discard_on_failure(), transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        now = timezone.now()
        loosening = current.embargo_until is not None and (until is None or until < current.embargo_until)
        if by is not None and not (can_edit(by, current) or by.has_perm(PUBLISH)):
            raise WorkflowPermissionError(_("You cannot change this story."))
        if by is not None and loosening and not by.has_perm(PUBLISH):
            raise WorkflowPermissionError(_("Only a publisher can lift or shorten an embargo."))
        if until is not None and until <= now:
            raise WorkflowError(_("An embargo must end in the future; to end it now, lift it."))
        # A person's slip; the wire's embargo is kept as sent (pages show any stored time).
        if by is not None and (error := too_far(until, now)):
            raise error
        if until == current.embargo_until:
            return None
        changes = {"embargo_until": until, "updated_at": now}
        if until is not None and current.is_live:
            changes.update(_taken_off_the_site(current, now, tell))  # an embargo on a live story takes it off the site
        _note_taken_from_partners(current, changes, now, tell)  # lifted before it went out: no longer partners' copy
        _note_api_change(current, changes)
        Article.objects.filter(pk=current.pk).update(**changes)
        page_cache.bump()
        event = _record(
            current, "embargo" if until else "lift_embargo", by=by, reason=reason.strip(), embargo_until=until
        )
    for field, value in changes.items():
        setattr(article, field, value)
    return event


def may_delete(article):
    """May the story be deleted? Only if nobody outside the desk could read it or was told of it: the API has
    nothing to say of a row that is gone (404, and polling never lists it), so a story readers or partners may
    hold is archived instead, which tells them to take it down."""
    return not (article.was_shown_to_partners or article.withdrawn_at or article.partner_withdrawn_at)


def describe(event):
    """A workflow event in words, for the story's history: "alice sent it back to draft: 'reason'"."""
    t, reason = TRANSITIONS.get(event.action), event.reason
    if t is not None:
        what = t.history or t.past
    elif event.action == "embargo":
        what = _("put under embargo until %(time)s") % {
            "time": date_format(newsroom_time(event.embargo_until), "DATETIME_FORMAT")
        }
    elif event.action in CHANGE_OPERATIONS:
        what = CHANGE_OPERATIONS[event.action][0]
    elif event.action == "take_changes":
        # The event's reason holds whose changes to what (working_copy.described), not a why.
        what, reason = _("took the pending changes along, to %(changes)s") % {"changes": event.reason}, ""
    else:
        what = _("lifted the embargo") if event.action == "lift_embargo" else event.action
    if t is not None and event.publish_at and event.action in ("schedule", "publish_wire"):
        what = f"{what} ({date_format(newsroom_time(event.publish_at), 'DATETIME_FORMAT')})"
    return {"when": event.created_at, "who": event.actor_name, "what": what, "reason": reason}
