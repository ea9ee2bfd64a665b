from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from . import revisions, roles

        revisions.register_models()
        post_migrate.connect(roles.ensure_roles, sender=self)
