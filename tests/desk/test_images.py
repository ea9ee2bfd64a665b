"""Lead images: uploads are checked, renditions made, pages reserve their space, media is cached for good."""

import datetime
import io
import json
import re
import struct
import zipfile
import zlib

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import resolve, reverse
from django.utils import timezone
from PIL import ExifTags, Image, ImageChops, ImageCms, ImageFile, ImageStat, PngImagePlugin

from articles.desk import images
from articles.desk.workflow import set_embargo, transition
from articles.models import Article
from tests.desk_forms import change_url, new_story_form, story_form, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db

ALT = "Ministers shake hands in Baku"
CREDIT = "Trend / Ali Aliyev"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def picture(width=1200, height=800, format="JPEG", mode="RGB", **options):
    """An image file's bytes: a left half red, a right half blue, to see which way up it ends."""
    image = Image.new(mode, (width, height), "red")
    image.paste("blue", (width // 2, 0, width, height))
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def with_orientation(orientation):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    return exif


def png_bomb(width, height):
    """A real 1-bit PNG of `width` x `height` black pixels: tiny on disk, huge once decoded."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    pixels = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the row's bits
    idat = b"".join(pixels.compress(row * 1000) for _ in range(height // 1000)) + pixels.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return buffer.getvalue()


MARKUP = b"<html><script>alert(1)</script></html>"


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_with_chunks(*chunks):
    """A valid PNG with `chunks` after its pixels, just before IEND (past the first kilobyte, sniffed apart)."""
    data = picture(format="PNG")
    iend = data.rindex(b"IEND") - 4
    filler = png_chunk(b"tEXt", b"Comment\x00" + b"x" * 2000)
    return data[:iend] + filler + b"".join(png_chunk(kind, body) for kind, body in chunks) + data[iend:]


def webp_with_chunk(kind, body):
    """A valid WebP with one more chunk inside its RIFF container, the RIFF size counting it."""
    data = picture(format="WEBP")
    riff = data[8:] + kind + struct.pack("<I", len(body)) + body + b"\x00" * (len(body) % 2)
    return b"RIFF" + struct.pack("<I", len(riff)) + riff


def jpeg_segment(marker, body):
    return b"\xff" + marker + struct.pack(">H", len(body) + 2) + body


def phone_jpeg():
    """A phone's JPEG: a second image (an HDR gain map) after the first, indexed in an MPF segment (MPO)."""
    return picture(800, 500, "MPO", save_all=True, append_images=[Image.new("L", (200, 125))])


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def post_image(client, article, file=None, **changes):
    # A publisher's "Save and publish changes": the stories here are live (pending images: test_pending_changes.py).
    fields = {"lead_image_alt": ALT, "lead_image_credit": CREDIT, "_transition": "publish_changes", **changes}
    if file is not None:
        fields["lead_image"] = file
    return client.post(change_url(article), story_form(article, **fields))


def form_errors(response):
    return response.context["adminform"].form.errors


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_a_jpeg_with_alt_text_and_credit_gets_webp_renditions(admin_client, media):
    article = make_article()
    response = post_image(admin_client, article, upload("handshake.jpg", picture(1000, 600)))
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.lead_image.name.startswith("lead/") and article.lead_image.name.endswith(".jpg")
    assert (article.lead_image_width, article.lead_image_height) == (1000, 600)
    assert (article.lead_image_alt, article.lead_image_credit) == (ALT, CREDIT)
    sizes = images.page_sizes(article.lead_image_renditions)
    assert [(r["width"], r["height"]) for r in sizes] == [(320, 192), (640, 384), (960, 576)]
    # And the crops search engines ask for, from the middle, at most 1,200 pixels wide.
    crops = images.crops(article.lead_image_renditions)
    assert {label: (r["width"], r["height"]) for label, r in crops.items()} == {
        "16x9": (1000, 562),
        "4x3": (800, 600),
        "1x1": (600, 600),
    }
    for rendition in sizes:
        assert re.fullmatch(rf"renditions/{article.pk}/[0-9a-f]{{12}}-{rendition['width']}\.webp", rendition["name"])
    for label, rendition in crops.items():
        assert re.fullmatch(rf"renditions/{article.pk}/[0-9a-f]{{12}}-{label}\.webp", rendition["name"])
    for rendition in article.lead_image_renditions:
        with default_storage.open(rendition["name"]) as file, Image.open(file) as stored:
            assert stored.format == "WEBP"
            assert stored.size == (rendition["width"], rendition["height"])
            assert "exif" not in stored.info and "icc_profile" not in stored.info
    # One save, one version: making renditions is not an edit.
    assert article.version == 2


@pytest.mark.parametrize(
    ("width", "widths"),
    [(320, [320]), (700, [320, 640]), (2400, [320, 640, 960, 1280, 1920])],
)
def test_renditions_are_never_wider_than_the_original(admin_client, width, widths):
    article = make_article()
    post_image(admin_client, article, upload("wide.jpg", picture(width, 400)))
    article.refresh_from_db()
    assert [r["width"] for r in images.page_sizes(article.lead_image_renditions)] == widths


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("transparent.png", picture(800, 500, "PNG", mode="RGBA")),
        ("photo.webp", picture(800, 500, "WEBP")),
        ("photo.jpeg", picture(800, 500, "JPEG", mode="CMYK")),
        (
            "profiled.jpg",
            picture(800, 500, icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()),
        ),
        # Phones keep an HDR gain map as a second image after the first (MPO); only the first is used.
        ("phone.jpg", phone_jpeg()),
    ],
)
def test_png_webp_and_phone_jpegs_are_accepted(admin_client, name, data):
    article = make_article()
    response = post_image(admin_client, article, upload(name, data))
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert [r["width"] for r in images.page_sizes(article.lead_image_renditions)] == [320, 640]


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("lead_image_alt", "Describe the image for readers who cannot see it."),
        ("lead_image_credit", "Credit the image: who took or supplied it."),
    ],
)
def test_an_image_needs_alt_text_and_a_credit(admin_client, media, missing, message):
    article = make_article()
    response = post_image(admin_client, article, upload("handshake.jpg", picture()), **{missing: "  "})
    assert response.status_code == 200
    assert form_errors(response)[missing] == [message]
    assert message in response.content.decode()
    article.refresh_from_db()
    assert not article.lead_image and article.lead_image_renditions == [] and article.version == 1
    assert stored_files(media) == []


