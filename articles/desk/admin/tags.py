"""Tags in the admin: each kind with its story count; a new slug leaves a redirect; duplicates merge into one."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from ...models import Article, CountryTag, MinistryTag, TopicTag
from ...models.article import live_q
from .. import tag_care
from ..forms import CountryTagForm, MinistryTagForm, TopicTagForm
from .filters import DeskListMixin

# Taggit's own untyped Tag model is unused here; editors see only the three typed kinds.
admin.site.unregister(Tag)


class TagAdmin(DeskListMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "story_count"]
    search_fields = ["name"]
    actions = ["merge_selected"]

    ordering = ["name"]

    def get_queryset(self, request):
        tags = super().get_queryset(request)
        if request.user.has_perm("articles.review_article"):
            # Counted for each tag shown, from its links' index: not a count of every link to list a page.
            links = self.model._meta.get_field("links").related_model.objects.filter(tag=OuterRef("pk"))
            counted = links.order_by().values("tag").annotate(count=Count("*")).values("count")
            return tags.annotate(story_count=Coalesce(Subquery(counted), 0))
        # A reporter sees the vocabulary, tags readers can see, and their own stories' tags, each counted
        # over those stories only: nothing tells of a tag or story that exists only on others' drafts.
        readable = Article.objects.filter(live_q(timezone.now()) | Q(author=request.user) | Q(assignee=request.user))
        readable = readable.values("pk")
        links = self.model._meta.get_field("links").related_model
        return tags.annotate(story_count=Count("links", filter=Q(links__content_object__in=readable))).filter(
            Q(story_count__gt=0) | ~Exists(links.objects.filter(tag=OuterRef("pk")))
        )

    def has_delete_permission(self, request, obj=None):
        # A tag on stories is merged, not deleted: deleting would drop it from stories without a revision.
        if obj is not None and obj.links.exists():
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        tag_care.delete_tag(obj, user=request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # bulk delete would skip the per-tag check above
        return actions

    @admin.display(description=_("stories"), ordering="story_count")
    def story_count(self, tag):
        return tag.story_count

    def save_model(self, request, obj, form, change):
        if change:
            tag_care.rename_tag(obj, name=obj.name, slug=obj.slug)
        else:
            obj.save()
            tag_care.claim_slug(obj)

    @admin.action(description=_("Merge selected tags into one…"), permissions=["change"])
    def merge_selected(self, request, queryset):
        # Most stories first: the likeliest survivor is the one already checked.
        tags = list(queryset.order_by("-story_count", "name"))
        if len(tags) < 2:
            messages.error(request, _("Choose at least two tags to merge."))
            return None
        if "survivor" not in request.POST:
            return self.merge_confirmation(request, tags)
        survivor = next((tag for tag in tags if str(tag.pk) == request.POST["survivor"]), None)
        if survivor is None:
            messages.error(request, _("The tag to keep must be one of the selected tags. Nothing was merged."))
            return None
        duplicates = [tag for tag in tags if tag.pk != survivor.pk]
        try:
            moved = tag_care.merge_tags(survivor, duplicates, user=request.user)
        except tag_care.TagCareError as error:
            messages.error(request, str(error))
            return None
        messages.success(
            request,
            ngettext(
                "Merged %(names)s into “%(survivor)s”: %(count)d story moved.",
                "Merged %(names)s into “%(survivor)s”: %(count)d stories moved.",
                moved,
            )
            % {"names": ", ".join(f"“{tag}”" for tag in duplicates), "survivor": survivor, "count": moved},
        )
        return None

    def merge_confirmation(self, request, tags):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "tags": tags,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "title": _("Merge %(kind)s") % {"kind": self.opts.verbose_name_plural},
        }
        return TemplateResponse(request, "admin/articles/merge_tags.html", context)


@admin.register(CountryTag)
class CountryTagAdmin(TagAdmin):
    form = CountryTagForm


@admin.register(MinistryTag)
class MinistryTagAdmin(TagAdmin):
    form = MinistryTagForm
    list_display = ["name", "country", "story_count"]
    list_filter = ["country"]
    autocomplete_fields = ["country"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")


@admin.register(TopicTag)
class TopicTagAdmin(TagAdmin):
    form = TopicTagForm
    list_display = ["name", "slug", "keyword_count", "story_count"]
    fields = ["name", "slug", "keywords"]

    @admin.display(description=_("keywords"))
    def keyword_count(self, tag):
        return len(tag.keyword_list)
