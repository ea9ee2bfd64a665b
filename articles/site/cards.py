"""The site's own pictures for search engines and social sites: a card for links to pages without an image
of their own (1200x630, what Open Graph and X show large) and the publisher's logo.

Both are drawn with Pillow from the site's name in its colours, unless a file is set
(NEWSROOM_CARD_IMAGE, NEWSROOM_LOGO): that one is cropped to the card's or the logo's shape. Made once
per process, at first use; served by `view` at /card.png (or /card.jpg for a photograph) and /logo.png.
"""

import functools
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont, ImageOps

from .page_cache import public

CARD_SIZE = (1200, 630)
LOGO_SIZE = (512, 512)
PAPER, INK = "#8a1c1c", "#ffffff"  # the site's accent and white, as the favicon
# A serif like the pages' (Georgia); Pillow's own font where the system has none.
FONTS = ("DejaVuSerif-Bold.ttf", "LiberationSerif-Bold.ttf")


@dataclass(frozen=True)
class Picture:
    data: bytes
    content_type: str
    width: int
    height: int
    name: str
    extension: str

    @property
    def path(self):
        """Where the site serves it."""
        return reverse("site-image", kwargs={"name": self.name, "extension": self.extension})


@functools.cache
def card():
    return _picture("card", settings.NEWSROOM_CARD_IMAGE, CARD_SIZE, lambda: _draw_card(settings.NEWSROOM_SITE_NAME))


@functools.cache
def logo():
    return _picture("logo", settings.NEWSROOM_LOGO, LOGO_SIZE, lambda: _draw_logo(settings.NEWSROOM_SITE_NAME))


def _picture(name, path, size, draw):
    if path:
        try:
            with Image.open(path) as source:
                photo = source.format == "JPEG"
                image = ImageOps.fit(ImageOps.exif_transpose(source).convert("RGB"), size, Image.Resampling.LANCZOS)
        except OSError as error:
            raise ImproperlyConfigured(f"The {name} image {path} cannot be read: {error}") from error
    else:
        photo, image = False, draw()
    buffer = io.BytesIO()
    if photo:
        image.save(buffer, "JPEG", quality=88, optimize=True, progressive=True)
    else:
        image.save(buffer, "PNG", optimize=True)
    content_type, extension = ("image/jpeg", "jpg") if photo else ("image/png", "png")
    return Picture(buffer.getvalue(), content_type, *image.size, name, extension)


def _font(size):
    for name in FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _fitted_font(draw, text, width, largest):
    """The largest font, from `largest` down, at which `text` is at most `width` wide."""
    size = largest
    while size > 24:
        font = _font(size)
        left, _top, right, _bottom = draw.textbbox((0, 0), text, font=font)
        if right - left <= width:
            return font
        size -= 8
    return _font(size)


def _draw_card(site_name):
    image = Image.new("RGB", CARD_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    width, height = CARD_SIZE
    font = _fitted_font(draw, site_name, width - 160, 160)
    draw.text((width / 2, height / 2 - 20), site_name, font=font, fill=INK, anchor="mm")
    draw.rectangle((width / 2 - 120, height / 2 + 90, width / 2 + 120, height / 2 + 96), fill=INK)
    return image


def _draw_logo(site_name):
    image = Image.new("RGB", LOGO_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    initial = (site_name.strip()[:1] or "N").upper()
    draw.text((LOGO_SIZE[0] / 2, LOGO_SIZE[1] / 2), initial, font=_font(340), fill=INK, anchor="mm")
    return image


@public
def view(request, name, extension):
    """/card.png, /logo.png: the picture if that is its address now (a JPEG card answers at /card.jpg)."""
    picture = {"card": card, "logo": logo}[name]()
    if picture.extension != extension:
        raise Http404("No such image.")
    return HttpResponse(picture.data, content_type=picture.content_type)
