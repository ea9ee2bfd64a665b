"""Who has a story open in the admin: recorded when the change form is loaded, cleared on save."""

import datetime

from django.conf import settings
from django.utils import timezone

from ..models import EditingPresence


def touch(article, user):
    EditingPresence.objects.update_or_create(article=article, user=user, defaults={"last_seen": timezone.now()})


def others(article, user):
    """Everyone else seen on this story recently, most recent first."""
    since = timezone.now() - datetime.timedelta(seconds=settings.NEWSROOM_PRESENCE_SECONDS)
    return (
        EditingPresence.objects.filter(article=article, last_seen__gte=since)
        .exclude(user=user)
        .select_related("user")
        .order_by("-last_seen")
    )


def leave(article, user):
    EditingPresence.objects.filter(article=article, user=user).delete()
