"""Shared fixtures: Sơn La's real units once per test session, and users for every role."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from langso.units import national
from tests.roles import World, build_world

pytest_plugins: list[str] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load Sơn La (real codes, its 2024 and 2025 history) into the test database once."""
    with django_db_blocker.unblock():
        national.load(province="14")


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    """Argon2 is deliberately slow; tests that are about hashing opt back in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    """Background tasks run inside the test, as soon as they are enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db: None) -> World:
    return build_world()
