"""Working-day deadlines: weekends, Vietnamese public holidays with Tết 2026 and 2027, swapped
Saturdays, and exceptions an administrator declares."""

from datetime import date

import pytest

from langso.feedback.calendar import add_working_days, holiday_name, is_working_day
from langso.feedback.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_the_library_knows_tet_2026_as_five_days_off() -> None:
    for day in range(16, 21):
        assert not is_working_day(date(2026, 2, day)), day
    assert holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"
    assert is_working_day(date(2026, 2, 13))
    assert is_working_day(date(2026, 2, 23))


def test_ten_working_days_from_before_tet_2026_skip_the_whole_break() -> None:
    # Thu 12/02/2026: 13/02 (1), then 16-20/02 Tết, then 23/02 onwards.
    assert add_working_days(date(2026, 2, 12), 1) == date(2026, 2, 13)
    assert add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 12), 10) == date(2026, 3, 5)


def test_ten_working_days_across_tet_2027_skip_seven_holidays_and_weekends() -> None:
    # Tết 2027: Thu 04/02 to Wed 10/02 (Sat 06 and Sun 07 fall inside).
    for day in range(4, 11):
        assert not is_working_day(date(2027, 2, day)), day
    assert add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)
    assert add_working_days(date(2027, 2, 1), 10) == date(2027, 2, 22)


def test_weekends_and_other_holidays_are_skipped() -> None:
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Fri → Mon
    assert add_working_days(date(2026, 4, 29), 1) == date(2026, 5, 4)  # 30/4, 1/5, weekend
    assert add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)  # 31/8 bridge, 1-2/9
    assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 25)  # Cultural Day 24/11


def test_a_saturday_worked_in_exchange_counts_as_a_working_day() -> None:
    assert is_working_day(date(2026, 8, 22))  # Saturday swapped for Monday 31/08
    assert add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)


def test_zero_days_is_the_same_day_or_the_next_working_day() -> None:
    assert add_working_days(date(2026, 3, 2), 0) == date(2026, 3, 2)
    assert add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 23)


def test_a_declared_day_off_or_working_day_wins_over_the_library() -> None:
    CalendarDay.objects.create(day=date(2026, 3, 3), is_working=False, note="Nghỉ bù")
    CalendarDay.objects.create(day=date(2026, 3, 7), is_working=True, note="Làm bù")
    assert not is_working_day(date(2026, 3, 3))
    assert is_working_day(date(2026, 3, 7))
    assert add_working_days(date(2026, 3, 2), 2) == date(2026, 3, 5)
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)
