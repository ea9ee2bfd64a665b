"""The ministry register as editors keep it: each ministry's name and the other names wire copy gives it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .tags import CountryTag


class RegisteredMinistry(models.Model):
    """One ministry of the register. The importer tags a story with `name` when the copy names this ministry in
    any of its variants (ingest/register.py); the tag is made under that name the first time."""

    name = models.CharField(
        _("name"),
        max_length=200,
        unique=True,
        help_text=_(
            'Its official English name and its country, as the tag will read: "Ministry of Economy of Azerbaijan".'
        ),
    )
    country = models.ForeignKey(
        CountryTag, verbose_name=_("country"), on_delete=models.PROTECT, related_name="registered_ministries"
    )
    variants = models.TextField(
        _("variants"),
        blank=True,
        help_text=_(
            'Other names wire copy uses, one per line, without the country: "Foreign", "MFA", "Foreign Office", '
            '"Secretary of State". Word order, plurals, "Defense"/"Defence" and the words "National" and '
            '"Affairs" make no difference. Stories imported from now on are tagged with this ministry.'
        ),
    )

    class Meta:
        ordering = ["country__name", "name"]
        verbose_name = _("ministry in the register")
        verbose_name_plural = _("ministry register")

    def __str__(self):
        return self.name

    @property
    def variant_list(self):
        return [line.strip() for line in self.variants.splitlines() if line.strip()]
