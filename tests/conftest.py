import shutil
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SAMPLE_SEEDS = Path(__file__).resolve().parent / "seeds"
SEED_FILE = SEEDS / "000_5d4062198c4cec68.txt"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached page (the database is emptied between tests, the cache is not)."""
    from django.core.cache import cache

    cache.clear()


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
