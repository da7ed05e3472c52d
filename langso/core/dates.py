"""Dates of validity: half-open intervals [valid_from, valid_until) with sentinel ends."""

import time
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

# Sentinels for "since before our records" and "until further notice": plain dates keep every
# as-of test one indexable comparison (valid_from <= day < valid_until) on both databases.
BEGINNING = date(1, 1, 1)
FOREVER = date(9999, 12, 31)


# The minute the cached day belongs to, and that day.
_today_cache: tuple[int, date] = (-1, date.min)


def today() -> date:
    """Today in Vietnam (settings.TIME_ZONE, Asia/Ho_Chi_Minh), whatever the server's clock zone.

    Worked out at most once a minute: imports ask for it for every row, and converting the
    clock to a time zone costs more than the rest of checking a cell. The day is worked out
    from the very minute that keys the cache, never from a second reading of a clock: a reading
    taken a moment later (past midnight) or from another clock (one a test moved and the other
    not) would otherwise store the wrong day under this minute. Vietnam's midnight falls on a
    minute boundary, so the whole minute has one day; a clock moved back or forth simply gives
    another minute, and that minute's own day.
    """
    global _today_cache
    minute = int(time.time() // 60)
    cached_minute, day = _today_cache
    if cached_minute != minute:
        day = datetime.fromtimestamp(minute * 60, timezone.get_default_timezone()).date()
        _today_cache = (minute, day)
    return day


def valid_on(on: date, prefix: str = "") -> Q:
    """Rows whose interval [valid_from, valid_until) contains ``on``."""
    return Q(**{f"{prefix}valid_from__lte": on, f"{prefix}valid_until__gt": on})


def format_date(value: date) -> str:
    """dd/mm/yyyy, the way Vietnamese documents write dates."""
    return value.strftime("%d/%m/%Y")


def describe_interval(valid_from: date, valid_until: date) -> str:
    """From the first day to the last day (not the exclusive end), or from a day to now."""
    start = _("before records began") if valid_from == BEGINNING else format_date(valid_from)
    if valid_until == FOREVER:
        return _("%(start)s – now") % {"start": start}
    last = format_date(valid_until - timedelta(days=1))
    return _("%(start)s – %(end)s") % {"start": start, "end": last}
