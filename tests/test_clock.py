"""The test clocks themselves: LANGSO_TEST_CLOCK really moves the clock every test sees, and a
test's own travel (the fixture day, time_machine) still nests inside it."""

import time
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from langso.core.dates import today
from tests.clock import CLOCK_VARIABLE, FIXTURE_DAY, clock_offset

OFFSET = clock_offset()
moved_clock_only = pytest.mark.skipif(OFFSET is None, reason=f"{CLOCK_VARIABLE} is not set")


def real_now() -> datetime:
    return datetime.fromtimestamp(time_machine.escape_hatch.time.time(), UTC)


@moved_clock_only
def test_the_moved_clock_is_what_every_clock_reading_sees() -> None:
    assert OFFSET is not None
    expected = real_now() + OFFSET
    # A generous minute either way for the time the test itself takes.
    margin = timedelta(minutes=1)
    for seen in (
        timezone.now(),
        datetime.now(UTC),
        datetime.fromtimestamp(time.time(), UTC),
    ):
        assert expected - margin < seen < expected + margin
    assert today() >= real_now().date() + OFFSET - timedelta(days=1)


@moved_clock_only
def test_the_moved_clock_ticks() -> None:
    first = time.time()
    time.sleep(0.01)
    assert time.time() > first


@moved_clock_only
def test_a_travel_inside_the_moved_clock_goes_there_and_comes_back() -> None:
    assert OFFSET is not None
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        assert today() == date(2026, 3, 2)
    assert today() >= real_now().date() + OFFSET - timedelta(days=1)


def test_the_fixture_day_is_today_for_the_tests_that_ask_for_it(
    fixture_day: time_machine.Traveller,
) -> None:
    assert today() == FIXTURE_DAY
    fixture_day.shift(timedelta(days=1))
    assert today() == FIXTURE_DAY + timedelta(days=1)


def test_an_unreadable_clock_offset_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CLOCK_VARIABLE, "two years")
    with pytest.raises(pytest.UsageError, match=CLOCK_VARIABLE):
        clock_offset()
    monkeypatch.setenv(CLOCK_VARIABLE, "+730")
    assert clock_offset() == timedelta(days=730)