@pytest.mark.parametrize("missing", ["lead_image_alt", "lead_image_credit"])
def test_an_upload_refused_for_its_alt_text_or_credit_says_to_choose_the_file_again(admin_client, media, missing):
    # Browsers never send a file again with a form that comes back: the editor must be told, by the field.
    article = make_article()
    response = post_image(admin_client, article, upload("handshake.jpg", picture()), **{missing: ""})
    again = "The image handshake.jpg was not saved with the rest of the form: choose the file again."
    assert form_errors(response)["lead_image"] == [again]
    assert again in response.content.decode()


def test_a_form_refused_for_another_reason_without_an_upload_says_nothing_of_images(admin_client):
    article = make_article()
    response = admin_client.post(change_url(article), story_form(article, headline=""))
    assert "headline" in form_errors(response) and "lead_image" not in form_errors(response)


def test_an_image_already_there_still_needs_alt_text(admin_client):
    article = make_article()
    post_image(admin_client, article, upload("handshake.jpg", picture()))
    article.refresh_from_db()
    response = post_image(admin_client, article, lead_image_alt="")
    assert "lead_image_alt" in form_errors(response)
    article.refresh_from_db()
    assert article.lead_image_alt == ALT


def test_a_new_story_is_created_with_its_image(admin_client):
    form = new_story_form(lead_image=upload("handshake.jpg", picture(700, 400)), lead_image_alt=ALT)
    response = admin_client.post(reverse("admin:articles_article_add"), {**form, "lead_image_credit": CREDIT})
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get(slug="a-new-story")
    assert [r["width"] for r in images.page_sizes(article.lead_image_renditions)] == [320, 640]


def test_a_story_without_an_image_needs_neither(admin_client):
    article = make_article()
    response = post_image(admin_client, article, lead_image_alt="", lead_image_credit="", headline="New headline")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "New headline"


def jpeg_with_zip():
    return picture() + zip_bytes()


HOSTILE = [
    pytest.param(
        "photo.jpg", b"Just some text, not a picture.\n" * 40, "not a JPEG, PNG or WebP image", id="text-as-jpg"
    ),
    pytest.param("photo.jpg", picture(format="PNG"), "named .jpg but it is a PNG image", id="png-as-jpg"),
    pytest.param(
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" width="900"><script>alert(1)</script></svg>',
        "Upload a JPEG, PNG or WebP image",
        id="svg",
    ),
    pytest.param(
        "photo.png", b'<?xml version="1.0"?><svg onload="alert(1)"/>', "web page or script code", id="svg-as-png"
    ),
    pytest.param("animation.gif", picture(format="GIF"), "Upload a JPEG, PNG or WebP image", id="gif"),
    pytest.param("animation.jpg", picture(format="GIF"), "This is a GIF file", id="gif-as-jpg"),
    pytest.param("page.html", b"<html><body>Hello</body></html>", "Upload a JPEG, PNG or WebP image", id="html"),
    pytest.param("photo.png", b"<html><script>alert(1)</script></html>", "web page or script code", id="html-as-png"),
    pytest.param(
        "photo.jpg", picture(comment=b"<script>alert(1)</script>"), "web page or script code", id="script-in-jpeg"
    ),
    pytest.param("photo.jpg", picture()[:4000], "damaged or incomplete", id="truncated-jpeg"),
    pytest.param("photo.jpg", jpeg_with_zip(), "hides other data after the end of the image", id="jpeg-with-zip"),
    pytest.param(
        "photo.png", picture(format="PNG") + b"<html>hi</html>", "hides other data after the end", id="png-with-html"
    ),
    pytest.param(
        "photo.webp", picture(format="WEBP") + zip_bytes(), "hides other data after the end", id="webp-with-zip"
    ),
    # Polyglots: markup inside the image's own structure, past the first kilobyte that is sniffed.
    pytest.param(
        "photo.png",
        png_with_chunks((b"tEXt", b"Comment\x00" + MARKUP)),
        "web page or script code",
        id="png-text-markup",
    ),
    pytest.param("photo.png", png_with_chunks((b"htMl", MARKUP)), "web page or script code", id="png-private-chunk"),
    pytest.param(
        "photo.jpg",
        picture(exif=b"Exif\x00\x00" + b"\x00" * 3000, comment=MARKUP),
        "web page or script code",
        id="jpeg-comment-after-exif",
    ),
    pytest.param("photo.webp", webp_with_chunk(b"XTRA", MARKUP), "web page or script code", id="webp-riff-chunk"),
    # A phone JPEG's MPF index names two images: a third, holding markup, is not part of the picture.
    pytest.param(
        "phone.jpg",
        phone_jpeg() + b"\xff\xd8" + jpeg_segment(b"\xfe", MARKUP) + b"\xff\xd9",
        "hides other data after the end",
        id="mpo-with-a-jpeg-of-markup",
    ),
    pytest.param("small.jpg", picture(200, 300), "200 pixels wide; a lead image needs at least 320", id="too-narrow"),
    pytest.param(
        "huge.png", png_bomb(7000, 7000), "7000 × 7000 pixels; the limit is 40 megapixels", id="too-many-pixels"
    ),
    pytest.param("bomb.png", png_bomb(30000, 30000), "far too many pixels", id="decompression-bomb"),
]


