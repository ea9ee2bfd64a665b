"""The three kinds of tag, the links that put them on stories, and redirects left by merged tags."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import ItemBase, TagBase

from ..links import page_path
from ..text import ascii_slug, slug_spellings


class NewsTag(TagBase):
    """A tag with an ASCII slug; one concrete model per kind of tag."""

    class Meta:
        abstract = True
        ordering = ["name"]

    def slugify(self, tag, i=None):
        slug = ascii_slug(tag, max_length=90)
        return f"{slug}-{i}" if i is not None else slug

    def slugs_for(self, tag):
        """The slugs a tag of this name was given under the current rule and under the former one, which
        dropped letters such as 'ı' and 'ə' (text.former_ascii_slug): its old page may have either."""
        return slug_spellings(tag, max_length=90)


class CountryTag(NewsTag):
    kind = "countries"  # the name of its manager on Article

    class Meta(NewsTag.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def get_absolute_url(self):
        return page_path("articles:country", slug=self.slug)


class MinistryTag(NewsTag):
    kind = "ministries"

    name = models.CharField(_("name"), unique=True, max_length=200)
    slug = models.SlugField(_("slug"), unique=True, max_length=100)
    country = models.ForeignKey(
        CountryTag,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ministries",
    )

    class Meta(NewsTag.Meta):
        verbose_name = _("ministry")
        verbose_name_plural = _("ministries")

    def save(self, *args, **kwargs):
        if self.country_id is None:
            from ..ingest.gazetteer import ministry_country

            country_name = ministry_country(self.name)
            if country_name:
                self.country, _created = CountryTag.objects.get_or_create(name=country_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return page_path("articles:ministry", slug=self.slug)


class TopicTag(NewsTag):
    kind = "topics"

    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_(
            "One word or phrase per line. The importer tags a story with this topic when its "
            "copy contains any of them (case does not matter; a plural 's' is allowed)."
        ),
    )

    class Meta(NewsTag.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def get_absolute_url(self):
        return page_path("articles:topic", slug=self.slug)

    @property
    def keyword_list(self):
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


class TagSource(models.TextChoices):
    IMPORTER = "importer", _("importer")
    EDITOR = "editor", _("editor")


class TagLink(ItemBase):
    """One tag on one story, and who put it there."""

    # Anything but the importer is an editor, so the importer must say so explicitly.
    source = models.CharField(_("added by"), max_length=10, choices=TagSource.choices, default=TagSource.EDITOR)
    # The editor who added it (None for the importer, and for links made before this was kept). No index:
    # nothing looks links up by editor, and the import writes links by the hundred thousand.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        # Plain, not taggit's translated sentence: cheap wherever links are listed.
        return f"{self.content_object} / {self.tag}"


class TaggedCountry(TagLink):
    # No index of its own: the unique (content_object, tag) index starts with it.
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="country_links", db_index=False
    )
    tag = models.ForeignKey(CountryTag, on_delete=models.CASCADE, related_name="links")

    class Meta:
        unique_together = [("content_object", "tag")]


class TaggedMinistry(TagLink):
    # No index of its own: the unique (content_object, tag) index starts with it.
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="ministry_links", db_index=False
    )
    tag = models.ForeignKey(MinistryTag, on_delete=models.CASCADE, related_name="links")

    class Meta:
        unique_together = [("content_object", "tag")]


class TaggedTopic(TagLink):
    # No index of its own: the unique (content_object, tag) index starts with it.
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="topic_links", db_index=False)
    tag = models.ForeignKey(TopicTag, on_delete=models.CASCADE, related_name="links")

    class Meta:
        unique_together = [("content_object", "tag")]


# The link model of each kind of tag, by the name of its manager on Article.
TAG_THROUGH = {"countries": TaggedCountry, "ministries": TaggedMinistry, "topics": TaggedTopic}


class TagRedirect(models.Model):
    """An old tag URL that moved: a merged or re-slugged tag's page redirects permanently."""

    kind = models.CharField(_("kind"), max_length=20)  # "countries", "ministries" or "topics"
    old_slug = models.SlugField(_("old slug"), max_length=100)
    new_slug = models.SlugField(_("new slug"), max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "old_slug"], name="one_redirect_per_old_slug")]

    def __str__(self):
        return f"/{self.kind}/{self.old_slug}/ -> /{self.kind}/{self.new_slug}/"
