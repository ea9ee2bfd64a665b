"""The desk's roles, as groups with permissions; `migrate` creates and updates them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

TAG_MODELS = ("countrytag", "ministrytag", "topictag", "registeredministry")

REPORTER = [
    "articles.add_article",
    "articles.change_article",  # their own drafts only: see ArticleAdmin.has_change_permission
    "articles.view_article",
    "articles.submit_article",
    "articles.add_editorialnote",
    "articles.view_editorialnote",
    *(f"articles.view_{model}" for model in TAG_MODELS),
]
EDITOR = [
    *REPORTER,
    "articles.review_article",
    # Not delete: a tag in use is merged into another (stories move, its page redirects), never dropped.
    *(f"articles.{action}_{model}" for model in TAG_MODELS for action in ("add", "change")),
]
# Publishers also give partners their API keys, and revoke them.
PARTNER_KEYS = ["articles.add_partnerkey", "articles.change_partnerkey", "articles.view_partnerkey"]
PUBLISHER = [*EDITOR, "articles.publish_article", *PARTNER_KEYS, "articles.view_partnerkeyuse"]

ROLES = {"Reporters": REPORTER, "Editors": EDITOR, "Publishers": PUBLISHER}


def ensure_roles(**kwargs):
    """Create the groups, and give each exactly its role's permissions (idempotent)."""
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in (perm.split(".") for perm in codenames)
        ]
        group.permissions.set(permissions)
    # Django named a story's own permissions when the model was still called "article"; the desk says "story".
    for action in ("add", "change", "delete", "view"):
        Permission.objects.filter(content_type__app_label="articles", codename=f"{action}_article").update(
            name=f"Can {action} story"
        )


def desk_members():
    """The people a story can be assigned to: active staff in one of the roles, and superusers."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name__in=ROLES) | Q(is_superuser=True), is_active=True, is_staff=True)
        .distinct()
        .order_by("username")
    )
