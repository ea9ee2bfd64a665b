"""Public pages. Every queryset starts from Article.objects.published(); no view changes state."""

from django.conf import settings
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.views.generic import DateDetailView, ListView

from .models import TAG_KINDS, Article


def published_articles():
    return Article.objects.published().prefetch_related(*TAG_KINDS)


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = settings.NEWSROOM_PAGE_SIZE

    def get_queryset(self):
        return published_articles()


class ArticleDetailView(DateDetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"

    def get_queryset(self):
        return published_articles()


class TagArticlesView(ListView):
    """The published stories with one tag, newest first; a merged or re-slugged tag's old page redirects."""

    tag_model = None
    template_name = "articles/tag_articles.html"
    context_object_name = "articles"
    paginate_by = settings.NEWSROOM_PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.tag = self.tag_model.objects.filter(slug=kwargs["slug"]).first()
        if self.tag is None:
            return self.redirect_to_survivor(request, kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def redirect_to_survivor(self, request, slug):
        """301 to the tag an old slug now leads to (see articles/tag_care.py), keeping the query; else 404."""
        from django.http import HttpResponsePermanentRedirect

        from .models import TagRedirect

        moved = get_object_or_404(TagRedirect, kind=self.tag_model.kind, old_slug=slug)
        survivor = get_object_or_404(self.tag_model, slug=moved.new_slug)
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(survivor.get_absolute_url() + (f"?{query}" if query else ""))

    def get_queryset(self):
        return published_articles().filter(**{self.tag_model.kind: self.tag})

    def get_paginator(self, queryset, per_page, **kwargs):
        # A tag with no published story has no public page: its name may be all a draft reveals.
        return super().get_paginator(queryset, per_page, **{**kwargs, "allow_empty_first_page": False})

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, kind=self.tag_model._meta, **kwargs)


class TagIndexView(ListView):
    """Every tag of one kind that has published stories, with how many."""

    template_name = "articles/tag_index.html"
    context_object_name = "tags"
    paginate_by = 200

    def get_queryset(self):
        # Filtering before annotating makes the count cover published stories only.
        return (
            self.model.objects.filter(articles__in=Article.objects.published())
            .annotate(story_count=Count("articles"))
            .order_by("name")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind=self.model._meta, **kwargs)
