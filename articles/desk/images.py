"""Lead images: check an upload before it is stored, and make the WebP renditions pages show.

Readers only ever get renditions: pixels decoded and re-encoded here, without the upload's metadata.
The original is stored re-encoded too (without_metadata), so no file kept holds a photo's GPS position.
"""

import contextvars
import io
import logging
import secrets
import warnings
from contextlib import contextmanager
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageCms, ImageOps, JpegImagePlugin, UnidentifiedImageError

from ..models import Article
from ..site import page_cache

logger = logging.getLogger(__name__)

# Pillow format name -> the file extensions that may carry it. MPO is a JPEG with extra images after
# the first (phones store HDR gain maps that way); only the first is used.
EXTENSIONS = {"JPEG": (".jpg", ".jpeg"), "MPO": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",)}
LABELS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
# The only decoders an upload reaches (Pillow's JPEG opener also returns MPO).
DECODERS = ["JPEG", "PNG", "WEBP"]
RENDITION_WIDTHS = (320, 640, 960, 1280, 1920)
# Crops search engines ask for besides the whole picture (Google's Article images: 16:9, 4:3 and 1:1, each
# at least 50,000 pixels; 800,000 and more show best), from its middle, at most this wide.
CROPS = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
CROP_WIDTH = 1200
# WebP stores at most 16,383 pixels a side. An image at most 8 times as tall as it is wide has renditions
# at most 8 x 1920 = 15,360 pixels tall; a taller one (a 320 x 100,000 strip) could not be made into them.
MAX_TALLNESS = 8
RENDITION_QUALITY = 80
# A lossy WebP original is encoded again at this quality (a JPEG keeps its own tables; PNG loses nothing).
ORIGINAL_WEBP_QUALITY = 90
# Tags a browser would take for a web page or a script if it sniffed the file.
MARKUP = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<svg", b"<object", b"<embed", b"<?php")
SNIFFED_BYTES = 1024
# PNG and WebP chunks of compressed pixels: every other chunk (text, EXIF, XMP, unknown ones) and every
# JPEG segment is searched for markup. Compressed pixels are not: by chance they may hold "<svg".
PIXEL_CHUNKS = {b"IDAT", b"fdAT", b"VP8 ", b"VP8L", b"ALPH"}
# For a clearer message about files that are not accepted at all.
OTHER_FORMATS = {
    b"GIF8": "GIF",
    b"BM": "BMP",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"%PDF": "PDF",
    b"PK\x03\x04": "ZIP",
}
# Orientations (EXIF 5-8) that turn the picture a quarter: its width on screen is its stored height.
QUARTER_TURNS = {5, 6, 7, 8}
# What making renditions of a stored image may fail with: reading it, decoding, encoding, storing.
RENDITION_FAILURES = (OSError, ValueError, SyntaxError, MemoryError, Image.DecompressionBombError, ValidationError)
# The files stored by the save under way, in discard_on_failure.
_stored_files = contextvars.ContextVar("stored_image_files", default=None)


class RenditionError(Exception):
    """The renditions of a stored image could not be made; the message is for the editor."""


class StorageError(RenditionError):
    """The media folder refused a file of the image (not writable, full): nothing of the save is kept."""


def storage_refused(article, error):
    """The StorageError to raise when storing a file of `article`'s image failed with OSError `error`, logged."""
    story = f"story {article.pk}" if article.pk else "a new story"
    logger.error("The media folder refused a file of %s's image: %s", story, error)
    return StorageError(
        _(
            "The picture could not be stored: the media folder refused it (%(error)s). Nothing was saved. "
            "Ask an operator to fix the media folder (NEWSROOM_MEDIA_ROOT), then upload the picture again."
        )
        % {"error": error.strerror or error}
    )


@contextmanager
def discard_on_failure():
    """Delete the image files stored inside the block (see `stored`) if it raises.

    Wrap a whole save: if anything fails once the original or a rendition is stored, even the commit,
    the files go with the rolled-back change. Blocks nest: an inner one that succeeds hands its files on.
    """
    names = []
    token = _stored_files.set(names)
    try:
        yield
    except BaseException:
        for name in reversed(names):
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("Could not delete %s after a failed save", name, exc_info=True)
        raise
    finally:
        _stored_files.reset(token)
    stored(*names)


def stored(*names):
    """Note files just stored by the save under way: discard_on_failure deletes them if it fails."""
    current = _stored_files.get()
    if current is not None:
        current.extend(names)


def check_upload(uploaded_file):
    """Raise ValidationError unless the file is a plain, whole JPEG, PNG or WebP of a sensible size.

    Nothing is decoded until the header has shown the image is small enough. The file is rewound.
    """
    limit = settings.NEWSROOM_IMAGE_MAX_BYTES
    if uploaded_file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    extension = PurePath(uploaded_file.name or "").suffix.lower()
    if extension not in {ext for exts in EXTENSIONS.values() for ext in exts}:
        raise ValidationError(
            _("Upload a JPEG, PNG or WebP image (.jpg, .png, .webp); “%(name)s” is not one.")
            % {"name": uploaded_file.name},
            code="extension",
        )
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    if _has_markup(data[:SNIFFED_BYTES]):
        raise _markup_found()
    image = _open(data)
    kind = LABELS[image.format]
    if extension not in EXTENSIONS[image.format]:
        raise ValidationError(
            _("The file is named %(extension)s but it is a %(kind)s image: give it the right extension.")
            % {"extension": extension, "kind": kind},
            code="extension_mismatch",
        )
    # From the header alone: nothing is decoded before this.
    width, height = image.size
    if width * height > settings.NEWSROOM_IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("The image is %(width)d × %(height)d pixels; the limit is %(limit)s megapixels.")
            % {"width": width, "height": height, "limit": _megapixels()},
            code="too_many_pixels",
        )
    end, metadata = _layout(data, image)
    if end is None:
        raise _damaged()
    if data[end:].strip(b"\x00"):
        raise ValidationError(
            _("The file hides other data after the end of the image. Export the picture again as a plain %(kind)s.")
            % {"kind": kind},
            code="trailing_data",
        )
    # A polyglot may hide its markup further in, inside the image: in a comment, a text chunk, XMP.
    if any(_has_markup(part) for part in metadata):
        raise _markup_found()
    try:
        image.verify()
        # verify() does not decode: decoding (now known to be affordable) finds damaged pixel data.
        image = _open(data)
        image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise _damaged() from error
    width, height = _upright_size(image)
    min_width = settings.NEWSROOM_IMAGE_MIN_WIDTH
    if width < min_width:
        raise ValidationError(
            _("The image is %(width)d pixels wide; a lead image needs at least %(min)d.")
            % {"width": width, "min": min_width},
            code="too_narrow",
        )
    if height > MAX_TALLNESS * width:
        raise ValidationError(
            _(
                "The image is %(width)d × %(height)d pixels, more than %(ratio)d times as tall as it is wide: "
                "crop it to a shape a page can show."
            )
            % {"width": width, "height": height, "ratio": MAX_TALLNESS},
            code="too_tall",
        )


