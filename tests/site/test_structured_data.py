"""What search engines and social sites read: each page of a list its own canonical, JSON-LD per Google's
structured data (NewsArticle, BreadcrumbList, WebSite), a card image and a logo, times as HTML allows."""

import datetime
import io
import json
import re

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from articles.desk import images
from articles.desk.workflow import transition
from articles.models import Article
from articles.site import cards
from tests.desk_forms import user_in
from tests.factories import days_ago, make_article

pytestmark = pytest.mark.django_db
HTML_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)")


@pytest.fixture(autouse=True)
def fresh_pictures(settings, tmp_path):
    """Each test draws the card and logo from its own settings, and stores images in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cards.card.cache_clear(), cards.logo.cache_clear()
    yield
    cards.card.cache_clear(), cards.logo.cache_clear()


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def head_links(html):
    return dict(re.findall(r'<link rel="(canonical|prev|next)" href="([^"]+)">', html))


def meta(html, key):
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return found and found.group(1)


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return {data["@type"]: data for data in map(json.loads, blocks)}


def many_stories(count, **tags):
    for n in range(count):
        make_article(headline=f"Story {n}", published_at=days_ago(n + 1), **tags)


@pytest.mark.parametrize("path", ["/", "/topics/trade/", "/countries/", f"/{timezone.now().year}/"])
def test_each_page_of_a_list_is_its_own_canonical_named_in_its_title_and_linked_to_the_next(client, settings, path):
    settings.NEWSROOM_PAGE_SIZE = 2
    many_stories(3, topics=["Trade"])
    # The tag indexes list 200 tags a page.
    make_article(countries=[f"Country {n:03d}" for n in range(201)], published_at=days_ago(1))
    first, second = page(client, path), page(client, f"{path}?page=2")
    assert head_links(first) == {"canonical": f"http://testserver{path}", "next": f"http://testserver{path}?page=2"}
    assert head_links(second)["canonical"] == f"http://testserver{path}?page=2"
    assert head_links(second)["prev"] == f"http://testserver{path}"
    title = lambda html: re.search(r"<title>(.*?)</title>", html).group(1)  # noqa: E731
    assert ", page 2 |" in title(second) and "page" not in title(first)
    assert meta(second, "description").endswith(" Page 2.") and "Page" not in meta(first, "description")
    # A query string that is not a page is not part of the canonical address.
    assert head_links(page(client, f"{path}?utm_source=x"))["canonical"] == f"http://testserver{path}"


def test_every_page_offers_large_previews_and_the_card_for_social_sites(client):
    story = make_article(topics=["Trade"])
    for url in ["/", story.get_absolute_url(), "/topics/trade/", "/topics/", "/archive/", "/feeds/"]:
        html = page(client, url)
        assert meta(html, "robots") == "max-image-preview:large", url
        assert meta(html, "og:image") == "http://testserver/card.png", url
        assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1200", "630"), url
        assert meta(html, "twitter:card") == "summary_large_image", url
    assert meta(page(client, "/search/?q=trade"), "robots") == "noindex, follow"


def test_the_card_is_1200_by_630_made_from_the_sites_name_and_the_logo_a_square(client, settings):
    settings.NEWSROOM_SITE_NAME = "Caspian Courier"
    response = client.get("/card.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    card = Image.open(io.BytesIO(response.content))
    assert card.size == (1200, 630)
    # The name is drawn in white on the accent: the middle holds both colours, the corners only the accent.
    assert card.getpixel((0, 0)) == card.getpixel((1199, 629)) == (138, 28, 28)
    assert (255, 255, 255) in {colour for _count, colour in card.crop((100, 200, 1100, 430)).getcolors(1_000_000)}
    logo = Image.open(io.BytesIO(client.get("/logo.png").content))
    assert logo.size[0] == logo.size[1] >= 112
    assert client.get("/card.jpg").status_code == 404


def test_a_card_image_of_ones_own_is_cropped_to_the_card_and_served_as_it_came(client, settings, tmp_path):
    photo = tmp_path / "card.jpg"
    Image.new("RGB", (2000, 2000), "steelblue").save(photo, "JPEG")
    settings.NEWSROOM_CARD_IMAGE = str(photo)
    assert client.get("/card.png").status_code == 404
    response = client.get("/card.jpg")
    assert response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)
    assert meta(page(client, "/"), "og:image") == "http://testserver/card.jpg"


def lead_picture(width=1600, height=900):
    image = Image.new("RGB", (width, height), "steelblue")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return default_storage.save("lead/photo.jpg", buffer)


def test_a_story_with_a_lead_image_gives_it_in_16_9_4_3_and_1_1_and_its_size_to_social_sites(client):
    story = make_article(lead_image=lead_picture(), lead_image_alt="The plant", lead_image_credit="Trend")
    images.update_renditions(story)
    html = page(client, story.get_absolute_url())
    data = json_ld(html)["NewsArticle"]
    sizes = [Image.open(default_storage.open(url.split("/media/", 1)[1])).size for url in data["image"]]
    assert [round(width / height, 2) for width, height in sizes] == [round(16 / 9, 2), round(4 / 3, 2), 1.0]
    assert all(width * height >= 50_000 for width, height in sizes)
    widest = images.largest(story.lead_image_renditions)
    assert meta(html, "og:image").endswith(widest["name"])
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1280", "720")
    assert meta(html, "og:image:alt") == "The plant"
    # The page's own picture is the whole image, never one of the crops.
    assert "16x9" not in re.search(r'<img src="[^"]+" srcset="([^"]+)"', html).group(1)


def test_a_story_without_an_image_gives_the_card_to_search_engines(client):
    story = make_article()
    assert json_ld(page(client, story.get_absolute_url()))["NewsArticle"]["image"] == ["http://testserver/card.png"]


def test_news_article_names_its_author_with_an_address_and_its_publisher_with_a_logo(client, settings):
    settings.NEWSROOM_SITE_NAME = "Caspian Courier"
    credited = make_article(credit="Trend")
    uncredited = make_article(credit="")
    data = json_ld(page(client, credited.get_absolute_url()))["NewsArticle"]
    assert data["author"] == [{"@type": "Organization", "name": "Trend", "url": "https://en.trend.az/"}]
    assert data["publisher"]["name"] == "Caspian Courier"
    assert data["publisher"]["logo"]["url"] == "http://testserver/logo.png"
    assert data["publisher"]["logo"]["width"] == data["publisher"]["logo"]["height"] == 512
    author = json_ld(page(client, uncredited.get_absolute_url()))["NewsArticle"]["author"]
    assert author == [{"@type": "Organization", "name": "Caspian Courier", "url": "http://testserver/"}]


def test_stories_and_tag_pages_carry_breadcrumbs_and_home_its_website_with_a_search(client, settings):
    settings.NEWSROOM_PAGE_SIZE = 1
    story = make_article(headline="Gas deal", countries=["Azerbaijan"], topics=["Energy"])
    make_article(published_at=days_ago(2))
    trail = json_ld(page(client, story.get_absolute_url()))["BreadcrumbList"]["itemListElement"]
    assert [(item["position"], item["name"], item.get("item")) for item in trail] == [
        (1, "Newsroom", "http://testserver/"),
        (2, "Azerbaijan", "http://testserver/countries/azerbaijan/"),
        (3, "Gas deal", None),
    ]
    trail = json_ld(page(client, "/topics/energy/"))["BreadcrumbList"]["itemListElement"]
    assert [(item["name"], item.get("item")) for item in trail] == [
        ("Newsroom", "http://testserver/"),
        ("Topics", "http://testserver/topics/"),
        ("Energy", None),
    ]
    website = json_ld(page(client, "/"))["WebSite"]
    assert website["url"] == "http://testserver/"
    action = website["potentialAction"]
    assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert "WebSite" not in json_ld(page(client, "/?page=2"))


def test_times_are_valid_html_for_stories_published_and_revised_from_the_desk(client):
    """The desk's times carry microseconds; HTML allows at most three decimals of a second."""
    publisher = user_in("Publishers")
    story = make_article(headline="From the desk", status=Article.Status.READY, published_at=None)
    transition(story, "publish", by=publisher)
    story.refresh_from_db()
    story.standfirst = "Revised."
    story.save_content(expected_version=story.version, fields=["standfirst"])
    story.refresh_from_db()
    assert story.published_at.microsecond and story.revised_at.microsecond
    for url in [story.get_absolute_url(), "/", "/search/?q=desk"]:
        values = re.findall(r'<time datetime="([^"]+)"', page(client, url))
        assert values, url
        for value in values:
            assert HTML_DATETIME.fullmatch(value), (url, value)
    html = page(client, story.get_absolute_url())
    assert HTML_DATETIME.fullmatch(meta(html, "article:published_time"))
    data = json_ld(html)["NewsArticle"]
    assert datetime.datetime.fromisoformat(data["dateModified"]) == story.revised_at.replace(microsecond=0)


def test_a_search_page_names_its_own_words_as_its_canonical_address_and_og_url(client, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    many_stories(3, topics=["Trade"])
    for url, expected in [
        ("/search/?q=story+trade", "http://testserver/search/?q=story+trade"),
        ("/search/?q=story+trade&page=2", "http://testserver/search/?q=story+trade&page=2"),
        ("/search/?q=Caf%C3%A9+%26+co", "http://testserver/search/?q=Caf%C3%A9+%26+co"),
    ]:
        html = page(client, url)
        # Not /search/?page=2, which is no page at all (404), nor /search/, which finds nothing.
        assert head_links(html)["canonical"] == expected.replace("&", "&amp;"), url
        assert meta(html, "og:url") == expected.replace("&", "&amp;"), url
    assert head_links(page(client, "/search/"))["canonical"] == "http://testserver/search/"
