"""Admin form fields for typed tags: a country must be a real one, a ministry must name its country."""

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from .gazetteer import canonical_country, ministry_country
from .models import Article, CountryTag


class CountryNamesField(TagField):
    def clean(self, value):
        names, unknown = [], []
        for name in super().clean(value):
            canonical = canonical_country(name)
            if canonical is None:
                unknown.append(name)
            elif canonical not in names:
                names.append(canonical)
        if unknown:
            raise forms.ValidationError(
                _("Not a UN member state: %(names)s. Use the country's name, e.g. Türkiye or Turkey."),
                params={"names": ", ".join(unknown)},
            )
        return names


class MinistryNamesField(TagField):
    def clean(self, value):
        names = super().clean(value)
        stateless = [name for name in names if ministry_country(name) is None]
        if stateless:
            raise forms.ValidationError(
                _('Name each ministry with its country, e.g. "Ministry of Economy of Azerbaijan": %(names)s.'),
                params={"names": ", ".join(stateless)},
            )
        return names


class ArticleAdminForm(forms.ModelForm):
    countries = CountryNamesField(required=False, help_text=Article._meta.get_field("countries").help_text)
    ministries = MinistryNamesField(required=False, help_text=Article._meta.get_field("ministries").help_text)

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "dateline",
            "credit",
            "body",
            "countries",
            "ministries",
            "topics",
            "status",
            "published_at",
        ]


class CountryTagForm(forms.ModelForm):
    class Meta:
        model = CountryTag
        fields = ["name", "slug"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        if canonical_country(name) != name:
            suggestion = canonical_country(name)
            raise forms.ValidationError(
                _("Use the gazetteer's name: %(name)s.") % {"name": suggestion}
                if suggestion
                else _("Not a UN member state.")
            )
        return name
