"""Who has a story open in the admin: kept fresh by the open change form's heartbeat, cleared when the page
closes or the story is saved, and forgotten when no heartbeat came for NEWSROOM_PRESENCE_SECONDS."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import EditingPresence
from .workflow import can_edit


def touch(article, user):
    EditingPresence.objects.update_or_create(article=article, user=user, defaults={"last_seen": timezone.now()})


def others(article, user):
    """Everyone else who can edit the story and was seen on it recently, most recent first."""
    since = timezone.now() - datetime.timedelta(seconds=settings.NEWSROOM_PRESENCE_SECONDS)
    seen = (
        EditingPresence.objects.filter(article=article, last_seen__gte=since)
        .exclude(user=user)
        .select_related("user")
        .order_by("-last_seen")
    )
    # Someone who may only read the story cannot make anyone's save stale: not worth a word.
    return [presence for presence in seen if can_edit(presence.user, article)]


def notice(presences):
    """'alice also has this story open.', 'alice, bob and carol also have...', or '' for nobody."""
    names = [presence.user.get_username() for presence in presences]
    if not names:
        return ""
    listed = names[0]
    if len(names) > 1:
        listed = _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}
    return ngettext("%(names)s also has this story open.", "%(names)s also have this story open.", len(names)) % {
        "names": listed
    }


def leave(article, user):
    EditingPresence.objects.filter(article=article, user=user).delete()
