import pytest

from langso.core.errors import CoreError, DomainError
from langso.core.phone import display_phone, normalize_phone


@pytest.mark.parametrize(
    "raw",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "+84 912 345 678",
        "84912345678",
        "(091) 2345678",
    ],
)
def test_mobile_numbers_written_many_ways_become_one_e164(raw: str) -> None:
    assert normalize_phone(raw) == "+84912345678"


def test_a_landline_with_area_code_is_accepted() -> None:
    assert normalize_phone("0212 3852 123") == "+842123852123"


@pytest.mark.parametrize("raw", ["", "0123", "091234567890123", "abc", "+84 000 000 000"])
def test_invalid_numbers_are_refused_with_a_code_and_the_field(raw: str) -> None:
    with pytest.raises(DomainError) as caught:
        normalize_phone(raw, field="sdt")
    assert caught.value.code == CoreError.PHONE_INVALID
    assert caught.value.field == "sdt"


def test_numbers_are_shown_the_way_people_read_them() -> None:
    assert display_phone("+84912345678") == "0912 345 678"
