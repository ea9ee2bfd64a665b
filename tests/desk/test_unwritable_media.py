"""A media folder the site cannot write to (wrong owner, full disk, read-only mount): a takedown still takes the
story off the site, and says its picture's old address still answers; an upload comes back with what was typed."""

import datetime
import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.desk.test_images import ALT, CREDIT, form_errors, picture, post_image, stored_files, upload
from tests.desk_forms import change_url, new_story_form, story_form, user_in
from tests.factories import make_article
from tests.ingest.test_import_ninjs import write_item
from tests.unwritable import unwritable

# Real commits: the picture is moved once the takedown commits, and the editor told on the page that follows.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NEWSROOM_SERVE_MEDIA = True
    return settings.MEDIA_ROOT


@pytest.fixture
def publisher_client(client):
    client.force_login(user_in("Publishers"))
    return client


def live_story_with_picture(client, article=None):
    article = article or make_article()
    response = post_image(client, article, upload("handshake.jpg", picture(700, 400)))
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.lead_image_renditions
    return article


def served(client, renditions):
    return {client.get(f"/media/{rendition['name']}").status_code for rendition in renditions}


def takedown(client, article, how):
    """Take the story off the site as an editor does, and return the page they land on."""
    if how == "unpublish button":
        url = reverse("admin:articles_article_transition", args=[article.pk, "unpublish"])
        return client.post(url, {"base_version": article.version}, follow=True)
    if how == "bulk unpublish":
        data = {"action": "unpublish_selected", "_selected_action": [article.pk]}
        return client.post(reverse("admin:articles_article_changelist"), data, follow=True)
    image = {"lead_image_alt": ALT, "lead_image_credit": CREDIT}
    if how == "archive button":
        return client.post(change_url(article), story_form(article, _transition="archive", **image), follow=True)
    until = timezone.localtime(timezone.now() + datetime.timedelta(days=1))
    form = story_form(article, _embargo="set", embargo_until_new=until.strftime("%Y-%m-%d %H:%M"), **image)
    return client.post(change_url(article), form, follow=True)


def messages_on(page):
    return [str(message) for message in page.context["messages"]]


@pytest.mark.parametrize("how", ["unpublish button", "bulk unpublish", "archive button", "embargo"])
def test_a_takedown_the_media_folder_refuses_still_takes_the_story_off_the_site_and_says_so(
    publisher_client, client, media, caplog, how
):
    article = live_story_with_picture(publisher_client)
    public = article.lead_image_renditions
    caplog.set_level(logging.ERROR)
    with unwritable(media / "renditions" / str(article.pk)) as folder:
        page = takedown(publisher_client, article, how)
        assert page.status_code == 200
        article.refresh_from_db()
        assert not article.is_live
        reader = client.get(article.get_absolute_url())
        assert reader.status_code in (404, 410)  # 410 once taken down; a story held by an embargo was never gone
        assert client.get(f"/api/v1/stories/{article.pk}/").json()["pubstatus"] == "canceled"
        # Honest: the picture's old address answers until an operator fixes the folder.
        assert served(client, public) == {200} and article.lead_image_renditions == public
        [told] = [message for message in messages_on(page) if "old address still answers" in message]
        assert article.headline in told and f"retire_image_urls {article.pk}" in told
        [logged] = [record for record in caplog.records if record.levelno == logging.ERROR]
        assert str(article.pk) in logged.getMessage() and str(folder) in logged.getMessage()

    out = StringIO()
    call_command("retire_image_urls", str(article.pk), stdout=out)
    assert "answer no more" in out.getvalue()
    article.refresh_from_db()
    assert served(client, public) == {404} and served(client, article.lead_image_renditions) == {200}


def test_a_takedown_with_a_working_media_folder_says_nothing_of_pictures(publisher_client, client, caplog):
    article = live_story_with_picture(publisher_client)
    public = article.lead_image_renditions
    page = takedown(publisher_client, article, "unpublish button")
    assert not any("old address" in message for message in messages_on(page))
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    article.refresh_from_db()
    assert served(client, public) == {404} and served(client, article.lead_image_renditions) == {200}


