"""What each story keeps of its tags, beside its links to them: the words search reads and the tags its pages show.

- `Article.tag_words`: the tags' names and each country's other names ("Türkiye Turkiye Turkey Turkish"
  for a story tagged Türkiye), which the search index reads with the headline, standfirst and body (the
  stored words on PostgreSQL, the FTS5 index on SQLite: migration 0016). So a search for "Turkey" finds the
  stories tagged Türkiye, and a ministry's name the stories tagged with it, through the same index as any word.
- `Article.shown_tags`: {kind: [[id, name, slug], ...]}, names in reading order, which every public page and
  the desk's list read with the story's row (articles/site/queries.py attach_tags) instead of a query of the
  three link tables per page (migration 0023).

Both follow the tags: the importer writes them with a new story (`words_for`, `shown_for`), and every other
change of a story's tags, through the desk, a restore, a merge, a rename or a deletion of a tag, reaches
them through the signals connected here (`connect`, from the app's ready()), in the same transaction.
"""

import functools

from django.db.models import IntegerField, QuerySet, Value
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from ..ingest.country_names import COUNTRIES
from ..ingest.gazetteer import canonical_country, ministry_country
from ..models import TAG_KINDS, TAG_THROUGH, Article, CountryTag, MinistryTag, TopicTag
from ..text import fold

# Stories whose words are rewritten in one go, when a tag they share is renamed or deleted.
BATCH = 1000


def _other_names():
    """Canonical country name -> the names and adjectives readers search it by. Formal names ("Republic
    of Türkiye") are left out: their "republic", "people" and "democratic" would match half the world."""
    names = {}
    for canonical, alternatives, demonyms in COUNTRIES:
        names[canonical] = [name for name in (*alternatives, *demonyms) if " of " not in f" {name} "]
    return names


OTHER_NAMES = _other_names()


def words_for(names_by_kind):
    """The words a story's tags add to what search reads: {kind: [tag names]} -> text.

    Each name, its ASCII spelling ("Turkiye", which PostgreSQL's English search would not fold), and
    for a country, or a ministry's country, its other names and adjectives ("Turkey", "Turkish").
    """
    seen, unique = set(), []
    for kind in TAG_KINDS:
        for name in names_by_kind.get(kind, ()):
            for spelling in _tag_words(kind, name):
                if spelling.casefold() not in seen:
                    seen.add(spelling.casefold())
                    unique.append(spelling)
    return "\n".join(unique)


@functools.lru_cache(maxsize=8192)
def _tag_words(kind, name):
    # An import asks for the same few thousand tags again and again.
    country = {"countries": canonical_country, "ministries": ministry_country}.get(kind, lambda name: None)(name)
    words = [name, *OTHER_NAMES.get(country, ())]
    return tuple(dict.fromkeys(spelling for word in words for spelling in (word, fold(word)) if spelling))


def shown_for(tags_by_kind):
    """{kind: [tags]} -> what `Article.shown_tags` holds: {kind: [[id, name, slug], ...]}, by name."""
    return {
        kind: sorted(([tag.pk, tag.name, tag.slug] for tag in tags_by_kind.get(kind, ())), key=_by_name)
        for kind in TAG_KINDS
    }


def _by_name(tag):
    return tag[1].casefold()


def tags_of(article_ids):
    """{article id: {kind: [[id, name, slug], ...]}} from the links, in one query (a UNION over the link tables)."""
    found = {pk: {kind: [] for kind in TAG_KINDS} for pk in article_ids}
    if not found:
        return found
    parts = [
        through.objects.filter(content_object_id__in=list(found)).values_list(
            "content_object_id", Value(n, IntegerField()), "tag_id", "tag__name", "tag__slug"
        )
        for n, through in enumerate(TAG_THROUGH.values())
    ]
    for article_id, n, tag_id, name, slug in parts[0].union(*parts[1:], all=True):
        found[article_id][TAG_KINDS[n]].append([tag_id, name, slug])
    for tags in found.values():
        for kind_tags in tags.values():
            kind_tags.sort(key=_by_name)
    return found


