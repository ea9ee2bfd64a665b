"""The ministry register in the admin: editors add a ministry, or a variant that folds future imports onto it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ...models import RegisteredMinistry
from ..forms import RegisteredMinistryForm


@admin.register(RegisteredMinistry)
class RegisteredMinistryAdmin(admin.ModelAdmin):
    form = RegisteredMinistryForm
    list_display = ["name", "country", "variant_count"]
    list_filter = ["country"]
    search_fields = ["name", "variants"]
    autocomplete_fields = ["country"]
    fields = ["name", "country", "variants"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")

    @admin.display(description=_("variants"))
    def variant_count(self, ministry):
        return len(ministry.variant_list)