def without_metadata(uploaded_file):
    """The checked upload as it is stored: its pixels encoded again, upright, in sRGB, in the same format.

    Nothing else is kept: no EXIF (a photo's GPS position, the camera), XMP, comments, text chunks,
    colour profile, nor any byte an encoder does not write. A JPEG is encoded with its own quantisation
    tables and chroma subsampling, so it loses next to nothing; PNG and lossless WebP lose nothing.
    """
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    source = _open(data)
    image_format, options = source.format, {}
    if image_format in ("JPEG", "MPO"):
        image_format = "JPEG"
        tables = [table for _index, table in sorted(getattr(source, "quantization", {}).items())]
        if tables:
            # One table (a grey JPEG, now RGB) serves both luminance and colour.
            options["qtables"] = (tables * 2)[:2]
        else:
            options["quality"] = 95
        subsampling = JpegImagePlugin.get_sampling(source)
        if subsampling != -1:
            options["subsampling"] = subsampling
        options.update(optimize=True, progressive=bool(source.info.get("progressive")))
    elif image_format == "WEBP":
        if _webp_is_lossless(data):
            options["lossless"] = True
        else:
            options["quality"] = ORIGINAL_WEBP_QUALITY
    buffer = io.BytesIO()
    _for_the_web(source).save(buffer, image_format, **options)
    return SimpleUploadedFile(uploaded_file.name, buffer.getvalue(), content_type=Image.MIME[image_format])


