"""A story, and the one definition of which stories readers may see."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from ..text import name_key, split_paragraphs
from .tags import TaggedCountry, TaggedMinistry, TaggedTopic


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what readers may see: every public surface starts here."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())


# The kinds of tag, by their manager's name on Article, in the order pages show them.
TAG_KINDS = ("countries", "ministries", "topics")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    headline = models.CharField(_("headline"), max_length=200)
    # Unique outright, which also makes it unique for its date: a URL can never name two stories.
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    standfirst = models.CharField(
        _("standfirst"), max_length=400, blank=True, help_text=_("A one-line summary under the headline.")
    )
    body = models.TextField(_("body"), help_text=_("Plain text; separate paragraphs with a blank line."))
    dateline = models.CharField(_("dateline"), max_length=80, blank=True, help_text=_("The place, e.g. BAKU."))
    credit = models.CharField(_("credit"), max_length=100, blank=True, help_text=_("The agency, e.g. Trend."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    import_ref = models.CharField(
        _("import reference"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The seed file's name, for stories that came from the wire."),
    )
    source_hash = models.CharField(_("source hash"), max_length=64, blank=True, editable=False)
    # What the importer wrote, to tell an editor's change from the importer's own work.
    import_snapshot = models.JSONField(default=dict, blank=True, editable=False)

    countries = TaggableManager(
        verbose_name=_("countries"),
        through=TaggedCountry,
        related_name="articles",
        blank=True,
        help_text=_("Comma-separated country names, e.g. Azerbaijan, Türkiye."),
    )
    ministries = TaggableManager(
        verbose_name=_("ministries"),
        through=TaggedMinistry,
        related_name="articles",
        blank=True,
        help_text=_("Comma-separated; put a name with a comma in double quotes."),
    )
    topics = TaggableManager(
        verbose_name=_("topics"),
        through=TaggedTopic,
        related_name="articles",
        blank=True,
        help_text=_("Comma-separated topics, e.g. Trade, Energy."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "published_at"], name="article_public_idx")]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # Browsers send textareas with CRLF; one line-end convention keeps comparisons honest.
        self.body = self.body.replace("\r\n", "\n").replace("\r", "\n")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """Where readers find the story once it is published (until then the URL answers 404)."""
        day = timezone.localtime(self.published_at or self.created_at or timezone.now())
        return reverse(
            "articles:detail",
            kwargs={"year": day.year, "month": f"{day.month:02d}", "day": f"{day.day:02d}", "slug": self.slug},
        )

    @property
    def paragraphs(self):
        return split_paragraphs(self.body)

    @property
    def headline_is_machine_made(self):
        return bool(self.import_snapshot) and self.headline == self.import_snapshot.get("headline")

    def tag_groups(self):
        """[(label, tags)] per kind with any tags, in page order; uses prefetched tags when there are some."""
        groups = [(self._meta.get_field(kind).verbose_name, list(getattr(self, kind).all())) for kind in TAG_KINDS]
        return [(label, tags) for label, tags in groups if tags]

    def editable_state(self):
        """The parts of a story an editor can change and the importer writes, as plain data."""
        state = {field: getattr(self, field) for field in ("headline", "standfirst", "body", "dateline", "credit")}
        for kind in TAG_KINDS:
            state[kind] = sorted(getattr(self, kind).names(), key=name_key)
        return state

    def editor_changes(self):
        """Names of the parts an editor changed since the last import (empty if none)."""
        if not self.import_snapshot:
            return []
        current, imported = self.editable_state(), dict(self.import_snapshot)
        # Paragraphs, not raw text: re-wrapping lines or trailing spaces is not an edit.
        current["body"], imported["body"] = (
            split_paragraphs(current["body"]),
            split_paragraphs(imported.get("body", "")),
        )
        return [key for key, value in current.items() if imported.get(key) != value]
