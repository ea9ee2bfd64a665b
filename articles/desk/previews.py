"""The story as typed in its change form, for the preview: read from the form's POST, never saved."""

from django import forms

from ..models import TAG_KINDS, Article, CountryTag, MinistryTag, TopicTag
from ..text import name_key
from .forms import StoredTextField

TEXT_FIELDS = ("headline", "standfirst", "body", "dateline", "credit", "correction")


class PreviewForm(forms.ModelForm):
    """The change form's text and tags, cleaned as a save would clean them; a field that would not save is
    shown as saved."""

    countries = forms.ModelMultipleChoiceField(queryset=CountryTag.objects.all(), required=False)
    ministries = forms.ModelMultipleChoiceField(queryset=MinistryTag.objects.all(), required=False)
    topics = forms.ModelMultipleChoiceField(queryset=TopicTag.objects.all(), required=False)

    class Meta:
        model = Article
        fields = [*TEXT_FIELDS, *TAG_KINDS]
        field_classes = dict.fromkeys(TEXT_FIELDS, StoredTextField)


def story_as_typed(article, data):
    """(story, fields) : a copy of `article` with the text and tags in `data`, unsaved, and the labels of the
    fields left as saved because what was typed there would be refused."""
    story = Article.objects.get(pk=article.pk)
    saved_tags = {kind: list(getattr(story, kind).all()) for kind in TAG_KINDS}
    form = PreviewForm(data, instance=story)
    form.is_valid()  # puts every valid field on `story` (ModelForm's construct_instance); saves nothing
    story.tag_refs = {
        kind: sorted(form.cleaned_data.get(kind, saved_tags[kind]), key=lambda tag: name_key(tag.name))
        for kind in TAG_KINDS
    }
    kept = [str(form.fields[name].label) for name in form.errors if name in form.fields]
    for name in form.errors:
        if name in TEXT_FIELDS:
            setattr(story, name, getattr(article, name))
    return story, kept
