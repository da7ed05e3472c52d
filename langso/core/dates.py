"""Dates of validity: half-open intervals [valid_from, valid_until) with sentinel ends."""

import time
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

# Sentinels for "since before our records" and "until further notice": plain dates keep every
# as-of test one indexable comparison (valid_from <= day < valid_until) on both databases.
BEGINNING = date(1, 1, 1)
FOREVER = date(9999, 12, 31)


_today_cache: tuple[int, date] = (-1, date.min)


def today() -> date:
    """Today in Vietnam (Asia/Ho_Chi_Minh), whatever the server's clock zone.

    Worked out at most once a minute: imports ask for it for every row, and converting the
    clock to a time zone costs more than the rest of checking a cell.
    """
    global _today_cache
    minute = int(time.time() // 60)
    if _today_cache[0] != minute:
        _today_cache = (minute, timezone.localdate())
    return _today_cache[1]


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
