"""Admin forms: a story's form refuses a save based on a version someone else has replaced."""

import re

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ..ingest.gazetteer import canonical_country, country_phrase, ministry_country
from ..ingest.slugs import unique_slug
from ..models import (
    CONTENT_FIELDS,
    TAG_KINDS,
    Article,
    CountryTag,
    MinistryTag,
    RegisteredMinistry,
    TagRedirect,
    TopicTag,
)
from ..text import clean_text, control_character, first_free, slug_base, slug_bases, xml_illegal
from . import images, revisions, working_copy

IMAGE_FIELDS = ("lead_image", "lead_image_alt", "lead_image_credit")
# Words a ministry's name leaves in lower case: "Ministry of Labour and Social Protection of the Population".
SMALL_WORDS = {"of", "and", "for", "the", "on", "in", "to"}
EDITABLE_FIELDS = (*CONTENT_FIELDS, "correction", "assignee", *IMAGE_FIELDS)
# Saved as they come even on a published story: readers never see them (the rest waits; working_copy.py).
DESK_FIELDS = ("assignee",)
# Saved along with the field that sets them.
DEPENDENT_FIELDS = {"lead_image": ("lead_image_width", "lead_image_height")}


def refuse_control_characters(value):
    """Copy that feeds, sitemaps and terminals cannot carry is refused, with where it is, never stored."""
    found = control_character(value) or next(
        ((offset, char) for offset, char in enumerate(value) if xml_illegal(char)), None
    )
    if found:
        offset, char = found
        raise ValidationError(
            _("Remove the control character (U+%(code)04X) at character %(position)d: it cannot be published.")
            % {"code": ord(char), "position": offset + 1},
            code="control_character",
        )


class ShownFile(str):
    """A stored file's name, with the URL the form's "Currently" link opens."""

    def __new__(cls, name, url):
        shown = super().__new__(cls, name)
        shown.url = url
        return shown


class LeadImageInput(AdminFileWidget):
    """The lead image's field: "Currently" links the picture as readers get it (its widest rendition), since the
    original, which may hold a photo's metadata, is never served."""

    shown_url = None

    def format_value(self, value):
        value = super().format_value(value)
        if self.shown_url and self.is_initial(value):
            return ShownFile(str(value), self.shown_url)
        return value


class StoredTextField(forms.CharField):
    """Text as it will be stored: invisible characters out, Unicode composed (text.clean_text), LF line ends
    (browsers send textareas with CRLF). Normalised before the form compares it with the story, so a save
    that changes nothing is not a change; control characters are refused.
    """

    default_validators = [refuse_control_characters]

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value.replace("\r\n", "\n").replace("\r", "\n")) if value else value


def fields_to_save(form):
    """The model fields the editor changed: only those are written, so nobody else's change is undone."""
    changed = [field for field in EDITABLE_FIELDS if field in form.edited_fields()]
    return [*changed, *(extra for field in changed for extra in DEPENDENT_FIELDS.get(field, ()))]


