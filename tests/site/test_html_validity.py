"""Every public page is valid HTML by the Nu HTML Checker (vnu.jar, from `npm ci`; needs Java)."""

import datetime
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from PIL import Image

from articles.desk import images
from articles.desk.workflow import transition
from articles.models import Article
from tests.desk_forms import user_in
from tests.factories import make_article

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")

# Skipped on a machine without the checker; never in CI, where .ci/run installs it and a skip would hide a gap.
IN_CI = bool(os.environ.get("CI"))
pytestmark = [
    pytest.mark.skipif(JAVA is None and not IN_CI, reason="no java here (apt-get install default-jre-headless)"),
    pytest.mark.skipif(
        not VNU_JAR.exists() and not IN_CI, reason=f"no {VNU_JAR.name}: run `make node_modules/.installed` (npm ci)"
    ),
    pytest.mark.django_db,
]


def lead_picture():
    """A JPEG on the default storage, wide enough for two renditions."""
    image = Image.new("RGB", (800, 480), "steelblue")
    image.paste("goldenrod", (400, 0, 800, 480))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return default_storage.save("lead/handshake.jpg", buffer)


@pytest.fixture
def newsroom(settings, tmp_path):
    """Stories enough for every kind of public page: tags of each kind, an image, a correction, related stories."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Recent, so the tag pages' charts (the last two years) have bars; midday, far from a change of date.
    day = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0) - datetime.timedelta(days=10)
    tags = {
        "countries": ["Azerbaijan", "Tajikistan"],
        "ministries": ["Ministry of Economy of Azerbaijan"],
        "topics": ["Trade", "Industrial parks"],
    }
    pictured = make_article(
        headline="Azerbaijan and Tajikistan to open an industrial park",
        published_at=day,
        lead_image=lead_picture(),
        lead_image_alt="Two ministers shake hands in Baku",
        lead_image_credit="Trend / Ali Aliyev",
        correction="An earlier version gave the wrong date of the visit.",
        **tags,
    )
    images.update_renditions(pictured)
    plain = make_article(headline="Trade between the two countries grows", published_at=day, **tags)
    for n in range(3):
        make_article(
            headline=f"Older trade story {n}",
            published_at=day - datetime.timedelta(days=40 * n + 1),
            countries=["Azerbaijan"],
            topics=["Trade"],
        )
    # Enough for a second page of the home page.
    for n in range(settings.NEWSROOM_PAGE_SIZE):
        make_article(headline=f"Filler story {n}", published_at=day - datetime.timedelta(days=200, hours=n))
    # Published from the desk and revised while live: their times carry microseconds, as the desk's do.
    publisher = user_in("Publishers")
    desk = make_article(headline="Published from the desk", status=Article.Status.READY, published_at=None, **tags)
    transition(desk, "publish", by=publisher)
    revised = make_article(headline="Revised while live", published_at=day, **tags)
    revised.standfirst = "Now with the minister's name."
    revised.save_content(expected_version=revised.version, fields=["standfirst"])
    revised.refresh_from_db()
    assert desk.published_at.microsecond and revised.revised_at.microsecond
    gone = make_article(headline="Taken down", status=Article.Status.READY, published_at=None)
    transition(gone, "publish", by=publisher)
    transition(gone, "unpublish", by=publisher)
    return {"pictured": pictured, "plain": plain, "day": day, "desk": desk, "revised": revised, "gone": gone}


def public_pages(newsroom):
    """{file name: URL} for every kind of public page."""
    day = newsroom["day"]
    return {
        "home": "/",
        "article-with-image": newsroom["pictured"].get_absolute_url(),
        "article-without-image": newsroom["plain"].get_absolute_url(),
        "article-published-from-the-desk": newsroom["desk"].get_absolute_url(),
        "article-revised-while-live": newsroom["revised"].get_absolute_url(),
        "home-page-2": "/?page=2",
        "country": "/countries/azerbaijan/",
        "ministry": "/ministries/ministry-of-economy-of-azerbaijan/",
        "topic": "/topics/trade/",
        "countries": "/countries/",
        "ministries": "/ministries/",
        "topics": "/topics/",
        "search-form": "/search/",
        "search-results": "/search/?q=trade",
        "search-no-results": "/search/?q=nothing+matches+this",
        "year": f"/{day:%Y}/",
        "month": f"/{day:%Y/%m}/",
        "day": f"/{day:%Y/%m/%d}/",
        "archive": "/archive/",
        "feeds": "/feeds/",
    }


def run_vnu(paths):
    """The checker's error messages for these files, as (file name, line, message)."""
    completed = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--errors-only", "--also-check-css", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # vnu writes its report to stderr; it exits non-zero when it found errors.
    report = json.loads(completed.stderr)
    return [
        (Path(message.get("url", "")).name, message.get("lastLine"), message["message"])
        for message in report["messages"]
        if message["type"] in ("error", "non-document-error")
    ]


def test_every_public_page_is_valid_html(client, newsroom, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, url in public_pages(newsroom).items():
        response = client.get(url)
        assert response.status_code == 200, url
        (pages / f"{name}.html").write_bytes(response.content)
    # The pages show what they are meant to check: the lead image, the chart, the results.
    assert '<img src="/media/renditions/' in (pages / "article-with-image.html").read_text()
    assert '<svg class="chart"' in (pages / "ministry.html").read_text()
    assert "Trade between the two countries grows" in (pages / "search-results.html").read_text().replace(
        "<mark>", ""
    ).replace("</mark>", "")
    assert "Updated <time" in (pages / "article-revised-while-live.html").read_text()
    assert 'rel="prev"' in (pages / "home-page-2.html").read_text()
    gone = client.get(newsroom["gone"].get_absolute_url())
    assert gone.status_code == 410
    (pages / "410.html").write_bytes(gone.content)
    not_found = client.get("/no/such/page/")
    assert not_found.status_code == 404
    (pages / "404.html").write_bytes(not_found.content)
    (pages / "500.html").write_text(render_to_string("500.html"))
    shutil.copy(Path(settings.BASE_DIR) / "static" / "css" / "site.css", pages / "site.css")

    errors = run_vnu(sorted(pages.iterdir()))

    assert not errors, "The Nu HTML Checker found errors:\n" + "\n".join(
        f"{name}:{line}: {message}" for name, line, message in errors
    )


def test_the_checker_does_report_invalid_html(tmp_path):
    """The test above would pass on a checker that checked nothing; this one would not."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>x</title><p><div>unclosed</p></span>')
    assert run_vnu([page])
