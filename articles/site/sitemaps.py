"""Sitemaps: an index of sections, each small and dated by its true last change, and Google News' sitemap.

- `pages`: home, the tag indexes, the archive, each year and month of it, and the feeds page;
- `countries`, `ministries`, `topics`: every tag page readers can see, dated by its newest story;
- `stories-YYYY-MM`: the stories published that month (in the newsroom's time zone), each dated by its
  last change. A month that is over changes only when one of its stories does, so a crawler that
  reads the index refetches the few sections whose date moved, not every story;
- `sitemap-news.xml`: the stories of the last two days, at most 1,000 (Google News' rules), with the
  publication's name and language from settings.

Every list comes from Article.objects.published(); responses are public and cached like pages (their
keys move with every change, so an unpublished story leaves them at once).
"""

import datetime

from django.conf import settings
from django.db.models import Max
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from ..models import TAG_THROUGH, Article
from .feeds import xml_text
from .page_cache import public
from .queries import TAG_PAGES, month_start, next_month, story_months

# Google News takes stories from the last two days, at most 1,000 to a sitemap.
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000
# The sitemap protocol's limit of addresses per file; a month holding more is cut into parts (?p=2).
URLS_PER_FILE = 50_000
CONTENT_TYPE = "application/xml"


LINKS = {"countries": "country_links", "ministries": "ministry_links", "topics": "topic_links"}
# Months read one by one, newest first, before the rest is read at once (see tag_changes).
WALKED_MONTHS = 3


def tag_changes(kind):
    """{tag id: last change of its newest story} for the tags of `kind` on published stories.

    A tag's newest story is in the first month, from the newest back, that has one: the last few months
    are read one by one (countries and topics are all found there), then, if tags are left, every older
    story at once. Grouping every link in one query sorted the lot (several country links for every
    story of the archive); a month is a small sort. Stories revised while live are dated by their
    revision, whatever their month: one more query, through the index of revised stories.
    """
    link = LINKS[kind]
    wanted = set(TAG_THROUGH[kind].objects.values_list("tag_id", flat=True).distinct())
    found = {}

    def read(stories, date="published_at"):
        rows = (
            stories.filter(**{f"{link}__isnull": False})
            .values_list(f"{link}__tag")
            .annotate(newest=Max(date))
            .order_by()
        )
        for tag_id, newest in rows:
            found[tag_id] = max(newest, found.get(tag_id, newest))

    newest = Article.objects.published().order_by("-published_at").values_list("published_at", flat=True).first()
    older_than = None
    for start in _months_back(newest, WALKED_MONTHS):
        read(Article.objects.filter(published_at__gte=start, published_at__lt=next_month(start)).published())
        older_than = start
        if wanted <= found.keys():
            break
    else:
        if older_than is not None:
            read(Article.objects.filter(published_at__lt=older_than).published())
    read(Article.objects.filter(revised_at__isnull=False).published(), date="revised_at")
    return found


def _months_back(moment, count):
    """The first moments of the month of `moment` (in the newsroom's time zone) and of the count - 1 before it."""
    if moment is None:
        return []
    local = timezone.localtime(moment)
    months = [month_start(local.year, local.month)]
    while len(months) < count:
        before = months[-1] - datetime.timedelta(days=1)
        months.append(month_start(before.year, before.month))
    return months


def newest_tagged(kind):
    """The last change of the newest published story with a tag of `kind`, or None: the newest such story
    by publication (read back along the publication index until one has a tag), or a later revision."""
    stories = Article.objects.published().filter(**{f"{LINKS[kind]}__isnull": False})
    newest = stories.order_by("-published_at").values_list("published_at", flat=True).first()
    revised = stories.filter(revised_at__isnull=False).aggregate(newest=Max("revised_at"))["newest"]
    return max((moment for moment in (newest, revised) if moment), default=None)