@pytest.mark.parametrize("wire_says", ["canceled", "embargoed"])
def test_a_takedown_from_the_wire_the_media_folder_refuses_is_imported_and_reported(
    publisher_client, client, media, tmp_path, caplog, wire_says
):
    wire = tmp_path / "wire"
    wire.mkdir()
    write_item(wire)
    call_command("import_seeds", str(wire), stdout=StringIO(), stderr=StringIO())
    article = live_story_with_picture(publisher_client, Article.objects.get())
    if wire_says == "canceled":
        write_item(wire, version="2", pubstatus="canceled")
    else:
        write_item(wire, version="2", embargoed=(timezone.now() + datetime.timedelta(hours=2)).isoformat())
    caplog.set_level(logging.ERROR)
    out, err = StringIO(), StringIO()
    with unwritable(media / "renditions" / str(article.pk)):
        call_command("import_seeds", str(wire), stdout=out, stderr=err)
    assert "1 updated" in out.getvalue()
    done = "unpublished: canceled on the wire" if wire_says == "canceled" else "under embargo until"
    assert done in err.getvalue() and "old address still answers" in err.getvalue()
    article.refresh_from_db()
    assert not article.is_live
    assert client.get(article.get_absolute_url()).status_code in (404, 410)
    assert any(str(article.pk) in record.getMessage() for record in caplog.records if record.levelno == logging.ERROR)


def test_an_upload_the_media_folder_refuses_comes_back_with_what_was_typed(publisher_client, media, caplog):
    article = make_article(status=Article.Status.DRAFT, published_at=None, headline="Before")
    caplog.set_level(logging.ERROR)
    with unwritable(media):
        form = story_form(
            article,
            headline="Talks resume in Baku",
            body="What the editor typed.",
            lead_image=upload("handshake.jpg", picture(700, 400)),
            lead_image_alt="Ministers in Baku",
            lead_image_credit=CREDIT,
        )
        response = publisher_client.post(change_url(article), form)
    assert response.status_code == 200
    [error] = form_errors(response)["lead_image"]
    assert error.startswith("The picture could not be stored:") and "ask an operator" in error.lower()
    page = response.content.decode()
    assert "Talks resume in Baku" in page and "What the editor typed." in page and "Ministers in Baku" in page
    article.refresh_from_db()
    assert article.headline == "Before" and not article.lead_image and stored_files(media) == []
    assert any(str(article.pk) in record.getMessage() for record in caplog.records if record.levelno == logging.ERROR)


def test_a_new_picture_for_a_live_story_the_media_folder_refuses_comes_back_with_what_was_typed(
    publisher_client, media, caplog
):
    article = make_article(headline="Live headline")
    caplog.set_level(logging.ERROR)
    with unwritable(media):
        response = post_image(
            publisher_client,
            article,
            upload("handshake.jpg", picture(700, 400)),
            headline="A new headline",
            _transition="",
        )
    assert response.status_code == 200
    [error] = form_errors(response)["lead_image"]
    assert error.startswith("The picture could not be stored:")
    assert "A new headline" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "Live headline" and article.pending is None and stored_files(media) == []
    assert [record for record in caplog.records if record.levelno == logging.ERROR]


def test_a_new_story_whose_picture_the_media_folder_refuses_is_not_created(publisher_client, media):
    with unwritable(media):
        form = new_story_form(
            headline="A brand new story",
            lead_image=upload("handshake.jpg", picture(700, 400)),
            lead_image_alt="Ministers in Baku",
            lead_image_credit=CREDIT,
        )
        response = publisher_client.post(reverse("admin:articles_article_add"), form)
    assert response.status_code == 200
    assert form_errors(response)["lead_image"][0].startswith("The picture could not be stored:")
    assert "A brand new story" in response.content.decode() and not Article.objects.exists()
