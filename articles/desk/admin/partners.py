"""Partner keys in the desk: a publisher makes one (shown once, on the page that confirms it), sees when and
how often it is used, and revokes it. Keys are never deleted: their uses are the record."""

import logging
import secrets

from django import forms
from django.contrib import admin, messages
from django.core.cache import cache
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ... import cache_health
from ...cache_health import CACHE_FAILURES
from ...models import PartnerKey, PartnerKeyUse

logger = logging.getLogger(__name__)


class StateFilter(admin.SimpleListFilter):
    """Active or revoked, in those words (a filter on revoked_at said "Empty" and "Not empty")."""

    title, parameter_name = _("state"), "state"

    def lookups(self, request, model_admin):
        return [("active", _("active")), ("revoked", _("revoked"))]

    def queryset(self, request, queryset):
        if self.value() in ("active", "revoked"):
            return queryset.filter(revoked_at__isnull=self.value() == "active")
        return queryset


def first_sending(token):
    """Is this the first time the form with this one-time token is sent? Noted in the cache. A cache that fails
    (Redis down) says yes, logged as a warning at most every 10 minutes (articles/cache_health.py): a reload may
    then make a second key, which a publisher can revoke, where an error would make none."""
    state = cache_health.record("partner key form", "default")
    if cache_health.resting(state):
        return True
    try:
        return cache.add(f"newsroom:partner-key-form:{token}", 1, 7 * 86400)
    except CACHE_FAILURES as error:
        _cache_failed(state, error)
        return True


def _cache_failed(state, error):
    cache_health.failed(
        state,
        lambda: logger.warning(
            "The cache could not note a partner key form as sent (%s): a reload of the page showing a new key may "
            "make a second key until it can. Check that NEWSROOM_CACHE_URL (or NEWSROOM_CACHE_DIR) works.",
            error,
        ),
    )


class PartnerKeyForm(forms.ModelForm):
    """The desk's form for a key, with a one-time token: the page that shows a new key is the answer to the form,
    so reloading it sends the form again, which would make a second key nobody knows of."""

    once = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PartnerKey
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["once"].initial = secrets.token_urlsafe(16)

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("once")
        # Taken when the form is good, so a form sent back with an error can be sent again.
        if token and not self.errors and not first_sending(token):
            # Shown again with a new token, so that saving it now does make a new key.
            self.data = self.data.copy()
            self.data[self.add_prefix("once")] = secrets.token_urlsafe(16)
            raise forms.ValidationError(
                _("This form was sent already (the page was reloaded?) and the key it made was shown then; no "
                  "other was made. Find that key in the list of partner keys, or save this form for a new one.")
            )  # fmt: skip
        return cleaned


@admin.register(PartnerKey)
class PartnerKeyAdmin(admin.ModelAdmin):
    form = PartnerKeyForm
    list_display = ["name", "label", "state", "created_by", "created_at", "last_used_at", "use_count"]
    list_filter = [StateFilter]
    search_fields = ["name", "label"]
    readonly_fields = ["label", "state", "created_by", "created_at", "revoked_at", "last_used_at", "use_count"]
    actions = ["revoke_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by").annotate(use_count=Count("uses"))

    def get_fields(self, request, obj=None):
        return ["name", "once"] if obj is None else ["name", *self.readonly_fields]

    @admin.display(description=_("uses"), ordering="use_count")
    def use_count(self, key):
        return key.use_count

    @admin.display(description=_("state"))
    def state(self, key):
        return _("revoked") if key.revoked_at else _("active")

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name"])
            return
        obj.created_by = request.user
        # Kept on the request for the page that follows, and nowhere else: the database has its digest only.
        request.new_partner_key = obj.new_key()
        obj.save()

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "partner_key": obj,
            "key": request.new_partner_key,
            "title": _("Partner key made"),
        }
        response = TemplateResponse(request, "admin/articles/partnerkey/made.html", context)
        add_never_cache_headers(response)  # the key must not stay in any cache or history
        return response

    def response_change(self, request, obj):
        if "_revoke" in request.POST:  # the key's own page: "Revoke this key"
            obj.revoke()
            messages.success(request, _("The key %(key)s is revoked.") % {"key": obj})
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke_selected(self, request, queryset):
        keys = list(queryset.filter(revoked_at__isnull=True))
        for key in keys:
            key.revoke()
        message = ngettext("%(count)d key revoked.", "%(count)d keys revoked.", len(keys)) % {"count": len(keys)}
        messages.success(request, message)


@admin.register(PartnerKeyUse)
class PartnerKeyUseAdmin(admin.ModelAdmin):
    list_display = ["key", "used_at", "path", "address"]
    list_filter = ["key"]
    date_hierarchy = "used_at"
    list_select_related = ["key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
