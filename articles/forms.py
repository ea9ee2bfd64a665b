"""Admin forms: a story's form refuses a save based on a version someone else has replaced."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import revisions
from .gazetteer import canonical_country, ministry_country
from .models import CONTENT_FIELDS, Article, CountryTag, MinistryTag

EDITABLE_FIELDS = (*CONTENT_FIELDS, "embargo_until", "assignee")


class ArticleAdminForm(forms.ModelForm):
    # The version the editor started from; see Article.save_content.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(
        required=False,
        label=_("I have read their changes: save my version over theirs"),
    )

    class Meta:
        model = Article
        fields = [*CONTENT_FIELDS, "countries", "ministries", "topics", "embargo_until", "assignee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if not self.instance.pk:
            return data
        current = Article.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        base = data.get("base_version")
        if base == current:
            return data
        if data.get("overwrite"):
            data["base_version"] = current
            return data
        self.conflict = conflict_report(self.instance, base)
        raise ValidationError(
            _(
                "Someone else saved this story after you opened it. Nothing was saved: your edits are "
                "still in the form. Read their changes above, then save again to keep yours over theirs."
            ),
            code="stale",
        )


def conflict_report(article, base_version):
    """Who saved since `base_version`, and what they changed, for the stale-edit message."""
    versions = list(revisions.history(article))
    latest = versions[0] if versions else None
    base = next((v for v in versions if v.field_dict.get("version") == base_version), None)
    changes = revisions.diff(revisions.state(base), revisions.current_state(article)) if base else []
    return {
        "by": latest.revision.user if latest else None,
        "at": latest.revision.date_created if latest else None,
        "changes": changes,
    }


class CountryTagForm(forms.ModelForm):
    class Meta:
        model = CountryTag
        fields = ["name", "slug"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        if canonical_country(name) != name:
            suggestion = canonical_country(name)
            raise ValidationError(
                _("Use the gazetteer's name: %(name)s.") % {"name": suggestion}
                if suggestion
                else _("Not a UN member state.")
            )
        return name


class MinistryTagForm(forms.ModelForm):
    class Meta:
        model = MinistryTag
        fields = ["name", "slug", "country"]

    def clean(self):
        # Without a country chosen, MinistryTag.save takes it from the name; it must be there.
        data = super().clean()
        if not data.get("country") and ministry_country(data.get("name") or "") is None:
            raise ValidationError(
                _('Choose the country, or name it in the ministry: "Ministry of Economy of Azerbaijan".')
            )
        return data
