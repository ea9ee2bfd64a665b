"""The editorial workflow: every change of a story's state is one of these named operations.

Each operation checks the user's permission and the story's current state, applies the change, and
records who, when, from, to and why. Admin buttons, bulk actions and commands all call `transition`;
nothing else writes `Article.status`.

    Draft -> In review -> Ready -> Published (now, or scheduled for later)
    Published -> Unpublished;  any but Archived -> Archived
    In review / Ready / Unpublished / Archived -> Draft, with a reason
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import Article, WorkflowEvent

S = Article.Status


class WorkflowError(Exception):
    """A refused change of state; the message says why, in words an editor understands."""


class WorkflowPermissionError(WorkflowError, PermissionDenied):
    """Refused because of who asked, not because of the story's state."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    permission: str | None  # None: the importer only
    reason_required: bool = False
    # Reporters may do this to their own stories; others need `review_article`.
    own_stories_only: bool = False


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit",
            _("Submit for review"),
            frozenset({S.DRAFT}),
            S.IN_REVIEW,
            "articles.submit_article",
            own_stories_only=True,
        ),
        Transition("approve", _("Approve"), frozenset({S.IN_REVIEW}), S.READY, "articles.review_article"),
        Transition(
            "send_back",
            _("Send back to draft"),
            frozenset({S.IN_REVIEW, S.READY, S.UNPUBLISHED, S.ARCHIVED}),
            S.DRAFT,
            "articles.review_article",
            reason_required=True,
        ),
        # A scheduled story (published, not yet due) can be published now or rescheduled.
        Transition(
            "publish",
            _("Publish now"),
            frozenset({S.READY, S.UNPUBLISHED, S.PUBLISHED}),
            S.PUBLISHED,
            "articles.publish_article",
        ),
        Transition(
            "schedule",
            _("Schedule"),
            frozenset({S.READY, S.UNPUBLISHED, S.PUBLISHED}),
            S.PUBLISHED,
            "articles.publish_article",
        ),
        Transition("unpublish", _("Unpublish"), frozenset({S.PUBLISHED}), S.UNPUBLISHED, "articles.publish_article"),
        # Wire copy goes straight out at its wire date unless imported with --draft.
        Transition("publish_wire", _("Publish from the wire"), frozenset({S.DRAFT}), S.PUBLISHED, None),
        Transition(
            "archive",
            _("Archive"),
            frozenset({S.DRAFT, S.IN_REVIEW, S.READY, S.PUBLISHED, S.UNPUBLISHED}),
            S.ARCHIVED,
            "articles.publish_article",
        ),
    ]
}

# The importer is not a person; its events are recorded under this name.
IMPORTER = "import_seeds"


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
            return WorkflowPermissionError(
                _("You are not allowed to %(action)s stories.") % {"action": t.label.lower()}
            )
        if t.own_stories_only and article.author_id != user.pk and not user.has_perm("articles.review_article"):
            return WorkflowPermissionError(_("You can only %(action)s your own stories.") % {"action": t.label.lower()})
    if not _state_allows(t, article):
        return WorkflowError(
            _("A story that is %(status)s cannot be %(action)s.")
            % {"status": article.desk_status, "action": _past_tense(t)}
        )
    if t.reason_required and not reason.strip():
        return WorkflowError(_("Give a reason to %(action)s.") % {"action": t.label.lower()})
    if action == "schedule" and (at is None or at <= now):
        return WorkflowError(_("A scheduled time must be in the future."))
    if action in ("publish", "schedule") and article.embargo_until and article.embargo_until > (at or now):
        return WorkflowError(
            _("The story is under embargo until %(time)s; it cannot be published before then.")
            % {"time": date_format(timezone.localtime(article.embargo_until), "DATETIME_FORMAT")}
        )
    return None


def _state_allows(t, article):
    if article.status not in t.sources:
        return False
    if t.name in ("publish", "schedule") and article.status == S.PUBLISHED:
        return article.is_scheduled  # a live story is already published
    return True


def _past_tense(t):
    return {
        "submit": _("submitted for review"),
        "approve": _("approved"),
        "send_back": _("sent back to draft"),
        "publish": _("published"),
        "schedule": _("scheduled"),
        "unpublish": _("unpublished"),
        "archive": _("archived"),
        "publish_wire": _("published from the wire"),
    }[t.name]


def allowed_actions(article, user):
    """The transitions `user` could apply to `article` now (ignoring reasons and times they must give)."""
    # Any time that satisfies the rules will do: a day ahead, or just after the embargo.
    future = max(timezone.now(), article.embargo_until or timezone.now()) + datetime.timedelta(days=1)
    return [
        t
        for name, t in TRANSITIONS.items()
        if t.permission and refusal(article, name, user, reason="-", at=future if name == "schedule" else None) is None
    ]


def transition(article, action, *, by, reason="", at=None):
    """Apply one workflow operation, or raise WorkflowError saying why not. `by=None` is the importer."""
    with transaction.atomic():
        # Decide on the row as it is now, not as the caller last saw it.
        current = Article.objects.select_for_update().get(pk=article.pk)
        now = timezone.now()
        error = refusal(current, action, by, reason=reason, at=at, now=now)
        if error:
            raise error
        t = TRANSITIONS[action]
        changes = {"status": t.target, "updated_at": now}
        if action in ("publish", "schedule", "publish_wire"):
            changes["published_at"] = at or now
        Article.objects.filter(pk=current.pk).update(**changes)
        event = WorkflowEvent.objects.create(
            article=current,
            action=action,
            from_status=current.status,
            to_status=t.target,
            actor=by,
            actor_name=by.get_username() if by else IMPORTER,
            reason=reason.strip(),
            publish_at=changes.get("published_at"),
        )
    for field, value in changes.items():
        setattr(article, field, value)
    return event
