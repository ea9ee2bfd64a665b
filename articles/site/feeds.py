"""RSS and Atom feeds of the latest published stories, for the whole site and for each tag."""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape

from ..models import Article
from . import queries
from .page_cache import public

FEED_LENGTH = 30

# What XML 1.0 cannot carry: C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value):
    """`value` (a string, a list or tuple of strings, anything else as it is) without the characters XML 1.0
    cannot carry. Copy stored before the forms refused them (or written past them) must not take a feed
    down: Django's XML writer refuses a control character outright, and a reader's parser the rest."""
    if isinstance(value, str):
        return NOT_XML.sub("", value)
    if isinstance(value, (list, tuple)):
        return type(value)(xml_text(item) for item in value)
    return value


def xml_safe(feed_type):
    """`feed_type` (a SyndicationFeed class) with every string it is given passed through xml_text, and each
    item's language on its element."""

    class XmlSafeFeed(feed_type):
        def __init__(self, *args, **kwargs):
            super().__init__(*map(xml_text, args), **{key: xml_text(value) for key, value in kwargs.items()})

        def add_item(self, *args, **kwargs):
            super().add_item(*map(xml_text, args), **{key: xml_text(value) for key, value in kwargs.items()})

        def item_attributes(self, item):
            # Each story's own language (the feed's is the site's): xml:lang, which RSS and Atom readers take.
            return {**super().item_attributes(item), "xml:lang": item["lang"]}

    XmlSafeFeed.__name__ = XmlSafeFeed.__qualname__ = f"XmlSafe{feed_type.__name__}"
    return XmlSafeFeed


# What an aggregator reading RSS titles as HTML would take for markup or a character reference.
LOOKS_LIKE_HTML = re.compile(r"</?[A-Za-z!]|&#?\w+;")


class PlainTitleRss(Rss201rev2Feed):
    """RSS 2.0 whose titles read as the headline in every reader.

    RSS does not say whether a title is text or HTML, and most aggregators (feedparser and those built on
    it among them) read one that looks like HTML as HTML: a headline holding "<b>" or "&amp;" goes out
    HTML-escaped, which they show as written. Any other headline goes out as it is, which every reader
    shows as written. (Atom says its titles are text, and they are.)
    """

    def add_item(self, title, *args, **kwargs):
        super().add_item(escape(title) if LOOKS_LIKE_HTML.search(title) else title, *args, **kwargs)


def entry_id(article):
    """A story's permanent id in feeds (RFC 4151 tag URI): its number, under NEWSROOM_FEED_AUTHORITY and the
    day it was made. Not its URL, which moves with the site's host and with the story's date."""
    return f"tag:{settings.NEWSROOM_FEED_AUTHORITY},{article.created_at:%Y-%m-%d}:story/{article.pk}"


class StoryFeed(Feed):
    """The latest published stories, newest first; one RSS or Atom feed per instance."""

    description = "The latest wire stories, tagged by country, ministry and topic."
    item_guid_is_permalink = False

    def __init__(self, feed_type=PlainTitleRss):
        self.feed_type = xml_safe(feed_type)

    def __call__(self, request, *args, **kwargs):
        response = public(super().__call__)(request, *args, **kwargs)
        # Last-Modified follows the newest story, so it would not change when an older one is
        # unpublished, and a client asking If-Modified-Since would keep it: the ETag (from the
        # content, ConditionalGetMiddleware) is the only validator.
        del response.headers["Last-Modified"]
        return response

    def title(self):
        return settings.NEWSROOM_SITE_NAME

    def feed_guid(self):
        return f"tag:{settings.NEWSROOM_FEED_AUTHORITY},2026:feeds/site"

    def author_name(self):
        return settings.NEWSROOM_SITE_NAME

    def link(self):
        return reverse("articles:home")

    def subtitle(self, obj):
        # Atom has no description; RSS ignores the subtitle.
        return self._get_dynamic_attr("description", obj)

    def items(self):
        return queries.attach_tags(self.stories()[:FEED_LENGTH])

    def stories(self):
        return Article.objects.published()

    def item_title(self, item):
        # Escaped once, by the XML writer: readers get the headline as text, never as markup.
        return item.headline

    def item_description(self, item):
        # Both formats treat the description as HTML; the standfirst is plain text.
        return escape(item.standfirst)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.revised_at or item.published_at

    def item_guid(self, item):
        return entry_id(item)

    def item_author_name(self, item):
        # Atom requires an author for each entry (or the feed): the agency, else the site.
        return item.credit or settings.NEWSROOM_SITE_NAME

    def item_extra_kwargs(self, item):
        return {"lang": item.lang}

    def item_categories(self, item):
        return [tag.name for _kind, tags in item.tags_by_kind() for tag in tags]


class TagFeed(StoryFeed):
    """The latest published stories with one tag; a tag no published story carries has no feed."""

    def __init__(self, tag_model, feed_type=PlainTitleRss):
        super().__init__(feed_type)
        self.tag_model = tag_model

    def __call__(self, request, slug):
        if not self.tag_model.objects.filter(slug=slug).exists():
            # A merged or re-slugged tag's feed moves with its page: subscribers follow the 301.
            survivor = queries.survivor(self.tag_model, slug)
            if survivor is None:
                raise Http404("No such tag.")
            moved = reverse(request.resolver_match.view_name, kwargs={"slug": survivor.slug})
            return HttpResponsePermanentRedirect(moved)
        return super().__call__(request, slug=slug)

    def get_object(self, request, slug):
        tag = get_object_or_404(self.tag_model, slug=slug)
        tag.latest = queries.attach_tags(queries.tagged(tag, self.stories())[:FEED_LENGTH])
        if not tag.latest:
            raise Http404("No such tag.")  # a tag only drafts use must not reveal its name
        return tag

    def title(self, tag):
        return f"{settings.NEWSROOM_SITE_NAME}: {tag.name}"

    def feed_guid(self, tag):
        # The tag's number: its name and slug may change (rename, merge), its feed stays the same feed.
        return f"tag:{settings.NEWSROOM_FEED_AUTHORITY},2026:feeds/{tag.kind}/{tag.pk}"

    def link(self, tag):
        return tag.get_absolute_url()

    def description(self, tag):
        return f"The latest stories tagged {tag.name} ({tag._meta.verbose_name})."

    def items(self, tag):
        return tag.latest
