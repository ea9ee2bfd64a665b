"""A page cache the app cannot write to (NEWSROOM_CACHE_DIR owned by another user, a full disk): every page is
served, rendered afresh, never a stale one; the failure is logged once, not at every request; /healthz says so."""

import logging

import pytest
from django.urls import reverse

from articles import cache_health
from articles.desk.workflow import transition
from articles.models import PageCacheDebt
from tests.commands import manage
from tests.desk_forms import user_in
from tests.factories import make_article
from tests.unwritable import unwritable

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_cache(settings):
    """Use a file cache at `location`, as production does (settings.CACHES without NEWSROOM_CACHE_URL)."""

    def use(location):
        backend = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(location)}
        settings.CACHES = {**settings.CACHES, "default": backend}

    return use


@pytest.fixture
def impossible_folder(tmp_path):
    """A cache folder that can never be made: its parent is a regular file (for root too)."""
    (tmp_path / "not-a-folder").write_text("")
    return tmp_path / "not-a-folder" / "cache"


def public_pages(story):
    return ["/", story.get_absolute_url(), "/feeds/rss/", "/api/v1/stories/", f"/api/v1/stories/{story.pk}/"]


def cache_errors(caplog):
    return [r for r in caplog.records if r.name == "articles.site.page_cache" and r.levelno == logging.ERROR]


def test_every_public_page_is_served_uncached_when_the_cache_cannot_be_written(
    client, file_cache, impossible_folder, caplog
):
    file_cache(impossible_folder)
    story = make_article(headline="Talks resume in Baku")
    for _visit in range(2):
        for url in public_pages(story):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "Talks resume in Baku" in response.content.decode()
            assert "X-Page-Cache" not in response
    # Logged once by this process, not at every request.
    [logged] = cache_errors(caplog)
    assert str(impossible_folder) in logged.getMessage() and "NEWSROOM_CACHE_DIR" in logged.getMessage()


def test_pages_are_served_uncached_when_redis_does_not_answer(client, settings, caplog):
    # Port 1 on this machine: nothing listens there, so every connection is refused at once.
    backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    settings.CACHES = {**settings.CACHES, "default": backend}
    story = make_article(headline="Talks resume in Baku")
    for url in public_pages(story):
        response = client.get(url)
        assert response.status_code == 200 and "Talks resume in Baku" in response.content.decode(), url
    assert len(cache_errors(caplog)) == 1


def test_a_takedown_with_a_cache_that_cannot_be_written_is_made_and_gone_from_the_pages(
    client, file_cache, impossible_folder
):
    file_cache(impossible_folder)
    story = make_article(headline="Soon taken down")
    assert "Soon taken down" in client.get("/").content.decode()
    transition(story, "unpublish", by=user_in("Publishers"), reason="legal")
    assert client.get(story.get_absolute_url()).status_code == 410
    assert "Soon taken down" not in client.get("/").content.decode()


def test_pages_cached_before_the_cache_became_unwritable_are_not_served_after_a_change(
    client, file_cache, tmp_path, django_capture_on_commit_callbacks
):
    folder = tmp_path / "cache"
    file_cache(folder)
    story = make_article(headline="Soon taken down")
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    with unwritable(folder):
        with django_capture_on_commit_callbacks(execute=True):
            transition(story, "unpublish", by=user_in("Publishers"), reason="legal")
        home = client.get("/")
    assert home.status_code == 200 and "Soon taken down" not in home.content.decode()


def test_a_cache_folder_that_becomes_unwritable_is_a_miss_not_an_error(client, file_cache, tmp_path, caplog):
    folder = tmp_path / "cache"
    file_cache(folder)
    story = make_article(headline="Talks resume in Baku")
    with unwritable(folder):
        for url in public_pages(story):
            assert client.get(url).status_code == 200, url
    assert len(cache_errors(caplog)) == 1


def test_healthz_warns_of_a_cache_that_cannot_be_written_but_answers_200(client, file_cache, impossible_folder):
    file_cache(impossible_folder)
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith("ok\n") and "warning: page cache" in body and "pages are served uncached" in body
    assert str(impossible_folder) not in body  # the details go to the log, not to whoever asks


def test_healthz_reads_newsroom_cache_dir(tmp_path, impossible_folder):
    code = (
        "from django.test import Client; r = Client(HTTP_HOST='127.0.0.1').get('/healthz'); "
        "print(r.status_code, r.content.decode().strip().replace(chr(10), ' | '))"
    )
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"

    def healthz(folder):
        env = {"DJANGO_DEBUG": "1", "DATABASE_URL": database, "NEWSROOM_CACHE_DIR": str(folder)}
        result = manage("shell", "--no-imports", "-c", code, **env)
        return result.stdout.strip() or result.stderr

    assert healthz(impossible_folder).startswith("200 ok | warning: page cache")
    assert healthz(tmp_path / "cache") == "200 ok"


def test_a_takedown_while_the_cache_blinks_is_not_served_from_it_when_it_answers_again(
    client, file_cache, tmp_path, django_capture_on_commit_callbacks
):
    """The change's bump of the generation failed, then the cache came back: a process that never saw the
    failure (another worker, or this one after its rest) must not serve the page from before the takedown."""
    folder = tmp_path / "cache"
    file_cache(folder)
    story = make_article(headline="Soon taken down")
    client.get(story.get_absolute_url())
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"
    with unwritable(folder), django_capture_on_commit_callbacks(execute=True):
        transition(story, "unpublish", by=user_in("Publishers"), reason="legal")
    assert PageCacheDebt.objects.exists()  # the bump it owes, where every process looks

    cache_health._records.clear()  # another process: it saw no failure
    response = client.get(story.get_absolute_url())
    assert response.status_code == 410 and "Soon taken down" not in response.content.decode()
    assert not PageCacheDebt.objects.exists()  # paid: the cache serves pages again
    assert client.get("/")["X-Page-Cache"] == "miss"