@pytest.mark.parametrize(("name", "data", "message"), HOSTILE)
def test_a_hostile_upload_is_refused_with_its_reason_and_nothing_is_saved(
    admin_client, media, monkeypatch, name, data, message
):
    article = make_article()
    if name in ("huge.png", "bomb.png"):
        # Refused from the header alone: the pixels are never decoded.
        monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("decoded a bomb"))
    response = post_image(admin_client, article, upload(name, data), headline="Changed with the upload")
    assert response.status_code == 200
    [error] = form_errors(response)["lead_image"]
    assert message in error
    article.refresh_from_db()
    assert article.headline != "Changed with the upload"
    assert not article.lead_image and article.lead_image_renditions == []
    assert stored_files(media) == []


@pytest.fixture
def editor_client(client):
    client.force_login(user_in("Editors"))
    return client


def tall_png(width, height):
    return picture(width, height, "PNG", mode="L", optimize=False)


def test_a_very_tall_image_is_refused_with_a_clear_message_and_nothing_is_left(editor_client, media):
    """320 x 100,000: the pixels are allowed, but WebP renditions stop at 16,383 pixels a side."""
    article = make_article()
    response = post_image(editor_client, article, upload("scroll.png", tall_png(320, 100_000)), headline="Changed")
    assert response.status_code == 200
    [error] = form_errors(response)["lead_image"]
    assert "320 × 100000 pixels" in error and "8 times as tall as it is wide" in error
    assert error in response.content.decode()
    article.refresh_from_db()
    assert article.headline != "Changed" and not article.lead_image and article.version == 1
    assert stored_files(media) == []


def test_an_image_eight_times_as_tall_as_wide_is_accepted(editor_client):
    article = make_article()
    response = post_image(editor_client, article, upload("tall.png", tall_png(400, 3200)))
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    image = article.pending_changes["lead_image"]  # an editor's, on a live story: it waits for a publisher
    assert [(r["width"], r["height"]) for r in images.page_sizes(image["renditions"])] == [(320, 2560)]


def test_renditions_that_cannot_be_made_leave_a_form_error_and_no_files(editor_client, media, monkeypatch):
    """Past the checks, the original stored, the renditions fail: what was written goes, the form says why."""
    monkeypatch.setattr(images, "MAX_TALLNESS", 1000, raising=False)  # past the check, to the WebP encoder
    article = make_article()
    response = post_image(editor_client, article, upload("scroll.png", tall_png(320, 17_000)), headline="Changed")
    assert response.status_code == 200
    [error] = form_errors(response)["lead_image"]
    assert error.startswith("Nothing was saved: the sizes of the image that pages show could not be made")
    assert "16383" in error
    assert error in response.content.decode()
    # The rest of the form is as the editor left it.
    assert response.context["adminform"].form["headline"].value() == "Changed"
    article.refresh_from_db()
    assert article.headline != "Changed" and not article.lead_image and article.version == 1
    assert stored_files(media) == []


def test_a_failure_between_two_renditions_removes_the_first(editor_client, media, monkeypatch):
    saved = []
    real_save = default_storage.save

    def save_twice_then_fail(name, content, **kwargs):
        if name.startswith("renditions/") and len(saved) == 2:
            raise OSError(28, "No space left on device")
        saved.append(name)
        return real_save(name, content, **kwargs)

    monkeypatch.setattr(default_storage, "save", save_twice_then_fail)
    article = make_article()
    response = post_image(editor_client, article, upload("wide.jpg", picture(1000, 600)))
    [error] = form_errors(response)["lead_image"]
    assert "No space left on device" in error
    assert len(saved) == 2 and saved[0].startswith("lead/") and saved[1].startswith("renditions/")
    assert stored_files(media) == []


def test_a_save_that_fails_after_the_renditions_leaves_no_files(editor_client, media, monkeypatch):
    from articles.desk import presence

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(presence, "leave", broken)
    article = make_article()
    with pytest.raises(RuntimeError):
        post_image(editor_client, article, upload("wide.jpg", picture(1000, 600)))
    article.refresh_from_db()
    assert not article.lead_image and article.lead_image_renditions == []
    assert stored_files(media) == []