KEPT = ("tag_words", "shown_tags")
# A story that never had a tag keeps none (null): the same as no tag of any kind.
EMPTY = {kind: [] for kind in TAG_KINDS}


def refresh(article_ids):
    """Write the tag words and shown tags of these stories again from their links; only the stories whose
    copies differ from their links are written (on PostgreSQL each write computes the story's stored words afresh)."""
    article_ids = sorted(set(article_ids))
    for start in range(0, len(article_ids), BATCH):
        batch = article_ids[start : start + BATCH]
        tags = tags_of(batch)
        wanted = {pk: (words_for(_names(tags[pk])), tags[pk]) for pk in batch}
        changed = [
            Article(pk=pk, tag_words=wanted[pk][0], shown_tags=wanted[pk][1])
            for pk, *current in Article.objects.filter(pk__in=batch).values_list("pk", *KEPT)
            if not _same(current, wanted[pk])
        ]
        Article.objects.bulk_update(changed, KEPT, batch_size=500)


def _same(kept, wanted):
    """Whether a story's kept copies (tag_words, shown_tags) say what its links do: the same words in any order
    (the importer writes them in the order it found the tags), the same tags shown."""
    (words, shown), (wanted_words, wanted_shown) = kept, wanted
    return set(words.split("\n")) == set(wanted_words.split("\n")) and (shown or EMPTY) == (wanted_shown or EMPTY)


def _names(tags):
    return {kind: [name for _id, name, _slug in kind_tags] for kind, kind_tags in tags.items()}


def _tagged_ids(tag):
    return list(TAG_THROUGH[tag.kind].objects.filter(tag=tag).values_list("content_object_id", flat=True))


# Signal receivers. Fixtures (loaddata, raw=True) bring their stories' words with them.


def _link_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh([instance.content_object_id])


OWNERS = (Article, CountryTag, MinistryTag, TopicTag)


def _link_deleted(sender, instance, origin=None, **kwargs):
    # Links deleted with their story need nothing; with their tag, _tag_deleted does them all at once.
    owner = origin.model if isinstance(origin, QuerySet) else type(origin)
    if owner not in OWNERS:
        refresh([instance.content_object_id])


def _tags_changed(sender, instance, action, reverse, **kwargs):
    """After taggit's add, remove or clear on a story: its copies are written (by the link signals above);
    the story object in hand gets them too, so a later save() of it does not write the old ones back."""
    if action in ("post_add", "post_remove", "post_clear") and not reverse and isinstance(instance, Article):
        kept = Article.objects.filter(pk=instance.pk).values_list(*KEPT).first() or ("", None)
        instance.tag_words, instance.shown_tags = kept


def _tag_saving(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("name", "slug").first()
    instance._search_renamed = old is not None and old != (instance.name, instance.slug)


def _tag_saved(sender, instance, raw=False, **kwargs):
    if not raw and getattr(instance, "_search_renamed", False):
        instance._search_renamed = False
        refresh(_tagged_ids(instance))


def _tag_deleting(sender, instance, **kwargs):
    instance._search_stories = _tagged_ids(instance)


def _tag_deleted(sender, instance, **kwargs):
    refresh(getattr(instance, "_search_stories", ()))


def connect():
    """Keep every story's tag words in step with its tags (called once, from ArticlesConfig.ready)."""
    for through in TAG_THROUGH.values():
        post_save.connect(_link_saved, sender=through, dispatch_uid=f"search-{through.__name__}-save")
        post_delete.connect(_link_deleted, sender=through, dispatch_uid=f"search-{through.__name__}-delete")
        m2m_changed.connect(_tags_changed, sender=through, dispatch_uid=f"search-{through.__name__}-m2m")
    for tag_model in (CountryTag, MinistryTag, TopicTag):
        name = tag_model.__name__
        pre_save.connect(_tag_saving, sender=tag_model, dispatch_uid=f"search-{name}-saving")
        post_save.connect(_tag_saved, sender=tag_model, dispatch_uid=f"search-{name}-save")
        pre_delete.connect(_tag_deleting, sender=tag_model, dispatch_uid=f"search-{name}-deleting")
        post_delete.connect(_tag_deleted, sender=tag_model, dispatch_uid=f"search-{name}-delete")
