"""The permission matrix: anonymous users and each role against every admin page."""

import pytest
from django.urls import reverse

from articles.desk import revisions
from articles.models import Article, TopicTag
from tests.desk_forms import user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status
OK, LOGIN, HIDDEN, FORBIDDEN, NOT_FOUND = 200, "login", "hidden", 403, 404


def pages(own, other, tag):
    """(name, url) of every admin page a desk member might open, about their own story or another's."""
    version = revisions.history(own)[0].pk
    other_version = revisions.history(other)[0].pk
    return {
        "index": reverse("admin:index"),
        "story list": reverse("admin:articles_article_changelist"),
        "new story": reverse("admin:articles_article_add"),
        "own story": reverse("admin:articles_article_change", args=[own.pk]),
        "other's story": reverse("admin:articles_article_change", args=[other.pk]),
        "own history": reverse("admin:articles_article_history", args=[own.pk]),
        "other's history": reverse("admin:articles_article_history", args=[other.pk]),
        "own revisions": reverse("admin:articles_article_revisions", args=[own.pk]) + f"?a={version}&b={version}",
        "other's revisions": reverse("admin:articles_article_revisions", args=[other.pk]) + f"?a={other_version}",
        "own preview": reverse("admin:articles_article_preview", args=[own.pk]),
        "other's preview": reverse("admin:articles_article_preview", args=[other.pk]),
        "delete own story": reverse("admin:articles_article_delete", args=[own.pk]),
        "topic list": reverse("admin:articles_topictag_changelist"),
        "new topic": reverse("admin:articles_topictag_add"),
        "change topic": reverse("admin:articles_topictag_change", args=[tag.pk]),
        "delete topic in use": reverse("admin:articles_topictag_delete", args=[tag.pk]),
        "tag autocomplete": reverse("admin:autocomplete")
        + "?app_label=articles&model_name=article&field_name=topics&term=tr",
        "users": reverse("admin:auth_user_changelist"),
        "groups": reverse("admin:auth_group_changelist"),
    }


EXPECTED = {
    # page: (anonymous, reporter, editor, publisher)
    "index": (LOGIN, OK, OK, OK),
    "story list": (LOGIN, OK, OK, OK),
    "new story": (LOGIN, OK, OK, OK),
    "own story": (LOGIN, OK, OK, OK),
    "other's story": (LOGIN, HIDDEN, OK, OK),
    "own history": (LOGIN, OK, OK, OK),
    "other's history": (LOGIN, HIDDEN, OK, OK),
    "own revisions": (LOGIN, OK, OK, OK),
    "other's revisions": (LOGIN, NOT_FOUND, OK, OK),
    "own preview": (LOGIN, OK, OK, OK),
    "other's preview": (LOGIN, NOT_FOUND, OK, OK),
    "delete own story": (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "topic list": (LOGIN, OK, OK, OK),
    "new topic": (LOGIN, FORBIDDEN, OK, OK),
    "change topic": (LOGIN, OK, OK, OK),  # a reporter gets the read-only view
    "delete topic in use": (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "tag autocomplete": (LOGIN, OK, OK, OK),
    "users": (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "groups": (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
}
ROLES = [None, "Reporters", "Editors", "Publishers"]


@pytest.mark.parametrize("page", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, role, page):
    reporter, other_reporter = user_in("Reporters", "rita"), user_in("Reporters", "otto")
    user = None if role is None else reporter if role == "Reporters" else user_in(role)
    own = make_article(status=S.DRAFT, author=reporter, topics=["Trade"])
    other = make_article(status=S.DRAFT, author=other_reporter)
    if user is not None:
        client.force_login(user)

    response = client.get(pages(own, other, TopicTag.objects.get(name="Trade"))[page])

    expected = EXPECTED[page][ROLES.index(role)]
    if expected == LOGIN:
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif expected == HIDDEN:
        # The admin answers as if the story did not exist.
        assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    else:
        assert response.status_code == expected, (role, page)


def test_a_reporters_story_list_holds_only_their_own_stories(client):
    rita, otto = user_in("Reporters", "rita"), user_in("Reporters", "otto")
    make_article(headline="Rita's scoop", author=rita, status=S.DRAFT)
    make_article(headline="Otto's scoop", author=otto, status=S.DRAFT)
    client.force_login(rita)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Rita&#x27;s scoop" in page and "Otto" not in page