class ArticleAdminForm(forms.ModelForm):
    # The version the editor started from; see Article.save_content.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The version whose changes the stale-save report showed: overwriting is allowed over that one only.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(
        required=False,
        label=_("I have read their changes: save my version over theirs"),
    )

    class Meta:
        model = Article
        fields = [*CONTENT_FIELDS, "correction", "countries", "ministries", "topics", "assignee", *IMAGE_FIELDS]
        # A plain file field: images.check_upload, not Django's generic image check, judges the upload.
        widgets = {"lead_image": LeadImageInput}
        field_classes = {
            "lead_image": forms.FileField,
            **dict.fromkeys(("headline", "standfirst", "body", "dateline", "credit", "correction"), StoredTextField),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        # Who saves: the tags this save adds are credited to them (set by the admin's save_model).
        self.editor = None
        # The story as the editor first saw it, when someone saved since: what they changed is measured from it.
        self.base_state = None
        # Set by the save that keeps this form's changes as pending changes: the tags too wait there.
        self.to_working_copy = False
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
            # A published story is edited as the desk left it: with its pending changes.
            self.initial.update(working_copy.form_initial(self.instance))
        if "lead_image" in self.fields:
            widget = self.fields["lead_image"].widget
            widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
            if isinstance(widget, LeadImageInput) and self.instance.pk:
                shown = working_copy.with_pending(self.instance) if self.instance.pending else self.instance
                widest = images.largest(shown.lead_image_renditions)
                widget.shown_url = images.rendition_url(widest) if widest else None
        if "slug" in self.fields:  # the admin makes it read-only once the story has been published
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "The story's address on the site. Until the story is first published it follows the headline "
                "(leave it empty, or as it is); then it stays, so links to the story keep working."
            )

    def clean_slug(self):
        # A slug another story has gets a number, as the importer does: saying it is taken would tell a
        # reporter about a story they cannot see.
        slug = self.cleaned_data.get("slug")
        headline = self.cleaned_data.get("headline")  # cleaned first: fields are cleaned in the form's order
        retitled = "headline" in self.changed_data and "slug" not in self.changed_data
        if headline and (not slug or (retitled and self.slug_follows_headline())):
            slug = slug_base(headline)
        if slug and Article.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            slug = unique_slug(slug, story=self.instance)
        return slug

    def slug_follows_headline(self):
        """The story's slug is the one its headline makes (or that with a number): not one an editor chose.
        A slug made before letters such as 'ı' were spelt ('bak-talks' for 'Bakı talks') follows it too."""
        stored = self.instance.slug or ""
        bases = "|".join(map(re.escape, slug_bases(self.instance.headline or "")))
        return re.fullmatch(rf"(?:{bases})(-[0-9]+)?", stored) is not None

    def clean_lead_image(self):
        image = self.cleaned_data.get("lead_image")
        if isinstance(image, UploadedFile):
            images.check_upload(image)
            # What is stored: the pixels, without the upload's metadata (a photo's GPS position).
            image = images.without_metadata(image)
        return image

    def clean(self):
        data = super().clean()
        # A refused upload has its own error; False is "clear", a FieldFile the image already there.
        if data.get("lead_image"):
            for field, message in (
                ("lead_image_alt", _("Describe the image for readers who cannot see it.")),
                ("lead_image_credit", _("Credit the image: who took or supplied it.")),
            ):
                if field in data and not data[field]:
                    self.add_error(field, ValidationError(message, code="required"))
        if not self.instance.pk:
            return data
        current = Article.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        base = data.get("base_version")
        if base == current:
            return data
        if data.get("overwrite") and data.get("seen_version") == current:
            base_revision = revisions.at_version(self.instance, base)
            self.base_state = revisions.state(base_revision) if base_revision else None
            data["base_version"] = current
            return data
        self.conflict = conflict_report(self.instance, base)
        self.conflict["current_version"] = current
        raise ValidationError(
            _(
                "Someone else saved this story after you opened it. Nothing was saved: your edits are still in "
                "the form. Read their changes above; to keep your version, tick the box by the save buttons "
                "below, then save again."
            ),
            code="stale",
        )

    def full_clean(self):
        super().full_clean()
        # A browser never sends a file again with a form shown back for errors elsewhere: say so by the field.
        upload = self.files.get(self.add_prefix("lead_image"))
        if self.errors and isinstance(upload, UploadedFile) and "lead_image" not in self.errors:
            self.add_error(
                "lead_image",
                ValidationError(
                    _("The image %(name)s was not saved with the rest of the form: choose the file again.")
                    % {"name": upload.name},
                    code="choose_again",
                ),
            )

    def edited_fields(self):
        """What this editor changed: against the story they opened, not the one saved since by someone else."""
        if self.base_state is None:
            # The story's fields only: base_version, seen_version and the overwrite box are the form's own.
            edited = [name for name in self.changed_data if name in (*EDITABLE_FIELDS, *TAG_KINDS)]
            # A slug that followed the headline changed with it, though nobody typed in its field.
            followed = "slug" in self.cleaned_data and self.cleaned_data["slug"] != self.initial.get("slug")
            return [*edited, "slug"] if followed and "slug" not in edited else edited
        edited = [name for name in self.changed_data if name in IMAGE_FIELDS]
        for name in (*EDITABLE_FIELDS, *TAG_KINDS):
            if name not in self.cleaned_data or name in IMAGE_FIELDS:
                continue
            value = self.cleaned_data[name]
            if name in TAG_KINDS:
                before = {tag_id for tag_id, _name, _slug in self.base_state[f"{name}_tags"]}
                after = {tag.pk for tag in value}
            elif name == "assignee":
                before, after = self.base_state["assignee"], value.pk if value else None
            else:
                before, after = self.base_state.get(name) or "", value or ""
            if before != after:
                edited.append(name)
        return edited

    def _save_m2m(self):
        # Tags too are written only when the editor changed them (the story's only many-to-many fields).
        if self.to_working_copy:
            return
        edited = self.edited_fields()
        for name in TAG_KINDS:
            if name in self.cleaned_data and name in edited:
                links = {"added_by": self.editor}
                getattr(self.instance, name).set(list(self.cleaned_data[name]), through_defaults=links)


