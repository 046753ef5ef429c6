import os
from pathlib import Path

import pytest

from tests.factories import UserFactory

# Playwright runs an event loop in the test thread; Django's async-safety check would trip on it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Production hashes static files at `collectstatic`; tests serve them as they are."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer", role="viewer")


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", role="reviewer")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role="admin")


@pytest.fixture
def seeds():
    """The seed articles beside the checkout (../shared/seeds); tests needing them skip without."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run browser tests after the others: their live server flushes the database afterwards
    (data-migrated roles included), and pytest-playwright's ordering undoes pytest-django's."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
