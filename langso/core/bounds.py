"""The ranges a number or a date from outside may take: what the databases and our date
arithmetic can hold.

Ids and counts in addresses, queries and bodies are refused at the input when no row could
have them, so that no query ever sees a number its column cannot hold (SQLite stops at
2**63 - 1, PostgreSQL's bigint too, and a slice offset past it fails on both). Days asked of
pages and the API stay within a range where a day's neighbours, its month's neighbours and a
birth year for an age band all exist: ``date.max + timedelta(days=1)`` is an error, not a day.
"""

from datetime import date
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from langso.core.dates import format_date

# The largest value of a 64-bit signed integer column (ids are bigint on PostgreSQL; SQLite's
# integers are 64-bit).
DB_INT_MAX = 2**63 - 1

# An id in an address, a query or a body: a row of ours, which is never 0, negative or past
# what the column holds.
DbId = Annotated[int, Field(ge=1, le=DB_INT_MAX)]

# How far into a list a page may start. No list of ours has two billion rows; the bound keeps
# ``offset + limit`` a number every database takes.
MAX_OFFSET = 2**31 - 1
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]

# The days a page or the API may be asked about. Units and figures begin in the 20th century
# (the sentinel BEGINNING of validity intervals is never asked for), and the century ahead is
# more than any plan needs.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)
# The pydantic error type of a day outside the range: the API names it in its message.
DAY_OUT_OF_RANGE = "day_out_of_range"


def day_in_range(value: date) -> bool:
    return FIRST_DAY <= value <= LAST_DAY


def day_range_message(name: str) -> str:
    """The refusal of a day outside the range, naming the parameter."""
    return _("Parameter “%(name)s” must be a day from %(first)s to %(last)s.") % {
        "name": name,
        "first": format_date(FIRST_DAY),
        "last": format_date(LAST_DAY),
    }


def _day(value: date) -> date:
    if not day_in_range(value):
        raise PydanticCustomError(
            DAY_OUT_OF_RANGE,
            "a day from {first} to {last}",
            {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        )
    return value


# A day in a query or a body (``?on=``, a dashboard's start and end).
Day = Annotated[date, AfterValidator(_day)]
