"""Reading numbers and days from addresses and forms."""

from datetime import date

import pytest
from django.test import RequestFactory

from langso.core.errors import DomainError
from langso.core.web import day_param, plain_number


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("3066", 3066),
        ("0", 0),
        ("", None),
        ("3.066", None),
        ("-1", None),
        ("²", None),
        ("٣", None),
        (" 1", None),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),
    ],
)
def test_only_plain_ascii_digits_are_a_number(raw: str, number: int | None) -> None:
    assert plain_number(raw) == number


def test_a_number_past_what_a_database_integer_holds_is_none() -> None:
    assert plain_number(str(2**63 - 1), digits=19) == 2**63 - 1
    assert plain_number(str(2**63), digits=19) is None
    assert plain_number(str(10**30), digits=40) is None


def test_a_shorter_limit_of_digits() -> None:
    assert plain_number("3650", digits=4) == 3650
    assert plain_number("36500", digits=4) is None


@pytest.mark.parametrize(
    "raw", ["0001-01-01", "0001-01-02", "1899-12-31", "2101-01-01", "9999-12-31"]
)
def test_a_day_past_the_calendar_kept_is_refused_naming_the_parameter(raw: str) -> None:
    request = RequestFactory().get("/", {"from": raw})
    with pytest.raises(DomainError) as refusal:
        day_param(request, "from")
    assert (refusal.value.code, refusal.value.field) == ("INVALID_INPUT", "from")
    assert "“from”" in str(refusal.value.message)


def test_the_first_and_last_days_kept_are_days() -> None:
    for raw, day in (("1900-01-01", date(1900, 1, 1)), ("2100-12-31", date(2100, 12, 31))):
        assert day_param(RequestFactory().get("/", {"on": raw})) == day
