"""The reads behind the busiest public pages and feeds, compiled to SQL once per process (articles/compiled.py).

Each starts from Article.objects.published(now), as every public read does.
"""

from ..models import TAG_KINDS, Article
from . import queries, teasers
from .compiled import CompiledRead

# The busiest lists, compiled once (articles/compiled.py): the latest stories, and those with a tag.
LATEST = CompiledRead(lambda now: teasers.teaser_values(Article.objects.published(now)))
WITH_TAG = {
    kind: CompiledRead(
        lambda now, tag_id, kind=kind: teasers.teaser_values(Article.objects.published(now).filter(**{kind: tag_id})),
        with_id=True,
    )
    for kind in TAG_KINDS
}
# The same lists for a tag on few stories (queries.crowded_at), read from the tag's links.
WITH_FEW = {
    kind: CompiledRead(
        lambda now, tag_id, kind=kind: teasers.teaser_values(Article.objects.published(now).filter(**{kind: tag_id})),
        with_id=True,
        rewrite=queries.from_the_links,
    )
    for kind in TAG_KINDS
}


# The slug alone finds a story (it is unique). The import snapshot (a copy of the whole story, as JSON)
# is the desk's business, not the page's.
STORY_BY_SLUG = CompiledRead(
    lambda now, slug: Article.objects.published(now).defer("import_snapshot").filter(slug=slug), values=1
)


# A tag by its slug (a ministry with its country), compiled too: the tag page's first read.
# `crowded`: whether queries.crowded_at() links or more carry the tag (drafts included); it decides how
# the tag's stories are read.
TAG_BY_SLUG = {
    kind: CompiledRead(
        lambda slug, kind=kind: queries.with_crowding(kind, slug),
        values=1,
        at_time=False,
    )
    for kind in TAG_KINDS
}


def tag_stories(tag, now, *, offset, limit):
    """Teaser rows of the published stories with `tag` (read by TAG_BY_SLUG), newest first."""
    read = WITH_TAG if tag.crowded is not None else WITH_FEW
    return read[tag.kind].rows(now, tag.pk, offset=offset, limit=limit)