def test_a_new_story_whose_renditions_fail_is_not_created(editor_client, media, monkeypatch):
    monkeypatch.setattr(images, "MAX_TALLNESS", 1000, raising=False)
    form = new_story_form(lead_image=upload("scroll.png", tall_png(320, 17_000)), lead_image_alt=ALT)
    response = editor_client.post(reverse("admin:articles_article_add"), {**form, "lead_image_credit": CREDIT})
    assert response.status_code == 200
    assert "could not be made" in form_errors(response)["lead_image"][0]
    assert not Article.objects.filter(slug="a-new-story").exists()
    assert stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused(admin_client, settings, media):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 2000
    article = make_article()
    response = post_image(admin_client, article, upload("photo.jpg", picture()))
    [error] = form_errors(response)["lead_image"]
    assert error.startswith("The file is ") and "the limit is 2.0\xa0KB" in error
    assert stored_files(media) == []


def test_the_check_rewinds_the_file():
    file = upload("photo.jpg", picture())
    file.read(100)
    images.check_upload(file)
    assert file.tell() == 0


def test_exif_orientation_is_applied(admin_client):
    article = make_article()
    # Stored 800 x 400 with the left half red; orientation 6 shows it turned a quarter clockwise.
    post_image(admin_client, article, upload("sideways.jpg", picture(800, 400, exif=with_orientation(6))))
    article.refresh_from_db()
    [rendition] = images.page_sizes(article.lead_image_renditions)
    assert (rendition["width"], rendition["height"]) == (320, 640)
    with default_storage.open(rendition["name"]) as file, Image.open(file) as stored:
        stored = stored.convert("RGB")
        assert stored.getpixel((160, 20))[0] > 200  # top: what was the left, red
        assert stored.getpixel((160, 620))[2] > 200  # bottom: blue
        assert not stored.getexif()


def exif_with_secrets(orientation=1):
    exif = with_orientation(orientation)
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (40.0, 22.0, 1.5)}
    return exif


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>SecretTool</rdf:Description></rdf:RDF></x:xmpmeta>'
)
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
PNG_TEXT = PngImagePlugin.PngInfo()
PNG_TEXT.add_text("Location", "SecretPlace")
PNG_TEXT.add_itxt("XML:com.adobe.xmp", XMP.decode())


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", picture(800, 500, exif=exif_with_secrets(), xmp=XMP, comment=b"SecretNote", icc_profile=ICC)),
        (
            "phone.jpg",
            picture(
                800, 500, "MPO", exif=exif_with_secrets(), save_all=True, append_images=[Image.new("L", (200, 125))]
            ),
        ),
        ("photo.png", picture(800, 500, "PNG", exif=exif_with_secrets(), pnginfo=PNG_TEXT, icc_profile=ICC)),
        ("photo.webp", picture(800, 500, "WEBP", exif=exif_with_secrets(), xmp=XMP, icc_profile=ICC)),
    ],
)
def test_the_stored_original_keeps_no_metadata(admin_client, name, data):
    """GPS position, camera, XMP, comments, text chunks, colour profile: none of it is stored, in any format."""
    assert b"SecretCam" in data
    article = make_article()
    response = post_image(admin_client, article, upload(name, data))
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    with default_storage.open(article.lead_image.name) as file:
        stored = file.read()
    for secret in (b"SecretCam", b"SecretTool", b"SecretNote", b"SecretPlace", b"xmpmeta", b"Exif\x00", b"sRGB"):
        assert secret not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == {".jpg": "JPEG", ".png": "PNG", ".webp": "WEBP"}[name[name.rindex(".") :]]
        assert not image.getexif() and not {"exif", "xmp", "icc_profile", "comment", "Location"} & set(image.info)
        assert image.size == (800, 500)
        image = image.convert("RGB")
        assert image.getpixel((10, 10))[0] > 200 and image.getpixel((790, 10))[2] > 200  # red left, blue right


def test_the_stored_original_is_turned_upright(admin_client):
    article = make_article()
    post_image(admin_client, article, upload("sideways.jpg", picture(800, 400, exif=exif_with_secrets(6))))
    article.refresh_from_db()
    assert (article.lead_image_width, article.lead_image_height) == (400, 800)
    with default_storage.open(article.lead_image.name) as file, Image.open(file) as stored:
        assert stored.size == (400, 800) and not stored.getexif()
        stored = stored.convert("RGB")
        assert stored.getpixel((200, 20))[0] > 200 and stored.getpixel((200, 780))[2] > 200


def test_the_stored_jpeg_keeps_its_quality(admin_client):
    """Re-encoded with the upload's own quantisation tables: no visible loss, about the same size."""
    noise = Image.effect_noise((800, 500), 60).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=92, exif=exif_with_secrets())
    article = make_article()
    post_image(admin_client, article, upload("noise.jpg", buffer.getvalue()))
    article.refresh_from_db()
    with default_storage.open(article.lead_image.name) as file:
        stored = file.read()
    assert 0.8 < len(stored) / len(buffer.getvalue()) < 1.2
    original, kept = Image.open(buffer).convert("L"), Image.open(io.BytesIO(stored)).convert("L")
    assert ImageStat.Stat(ImageChops.difference(original, kept)).mean[0] < 1


