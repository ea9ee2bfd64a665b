"""In a real browser: a publisher unpublishes a story whose picture the media folder will not let go of; the story
leaves the site and the page they land on says what still answers, and what to ask for."""

import os

import pytest
from django.db import connections

from articles.models import Article
from tests.browser import browser_page, needs_chromium
from tests.desk.test_browser_desk import log_in, status_of
from tests.desk.test_images import picture, post_image, upload
from tests.desk_forms import user_in
from tests.factories import make_article
from tests.unwritable import unwritable

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


def test_a_publisher_unpublishes_a_story_whose_picture_cannot_be_moved_and_is_told_so(
    live_server, settings, tmp_path, client
):
    settings.MEDIA_ROOT, settings.NEWSROOM_SERVE_MEDIA = tmp_path / "media", True
    client.force_login(user_in("Publishers", "paul"))
    story = make_article(headline="Court orders the story down")
    post_image(client, story, upload("handshake.jpg", picture(700, 400)))
    story.refresh_from_db()
    base, picture_url = live_server.url, f"{live_server.url}/media/{story.lead_image_renditions[0]['name']}"

    with unwritable(settings.MEDIA_ROOT / "renditions" / str(story.pk)), browser_page() as page:
        log_in(page, base, "paul")
        page.goto(f"{base}/admin/articles/article/{story.pk}/change/")
        page.click("button[name=_transition][value=unpublish]")
        notice = page.locator(".messagelist .error")
        notice.wait_for()
        text = notice.inner_text()
        assert "is off the site" in text and "old address still answers" in text
        assert f"retire_image_urls {story.pk}" in text
        assert page.console_errors == []
        connections.close_all()
        assert status_of(base + story.get_absolute_url()) == 410
        assert status_of(picture_url) == 200  # as the message says, until an operator fixes the folder

    assert Article.objects.get(pk=story.pk).status == Article.Status.UNPUBLISHED
