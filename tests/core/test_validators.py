from datetime import date
from typing import Literal

import pytest

from langso.core.errors import DomainError
from langso.core.validators import (
    IdError,
    IdNumber,
    legacy_province_codes,
    mask_id,
    parse_id_number,
)
from langso.people.errors import RowError


def test_the_63_legacy_province_codes_come_from_the_national_data_set() -> None:
    codes = legacy_province_codes()
    assert len(codes) == 63
    assert {"01", "14", "79", "96"} <= codes
    assert not {"00", "03", "99"} & codes


def test_id_error_codes_are_the_row_error_codes_the_importer_reports() -> None:
    assert {code.value for code in IdError} <= {code.value for code in RowError}


@pytest.mark.parametrize(
    ("number", "year", "sex"),
    [
        ("014085000123", 1985, "M"),
        ("014185000189", 1985, "F"),
        ("014205000123", 2005, "M"),
        ("014305000123", 2005, "F"),
        ("001099123456", 1999, "M"),
        ("096300000001", 2000, "F"),
    ],
)
def test_a_cccd_agreeing_with_birth_year_and_sex_is_accepted(
    number: str, year: int, sex: Literal["M", "F"]
) -> None:
    assert parse_id_number(number, birth_year=year, sex=sex) == IdNumber(
        kind="cccd", number=number, province_code=number[:3]
    )


def test_a_cccd_is_checked_against_the_birth_date_when_there_is_one() -> None:
    parsed = parse_id_number("014185000189", birth_date=date(1985, 7, 1), sex="F")
    assert parsed.province_code == "014"
    with pytest.raises(DomainError) as caught:
        parse_id_number("014185000189", birth_date=date(1986, 7, 1))
    assert caught.value.code == RowError.ID_YEAR_MISMATCH


@pytest.mark.parametrize("raw", ["014 185 000 189", "014.185.000.189", "014-185-000-189"])
def test_spaces_dots_and_dashes_are_ignored(raw: str) -> None:
    assert parse_id_number(raw).number == "014185000189"


@pytest.mark.parametrize("digit", "456789")
def test_later_century_digits_are_a_valid_format_without_a_birth_year(digit: str) -> None:
    assert parse_id_number(f"014{digit}85000123").kind == "cccd"


@pytest.mark.parametrize(
    ("number", "year"),
    [
        ("014005000123", 2005),
        ("014205000123", 1905),
        ("014485000123", 1985),
        ("014985000123", 2085),
    ],
)
def test_a_century_digit_that_disagrees_with_the_birth_year_is_refused(
    number: str, year: int
) -> None:
    with pytest.raises(DomainError) as caught:
        parse_id_number(number, birth_year=year)
    assert caught.value.code == RowError.ID_CENTURY_MISMATCH
    assert caught.value.field == "id_number"
    assert str(year) in str(caught.value.message)


def test_birth_year_digits_that_disagree_with_the_birth_year_are_refused() -> None:
    with pytest.raises(DomainError) as caught:
        parse_id_number("014085000123", birth_year=1986)
    assert caught.value.code == RowError.ID_YEAR_MISMATCH


@pytest.mark.parametrize(("number", "sex"), [("014085000123", "F"), ("014185000189", "M")])
def test_a_sex_digit_that_disagrees_with_the_sex_is_refused(
    number: str, sex: Literal["M", "F"]
) -> None:
    with pytest.raises(DomainError) as caught:
        parse_id_number(number, birth_year=1985, sex=sex)
    assert caught.value.code == RowError.ID_SEX_MISMATCH


def test_an_old_nine_digit_cmnd_is_accepted_as_such_and_not_checked() -> None:
    parsed = parse_id_number("012345678", birth_year=2005, sex="F")
    assert parsed == IdNumber(kind="cmnd", number="012345678", province_code=None)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "0141850001",
        "01418500018",
        "0141850001890",
        "01418500018a",
        "CCCD",
        "０１４１８５０００１８９",
    ],
)
def test_anything_but_nine_or_twelve_digits_is_refused(raw: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_id_number(raw)
    assert caught.value.code == RowError.ID_INVALID


@pytest.mark.parametrize("number", ["099085000123", "003085000123", "114085000123"])
def test_a_cccd_without_a_real_province_code_is_refused(number: str) -> None:
    assert number[1:3] not in legacy_province_codes() or number[0] != "0"
    with pytest.raises(DomainError) as caught:
        parse_id_number(number)
    assert caught.value.code == RowError.ID_PROVINCE_UNKNOWN
    assert number[:3] in str(caught.value.message)


@pytest.mark.parametrize(
    ("number", "year", "sex", "code"),
    [
        ("099485000123", 1986, "F", RowError.ID_PROVINCE_UNKNOWN),
        ("014285000123", 1986, "F", RowError.ID_CENTURY_MISMATCH),
        ("014086000123", 1985, "F", RowError.ID_YEAR_MISMATCH),
    ],
)
def test_only_the_first_problem_is_reported(
    number: str, year: int, sex: Literal["M", "F"], code: RowError
) -> None:
    with pytest.raises(DomainError) as caught:
        parse_id_number(number, birth_year=year, sex=sex)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("number", "birth_year", "quoted"),
    [
        ("0141850001890", None, "014********90"),
        ("099185000189", None, "0991******89"),
        ("014185000189", 2001, "0141******89"),
    ],
)
def test_messages_quote_the_wrong_digits_and_hide_the_rest(
    number: str, birth_year: int | None, quoted: str
) -> None:
    """Refusals go to whoever typed the number, into import reports too: they show the leading
    digits that are wrong and hide the middle."""
    with pytest.raises(DomainError) as caught:
        parse_id_number(number, birth_year=birth_year)
    assert number not in str(caught.value.message)
    assert quoted in str(caught.value.message)


def test_text_that_is_no_number_is_quoted_as_written() -> None:
    with pytest.raises(DomainError) as caught:
        parse_id_number("chưa có")
    assert caught.value.code == RowError.ID_INVALID
    assert "chưa có" in str(caught.value.message)


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("014185000189", "**********89"),
        ("012345678", "*******78"),
        ("0141850001890", "***********90"),
        ("12345", "***45"),
        ("1234", "****"),
    ],
)
def test_masks_keep_only_the_last_two_digits(number: str, masked: str) -> None:
    """The leading digits of a CCCD repeat the row (province, sex, year of birth); showing them
    with the last two left only four unknown digits of twelve."""
    assert mask_id(number) == masked