def test_a_16_bit_grey_png_is_stored_grey_not_white(admin_client):
    article = make_article()
    buffer = io.BytesIO()
    Image.new("I;16", (800, 500), 30000).save(buffer, "PNG")
    post_image(admin_client, article, upload("grey.png", buffer.getvalue()))
    article.refresh_from_db()
    for name in (article.lead_image.name, article.lead_image_renditions[0]["name"]):
        with default_storage.open(name) as file, Image.open(file) as stored:
            assert stored.convert("L").getpixel((10, 10)) in range(110, 125), name  # 30000 / 256


def test_the_minimum_width_is_the_width_as_shown(admin_client):
    article = make_article()
    response = post_image(admin_client, article, upload("sideways.jpg", picture(1000, 300, exif=with_orientation(8))))
    [error] = form_errors(response)["lead_image"]
    assert "300 pixels wide" in error


def test_a_new_image_replaces_the_old_renditions(admin_client, django_capture_on_commit_callbacks):
    article = make_article()
    post_image(admin_client, article, upload("first.jpg", picture(700, 400)))
    article.refresh_from_db()
    old = [r["name"] for r in article.lead_image_renditions]
    with django_capture_on_commit_callbacks(execute=True):
        post_image(admin_client, article, upload("second.jpg", picture(1000, 500, quality=50)))
    article.refresh_from_db()
    new = [r["name"] for r in article.lead_image_renditions]
    assert len(new) == 3 + len(images.CROPS) and not set(old) & set(new)
    assert all(default_storage.exists(name) for name in new)
    assert not any(default_storage.exists(name) for name in old)


def test_clearing_the_image_clears_the_renditions(admin_client, django_capture_on_commit_callbacks):
    article = make_article()
    post_image(admin_client, article, upload("first.jpg", picture(700, 400)))
    article.refresh_from_db()
    names = [r["name"] for r in article.lead_image_renditions]
    with django_capture_on_commit_callbacks(execute=True):
        response = post_image(admin_client, article, **{"lead_image-clear": "on"})
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert not article.lead_image and article.lead_image_renditions == []
    assert (article.lead_image_width, article.lead_image_height) == (None, None)
    assert not any(default_storage.exists(name) for name in names)


def test_the_change_form_shows_a_preview_of_the_image(admin_client):
    article = make_article()
    post_image(admin_client, article, upload("handshake.jpg", picture(700, 400)))
    article.refresh_from_db()
    page = admin_client.get(change_url(article)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert f'src="/media/{article.lead_image_renditions[0]["name"]}"' in page
    assert f'alt="{ALT}"' in page


def test_an_editors_image_on_a_live_story_waits_for_a_publisher(editor_client, client, media):
    article = make_article()
    response = post_image(editor_client, article, upload("handshake.jpg", picture(700, 400)))
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    pending = article.pending_changes["lead_image"]
    assert not article.lead_image and article.lead_image_renditions == []
    assert ALT not in client.get(article.get_absolute_url()).content.decode()
    preview = editor_client.get(reverse("admin:articles_article_preview", args=[article.pk])).content.decode()
    sizes = images.page_sizes(pending["renditions"])
    assert f'src="/media/{sizes[-1]["name"]}"' in preview and f'alt="{ALT}"' in preview
    assert f'src="/media/{sizes[0]["name"]}"' in editor_client.get(change_url(article)).content.decode()

    editor_client.force_login(user_in("Publishers"))
    editor_client.post(reverse("admin:articles_article_transition", args=[article.pk, "publish_changes"]))

    article.refresh_from_db()
    assert article.lead_image.name == pending["name"] and article.lead_image_renditions == pending["renditions"]
    assert (article.lead_image_width, article.lead_image_height) == (700, 400)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'src="/media/{sizes[-1]["name"]}"' in page and f'alt="{ALT}"' in page


def test_a_pending_image_replaced_or_discarded_leaves_no_files(
    editor_client, media, django_capture_on_commit_callbacks
):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        post_image(editor_client, article, upload("first.jpg", picture(700, 400)))
        article.refresh_from_db()
        first = stored_files(media)
        post_image(editor_client, article, upload("second.jpg", picture(900, 500)))
    # The original, two renditions and the crops for search engines.
    assert len(first) == 3 + len(images.CROPS) and not set(first) & set(stored_files(media))
    article.refresh_from_db()
    editor_client.force_login(user_in("Publishers"))
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:articles_article_transition", args=[article.pk, "discard_changes"]),
            {"base_version": article.version},
        )
    article.refresh_from_db()
    assert article.pending is None and not article.lead_image
    assert stored_files(media) == []


def story_with_renditions(**fields):
    # Its dimensions given, the model does not open the (absent) file to read them.
    article = make_article(
        lead_image="lead/2025/01/handshake.jpg",
        lead_image_width=1200,
        lead_image_height=720,
        lead_image_alt=ALT,
        lead_image_credit=CREDIT,
    )
    article.lead_image_renditions = [
        {"width": 320, "height": 192, "name": f"renditions/{article.pk}/aaaaaaaaaaaa-320.webp"},
        {"width": 960, "height": 576, "name": f"renditions/{article.pk}/bbbbbbbbbbbb-960.webp"},
    ]
    for name, value in fields.items():
        setattr(article, name, value)
    return article


