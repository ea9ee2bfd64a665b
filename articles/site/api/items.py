"""Stories as IPTC ninjs 2.1 items (https://iptc.org/standards/ninjs/), the API's one shape of a story.

A live story (or, for a partner, an embargoed one) gives its copy, tags, times and lead image (an associated
picture with the image's renditions, as agencies send a story's photo); a canceled one (the asker could see it
and no longer can: for a partner, embargoed copy pulled too) gives only what a client needs to take it down:
its uri, version, the time it changed and `pubstatus: canceled`, never its text.
"""

import datetime
import functools
from pathlib import PurePosixPath

from django.conf import settings
from django.db.models import Case, DateTimeField, When
from django.db.models.functions import Coalesce, Greatest
from django.template.loader import get_template

from ...desk import images
from ...ingest.country_codes import country_code
from ...models.article import live_q, withheld_q

# The kinds of tag as ninjs names them: topics are subjects, countries places, ministries organisations.
TAG_ROLES = {"topics": "subjects", "countries": "places", "ministries": "organisations"}
NINJS_SCHEMA = "https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"
# A rendition's media type and the label its name ends with, by its file's extension (Python's mimetypes does
# not know .webp everywhere). Renditions made here are all WebP.
RENDITION_TYPES = {
    ".webp": ("image/webp", "webp"),
    ".jpg": ("image/jpeg", "jpeg"),
    ".jpeg": ("image/jpeg", "jpeg"),
    ".png": ("image/png", "png"),
}


def urn(article_id):
    """A story's permanent identifier: from its id, so it survives a new slug or date, unlike its URL."""
    return f"urn:{settings.NEWSROOM_URN_NAMESPACE}:story:{article_id}"


def change_time(now):
    """When a story last changed for API clients (annotated as `changed_at`): its last change readers or partners
    see (a save or change of state; not the desk's own, see Article.public_changed_at), or the moment it went
    live by the clock (its time or its embargo's end), whichever is later."""
    went_live = Greatest("published_at", Coalesce("embargo_until", "published_at"))
    public = Coalesce("public_changed_at", "updated_at")
    return Case(
        When(live_q(now), then=Greatest(public, went_live)),
        When(withheld_q(now), then=Greatest(public, "embargo_until")),  # withheld by the clock, at its embargo's end
        default=public,
        output_field=DateTimeField(),
    )


def changed_time(article):
    """change_time() for one story in hand: what its items say as versioncreated, and what `since` compares."""
    public = article.public_changed_at or article.updated_at
    if article.is_withheld_from_partners:
        return max(public, article.embargo_until)
    if not article.is_live:
        return public
    return max(public, article.published_at, article.embargo_until or article.published_at)


def site_root(request):
    """'https://news.example': what the item's links start with, worked out once for a request's items."""
    return request.build_absolute_uri("/")[:-1]


def item_version(article, *, taken_down):
    """The item's version: the story's as readers and partners last saw it change (not the desk's own saves, see
    Article.public_version), and for a story once taken down from this asker (`taken_down`), the time of its
    last change too, so that its kill and its return each have a version of their own (the story's own version
    counts edits only) and a client keeping uri and version for each item misses neither."""
    version = article.version if article.public_version is None else article.public_version
    if not taken_down:
        return str(version)
    return f"{version}.{changed_time(article).astimezone(datetime.UTC):%Y%m%d%H%M%S%f}"