def make_renditions(article):
    """Save WebP renditions of the article's lead image and return [{"width", "height", "name"}], widest last.

    Decodes the upload once, turns it upright, converts it to sRGB and drops its metadata. The previous
    renditions no longer used are deleted once the transaction commits.
    """
    article.lead_image.open("rb")
    try:
        data = article.lead_image.read()
    finally:
        article.lead_image.close()
    image = _open(data)
    width, height = _upright_size(image)
    widths = [w for w in RENDITION_WIDTHS if w <= width] or [width]
    # JPEGs decode faster at a fraction of their size; draft never goes below the size asked for.
    image.draft(None, (widths[-1], widths[-1]))
    image = _for_the_web(image)
    renditions = []
    # One failing, those stored before it are deleted.
    with discard_on_failure():
        for target in widths:
            size = (target, max(1, round(height * target / width)))
            buffer = io.BytesIO()
            image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0).save(
                buffer, "WEBP", quality=RENDITION_QUALITY, method=5
            )
            name = _stored_or_refused(article, target, buffer.getvalue())
            renditions.append({"width": size[0], "height": size[1], "name": name})
        for label, (across, down) in CROPS.items():
            renditions.append(_crop(article, image, label, across, down))
    delete_unused(article.lead_image_renditions, keep=renditions)
    return renditions


def _crop(article, image, label, across, down):
    """The middle of the picture at `across`:`down`, at most CROP_WIDTH wide: what search engines show."""
    width, height = image.size
    crop_width, crop_height = min(width, height * across // down), min(height, width * down // across)
    left, top = (width - crop_width) // 2, (height - crop_height) // 2
    target = min(CROP_WIDTH, crop_width)
    size = (target, max(1, round(target * down / across)))
    buffer = io.BytesIO()
    image.crop((left, top, left + crop_width, top + crop_height)).resize(
        size, Image.Resampling.LANCZOS, reducing_gap=3.0
    ).save(buffer, "WEBP", quality=RENDITION_QUALITY, method=5)
    name = _stored_or_refused(article, label, buffer.getvalue())
    return {"width": size[0], "height": size[1], "name": name, "crop": label}


def store_rendition(article, size, content):
    """Store one rendition under a name nobody can work out from the picture: once a story leaves the site,
    the same image uploaded again must not come back at a URL readers were given."""
    name = default_storage.save(f"renditions/{article.pk}/{secrets.token_hex(6)}-{size}.webp", ContentFile(content))
    stored(name)
    return name


def _stored_or_refused(article, size, content):
    try:
        return store_rendition(article, size, content)
    except OSError as error:
        raise storage_refused(article, error) from error


def page_sizes(renditions):
    """The renditions pages show (by width, whole pictures), without the crops made for search engines."""
    return [rendition for rendition in renditions or [] if "crop" not in rendition]


def crops(renditions):
    """{"16x9": rendition, "4x3": ..., "1x1": ...}: the crops made for search engines (none for older images)."""
    return {rendition["crop"]: rendition for rendition in renditions or [] if "crop" in rendition}


def update_renditions(article):
    """Make and record the renditions of the article's current lead image; with no image, drop them all.

    Writes only lead_image_renditions: the story's version stays as it is. Raises RenditionError if
    they cannot be made (none is left stored).
    """
    renditions = checked_renditions(article) if article.lead_image else []
    if not article.lead_image:
        delete_unused(article.lead_image_renditions, keep=[])
    Article.objects.filter(pk=article.pk).update(lead_image_renditions=renditions)
    page_cache.bump()
    article.lead_image_renditions = renditions
    return renditions


def checked_renditions(article):
    """make_renditions, or RenditionError saying why they could not be made (none is left stored)."""
    try:
        return make_renditions(article)
    except RENDITION_FAILURES as error:
        logger.warning("Renditions of story %s could not be made", article.pk, exc_info=True)
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error) or repr(error)
        raise RenditionError(
            _(
                "Nothing was saved: the sizes of the image that pages show could not be made (%(reason)s). "
                "Upload the image again, or export it afresh first."
            )
            % {"reason": reason}
        ) from error


