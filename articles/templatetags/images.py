from django import template

from .. import images

register = template.Library()


@register.simple_tag
def lead_image_sources(article):
    """{"src", "srcset", "width", "height"} for the story's lead image, or None without one (or its renditions)."""
    renditions = article.lead_image_renditions or []
    widest = images.largest(renditions)
    if not article.lead_image or widest is None:
        return None
    return {
        "src": images.rendition_url(widest),
        "srcset": images.srcset(renditions),
        "width": widest["width"],
        "height": widest["height"],
    }
