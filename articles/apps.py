from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_migrate, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from . import checks, models  # noqa: F401  (checks registers the deploy checks)
        from .desk import admin, images, revisions, roles  # noqa: F401  (admin registers the desk's model admins)
        from .site import search, story_tags

        # SQLite's search index spells the stories' text with a Python function (migration 0024).
        connection_created.connect(search.add_spelling_function, dispatch_uid="search-spelling-function")
        # Tags first: a story's copy of its tags is reloaded before django-reversion's receiver serializes it.
        story_tags.connect()
        revisions.register_models()
        post_migrate.connect(roles.ensure_roles, sender=self)
        # Any saved or deleted story, tag, tag link or tag redirect makes every cached page stale.
        for model in (
            models.Article,
            *models.TAG_THROUGH.values(),
            models.CountryTag,
            models.MinistryTag,
            models.TopicTag,
            models.TagRedirect,
        ):
            post_save.connect(_changed, sender=model, dispatch_uid=f"page-cache-{model.__name__}-save")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"page-cache-{model.__name__}-delete")
        post_delete.connect(images.delete_files_of_deleted_story, sender=models.Article, dispatch_uid="story-images")


def _changed(**kwargs):
    from .site import page_cache

    page_cache.bump()
