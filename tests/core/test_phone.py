import pytest
from django.template import Context, Template

from langso.core.errors import CoreError, DomainError
from langso.core.phone import display_phone, normalize_phone, show_phone


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


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+84978123456", "0978 123 456"),
        ("+84912345678", "0912 345 678"),
        ("+84888123456", "0888 123 456"),
        ("+842123852345", "0212 3852 345"),  # Sơn La's landline
        ("+842438252345", "024 3825 2345"),  # Hà Nội's
        ("+842838123456", "028 3812 3456"),  # Thành phố Hồ Chí Minh's
        ("+8418001090", "1800 1090"),
        ("+12025550123", "+1 202-555-0123"),  # a foreign number keeps its country
        ("*******678", "**** *** 678"),  # masked stays masked, in the same groups
        ("********345", "**** **** 345"),
        ("0912.345.678 (cũ)", "0912.345.678 (cũ)"),  # typed by hand before checks: as written
        ("+84 abc", "+84 abc"),
        ("", ""),
    ],
)
def test_every_phone_is_shown_the_vietnamese_way(stored: str, shown: str) -> None:
    assert show_phone(stored) == shown


def test_the_template_filter_shows_phones_through_the_same_function() -> None:
    template = Template("{% load words %}[{{ a|phone }}][{{ b|phone }}][{{ c|phone }}]")
    rendered = template.render(Context({"a": "+84978123456", "b": "*******678", "c": None}))
    assert rendered == "[0978 123 456][**** *** 678][]"
