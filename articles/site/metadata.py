"""What a story tells search engines and social sites: schema.org NewsArticle and Open Graph."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def news_article_json_ld(article, request):
    """<script type="application/ld+json"> with the story's schema.org NewsArticle."""
    data = json.dumps(news_article(article, request), cls=DjangoJSONEncoder, ensure_ascii=False)
    # The escapes django.utils.html.json_script makes, so nothing in the data can close the script element
    # (json_script itself writes type="application/json").
    data = data.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))


def news_article(article, request):
    """schema.org NewsArticle for `article` (with attach_tags run), as a dict ready for JSON."""
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "description": article.standfirst,
        "datePublished": article.published_at.isoformat(),
        "dateModified": (article.revised_at or article.published_at).isoformat(),
        "author": [{"@type": "Organization", "name": article.credit or settings.NEWSROOM_SITE_NAME}],
        "publisher": {"@type": "Organization", "name": settings.NEWSROOM_SITE_NAME},
        "keywords": article.tag_names,
        "isAccessibleForFree": True,
    }
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline.title()}
    image = lead_image_url(article, request)
    if image:
        data["image"] = [image]
    return data


def lead_image_url(article, request):
    """The largest rendition of the lead image, absolute, or None."""
    renditions = article.lead_image_renditions or []
    if not renditions:
        return None
    from django.core.files.storage import default_storage

    largest = max(renditions, key=lambda r: r["width"])
    return request.build_absolute_uri(default_storage.url(largest["name"]))
