import shutil
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SAMPLE_SEEDS = Path(__file__).resolve().parent / "seeds"
SEED_FILE = SEEDS / "000_5d4062198c4cec68.txt"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached page and no API request counted (the database is emptied between tests,
    the caches are not), and as a new process would: no cache failure noted or logged yet."""
    from django.core.cache import caches

    from articles import cache_health

    for cache in caches.all():
        cache.clear()
    cache_health._records.clear()


@pytest.fixture(autouse=True)
def migration_data(request):
    """A test on a real transaction finds the topics, countries and ministry register the migrations add, even
    when a test before it flushed every table (as transactional tests do when they end)."""
    marker = request.node.get_closest_marker("django_db")
    if not marker or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    add_migration_data()


def add_migration_data():
    """What `migrate` writes into a new database besides the groups: the topics, countries and ministry register."""
    import importlib

    from django.apps import apps

    for migration, function in [
        ("0002_topic_vocabulary", "add_topics"),
        ("0004_every_country", "add_countries"),
        ("0014_ministry_register", "add_register"),
    ]:
        getattr(importlib.import_module(f"articles.migrations.{migration}"), function)(apps, None)


@pytest.fixture
def seed_dir(tmp_path):
    """A folder holding a copy of the project's seed and the sample seeds, to import and to change."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in [SEED_FILE, *SAMPLE_SEEDS.glob("*.txt")]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def bare(settings):
    """The bare path, without the page cache: what query counts are pinned on."""
    settings.NEWSROOM_PAGE_CACHE = False