def test_the_fragment_reserves_the_image_space_and_offers_every_size():
    article = story_with_renditions()
    html = render_to_string("articles/includes/lead_image.html", {"article": article, "lead": True})
    pk = article.pk
    assert f'src="/media/renditions/{pk}/bbbbbbbbbbbb-960.webp"' in html
    assert (
        f'srcset="/media/renditions/{pk}/aaaaaaaaaaaa-320.webp 320w, /media/renditions/{pk}/bbbbbbbbbbbb-960.webp 960w"'
        in html
    )
    assert 'sizes="(min-width: 48rem) 42rem, 100vw"' in html
    assert 'width="960" height="576"' in html
    assert f'alt="{ALT}"' in html
    assert 'loading="eager" fetchpriority="high" decoding="async"' in html
    assert f'<figcaption class="image-credit">{CREDIT}</figcaption>' in html
    assert html.count("<figure") == html.count("</figure>") == 1


def test_an_image_further_down_the_page_loads_lazily():
    html = render_to_string("articles/includes/lead_image.html", {"article": story_with_renditions()})
    assert 'loading="lazy"' in html and "fetchpriority" not in html


def test_alt_text_and_credit_are_escaped():
    article = story_with_renditions(lead_image_alt='A "quote" <script>x</script>', lead_image_credit="<b>Trend</b>")
    html = render_to_string("articles/includes/lead_image.html", {"article": article})
    assert 'alt="A &#34;quote&#34; &lt;script&gt;x&lt;/script&gt;"' in html
    assert "&lt;b&gt;Trend&lt;/b&gt;" in html and "<script>" not in html


@pytest.mark.parametrize("fields", [{"lead_image": ""}, {"lead_image_renditions": []}])
def test_no_image_or_no_renditions_renders_nothing(fields):
    html = render_to_string("articles/includes/lead_image.html", {"article": story_with_renditions(**fields)})
    assert html.strip() == ""


def test_renditions_are_served_with_an_immutable_cache_header_and_originals_not_at_all(client, settings, media):
    settings.NEWSROOM_SERVE_MEDIA = True
    default_storage.save("renditions/1/0123456789ab-320.webp", io.BytesIO(picture(320, 200, "WEBP")))
    default_storage.save("lead/2025/01/photo.jpg", io.BytesIO(picture(320, 200)))
    response = client.get("/media/renditions/1/0123456789ab-320.webp")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    # The original keeps its metadata (a photo's GPS position): it is never served to readers.
    assert client.get("/media/lead/2025/01/photo.jpg").status_code == 404


# The renditions prefix, then a way back up to the originals: as typed, percent-encoded, upper case,
# through a rendition's folder, or doubled slashes. The test client decodes the path as a server does.
TRAVERSALS = [
    "/media/renditions/../lead/2025/01/photo.jpg",
    "/media/renditions/%2e%2e/lead/2025/01/photo.jpg",
    "/media/renditions/..%2flead/2025/01/photo.jpg",
    "/media/renditions/%2E%2E%2Flead/2025/01/photo.jpg",
    "/media/renditions/.%2e/lead/2025/01/photo.jpg",
    "/media/renditions/1/../../lead/2025/01/photo.jpg",
    "/media/renditions//..//lead/2025/01/photo.jpg",
    "/media/renditions/../../media/lead/2025/01/photo.jpg",
]


@pytest.mark.parametrize("url", TRAVERSALS)
def test_originals_cannot_be_reached_through_the_renditions_path(client, settings, url):
    settings.NEWSROOM_SERVE_MEDIA = True
    default_storage.save("lead/2025/01/photo.jpg", io.BytesIO(picture(320, 200)))
    response = client.get(url)
    assert response.status_code == 404
    assert "immutable" not in response.get("Cache-Control", "")


def test_an_unpublished_storys_original_is_not_served_by_any_path(admin_client, client, settings):
    settings.NEWSROOM_SERVE_MEDIA = True
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    post_image(admin_client, article, upload("handshake.jpg", picture(700, 400)))
    article.refresh_from_db()
    original = article.lead_image.name
    assert original.startswith("lead/") and default_storage.exists(original)
    for url in (f"/media/{original}", *(u.replace("lead/2025/01/photo.jpg", original) for u in TRAVERSALS)):
        assert client.get(url).status_code == 404, url
    rendition = article.lead_image_renditions[0]["name"]
    assert client.get(f"/media/{rendition}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "renditions/../lead/2025/01/photo.jpg",
        "renditions/%2e%2e/lead/2025/01/photo.jpg",
        "renditions/..%2flead/2025/01/photo.jpg",
        "renditions/./../lead/2025/01/photo.jpg",
        "renditions/..",
        "renditions/",
        "renditions/1/",
        "renditions/1/\x00.webp",
    ],
)
def test_the_media_view_refuses_any_path_that_leaves_the_renditions_folder(rf, settings, path):
    """The view as routed, with its path as given: whatever a server or proxy did or did not decode."""
    settings.NEWSROOM_SERVE_MEDIA = True
    default_storage.save("lead/2025/01/photo.jpg", io.BytesIO(picture(320, 200)))
    default_storage.save("renditions/1/0123456789ab-320.webp", io.BytesIO(picture(320, 200, "WEBP")))
    match = resolve(f"/media/{path}")
    with pytest.raises(Http404):
        match.func(rf.get("/media/x"), *match.args, **match.kwargs)


