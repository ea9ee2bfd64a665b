"""The HTML of story lists and tag groups, built in Python.

A list of twenty stories is most of every list page (home, tags, search, archives). Rendered by the
template engine, its few hundred variables and includes took ten times longer than the queries behind
the page (bench/results/http.md); built here, it is a small part of it. Every value is escaped with the
standard library's escape, which Django's escape calls too, without its per-call wrapping.
tests/test_teasers.py holds it to what the templates wrote: escaping, local dates, links, tags.
"""

import functools
from html import escape as esc

from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language

from ..models import TAG_KINDS, Article, story_url
from .queries import TagRef


def story_list(articles):
    """<ol class="article-list"> of the stories (with queries.attach_tags run), newest first as given."""
    # What is the same for every story is looked up once a list: each of these reads a thread-local.
    language, zone, prefix = get_language(), timezone.get_current_timezone(), get_script_prefix()
    items = "".join(
        _teaser(prefix, zone, language, a.headline, a.slug, a.standfirst, a.dateline, a.published_at, _tag_values(a))
        for a in articles
    )
    return mark_safe(f'<ol class="article-list">\n{items}</ol>\n')


def companion_items(companions):
    """The <li> of each (tag, stories) pair a tag page lists under "Often seen with": the template's loop
    cost a third of the page's rendering (eight links, each looking up the script prefix)."""
    prefix = get_script_prefix()
    return mark_safe(
        "".join(
            f'<li>{_tag_link(prefix, tag.kind, tag.slug, tag.name)} <span class="count">{int(count)}</span></li>'
            for tag, count in companions
        )
    )


def tag_labels():
    """'Countries', 'Ministries', 'Topics' in the active language, escaped."""
    return _tag_labels(get_language())


@functools.lru_cache(maxsize=16)
def _tag_labels(_language):
    return {kind: esc(capfirst(str(Article._meta.get_field(kind).verbose_name))) for kind in TAG_KINDS}


@functools.lru_cache(maxsize=16)
def _month_names(_language):
    return {number: str(name) for number, name in MONTHS.items()}


def _tag_values(article):
    """The story's tags as plain values, kinds in page order: ((kind, ((slug, name), ...)), ...)."""
    return tuple((kind, tuple((tag.slug, tag.name) for tag in tags)) for kind, tags in article.tags_by_kind())


# The same stories fill the home page, the tag pages and the archives, so each teaser is written once per
# process. Everything it shows is part of the key: an edited headline or tag is a new teaser, never a stale one.
@functools.lru_cache(maxsize=2048)
def _teaser(prefix, zone, language, headline, slug, standfirst, dateline, published_at, tags):
    published = published_at.astimezone(zone)  # timezone.localtime, without looking up the zone
    url = story_url(prefix, published, slug)
    dateline = f'<span class="dateline">{esc(dateline)}</span> ' if dateline else ""
    standfirst = f'<p class="standfirst">{esc(standfirst)}</p>\n' if standfirst else ""
    day = f"{published.day} {_month_names(language)[published.month]} {published.year}"  # the date filter's "j F Y"
    return (
        "<li>\n<article>\n"
        f'<h2><a href="{esc(url)}">{esc(headline)}</a></h2>\n'
        f'<p class="meta">{dateline}<time datetime="{published.isoformat()}">{day}</time></p>\n'
        f"{standfirst}{_tag_groups(prefix, language, tags, compact=True)}"
        "</article>\n</li>\n"
    )


def tag_groups(article, *, compact=False):
    """<div class="tags"> with a line per kind of tag the story has, or "" when it has none."""
    return mark_safe(_tag_groups(get_script_prefix(), get_language(), _tag_values(article), compact=compact))


def _tag_groups(prefix, language, tags, *, compact):
    labels = _tag_labels(language)
    lines = "".join(
        f'<p><span class="tag-kind">{labels[kind]}:</span> '
        + ", ".join(_tag_link(prefix, kind, slug, name) for slug, name in pairs)
        + "</p>\n"
        for kind, pairs in tags
    )
    return f'<div class="tags{" tags-compact" if compact else ""}">\n{lines}</div>\n' if lines else ""


@functools.lru_cache(maxsize=4096)
def _tag_link(prefix, kind, slug, name):
    """A tag's link, made and escaped once: the same few hundred tags fill every list."""
    return f'<a href="{esc(TagRef(kind, None, name, slug).get_absolute_url())}">{esc(name)}</a>'
