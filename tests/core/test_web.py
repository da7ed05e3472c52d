"""Reading numbers from addresses and forms."""

import pytest

from langso.core.web import plain_number


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


def test_a_shorter_limit_of_digits() -> None:
    assert plain_number("3650", digits=4) == 3650
    assert plain_number("36500", digits=4) is None
