"""What the desk keeps about a story besides its copy: workflow history, notes, who has it open."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkflowEvent(models.Model):
    """One change of state: who, when, from, to and why. Written only by articles/workflow.py."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="workflow_events")
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Kept as text too, so the record survives the account: "alice", or "import_seeds" for the importer.
    actor_name = models.CharField(_("by"), max_length=150)
    reason = models.TextField(_("reason"), blank=True)
    publish_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    embargo_until = models.DateTimeField(_("embargo until"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("workflow event")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.action}: {self.from_status} -> {self.to_status} by {self.actor_name}"


class EditorialNote(models.Model):
    """An internal note on a story, for the desk only: never shown on a public page."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("editorial note")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


class EditingPresence(models.Model):
    """Who has a story open in the admin, and when they were last seen there."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="one_presence_per_editor")]

    def __str__(self):
        return f"{self.user} on {self.article_id} at {self.last_seen:%H:%M}"


class PageCacheDebt(models.Model):
    """A change whose bump of the page cache's generation failed (a cache that blinked): until some process
    bumps it, no process serves pages from the cache (articles/site/page_cache.py). In the database, as the
    change is, so that every process sees it, and none serves a taken-down story from before it."""

    owed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"page cache bump owed since {self.owed_at:%Y-%m-%d %H:%M:%S}"
