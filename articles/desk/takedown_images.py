"""The image of a story taken off the site: once the change commits, its renditions are stored again under new
names and the files at the URLs readers were given are deleted, so their links answer 404 while the desk keeps
the image.

Files are moved after the commit, never inside it: a story must never stay live because a file could not be
written (a full disk, a read-only or immutable media folder). If the media folder refuses, the story is off the
site all the same; the failure is logged, whoever took it down is told, and once the folder is fixed
`manage.py retire_image_urls` finishes every move still owed (Article.image_urls_owed_at), as after a worker
killed between the commit and the move.
"""

import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Article
from . import images

logger = logging.getLogger(__name__)


def retire_after_commit(article, *, tell=None):
    """Once the change taking `article` off the site commits, give its image's renditions new names.

    `tell(message)`, if given, is called with a sentence for the person (or the import's report) if the media
    folder refuses: the story is off the site, but its picture's old address still answers."""
    old = article.lead_image_renditions
    if not old:
        return
    pk, headline = article.pk, article.headline
    # Owed with the change, so that a move that never runs after the commit is known.
    Article.objects.filter(pk=pk).update(image_urls_owed_at=timezone.now())
    transaction.on_commit(lambda: _retire_or_tell(pk, headline, old, tell))


def _retire_or_tell(pk, headline, old, tell):
    try:
        retire(pk, expected=old)
    except Exception as error:  # any storage's failure: the change has committed, so a 500 now would be a lie
        logger.error(
            "Story %s is off the site, but its image's renditions could not be moved in %s (%s): "
            "their old URLs still answer until the media folder is fixed and `manage.py retire_image_urls %s` is run",
            pk,
            folder(pk),
            error,
            pk,
        )
        if tell is not None:
            tell(
                _(
                    "“%(story)s” is off the site, but its picture could not be moved (the media folder refused: "
                    "%(error)s), so the picture's old address still answers. Ask an operator to fix the media folder "
                    "and run “manage.py retire_image_urls %(id)s” (README, “Deploying”)."
                )
                % {"story": headline, "error": getattr(error, "strerror", None) or error, "id": pk}
            )


def retire(pk, *, expected=None):
    """Store story `pk`'s renditions under new names, record them, and delete the files at the old ones; return
    the new ones (None if there was nothing to do). Raises OSError if the media folder refuses, and then changes
    nothing: the story keeps its old names and files. `expected`: the renditions the takedown saw; others (a new
    image since) were never public, and are left as they are."""
    with images.discard_on_failure(), transaction.atomic():
        story = Article.objects.select_for_update().get(pk=pk)
        old = story.lead_image_renditions
        if not old or (expected is not None and old != expected):
            # Nothing readers were given is left (no image now, or a new one since, never public).
            Article.objects.filter(pk=pk).update(image_urls_owed_at=None)
            return None
        renamed = []
        for rendition in old:
            try:
                with default_storage.open(rendition["name"], "rb") as handle:
                    content = handle.read()
            except FileNotFoundError:
                logger.warning("Rendition %s of story %s is missing", rendition["name"], pk)
                continue
            name = images.store_rendition(story, rendition.get("crop", rendition["width"]), content)
            renamed.append({**rendition, "name": name})
        Article.objects.filter(pk=pk).update(lead_image_renditions=renamed, image_urls_owed_at=None)
        # Last: a file that cannot be deleted rolls the rest back, copies included, and a retry starts afresh.
        for rendition in old:
            default_storage.delete(rendition["name"])
    return renamed


def folder(pk):
    """Where a story's renditions are, for the operator who reads the log."""
    try:
        return default_storage.path(f"renditions/{pk}")
    except NotImplementedError:  # a storage without local paths (object storage)
        return f"renditions/{pk}/ in the media storage"