def test_a_link_inside_the_renditions_folder_to_an_original_is_not_followed(client, settings, media):
    settings.NEWSROOM_SERVE_MEDIA = True
    default_storage.save("lead/2025/01/photo.jpg", io.BytesIO(picture(320, 200)))
    (media / "renditions" / "1").mkdir(parents=True)
    (media / "renditions" / "1" / "0123456789ab-320.webp").symlink_to(media / "lead" / "2025" / "01" / "photo.jpg")
    assert client.get("/media/renditions/1/0123456789ab-320.webp").status_code == 404


def test_renditions_of_a_story_readers_cannot_see_are_served_too(client, settings):
    """As before: the desk's preview shows them, and their names are random."""
    settings.NEWSROOM_SERVE_MEDIA = True
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    default_storage.save(f"renditions/{article.pk}/0123456789ab-320.webp", io.BytesIO(picture(320, 200, "WEBP")))
    assert client.get(f"/media/renditions/{article.pk}/0123456789ab-320.webp").status_code == 200


def test_media_is_not_served_by_django_unless_asked(client, settings):
    settings.NEWSROOM_SERVE_MEDIA = False
    default_storage.save("renditions/1/0123456789ab-320.webp", io.BytesIO(picture(320, 200, "WEBP")))
    assert client.get("/media/renditions/1/0123456789ab-320.webp").status_code == 404


def test_renditions_leave_the_version_alone():
    default_storage.save("lead/x.jpg", io.BytesIO(picture(700, 400)))
    article = make_article(lead_image="lead/x.jpg")
    renditions = images.update_renditions(article)
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.lead_image_renditions == renditions and fresh.version == 1