def tag_pages(kind):
    """[(tag page's path, its newest story's last change)] for every tag of `kind` on a published story."""
    changes = tag_changes(kind)
    tag_model = TAG_THROUGH[kind].tag_model()
    slugs = tag_model.objects.filter(pk__in=changes).order_by("name").values_list("pk", "slug")
    # One reverse() for the lot, then each slug put in its place: one each was slow for thousands of ministries.
    before, _slug, after = reverse(TAG_PAGES[kind], kwargs={"slug": "slug"}).rpartition("slug")
    return [(f"{before}{slug}{after}", changes[pk]) for pk, slug in slugs]


def site_pages(months):
    """[(path, last change)]: home, the tag indexes, the feeds page, the archive and its years and months."""
    newest = max((changed for _month, changed, _count in months), default=None)
    names = ("home", "countries", "ministries", "topics", "feeds", "archive")
    pages = [(reverse(f"articles:{name}"), newest) for name in names]
    years = {}
    for start, changed, _count in months:
        years[start.year] = max(changed, years.get(start.year, changed))
    pages += [(reverse("articles:year", args=[year]), changed) for year, changed in years.items()]
    pages += [
        (reverse("articles:month", args=[start.year, f"{start.month:02d}"]), changed) for start, changed, _n in months
    ]
    return pages


def _urlset(request, entries, template="sitemaps/urlset.xml", **context):
    base = request.build_absolute_uri("/")[:-1]
    return TemplateResponse(
        request, template, {"urls": entries, "base": base, **context}, content_type=CONTENT_TYPE
    ).render()


@public
def index(request):
    months = story_months()
    newest = max((changed for _month, changed, _count in months), default=None)
    sections = [(reverse("sitemap-section", args=["pages"]), newest)]
    for kind in TAG_THROUGH:
        newest = newest_tagged(kind)
        if newest:  # else no story readers can see has a tag of this kind
            sections.append((reverse("sitemap-section", args=[kind]), newest))
    for start, changed, count in months:
        path = reverse("sitemap-section", args=[f"stories-{start:%Y-%m}"])
        parts = range(1, (count - 1) // URLS_PER_FILE + 2)
        sections += [(path + (f"?p={part}" if part > 1 else ""), changed) for part in parts]
    return _urlset(request, sections, template="sitemaps/index.xml")


@public
def section(request, name):
    if name == "pages":
        return _urlset(request, site_pages(story_months()))
    if name in TAG_THROUGH:
        return _urlset(request, tag_pages(name))
    return _urlset(request, month_stories(request, name))


def month_stories(request, name):
    """[(story path, last change)] of the month `stories-YYYY-MM` (page ?p=N of it); 404 if it has none."""
    try:
        prefix, year, month = name.split("-")
        start = month_start(int(year), int(month))
        # The database compares in UTC: a month it cannot reach (0001-01 east of Greenwich) holds no story.
        start.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise Http404("No such sitemap.") from None
    # A story is live once its time has passed: a month to come lists none (nor has an end to compute, 9999-12).
    if prefix != "stories" or len(year) != 4 or len(month) != 2 or start > timezone.now():
        raise Http404("No such sitemap.")
    part = request.GET.get("p", "1")
    if not (part.isascii() and part.isdigit() and 0 < int(part) < 1000):
        raise Http404("No such sitemap.")
    offset = (int(part) - 1) * URLS_PER_FILE
    stories = list(
        Article.objects.published()
        .filter(published_at__gte=start, published_at__lt=next_month(start))
        .only("slug", "published_at", "created_at", "revised_at")
        .order_by("published_at", "pk")[offset : offset + URLS_PER_FILE]
    )
    if not stories:
        raise Http404("No such sitemap.")
    return [(story.get_absolute_url(), story.revised_at or story.published_at) for story in stories]


@public
def news(request):
    """The stories published in the last two days, newest first, for Google News."""
    since = timezone.now() - NEWS_WINDOW
    stories = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .only("slug", "headline", "published_at", "created_at", "language")[:NEWS_LIMIT]
    )
    entries = [
        (story.get_absolute_url(), story.published_at, xml_text(story.headline), story.language) for story in stories
    ]
    return _urlset(
        request,
        entries,
        template="sitemaps/news.xml",
        publication=xml_text(settings.NEWSROOM_SITE_NAME),
        language=settings.NEWSROOM_NEWS_LANGUAGE,
    )
