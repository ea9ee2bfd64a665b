"""Helpers for tests of the editors' desk: users in roles, and the story form as a browser posts it."""

from django.contrib.auth.models import Group, User
from django.urls import reverse

from articles.desk import revisions
from articles.models import TAG_KINDS, Article


def user_in(role, username=None):
    """A staff account in one of the desk's groups: "Reporters", "Editors" or "Publishers"."""
    user = User.objects.create_user(username or role.lower().rstrip("s"), password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def desk_copy(article):
    """The story as the desk edits it, read afresh: a published story's pending changes over its live copy."""
    return revisions.current_state(Article.objects.get(pk=article.pk))


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def transition_url(article, action):
    return reverse("admin:articles_article_transition", args=[article.pk, action])


def story_form(article, **changes):
    """The change form's fields as they stand (with a live story's pending changes, as the form shows them), with
    `changes`; tags as lists of ids, like the browser sends."""
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "dateline": article.dateline,
        "credit": article.credit,
        "body": article.body,
        "correction": article.correction,
        "assignee": article.assignee_id or "",
        "base_version": article.version,
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
    }
    for kind in TAG_KINDS:
        data[kind] = [tag.pk for tag in getattr(article, kind).all()]
    for name, value in article.pending_changes.items():
        if name in TAG_KINDS:
            data[name] = [tag_id for tag_id, _name, _slug in value]
        elif name in data:
            data[name] = value
    data.update(changes)
    return data


def new_story_form(**changes):
    data = {
        "headline": "A new story",
        "slug": "a-new-story",
        "standfirst": "What it is about.",
        "dateline": "BAKU",
        "credit": "Newsroom",
        "body": "First paragraph.\n\nSecond paragraph.",
        "correction": "",
        "assignee": "",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def restore_url(article, version):
    """The confirmation page of a restore (GET), which posts the restore to itself."""
    return reverse("admin:articles_article_restore", args=[article.pk, version.pk])


def restore_confirmed(article):
    """What the restore's confirmation page posts, opened now: its "yes" and the story's version it showed."""
    return {"post": "yes", "base_version": Article.objects.get(pk=article.pk).version}
