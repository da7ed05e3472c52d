"""The clocks tests run on: a fixed fixture day, and the real clock moved ahead for a whole run.

Tests never depend on the real date. A test whose dates are written out (a merger "on 1 January
2027" that must still be ahead) runs on ``FIXTURE_MOMENT`` through the ``fixture_day`` fixture;
every other test works out its dates from ``today()``. ``make test-future`` proves it by
running the suite with its clock two years ahead (``LANGSO_TEST_CLOCK=+730``): a test that
silently relies on the real date fails there first, long before the real calendar catches up.
"""

import os
import time
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

import pytest

if TYPE_CHECKING:
    # Only browser tests load Playwright (the chromium fixture imports it when first used).
    from playwright.sync_api import BrowserContext

# After the 2025-07-01 reform that the session loads (so today's units are the real ones) and
# before the dates that tests write as "later" (2027-01-01 and after). A Monday, a working day,
# at ten in the morning in Vietnam: far from midnight, so the day cannot change under a test.
FIXTURE_MOMENT = datetime(2026, 9, 14, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
FIXTURE_DAY: date = FIXTURE_MOMENT.date()

CLOCK_VARIABLE = "LANGSO_TEST_CLOCK"

# The context given back as it came: browser tests hold Playwright's objects untyped.
Context = TypeVar("Context", bound="BrowserContext")


def clock_offset() -> timedelta | None:
    """How far ahead LANGSO_TEST_CLOCK moves the clock ("+730": days), or None when unset."""
    value = os.environ.get(CLOCK_VARIABLE, "").strip()
    if not value:
        return None
    try:
        days = int(value)
    except ValueError:
        raise pytest.UsageError(
            f"{CLOCK_VARIABLE}={value!r}: expected a whole number of days, such as +730"
        ) from None
    return timedelta(days=days)


def on_test_clock(context: Context) -> Context:
    """The browser's pages on the test's clock, ticking from the test's now.

    Chromium keeps the machine's clock, whatever the test process travels to; a page would then
    stamp a visit two years before the server's now under ``make test-future``. A phone's clock
    is set by its network, so the server's clock and the page's agree, and here they must too.
    """
    context.clock.install(time=time.time())
    return context
