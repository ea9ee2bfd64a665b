"""Partner keys: what lets a syndication partner read embargoed copy through the API, and each use of one."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A prune deletes at most this many uses, oldest first, keeping a request's cost bounded: more than a key can make
# in a minute at the default rate (600/m), so pruning once a minute keeps up.
PRUNE_BATCH = 2000

# Keys read "nrk_" and 43 URL-safe characters (256 random bits): guessing one is hopeless, so a plain
# SHA-256 of it is enough to store (a slow password hash would cost every API request its time).
KEY_PREFIX = "nrk_"


def key_digest(key):
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class PartnerKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def matching(self, key):
        """The active key whose digest this is, or None."""
        return self.active().filter(digest=key_digest(key)).first()


class PartnerKey(models.Model):
    """A partner's key: only its digest is stored; the key itself is shown once, when it is made."""

    name = models.CharField(_("partner"), max_length=200, help_text=_("Who the key is for, e.g. Trend syndication."))
    # The first characters of the key, to tell keys apart in the desk and in a partner's support request.
    label = models.CharField(_("key starts with"), max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = PartnerKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner key")
        verbose_name_plural = _("partner keys")
        ordering = ["name", "-created_at"]

    def __str__(self):
        return f"{self.name} ({self.label}…)"

    @classmethod
    def issue(cls, *, name, by):
        """A new key for `name`: returns (the saved PartnerKey, the key itself, which is nowhere else)."""
        partner_key = cls(name=name, created_by=by)
        key = partner_key.new_key()
        partner_key.save()
        return partner_key, key

    def new_key(self):
        """Give this (unsaved) record a new key; returns the key, of which only the digest is kept."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        self.label, self.digest = key[: len(KEY_PREFIX) + 6], key_digest(key)
        return key

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def record_use(self, *, path, address):
        now = timezone.now()
        PartnerKeyUse.objects.create(key=self, used_at=now, path=path[:300], address=address or "")
        PartnerKey.objects.filter(pk=self.pk).update(last_used_at=now)
        # A key's first use in a minute prunes the uses past their retention: one DELETE a minute, not one a request.
        if self.last_used_at is None or self.last_used_at < now.replace(second=0, microsecond=0):
            PartnerKeyUse.objects.prune(now)


class PartnerKeyUseQuerySet(models.QuerySet):
    def prune(self, now=None):
        """Delete uses older than NEWSROOM_PARTNER_KEY_USE_DAYS, the oldest PRUNE_BATCH at most; returns how many."""
        cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.NEWSROOM_PARTNER_KEY_USE_DAYS)
        oldest = self.filter(used_at__lt=cutoff).order_by("used_at").values("pk")[:PRUNE_BATCH]
        return self.filter(pk__in=oldest).delete()[0]


class PartnerKeyUse(models.Model):
    """One request made with a partner key: when, what for, and from where."""

    key = models.ForeignKey(PartnerKey, verbose_name=_("key"), on_delete=models.CASCADE, related_name="uses")
    used_at = models.DateTimeField(_("when"))
    path = models.CharField(_("request"), max_length=300)
    address = models.CharField(_("from"), max_length=45, blank=True)

    objects = PartnerKeyUseQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner key use")
        ordering = ["-used_at", "-id"]
        indexes = [
            models.Index(fields=["key", "-used_at"], name="partner_key_use_idx"),
            models.Index(fields=["used_at"], name="partner_key_use_time_idx"),  # what prune() reads
        ]

    def __str__(self):
        return f"{self.key} at {self.used_at:%Y-%m-%d %H:%M}"
