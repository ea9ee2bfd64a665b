from django.contrib import admin
from django.db.models import Count, F
from django.db.models.fields.json import KT
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .forms import ArticleAdminForm, CountryTagForm
from .models import TAG_KINDS, Article, CountryTag, MinistryTag, TopicTag

# Taggit's own untyped Tag model is unused here; editors see only the three typed kinds.
admin.site.unregister(Tag)


class HeadlineOriginFilter(admin.SimpleListFilter):
    title = _("headline")
    parameter_name = "headline"

    def lookups(self, request, model_admin):
        return [("machine", _("machine-made, not yet edited")), ("edited", _("written or edited by an editor"))]

    def queryset(self, request, queryset):
        machine = queryset.annotate(imported_headline=KT("import_snapshot__headline"))
        if self.value() == "machine":
            return machine.filter(imported_headline=F("headline"))
        if self.value() == "edited":
            return queryset.exclude(pk__in=machine.filter(imported_headline=F("headline")).values("pk"))
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "status", "published_at", "dateline", "machine_headline", "tag_list"]
    list_filter = ["status", HeadlineOriginFilter, "published_at"]
    search_fields = ["headline", "standfirst", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = ["tag_sources", "import_ref", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "dateline", "credit", "body"]}),
        (_("Tags"), {"fields": ["countries", "ministries", "topics", "tag_sources"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Provenance"), {"fields": ["import_ref", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(*TAG_KINDS)

    def view_on_site(self, article):
        # Only a story readers can see has a page to view.
        return article.get_absolute_url() if Article.objects.published().filter(pk=article.pk).exists() else None

    @admin.display(boolean=True, description=_("machine-made headline"))
    def machine_headline(self, article):
        return article.headline_is_machine_made

    @admin.display(description=_("tags"))
    def tag_list(self, article):
        return "; ".join(", ".join(tag.name for tag in tags) for _label, tags in article.tag_groups())

    @admin.display(description=_("who tagged"))
    def tag_sources(self, article):
        if article.pk is None:
            return "-"
        links = [
            (link.tag.name, link.get_source_display(), date_format(localtime(link.added_at), "DATETIME_FORMAT"))
            for kind in TAG_KINDS
            for link in getattr(article, kind).through.objects.filter(content_object=article).select_related("tag")
        ]
        return format_html_join("\n", "<div>{} — added by {}, {}</div>", links) or "-"


class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "story_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_count=Count("links"))

    @admin.display(description=_("stories"), ordering="story_count")
    def story_count(self, tag):
        return tag.story_count


@admin.register(CountryTag)
class CountryTagAdmin(TagAdmin):
    form = CountryTagForm


@admin.register(MinistryTag)
class MinistryTagAdmin(TagAdmin):
    list_display = ["name", "country", "story_count"]
    list_filter = ["country"]
    autocomplete_fields = ["country"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")


@admin.register(TopicTag)
class TopicTagAdmin(TagAdmin):
    list_display = ["name", "slug", "keyword_count", "story_count"]
    fields = ["name", "slug", "keywords"]

    @admin.display(description=_("keywords"))
    def keyword_count(self, tag):
        return len(tag.keyword_list)
