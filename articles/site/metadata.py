"""What pages tell search engines and social sites: schema.org data (JSON-LD) and the image of a card.

Google's structured data: NewsArticle on stories (images in 16:9, 4:3 and 1:1 where the story has a
lead image; an author with a URL; the publisher with its logo), BreadcrumbList on stories and tag
pages, WebSite with a SearchAction on home. Templates write <script type="application/ld+json">{{
json_ld(data) }}</script>.
"""

import json

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import mark_safe

from ..desk import images
from . import cards

CONTEXT = "https://schema.org"


def json_ld(data):
    """`data` as JSON that cannot close the script element it sits in (the escapes json_script makes)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E"))


def absolute(request, path):
    return request.build_absolute_uri(path)


def publisher(request):
    """The site as an Organization, with its logo."""
    logo = cards.logo()
    return {
        "@type": "Organization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": absolute(request, reverse("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(request, logo.path),
            "width": logo.width,
            "height": logo.height,
        },
    }


def website(request):
    """Home's WebSite, with the search readers can run from a search engine's result."""
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": absolute(request, reverse("articles:home")),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(request, reverse("articles:search")) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
        "publisher": publisher(request),
    }


def breadcrumbs(request, trail):
    """A BreadcrumbList of [(name, path)], home first; the last item, this page, is named without a link."""
    items = []
    for position, (name, path) in enumerate(trail, start=1):
        item = {"@type": "ListItem", "position": position, "name": name}
        if path and position < len(trail):
            item["item"] = absolute(request, path)
        items.append(item)
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": items}


def story_breadcrumbs(article, request):
    """Home > the story's first country (else its first tag of another kind) > the story."""
    trail = [(settings.NEWSROOM_SITE_NAME, reverse("articles:home"))]
    tags = [tag for _kind, tags in article.tags_by_kind() for tag in tags]
    if tags:
        trail.append((tags[0].name, tags[0].get_absolute_url()))
    trail.append((article.headline, article.get_absolute_url()))
    return breadcrumbs(request, trail)


def tag_breadcrumbs(tag, kind, request):
    """Home > the kind's index (Countries) > the tag."""
    return breadcrumbs(
        request,
        [
            (settings.NEWSROOM_SITE_NAME, reverse("articles:home")),
            (str(kind.verbose_name_plural).capitalize(), reverse(f"articles:{tag.kind}")),
            (tag.name, tag.get_absolute_url()),
        ],
    )


def author(article, request):
    """The story's author: the agency it credits (with its home page, NEWSROOM_AGENCY_URLS), else the site."""
    if article.credit:
        agency = {"@type": "Organization", "name": article.credit}
        url = settings.NEWSROOM_AGENCY_URLS.get(article.credit)
        if url:
            agency["url"] = url
        return agency
    return {"@type": "Organization", "name": settings.NEWSROOM_SITE_NAME, "url": absolute(request, "/")}


def news_article(article, request):
    """schema.org NewsArticle for `article` (with attach_tags run), as a dict ready for JSON."""
    url = absolute(request, article.get_absolute_url())
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "description": article.standfirst,
        "datePublished": article.published_at.isoformat(timespec="seconds"),
        "dateModified": (article.revised_at or article.published_at).isoformat(timespec="seconds"),
        "author": [author(article, request)],
        "publisher": publisher(request),
        "image": story_images(article, request),
        "keywords": article.tag_names,
        "isAccessibleForFree": True,
    }
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline.title()}
    return data


def story_images(article, request):
    """The story's images for search engines: its lead image cropped 16:9, 4:3 and 1:1 (else as it is),
    or, without one, the site's card."""
    renditions = article.lead_image_renditions if article.lead_image else []
    crops = images.crops(renditions)
    if crops:
        return [absolute(request, default_storage.url(crops[label]["name"])) for label in ("16x9", "4x3", "1x1")
                if label in crops]  # fmt: skip
    widest = images.largest(renditions)
    if widest:
        return [absolute(request, default_storage.url(widest["name"]))]
    return [absolute(request, cards.card().path)]


def social_image(request, article=None):
    """The picture a shared link shows, {"url", "width", "height", "alt"}: the story's lead image (its
    widest rendition), else the site's card."""
    widest = images.largest(article.lead_image_renditions) if article is not None and article.lead_image else None
    if widest:
        return {
            "url": absolute(request, default_storage.url(widest["name"])),
            "width": widest["width"],
            "height": widest["height"],
            "alt": article.lead_image_alt,
        }
    card = cards.card()
    return {"url": absolute(request, card.path), "width": card.width, "height": card.height,
            "alt": settings.NEWSROOM_SITE_NAME}  # fmt: skip
