"""``today()``: Vietnam's day, cached per minute, never yesterday's and always the moved clock's."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from langso.core.dates import today

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# A fixed day, so that no test here depends on the real date.
DAY = date(2026, 9, 14)
LAST_MINUTE = datetime(2026, 9, 14, 23, 59, 30, tzinfo=VIETNAM)


def test_a_clock_ticking_past_midnight_gives_the_new_day() -> None:
    with time_machine.travel(LAST_MINUTE, tick=True) as traveller:
        assert today() == DAY
        traveller.shift(timedelta(seconds=45))
        assert today() == DAY + timedelta(days=1)


def test_a_clock_moved_back_gives_the_earlier_day_at_once() -> None:
    with time_machine.travel(LAST_MINUTE, tick=True) as traveller:
        assert today() == DAY
        traveller.move_to(datetime(2026, 9, 11, 8, 0, tzinfo=VIETNAM))
        assert today() == date(2026, 9, 11)
        # Back to the same minute as before: the day of that minute, not of the last call.
        traveller.move_to(LAST_MINUTE)
        assert today() == DAY


def test_the_day_is_vietnams_whatever_zone_is_active() -> None:
    # 17:30 UTC is already half past midnight in Vietnam.
    with (
        time_machine.travel(datetime(2026, 9, 14, 17, 30, tzinfo=ZoneInfo("UTC")), tick=False),
        timezone.override(ZoneInfo("America/New_York")),
    ):
        assert today() == DAY + timedelta(days=1)


def test_a_second_clock_reading_past_midnight_cannot_store_tomorrow_under_this_minute(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The minute is read at 23:59:59.9; had the day come from another reading of the clock, one
    taken a moment later (past midnight, or from a clock a test moved), the rest of this minute
    would be told it is already tomorrow."""
    with time_machine.travel(LAST_MINUTE.replace(second=59, microsecond=900_000), tick=False):
        monkeypatch.setattr(timezone, "now", lambda: LAST_MINUTE + timedelta(seconds=31))
        assert today() == DAY
        assert today() == DAY
