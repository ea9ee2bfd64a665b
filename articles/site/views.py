"""Public pages. Every queryset starts from Article.objects.published(); no view changes state."""

import hashlib

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import (
    DayArchiveView,
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)

from ..models import Article
from . import page_cache, queries
from .charts import bar_chart_svg
from .pagination import CheapPaginationMixin, page_number
from .search import MAX_QUERY_LENGTH, Highlighter, clean_query, matching, search

# Readers' pages: browsers revalidate, shared caches keep them a few seconds (page_cache.public).
public_page = method_decorator(page_cache.public, name="dispatch")


class StoryListMixin(CheapPaginationMixin):
    """A list of published stories, newest first: the columns a list shows, and their tags in one query."""

    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().only(*queries.TEASER_FIELDS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queries.attach_tags(context["object_list"])
        return context


class LeadStoryMixin:
    """The first page of a list leads with its newest story, shown large with its standfirst."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stories = list(context["object_list"])
        if stories and context["page_obj"].number == 1:
            context["lead"], context["articles"] = stories[0], stories[1:]
        return context


@public_page
class HomeView(LeadStoryMixin, StoryListMixin, ListView):
    template_name = "articles/home.html"


@public_page
class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        # The slug alone finds the story (it is unique). The import snapshot, a copy of the whole story,
        # and the pending changes, which wait for a publisher, are the desk's business, not the page's.
        return Article.objects.published().defer("import_snapshot", "pending")

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            if queries.was_public(kwargs["slug"]):
                # Taken down: search engines drop a page that answers 410 sooner than one that answers 404.
                return TemplateResponse(request, "410.html", status=410)
            raise
        url = self.object.get_absolute_url()
        if request.path != url:
            # A story whose date moved (rescheduled, republished) keeps answering at its old address.
            return HttpResponsePermanentRedirect(url)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        queries.attach_tags([self.object])
        return super().get_context_data(related=related(self.object), **kwargs)


@public_page
class TagArticlesView(LeadStoryMixin, StoryListMixin, ListView):
    """The published stories with one tag, newest first; a merged or re-slugged tag's old page redirects."""

    tag_model = None
    template_name = "articles/tag_articles.html"
    # A tag with no published story has no public page: its name may be all a draft reveals.
    allow_empty_first_page = False

    def get(self, request, *args, **kwargs):
        self.tag = queries.tag_by_slug(self.tag_model, kwargs["slug"])
        if self.tag is None:
            return self.redirect_to_survivor(request, kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def redirect_to_survivor(self, request, slug):
        """301 to the tag an old slug now leads to (see articles/desk/tag_care.py), keeping the query; else 404."""
        survivor = queries.survivor(self.tag_model, slug)
        if survivor is None:
            raise Http404("No such tag.")
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(survivor.get_absolute_url() + (f"?{query}" if query else ""))

    def get_queryset(self):
        return queries.tagged(self.tag, super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            tag=self.tag, tag_url=self.tag.get_absolute_url(), kind=self.tag_model._meta, **kwargs
        )
        if context["page_obj"].number == 1:
            context["chart"], context["companions"] = tag_overview(self.tag)
        return context


def related(article):
    """Related stories, kept in the cache until the next change anywhere (they read many tag links)."""
    return page_cache.until_next_change(f"related:{article.pk}", lambda: queries.related_stories(article))


def tag_overview(tag):
    """The coverage chart and companion tags: aggregates over every story with the tag, so they are
    kept in the cache until the next change anywhere (page_cache's generation)."""
    return page_cache.until_next_change(
        f"tag-overview:{tag.kind}:{tag.pk}", lambda: (coverage_chart(tag), queries.companion_tags(tag))
    )


def coverage_chart(tag):
    months = queries.coverage_per_month(tag)
    total = sum(count for _month, count in months)
    return bar_chart_svg(
        [(f"{month:%B %Y}: {count} {'story' if count == 1 else 'stories'}", count) for month, count in months],
        title=f"Stories tagged {tag.name} per month",
        summary=f"{total} {'story' if total == 1 else 'stories'} tagged {tag.name} from "
        f"{months[0][0]:%B %Y} to {months[-1][0]:%B %Y}",
        first_label=f"{months[0][0]:%b %Y}",
        last_label=f"{months[-1][0]:%b %Y}",
        color="#8a1c1c",
    )


@public_page
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

    def paginate_queryset(self, queryset, page_size):
        page_number(self.request)  # the page numbers every list takes, and no other (Django's take "+1", "last")
        return super().paginate_queryset(queryset, page_size)

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind=self.model._meta, **kwargs)


@public_page
class SearchView(StoryListMixin, ListView):
    template_name = "articles/search.html"

    def get_queryset(self):
        return search(super().get_queryset(), self.request.GET.get("q", ""))

    def get_context_data(self, **kwargs):
        query = clean_query(self.request.GET.get("q", ""))
        context = super().get_context_data(query=query, max_length=MAX_QUERY_LENGTH, **kwargs)
        if query:
            # The words make the page: its canonical address keeps them (page 2 of no search is a 404).
            context["canonical_query"] = {"q": query}
            context["found"] = found_count(query)
            context["highlighter"] = Highlighter(query)
        return context


def found_count(query):
    """How many published stories match: counted once per query until the next change."""
    key = f"search-count:{hashlib.sha256(query.encode()).hexdigest()}"
    return page_cache.until_next_change(key, lambda: matching(Article.objects.published(), query).count())


# No story is older: a year before it has no page, rather than a redirect to an address with none.
FIRST_YEAR = 1000


class ArchiveMixin(StoryListMixin):
    template_name = "articles/archive.html"
    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"
    make_object_list = True
    # An empty archive answers 404 from its own page of stories (allow_empty_first_page) rather than from
    # Django's checks, which cost a query for emptiness and one each for the next and previous dates,
    # which the page does not link.
    allow_empty = True
    allow_empty_first_page = False

    def get(self, request, *args, **kwargs):
        # "/2024/5/" is "/2024/05/": one address a page, the one the site links, not a duplicate of it.
        if all(str(value).isdecimal() for value in kwargs.values()):
            if int(kwargs["year"]) < FIRST_YEAR:
                raise Http404("No such date.")  # "/0001/" would redirect to "/1/", itself a 404
            address = reverse(
                request.resolver_match.view_name,
                kwargs={key: int(value) if key == "year" else f"{int(value):02d}" for key, value in kwargs.items()},
            )
            if address != request.path:
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(address + (f"?{query}" if query else ""))
        return super().get(request, *args, **kwargs)

    def get_dated_items(self):
        try:
            return super().get_dated_items()
        except OverflowError:  # the day after 31 December 9999
            raise Http404("No such date.") from None


@public_page
class YearArchive(ArchiveMixin, YearArchiveView):
    def get_context_data(self, **kwargs):
        year = int(self.get_year())
        # Django's own previous_year and next_year are the years next to this one, stories or not.
        year_before, year_after = page_cache.until_next_change(
            f"years-around:{year}",
            lambda: (queries.year_with_stories(year, before=True), queries.year_with_stories(year, before=False)),
        )
        return super().get_context_data(year_before=year_before, year_after=year_after, **kwargs)


@public_page
class MonthArchive(ArchiveMixin, MonthArchiveView):
    def get_context_data(self, **kwargs):
        start = queries.month_start(int(self.get_year()), int(self.get_month()))
        # Django's own previous_month and next_month are the months next to this one, stories or not.
        month_before, month_after = page_cache.until_next_change(
            f"months-around:{start:%Y-%m}",
            lambda: (
                queries.month_with_stories(start, before=True),
                queries.month_with_stories(start, before=False),
            ),
        )
        return super().get_context_data(month_before=month_before, month_after=month_after, **kwargs)


@public_page
class DayArchive(ArchiveMixin, DayArchiveView):
    pass


@public_page
class ArchiveIndexView(TemplateView):
    """Every year with published stories, each with its months: the way into the archive."""

    template_name = "articles/archive_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(years=queries.archive_years(), **kwargs)


@public_page
class FeedsView(TemplateView):
    """The feeds readers can follow: the whole site's, and every tag's."""

    template_name = "articles/feeds.html"
