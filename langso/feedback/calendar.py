"""Working days in Vietnam: weekends, public holidays (Tết included) and declared exceptions.

The public holidays come from the maintained ``holidays`` library (``country_holidays("VN")``):
New Year's Day; Tết Nguyên Đán, from the 29th or the eve to the 4th or 5th day as the government
sets each year (16 to 20/02/2026, 04 to 10/02/2027); Hùng Kings' day; 30/4; 1/5; National Day
(two days); from 2026 Vietnam Cultural Day (24/11); with observed and substituted days off. It
also knows the Saturdays worked in exchange for a bridge day (``weekend_workdays``), which
``is_working_day`` counts as working days. What it does not know yet (a break the government
announces late) is added as a ``CalendarDay`` by an administrator and wins over the library.
"""

import functools
from datetime import date, timedelta
from typing import Any

import holidays

from langso.feedback.models import CalendarDay


@functools.lru_cache(maxsize=32)
def _vietnam(year: int) -> Any:
    return holidays.country_holidays("VN", years=year, language="vi")


def _exceptions(start: date, end: date) -> dict[date, bool]:
    return dict(
        CalendarDay.objects.filter(day__gte=start, day__lte=end).values_list("day", "is_working")
    )


def _library_working(day: date) -> bool:
    return bool(_vietnam(day.year).is_working_day(day))


def holiday_name(day: date) -> str | None:
    """The holiday's name in Vietnamese, if ``day`` is one."""
    name = _vietnam(day.year).get(day)
    return str(name) if name else None


def is_working_day(day: date) -> bool:
    exceptions = _exceptions(day, day)
    return exceptions[day] if day in exceptions else _library_working(day)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (the day a report arrives does not count).

    Zero days is ``start`` itself when it is a working day, else the next working day.
    """
    # A year's worth of exceptions is read once; holidays never make a gap of that length.
    exceptions = _exceptions(start, start + timedelta(days=days * 3 + 60))

    def working(day: date) -> bool:
        return exceptions[day] if day in exceptions else _library_working(day)

    day = start
    if days == 0:
        while not working(day):
            day += timedelta(days=1)
        return day
    left = days
    while left:
        day += timedelta(days=1)
        if working(day):
            left -= 1
    return day