def store_pending(article, upload):
    """Store a checked upload as the lead image of a published story's pending changes, which the story does
    not show yet, with its renditions: {"name", "width", "height", "renditions"}. Raises RenditionError."""
    field = Article._meta.get_field("lead_image")
    try:
        name = field.storage.save(field.generate_filename(article, upload.name), upload)
    except OSError as error:
        raise storage_refused(article, error) from error
    stored(name)
    # An unsaved copy reads the file's width and height, and makes renditions with no old ones to delete.
    probe = Article(pk=article.pk, lead_image=name)
    renditions = checked_renditions(probe)
    return {"name": name, "width": probe.lead_image_width, "height": probe.lead_image_height, "renditions": renditions}


def delete_pending(image):
    """Delete a pending lead image's files once the change that dropped it (discarded, replaced) is committed."""
    if image and image["name"]:
        delete_unused(image["renditions"], keep=[])
        transaction.on_commit(lambda: default_storage.delete(image["name"]))


def delete_files_of_deleted_story(sender, instance, **kwargs):
    """post_delete of a story: its image files (the original, its renditions, a pending image's) go once the
    deletion commits. Only stories never on the site can be deleted, so nothing public is lost."""
    pending = instance.pending_changes.get("lead_image")
    delete_pending(pending)
    if instance.lead_image:
        delete_pending({"name": instance.lead_image.name, "renditions": instance.lead_image_renditions})


def rendition_url(rendition):
    return default_storage.url(rendition["name"])


def srcset(renditions):
    """The srcset attribute's value: every rendition's URL with its width."""
    return ", ".join(f"{rendition_url(r)} {r['width']}w" for r in page_sizes(renditions))


def largest(renditions):
    """The widest rendition (the fallback src, and the dimensions the page reserves), or None."""
    return max(page_sizes(renditions), key=lambda r: r["width"], default=None)


def lead_image_sources(article):
    """{"src", "srcset", "width", "height"} for the story's lead image, or None without one (or its renditions)."""
    renditions = article.lead_image_renditions or []
    widest = largest(renditions)
    if not article.lead_image or widest is None:
        return None
    return {
        "src": rendition_url(widest),
        "srcset": srcset(renditions),
        "width": widest["width"],
        "height": widest["height"],
    }


