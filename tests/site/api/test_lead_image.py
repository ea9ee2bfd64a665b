"""A story's lead image as a partner receives it: the associated picture (where ninjs agencies such as TT put a
story's photo) carries the renditions, each with a name unique in the item that says what it is and the media
type of the file it points to; the text item has none of its own."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from tests.desk.test_images import picture, post_image, upload
from tests.factories import make_article
from tests.ninjs_specs import schema_errors

from .helpers import bearer, every_item, item_url, partner_key

pytestmark = pytest.mark.django_db
# Every size pages use and the three crops made for search engines, by width: the crops all 1200 pixels wide, so
# named by their width alone (as they once were) they would all be "1200w".
NAMES = [
    "320w-webp",
    "640w-webp",
    "960w-webp",
    "16x9-1200w-webp",
    "4x3-1200w-webp",
    "1x1-1200w-webp",
    "1280w-webp",
    "1920w-webp",
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pictured_story(admin_client):
    """A live story whose lead image a publisher uploaded in the desk: a 2400 x 1600 JPEG."""
    story = make_article()
    response = post_image(admin_client, story, upload("signing.jpg", picture(2400, 1600)))
    assert response.status_code == 302, response.content
    return story


def test_the_picture_association_carries_renditions_named_uniquely_with_their_files_media_type(admin_client, client):
    story = pictured_story(admin_client)
    _record, key = partner_key()
    item = client.get(item_url(story), **bearer(key)).json()
    assert schema_errors(item) == []
    assert "renditions" not in item
    [leadimage] = item["associations"]
    assert (leadimage["name"], leadimage["type"]) == ("leadimage", "picture")
    assert leadimage["uri"] == f"{item['uri']}:leadimage" and leadimage["by"] == "Trend / Ali Aliyev"
    renditions = leadimage["renditions"]
    assert [r["name"] for r in renditions] == NAMES
    for rendition in renditions:
        # What a partner downloads is what the rendition says: its format and its size.
        path = rendition["href"].removeprefix("http://testserver/media/")
        with Image.open(io.BytesIO(default_storage.open(path).read())) as image:
            assert Image.MIME[image.format] == rendition["contenttype"] == "image/webp", rendition
            assert image.size == (rendition["width"], rendition["height"]), rendition


def test_a_list_and_a_reader_get_the_same_picture(admin_client, client):
    story = pictured_story(admin_client)
    whole = client.get(item_url(story)).json()
    [listed] = [item for item in every_item(client) if item["uri"] == whole["uri"]]
    assert listed["associations"] == whole["associations"] and "renditions" not in listed
    assert [r["name"] for r in whole["associations"][0]["renditions"]] == NAMES


def test_renditions_of_one_width_in_other_formats_are_named_and_typed_by_format(client):
    # Renditions made today are WebP only; a stored list holding others (a JPEG or PNG beside a WebP of the same
    # width) still gives each a name of its own and its format's media type.
    story = make_article(
        lead_image_renditions=[
            {"width": 1200, "height": 800, "name": "renditions/7/0123456789ab-1200.webp"},
            {"width": 1200, "height": 800, "name": "renditions/7/0123456789ab-1200.jpg"},
            {"width": 1200, "height": 800, "name": "renditions/7/0123456789ab-1200.PNG"},
            {"width": 1200, "height": 800, "name": "renditions/7/fedcba987654-1200.webp"},
        ],
        lead_image_alt="The signing",
    )
    item = client.get(item_url(story)).json()
    assert schema_errors(item) == []
    renditions = item["associations"][0]["renditions"]
    assert [(r["name"], r["contenttype"]) for r in renditions] == [
        ("1200w-webp", "image/webp"),
        ("1200w-jpeg", "image/jpeg"),
        ("1200w-png", "image/png"),
        ("1200w-webp-2", "image/webp"),
    ]


def test_a_story_without_an_image_has_no_picture_and_no_renditions(client):
    item = client.get(item_url(make_article())).json()
    assert not {"associations", "renditions"} & set(item)


def test_the_openapi_description_says_where_the_renditions_are(client):
    description = client.get("/api/v1/openapi.json").json()
    story = description["paths"]["/api/v1/stories/{story_id}/"]["get"]["description"]
    assert "associations (name leadimage)" in story and "the text item has none of its own" in story
