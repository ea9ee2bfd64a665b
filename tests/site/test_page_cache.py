"""The page cache: fast repeat visits, and never a stale page after an edit, on any app process."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings

from articles.desk.workflow import transition
from articles.models import Article
from tests.desk_forms import change_url, story_form, user_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db
ROOT = settings.BASE_DIR


def test_a_repeat_visit_is_served_from_the_cache(client, django_assert_max_num_queries):
    story = make_article(headline="Cached story")
    first = client.get(story.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(0):
        second = client.get(story.get_absolute_url())
    assert second["X-Page-Cache"] == "hit" and second.content == first.content


def test_an_edit_in_the_admin_shows_at_once(client, admin_client):
    story = make_article(headline="Before the edit")
    client.get("/"), client.get(story.get_absolute_url())
    admin_client.post(change_url(story), story_form(story, headline="After the edit", _transition="publish_changes"))
    assert "After the edit" in client.get("/").content.decode()
    assert "After the edit" in client.get(story.get_absolute_url()).content.decode()


def test_unpublishing_takes_the_story_off_cached_pages_at_once(client):
    story = make_article(headline="Soon withdrawn", topics=["Trade"])
    for url in ("/", "/topics/trade/", story.get_absolute_url()):
        client.get(url)
    transition(story, "unpublish", by=user_in("Publishers"))
    assert "Soon withdrawn" not in client.get("/").content.decode()
    assert client.get(story.get_absolute_url()).status_code == 410
    assert client.get("/topics/trade/").status_code == 404


def test_the_admin_and_previews_are_never_cached(admin_client):
    story = make_article(status=Article.Status.DRAFT)
    response = admin_client.get(f"/admin/articles/article/{story.pk}/preview/")
    assert "X-Page-Cache" not in response


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


@pytest.fixture(params=["file", "redis"])
def shared_cache(request, tmp_path):
    """The environment for a cache shared by app processes: the default file cache, or Redis."""
    if request.param == "file":
        yield {"NEWSROOM_CACHE_DIR": str(tmp_path / "cache")}
        return
    if shutil.which("redis-server") is None:
        pytest.skip("no redis-server on this machine (apt-get install redis-server); .ci/run installs it")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield {"NEWSROOM_CACHE_URL": f"redis://127.0.0.1:{port}/0"}
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_an_edit_shows_at_once_on_every_app_process(tmp_path, shared_cache):
    """Two gunicorn servers share the database and the cache; each has the page cached; after an
    edit made elsewhere, both serve the new headline on the very next request."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_", "DATABASE_URL"))},
        "DJANGO_SECRET_KEY": "page-cache-test-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        **shared_cache,
        "NEWSROOM_PAGE_CACHE": "1",
        "NEWSROOM_STATIC_ROOT": str(tmp_path / "static"),
    }

    def manage(*args):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120
        )

    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage("import_seeds")
    url_path = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from articles.models import Article; print(Article.objects.get().get_absolute_url())",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            for _ in range(100):
                try:
                    fetch(f"http://127.0.0.1:{port}/healthz")
                    break
                except OSError:
                    time.sleep(0.1)
        for port in ports:  # each process renders and caches the page
            assert "Minister of Economy" in fetch(f"http://127.0.0.1:{port}{url_path}")

        manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.db import transaction; from articles.models import Article; a = Article.objects.get(); "
            "a.headline = 'Edited on another machine';\n"
            "with transaction.atomic(): a.save_content(expected_version=a.version, fields=['headline'])",
        )

        for port in ports:
            assert "Edited on another machine" in fetch(f"http://127.0.0.1:{port}{url_path}")
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def test_a_lost_generation_never_brings_back_old_pages(client):
    from django.core.cache import cache

    from articles.site import page_cache

    story = make_article(headline="First version")
    for n in range(3):  # each time the counter is lost it starts again; it must never repeat itself
        cache.delete(page_cache.GENERATION)  # as a full cache might cull it
        client.get(story.get_absolute_url())  # cached under the generation just started
        story.headline = f"Version {n}"
        story.save()
        cache.delete(page_cache.GENERATION)
        assert f"Version {n}" in client.get(story.get_absolute_url()).content.decode()