def _open(data):
    """Open (not decode) an image, refusing what Pillow takes for a decompression bomb."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=DECODERS)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The image has far too many pixels to be processed safely; the limit is %(limit)s megapixels.")
            % {"limit": _megapixels()},
            code="too_many_pixels",
        ) from error
    except UnidentifiedImageError as error:
        other = next((kind for magic, kind in OTHER_FORMATS.items() if data.startswith(magic)), None)
        if other:
            raise ValidationError(
                _("This is a %(kind)s file; upload a JPEG, PNG or WebP image.") % {"kind": other}, code="format"
            ) from error
        raise _damaged() from error
    except (OSError, SyntaxError, ValueError) as error:
        raise _damaged() from error


def _has_markup(data):
    lowered = data.lower()
    return any(tag in lowered for tag in MARKUP)


def _markup_found():
    return ValidationError(
        _("The file contains web page or script code, so it is not accepted as an image."), code="markup"
    )


def _damaged():
    return ValidationError(
        _("This file is not a JPEG, PNG or WebP image, or it is damaged or incomplete."), code="invalid_image"
    )


def _megapixels():
    return f"{settings.NEWSROOM_IMAGE_MAX_PIXELS / 1e6:g}"


def _upright_size(image):
    """(width, height) as the picture is shown, once its EXIF orientation is applied."""
    orientation = image.getexif().get(ExifTags.Base.Orientation)
    width, height = image.size
    return (height, width) if orientation in QUARTER_TURNS else (width, height)


def _for_the_web(image):
    """The decoded picture upright, in sRGB, as RGB or RGBA, with no metadata left to copy."""
    icc = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    if image.mode.startswith("I"):
        # 16-bit grey (a PNG): scaled to 8 bits; a plain conversion would clip it to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if has_alpha else "RGB"
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            srgb = ImageCms.createProfile("sRGB")
            image = ImageCms.profileToProfile(image, io.BytesIO(icc), srgb, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unusable profile: keep the pixels as they are
    clean = image.convert(mode)
    clean.info = {}
    return clean


def _layout(data, image):
    """(end, metadata) of an opened upload: where the image's own data ends (past JPEG EOI, PNG IEND, the
    WebP RIFF size; None if cut short), and the contents of its segments or chunks other than compressed
    pixels (EXIF, XMP, ICC, comments, text and unknown chunks), to search for markup.
    """
    metadata = []
    if image.format in ("JPEG", "MPO"):
        end = _jpeg_end(data, 0, metadata)
        # MPO: the further images its index names (e.g. an HDR gain map) are whole JPEGs, one after another.
        # Only those: a JPEG after them is not part of the picture.
        for _ in range(getattr(image, "n_frames", 1) - 1):
            if end is None or not data.startswith(b"\xff\xd8", end):
                break
            end = _jpeg_end(data, end, metadata)
        return end, metadata
    if image.format == "PNG":
        return _png_end(data, metadata), metadata
    if image.format == "WEBP":
        end = 8 + int.from_bytes(data[4:8], "little")
        if end > len(data) or not _riff_chunks(data, 12, end, metadata):
            return None, metadata
        return end, metadata
    return None, metadata


def _jpeg_end(data, start, metadata):
    """Offset just past the EOI marker of the JPEG starting at `start`, following its segments.

    Each segment's contents are added to `metadata`; the entropy-coded data of a scan is not.
    """
    size = len(data)
    if data[start : start + 2] != b"\xff\xd8":
        return None
    i = start + 2
    while i < size:
        if data[i] != 0xFF:
            return None
        while i < size and data[i] == 0xFF:  # fill bytes before a marker
            i += 1
        if i >= size:
            return None
        marker = data[i]
        i += 1
        if marker == 0xD9:
            return i
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            continue
        if i + 2 > size:
            return None
        length = int.from_bytes(data[i : i + 2], "big")
        metadata.append(data[i + 2 : i + length])
        i += length
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next real marker
            while True:
                i = data.find(b"\xff", i)
                if i < 0 or i + 1 >= size:
                    return None
                following = data[i + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:  # a stuffed 0xFF, a restart marker
                    i += 2
                    continue
                break
    return None


def _png_end(data, metadata):
    """Offset just past the PNG's IEND chunk; the contents of its chunks but pixels go to `metadata`."""
    i, size = 8, len(data)
    while i + 12 <= size:
        length, kind = int.from_bytes(data[i : i + 4], "big"), data[i + 4 : i + 8]
        if kind not in PIXEL_CHUNKS:
            metadata.append(data[i + 8 : i + 8 + length])
        i += 12 + length
        if kind == b"IEND":
            return i if i <= size else None
    return None


def _riff_chunks(data, start, end, metadata):
    """Walk a WebP's chunks from `start` to `end`, those of animation frames too; False if one overruns.

    The contents of chunks other than pixels go to `metadata`, and so do any bytes left over at the end.
    """
    i = start
    while i + 8 <= end:
        kind, length = data[i : i + 4], int.from_bytes(data[i + 4 : i + 8], "little")
        body, i = i + 8, i + 8 + length + (length & 1)  # chunks are padded to an even length
        if body + length > end:
            return False
        if kind == b"ANMF":  # a frame: 16 bytes of position and timing, then its own chunks
            if not _riff_chunks(data, body + 16, body + length, metadata):
                return False
        elif kind not in PIXEL_CHUNKS:
            metadata.append(data[body : body + length])
    metadata.append(data[i:end])
    return True


def _webp_is_lossless(data):
    """Whether a WebP's (first) image is lossless (VP8L) rather than lossy (VP8)."""
    i = 12
    while i + 8 <= len(data):
        kind, length = data[i : i + 4], int.from_bytes(data[i + 4 : i + 8], "little")
        if kind in (b"VP8L", b"VP8 "):
            return kind == b"VP8L"
        # An animation frame's image follows its 16 bytes of position and timing.
        i = i + 8 + 16 if kind == b"ANMF" else i + 8 + length + (length & 1)
    return False


def delete_unused(previous, *, keep):
    """Delete the renditions in `previous` not in `keep`, once the change that replaced them is committed."""
    kept = {rendition["name"] for rendition in keep}
    unused = [rendition["name"] for rendition in previous or () if rendition["name"] not in kept]

    def delete():
        for name in unused:
            default_storage.delete(name)

    if unused:
        transaction.on_commit(delete)
