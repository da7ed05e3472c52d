"""Shared fixtures: Sơn La's real units once per test session, users for every role, and a real
browser (Debian's Chromium through Playwright) for end-to-end tests."""

import importlib
import os
import shutil
import time
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections

from langso.core.dates import today
from langso.feedback.models import Category
from langso.indicators.models import Indicator
from langso.reports.models import ReportKind
from langso.shops.models import Platform
from langso.trust.models import Brand
from langso.trust.services import catalog_sync
from langso.units import national
from langso.units.models import UnitEvent
from tests.clock import FIXTURE_MOMENT, clock_offset
from tests.roles import World, build_world

CHROMIUM = os.environ.get("LANGSO_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling home, which this machine's
# closed network refuses, many times a second.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytest_plugins: list[str] = []

_moved_clock = pytest.StashKey[time_machine.travel]()


def pytest_configure(config: pytest.Config) -> None:
    """With LANGSO_TEST_CLOCK=+N, the whole run sees a clock N days ahead, ticking.

    Started here, before collection, so that dates worked out when test modules are imported
    move too; every test process runs this hook (xdist's workers included). A test that
    travels elsewhere (``fixture_day``, ``time_machine.travel``) nests inside this travel and
    comes back to it.
    """
    # Pages name static files by their plain names, served from their folders, whatever an
    # earlier `make run` collected into the data folder (which may be older than the sources);
    # tests/core/test_delivery.py collects and serves the hashed, compressed files itself.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    offset = clock_offset()
    if offset is None:
        return
    travel = time_machine.travel(time.time() + offset.total_seconds(), tick=True)
    travel.start()
    config.stash[_moved_clock] = travel


def pytest_unconfigure(config: pytest.Config) -> None:
    travel = config.stash.get(_moved_clock, None)
    if travel is not None:
        travel.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    offset = clock_offset()
    if offset is None:
        return None
    return f"clock moved {offset.days:+d} days (LANGSO_TEST_CLOCK): today is {today()}"


@pytest.fixture
def fixture_day() -> Iterator[time_machine.Traveller]:
    """The clock at ``tests.clock.FIXTURE_MOMENT``, ticking, for tests whose dates are fixed."""
    with time_machine.travel(FIXTURE_MOMENT, tick=True) as traveller:
        yield traveller


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


def restore_session_data() -> None:
    """Put back what a transactional test's flush removes: the units and the catalogs that
    migrations ship (indicators, the trust checker's brands and domains, feedback categories,
    report kinds, the platforms businesses sell on).

    pytest-django empties every table after a transactional test (end-to-end tests with a live
    server are such tests), including the province loaded once per session and the catalog a
    migration ships; the tests after it would find an empty database without this.
    """
    if not Indicator.objects.exists():
        catalog = importlib.import_module("langso.indicators.migrations.0002_catalog")
        catalog.load(apps, None)
    if not Indicator.objects.filter(computed=True).exists():
        # The skill framework and the indicators worked out from it (learning's migration).
        importlib.import_module(
            "langso.learning.migrations.0002_skill_framework_and_indicators"
        ).load(apps, None)
    if not Brand.objects.exists():
        catalog_sync()
    if not Category.objects.exists():
        importlib.import_module("langso.feedback.migrations.0002_categories").load(apps, None)
    if not ReportKind.objects.exists():
        importlib.import_module("langso.reports.migrations.0002_starting_kinds").load(apps, None)
    if not Platform.objects.exists():
        importlib.import_module("langso.shops.migrations.0002_starting_platforms").load(apps, None)
    national.load(province="14")


def _session_data_present() -> bool:
    return (
        UnitEvent.objects.filter(key="vn-2025-07-01/14").exists()
        and Indicator.objects.filter(computed=True).exists()
        and Brand.objects.exists()
        and Category.objects.exists()
        and ReportKind.objects.exists()
        and Platform.objects.exists()
    )


_DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_reset_sequences"})


@pytest.fixture(autouse=True)
def _session_data(request: pytest.FixtureRequest) -> None:
    """Before each test that uses the database: the session's data is there, put back if a
    transactional test's flush removed it (a few cheap queries when nothing is missing).

    Tests without the database ask for nothing: pytest-django creates the test database only
    when a collected test needs it, so a file of such tests run alone has none to fill.
    """
    uses_database = request.node.get_closest_marker("django_db") is not None or bool(
        _DATABASE_FIXTURES & set(request.fixturenames)
    )
    if not uses_database:
        return
    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        if not _session_data_present():
            restore_session_data()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the session (Debian's, driven by Playwright)."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (.ci/run installs Debian's chromium)"
        if os.environ.get("LANGSO_TEST_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django then refuses ORM calls
    # from it unless told they are safe, which they are here (one thread, sync code).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While that loop runs, Django keeps this thread's connections apart from the ones it
        # had before (asgiref's Local stores them per context once a loop is running), so the
        # tests after the first browser test use a second connection. The test database's
        # teardown closes only the first; close the second here, or PostgreSQL refuses to drop
        # the database that it still holds ("being accessed by other users").
        connections.close_all()


@pytest.fixture
def session_data_back() -> None:
    """For tests that flush the database (live server): a marker only, since ``_session_data``
    puts the session's data back before the next test in any case."""