def test_a_story_with_a_lead_image_shares_it_in_json_ld_and_open_graph(client):
    default_storage.save("lead/og.jpg", io.BytesIO(picture(1200, 800)))
    article = make_article(lead_image="lead/og.jpg", lead_image_alt="The ferry at dawn", lead_image_credit="Trend")
    images.update_renditions(article)
    page = client.get(article.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    # For search engines, the crops they ask for; for social sites, the widest rendition not wider than 1200.
    assert [image.rsplit("-", 1)[1] for image in data["image"]] == ["16x9.webp", "4x3.webp", "1x1.webp"]
    widest = images.largest(article.lead_image_renditions)["name"]
    assert f'<meta property="og:image" content="http://testserver/media/{widest}">' in page
    assert widest.endswith("-960.webp")
    assert '<meta name="twitter:card" content="summary_large_image">' in page


def served(client, rendition):
    return client.get(f"/media/{rendition['name']}").status_code


@pytest.mark.parametrize("how", ["unpublish", "archive", "embargo", "killed on the wire"])
def test_a_story_taken_off_the_site_stops_serving_its_images_at_the_urls_readers_had(
    admin_client, client, settings, django_capture_on_commit_callbacks, how
):
    settings.NEWSROOM_SERVE_MEDIA = True
    article = make_article()
    post_image(admin_client, article, upload("handshake.jpg", picture(700, 400)))
    article.refresh_from_db()
    public = article.lead_image_renditions
    assert public and all(served(client, r) == 200 for r in public)
    with django_capture_on_commit_callbacks(execute=True):
        if how == "embargo":
            set_embargo(article, timezone.now() + datetime.timedelta(days=1), by=None, reason="court order")
        elif how == "killed on the wire":
            transition(article, "unpublish", by=None, reason="canceled on the wire")
        else:
            transition(article, how, by=User.objects.get(username="admin"), reason="court order")
    article.refresh_from_db()
    # The URLs pages, feeds and search engines gave out answer no more; the desk keeps the image.
    assert all(served(client, r) == 404 for r in public)
    kept = article.lead_image_renditions
    assert [(r["width"], r.get("crop")) for r in kept] == [(r["width"], r.get("crop")) for r in public]
    assert not {r["name"] for r in kept} & {r["name"] for r in public}
    assert all(served(client, r) == 200 for r in kept)
    assert Image.open(default_storage.open(kept[0]["name"])).size == (public[0]["width"], public[0]["height"])


def test_a_takedown_whose_image_move_never_ran_is_owed_and_the_command_finishes_it(
    admin_client, client, settings, django_capture_on_commit_callbacks
):
    """The files move after the commit: a worker killed in between (a timeout) must not leave the picture up
    with nobody knowing. The takedown records the move it owes; `retire_image_urls` alone finds and makes it."""
    settings.NEWSROOM_SERVE_MEDIA = True
    article = make_article()
    post_image(admin_client, article, upload("handshake.jpg", picture(700, 400)))
    article.refresh_from_db()
    public = article.lead_image_renditions
    with django_capture_on_commit_callbacks(execute=False):  # committed; the move after it never ran
        transition(article, "unpublish", by=User.objects.get(username="admin"), reason="court order")
    article.refresh_from_db()
    assert article.image_urls_owed_at is not None and all(served(client, r) == 200 for r in public)

    out = io.StringIO()
    call_command("retire_image_urls", stdout=out)
    assert f"Story {article.pk}: its image's old addresses answer no more." in out.getvalue()
    article.refresh_from_db()
    assert article.image_urls_owed_at is None and all(served(client, r) == 404 for r in public)
    out = io.StringIO()
    call_command("retire_image_urls", stdout=out)
    assert out.getvalue().strip() == "No takedown owes its image new addresses."


@pytest.mark.parametrize("how", ["send_back", "lift the embargo"])
def test_embargoed_copy_pulled_from_partners_stops_serving_the_image_urls_they_were_given(
    admin_client, client, settings, django_capture_on_commit_callbacks, how
):
    """Partners read approved copy under embargo, its picture's renditions included; copy pulled before it went
    live (sent back, or its embargo lifted before it ran out) leaves them as a takedown leaves readers."""
    settings.NEWSROOM_SERVE_MEDIA = True
    embargo = timezone.now() + datetime.timedelta(days=1)
    article = make_article(status=Article.Status.READY, published_at=None, embargo_until=embargo)
    post_image(admin_client, article, upload("handshake.jpg", picture(700, 400)), _transition="")
    article.refresh_from_db()
    given = article.lead_image_renditions
    assert article.is_for_partners and given and all(served(client, r) == 200 for r in given)
    with django_capture_on_commit_callbacks(execute=True):
        if how == "send_back":
            transition(article, "send_back", by=User.objects.get(username="admin"), reason="not cleared")
        else:
            set_embargo(article, None, by=User.objects.get(username="admin"), reason="not to run")
    article.refresh_from_db()
    assert article.partner_withdrawn_at is not None
    assert all(served(client, r) == 404 for r in given)
    assert article.lead_image_renditions and all(served(client, r) == 200 for r in article.lead_image_renditions)


def test_a_story_that_never_left_the_site_keeps_its_image_urls(admin_client, django_capture_on_commit_callbacks):
    article = make_article(status=Article.Status.READY, published_at=None)
    post_image(admin_client, article, upload("handshake.jpg", picture(700, 400)), _transition="")
    article.refresh_from_db()
    names = [r["name"] for r in article.lead_image_renditions]
    with django_capture_on_commit_callbacks(execute=True):
        transition(article, "publish", by=User.objects.get(username="admin"))
    article.refresh_from_db()
    assert [r["name"] for r in article.lead_image_renditions] == names


def test_the_same_image_uploaded_again_after_a_takedown_gets_new_urls(
    admin_client, client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_SERVE_MEDIA = True
    article = make_article()
    data = picture(700, 400)
    post_image(admin_client, article, upload("handshake.jpg", data))
    article.refresh_from_db()
    public = article.lead_image_renditions
    with django_capture_on_commit_callbacks(execute=True):
        transition(article, "unpublish", by=User.objects.get(username="admin"), reason="court order")
    with django_capture_on_commit_callbacks(execute=True):
        post_image(admin_client, article, upload("handshake-again.jpg", data), _transition="")
    article.refresh_from_db()
    assert article.lead_image_renditions and all(served(client, r) == 200 for r in article.lead_image_renditions)
    assert all(served(client, r) == 404 for r in public)


def test_deleting_a_story_deletes_its_image_files(admin_client, media, django_capture_on_commit_callbacks):
    article = make_article(status=Article.Status.READY, published_at=None)
    post_image(admin_client, article, upload("handshake.jpg", picture(700, 400)), _transition="")
    assert any(name.startswith("renditions/") for name in stored_files(media))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=article.pk).exists()
    assert stored_files(media) == []


def test_a_deletion_that_fails_keeps_the_image_files(admin_client, media, django_capture_on_commit_callbacks):
    article = make_article(status=Article.Status.READY, published_at=None)
    post_image(admin_client, article, upload("handshake.jpg", picture(700, 400)), _transition="")
    files = stored_files(media)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Article.objects.filter(pk=article.pk).delete()
        raise RuntimeError("the rest of the change failed")
    assert Article.objects.filter(pk=article.pk).exists() and stored_files(media) == files


def test_the_image_preview_needs_no_inline_style_which_the_content_security_policy_blocks(admin_client):
    article = make_article()
    post_image(admin_client, article, upload("handshake.jpg", picture(700, 400)))
    page = admin_client.get(change_url(article)).content.decode()
    preview = re.search(r'<img [^>]*src="/media/renditions/[^>]*>', page)
    assert preview and f'alt="{ALT}"' in preview[0]
    assert re.findall(r"<[^>]* style=", page) == []


def test_the_forms_currently_link_opens_the_picture_readers_get_not_the_original(admin_client, client, settings):
    settings.NEWSROOM_SERVE_MEDIA = True
    article = make_article()
    post_image(admin_client, article, upload("handshake.jpg", picture(700, 400)))
    article.refresh_from_db()
    page = admin_client.get(change_url(article)).content.decode()
    link = re.search(r'Currently: <a href="([^"]+)">([^<]+)</a>', page)
    assert link and link[2] == article.lead_image.name  # the file's name, as the editor uploaded it
    assert link[1] == images.rendition_url(images.largest(article.lead_image_renditions))
    assert client.get(link[1]).status_code == 200