def conflict_report(article, base_version):
    """Who saved since `base_version`, and what they changed, for the stale-edit message."""
    versions = list(revisions.history(article))
    latest = versions[0] if versions else None
    base = revisions.at_version(article, base_version, versions)
    changes = revisions.diff(revisions.state(base), revisions.current_state(article)) if base else []
    return {
        "by": latest.revision.user if latest else None,
        "at": latest.revision.date_created if latest else None,
        "changes": changes,
    }


class TagForm(forms.ModelForm):
    """A tag's name is copy readers see on pages and in feeds: cleaned and checked as a story's text is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "name" in self.fields:
            self.fields["name"].validators.append(refuse_control_characters)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leave it empty to make it from the name.")

    def clean_name(self):
        return clean_text(self.cleaned_data["name"])

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("slug"):
            data["slug"] = self.free_slug(self.instance.slugify(data["name"]))
        return data

    def free_slug(self, base):
        """`base`, or `base-2`, `-3`...: the first no other tag of this kind has and no merged tag's page uses."""
        tag_model = type(self.instance)
        taken = set(
            tag_model.objects.filter(slug__startswith=base).exclude(pk=self.instance.pk).values_list("slug", flat=True)
        )
        redirects = TagRedirect.objects.filter(kind=tag_model.kind, old_slug__startswith=base)
        taken |= set(redirects.values_list("old_slug", flat=True))
        return first_free(base, taken.__contains__)


class TopicTagForm(TagForm):
    class Meta:
        model = TopicTag
        fields = ["name", "slug", "keywords"]


class CountryTagForm(TagForm):
    class Meta:
        model = CountryTag
        fields = ["name", "slug"]

    def clean_name(self):
        name = super().clean_name()
        if canonical_country(name) != name:
            suggestion = canonical_country(name)
            raise ValidationError(
                _("Use the gazetteer's name: %(name)s.") % {"name": suggestion}
                if suggestion
                else _("Not a UN member state.")
            )
        return name


class MinistryTagForm(TagForm):
    class Meta:
        model = MinistryTag
        fields = ["name", "slug", "country"]

    def clean(self):
        # Without a country chosen, MinistryTag.save takes it from the name; it must be there.
        data = super().clean()
        name = data.get("name") or ""
        if not data.get("country") and ministry_country(name) is None:
            capitalised = _capitalised(name)
            if ministry_country(capitalised) is not None:
                # The country is there, in lower case: the tag reads as typed, so ask for its capitals.
                raise ValidationError(_('Write the name with its capitals, as readers will see it: "%(name)s".')
                                      % {"name": capitalised})  # fmt: skip
            raise ValidationError(
                _('Choose the country, or name it in the ministry: "Ministry of Economy of Azerbaijan".')
            )
        return data


def _capitalised(name):
    """ "ministry of culture of iceland" -> "Ministry of Culture of Iceland": a title's capitals, small words kept."""
    words = name.split()
    return " ".join(word if n and word in SMALL_WORDS else word[:1].upper() + word[1:] for n, word in enumerate(words))


class RegisteredMinistryForm(forms.ModelForm):
    """A ministry of the register: its name ends in its country, as the tag it makes will read."""

    class Meta:
        model = RegisteredMinistry
        fields = ["name", "country", "variants"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "variants"):
            self.fields[name].validators.append(refuse_control_characters)

    def clean_name(self):
        return " ".join(clean_text(self.cleaned_data["name"]).split())

    def clean_variants(self):
        lines = (" ".join(line.split()) for line in clean_text(self.cleaned_data["variants"]).splitlines())
        return "\n".join(line for line in lines if line)

    def clean(self):
        data = super().clean()
        name, country = data.get("name"), data.get("country")
        if name and country and ministry_country(name) != country.name:
            raise ValidationError(
                _('End the name with its country, as the tag will read: "%(example)s".')
                % {"example": f"Ministry of Economy of {country_phrase(country.name)}"}
            )
        return data