def story_item(article, root, *, full=True, taken_down=False):
    """The ninjs item of a story the asker may see, with attach_tags() run; `root`
    is site_root(request). Lists give it `full=False`, without its bodies (representationtype partial): a
    page of twenty stories' text made the list dearer than a story page; the item itself has them."""
    item = {
        "uri": urn(article.pk),
        "type": "text",
        "representationtype": "full" if full else "partial",
        "version": item_version(article, taken_down=taken_down),
        "firstcreated": _time(article.published_at or article.created_at),
        "versioncreated": _time(changed_time(article)),
        "pubstatus": "usable",
        "language": article.lang,
        "headlines": [{"role": "main", "value": article.headline}],
        # The story's page on the site, to open or share it (ninjs has no field of its own for a web address).
        "altids": [{"role": "web", "value": root + article.get_absolute_url()}],
    }
    if full:
        paragraphs = article.paragraphs
        plain = "\n\n".join(paragraphs)
        counts = {"charcount": len(plain), "wordcount": len(plain.split())}
        item["bodies"] = [
            {"role": "text", "contenttype": "text/plain", "value": plain, **counts},
            {"role": "html", "contenttype": "text/html", "value": _html(paragraphs), **counts},
        ]
    if article.standfirst:
        item["descriptions"] = [{"role": "summary", "value": article.standfirst}]
    if article.credit:
        item["by"] = item["copyrightholder"] = article.credit
    if article.dateline:
        item["located"] = article.dateline
    if article.embargo_until:
        item["embargoed"] = _time(article.embargo_until)
    for kind, refs in article.tag_refs.items():
        if refs:
            item[TAG_ROLES[kind]] = [_tag(kind, ref, root) for ref in refs]
    if article.lead_image_renditions:
        item.update(_lead_image(article, root))
    return item


def canceled_item(article, pubstatus="canceled"):
    """What is said of a story taken off the site: take it down; or, `withheld`, of one partners were sent under
    an embargo now over and nobody published: do not use it."""
    return {
        "uri": urn(article.pk),
        "type": "text",
        "version": item_version(article, taken_down=True),
        "versioncreated": _time(changed_time(article)),
        "pubstatus": pubstatus,
    }


def _tag(kind, ref, root):
    tag = {"name": ref.name, "uri": root + ref.url}
    code = country_code(ref.name) if kind == "countries" else None
    if code:
        tag["literal"] = code  # ISO 3166-1 alpha-2
    return tag


def _lead_image(article, root):
    """The lead image as an associated picture (ninjs `associations`, as agencies send a story's photo) with its
    renditions, description and credit. The text item itself has no renditions: in ninjs those of a text would
    be the text's own (a PDF of it), not its picture's."""
    picture = {
        "name": "leadimage",
        "uri": f"{urn(article.pk)}:leadimage",
        "type": "picture",
        "renditions": _renditions(article.lead_image_renditions, root),
    }
    if article.lead_image_alt:
        picture["descriptions"] = [{"role": "alt", "value": article.lead_image_alt}]
    if article.lead_image_credit:
        picture["by"] = article.lead_image_credit
    return {"associations": [picture]}


def _renditions(stored, root):
    """The picture's renditions by width, narrowest first, as they always came; at one width the crops made for
    search engines (16:9, 4:3, 1:1) come first, so a large picture's last is still its widest whole size.
    Each is named for what it is, unique in the item (a crop may be as wide as a size, or as another crop):
    `1280w-webp`, `16x9-1200w-webp`, with the media type of its file."""
    crop_order = list(images.CROPS)

    def order(rendition):
        crop = rendition.get("crop")
        return rendition["width"], crop is None, crop_order.index(crop) if crop in crop_order else len(crop_order)

    renditions, names = [], set()
    for rendition in sorted(stored, key=order):
        contenttype, label = _file_type(rendition["name"])
        crop = rendition.get("crop")
        name = "-".join(part for part in (crop, f"{rendition['width']}w", label) if part)
        # Renditions made here never share a name; this keeps names unique whatever a stored list holds.
        base, n = name, 1
        while name in names:
            n += 1
            name = f"{base}-{n}"
        names.add(name)
        item = {"name": name, "href": _absolute(root, images.rendition_url(rendition))}
        if contenttype:
            item["contenttype"] = contenttype
        renditions.append({**item, "width": rendition["width"], "height": rendition["height"]})
    return renditions


def _file_type(name):
    """(media type, short label) of a rendition's file, from its extension: ("image/webp", "webp")."""
    suffix = PurePosixPath(name).suffix.lower()
    return RENDITION_TYPES.get(suffix, (None, suffix.lstrip(".") or "file"))


@functools.cache
def _body_template():
    # Looked up once per process, not once an item (the lookup stats the file each time).
    return get_template("api/body.html")


def _html(paragraphs):
    return _body_template().render({"paragraphs": paragraphs})


def _absolute(root, url):
    """A rendition's URL as served: the site's, or already absolute (object storage)."""
    return url if "://" in url else root + url


def _time(moment):
    return moment.isoformat() if moment else None
