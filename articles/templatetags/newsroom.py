import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import metadata, teasers

register = template.Library()

# As django.utils.html.json_script does: nothing in the data can close the script element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article):
    """<script type="application/ld+json"> with the story's schema.org NewsArticle."""
    data = json.dumps(metadata.news_article(article, context["request"]), cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data.translate(_JSON_ESCAPES)))


@register.simple_tag(takes_context=True)
def lead_image_url(context, article):
    return metadata.lead_image_url(article, context["request"]) or ""


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """The canonical, absolute URL of `path` (default: this page, without its query string)."""
    request = context["request"]
    return request.build_absolute_uri(path or request.path)


@register.simple_tag
def story_list(articles):
    """The list of stories on list pages, built in Python for speed (articles/teasers.py)."""
    return teasers.story_list(articles)


@register.simple_tag
def tag_groups(article, compact=False):
    return teasers.tag_groups(article, compact=compact)
