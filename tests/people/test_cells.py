from datetime import date, datetime, time, timedelta

import pytest

from langso.core.dates import today
from langso.core.errors import DomainError
from langso.people.cells import (
    CellError,
    parse_birth,
    parse_ethnicity,
    parse_id_cell,
    parse_mark,
    parse_phone,
    parse_relationship,
    parse_sex,
    parse_text,
    typed,
)
from langso.people.errors import RowError


def test_a_cell_error_is_a_domain_error_answered_with_400() -> None:
    assert issubclass(CellError, DomainError)
    assert CellError.status == 400


# Text ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("  Lò   Văn\nPánh ", "Lò Văn Pánh"),
        (12, "12"),
        (12.0, "12"),
        (1.5, "1.5"),
        (date(1990, 1, 2), "02/01/1990"),
        (None, ""),
        ("   ", ""),
    ],
)
def test_text_is_one_line_and_numbers_lose_their_point_zero(value: object, text: str) -> None:
    assert parse_text(value, max_length=20) == text


def test_text_may_be_exactly_as_long_as_the_limit() -> None:
    assert parse_text("x" * 20, max_length=20) == "x" * 20


def test_text_longer_than_the_limit_is_refused() -> None:
    with pytest.raises(CellError) as caught:
        parse_text("Nguyễn Thị " * 5, max_length=20)
    assert caught.value.code == RowError.TEXT_TOO_LONG
    assert "Nguyễn Thị" in str(caught.value.message)


# Birth -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "born"),
    [
        (date(1990, 1, 2), date(1990, 1, 2)),
        (datetime.combine(date(1990, 1, 2), time()), date(1990, 1, 2)),
        (32875, date(1990, 1, 2)),
        (32875.0, date(1990, 1, 2)),
        (32875.75, date(1990, 1, 2)),
        ("02/01/1990", date(1990, 1, 2)),
        ("2/1/1990", date(1990, 1, 2)),
        ("2/1/90", date(1990, 1, 2)),
        ("2/1/05", date(2005, 1, 2)),
        ("02-01-1990", date(1990, 1, 2)),
        ("02.01.1990", date(1990, 1, 2)),
        (" 02 / 01 / 1990 ", date(1990, 1, 2)),
        ("1990-01-02", date(1990, 1, 2)),
        ("1990-1-2", date(1990, 1, 2)),
        ("29/02/2000", date(2000, 2, 29)),
        ("01/01/1900", date(1900, 1, 1)),
    ],
)
def test_dates_of_birth_are_read_from_date_cells_serials_and_text(
    value: object, born: date
) -> None:
    assert parse_birth(value) == (born, None)


@pytest.mark.parametrize("value", [1990, 1990.0, "1990", " 1990 ", 1900, "1900"])
def test_a_year_alone_is_a_year_of_birth(value: float | str) -> None:
    assert parse_birth(value) == (None, int(float(value)))


def test_this_year_is_a_year_of_birth() -> None:
    assert parse_birth(today().year) == (None, today().year)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_blank_birth_is_neither_date_nor_year(value: object) -> None:
    assert parse_birth(value) == (None, None)


def test_a_two_digit_year_is_the_latest_that_is_not_in_the_future() -> None:
    this_year = today().year
    assert parse_birth(f"1/1/{this_year % 100:02d}") == (date(this_year, 1, 1), None)
    next_year = (this_year + 1) % 100
    assert parse_birth(f"1/1/{next_year:02d}") == (date(1900 + next_year, 1, 1), None)


@pytest.mark.parametrize(
    "value",
    [
        "31/02/1990",
        "32/01/1990",
        "01/13/1990",
        "29/02/1990",
        "1899",
        1899,
        "12/05/1899",
        date(1899, 12, 31),
        1,
        -5,
        10**12,
        "abc",
        "1990/01/02",
        "02/01-1990",
        "02/01/199",
        "ngày 2 tháng 1",
        True,
        time(10, 30),
    ],
)
def test_what_is_not_a_date_of_birth_from_1900_is_refused(value: object) -> None:
    with pytest.raises(CellError) as caught:
        parse_birth(value)
    assert caught.value.code == RowError.BIRTH_INVALID


def test_the_refusal_quotes_the_cell() -> None:
    with pytest.raises(CellError) as caught:
        parse_birth("31/02/1990")
    assert "31/02/1990" in str(caught.value.message)


def test_dates_and_years_in_the_future_are_refused() -> None:
    tomorrow = today() + timedelta(days=1)
    future = [tomorrow, tomorrow.strftime("%d/%m/%Y"), today().year + 1, str(today().year + 1)]
    for value in [*future, 2999, 80000]:
        with pytest.raises(CellError) as caught:
            parse_birth(value)
        assert caught.value.code == RowError.BIRTH_FUTURE, value


# Sex -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["Nam", "nam", "NAM", " Nam ", "M", "m", "male", "Male"])
def test_men_are_written_nam_m_or_male(value: str) -> None:
    assert parse_sex(value) == "M"


@pytest.mark.parametrize("value", ["Nữ", "nữ", "NỮ", "nu", "F", "f", "female", "Female"])
def test_women_are_written_nu_f_or_female(value: str) -> None:
    assert parse_sex(value) == "F"


@pytest.mark.parametrize("value", [None, "", "  "])
def test_a_blank_sex_is_none(value: object) -> None:
    assert parse_sex(value) is None


@pytest.mark.parametrize("value", ["x", "Nam Nữ", "1", 1, "Ông"])
def test_anything_else_is_not_a_sex(value: object) -> None:
    with pytest.raises(CellError) as caught:
        parse_sex(value)
    assert caught.value.code == RowError.SEX_INVALID
    assert str(value) in str(caught.value.message)


# Indicator marks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["x", "X", "có", "Có", "co", "1", 1, 1.0, "1.0", True, "✓", "✔", "☑", "yes", "đã", "rồi"],
)
def test_ticks_mark_yes(value: object) -> None:
    assert parse_mark(value) is True


def test_true_and_false_as_excel_writes_them_into_csv_are_marks() -> None:
    assert parse_mark("TRUE") is True
    assert parse_mark("FALSE") is False


@pytest.mark.parametrize(
    "value",
    [None, "", "  ", 0, 0.0, "0", False, "không", "Không", "khong", "chưa", "-", "no"],
)
def test_blanks_and_noes_mark_no(value: object) -> None:
    assert parse_mark(value) is False


@pytest.mark.parametrize("value", ["2", 2, 0.5, "có lẽ", date(2024, 1, 1)])
def test_anything_else_is_not_a_mark(value: object) -> None:
    with pytest.raises(CellError) as caught:
        parse_mark(value)
    assert caught.value.code == RowError.MARK_INVALID


# Phones ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "+84 912 345 678",
        "84912345678",
        912345678,
        912345678.0,
        84912345678,
        "912345678",
    ],
)
def test_phones_become_e164_even_when_excel_dropped_the_zero(value: object) -> None:
    assert parse_phone(value) == "+84912345678"


@pytest.mark.parametrize("value", [None, "", " "])
def test_a_blank_phone_is_none(value: object) -> None:
    assert parse_phone(value) is None


@pytest.mark.parametrize("value", ["12345", 12345, "abc", 9.5, True, "0912 345 678 999"])
def test_what_is_not_a_phone_number_is_refused(value: object) -> None:
    with pytest.raises(CellError) as caught:
        parse_phone(value)
    assert caught.value.code == RowError.PHONE_INVALID
    assert caught.value.field == "phone"


# ID numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits"),
    [
        ("014185000189", "014185000189"),
        ("014 185.000-189", "014185000189"),
        (14185000189, "014185000189"),
        (14185000189.0, "014185000189"),
        (123456789, "123456789"),
        ("14185000189", "014185000189"),
        # Hà Nội's CCCDs start with 001: a number cell drops both zeros.
        (1085000189, "001085000189"),
        ("1085000189", "001085000189"),
        # A leading 0 kept means a digit was lost elsewhere: no guess, the check refuses it.
        ("01418500018", "01418500018"),
        ("0108500018", "0108500018"),
        ("141 850 00189", "014185000189"),
        ("abc", "abc"),
    ],
)
def test_id_cells_give_their_digits_with_the_zero_excel_dropped_restored(
    value: object, digits: str
) -> None:
    assert parse_id_cell(value) == digits


@pytest.mark.parametrize("value", [12345678, 12345678.0, "12345678", "1234 5678"])
def test_eight_digits_are_refused_since_a_cmnd_may_have_lost_its_zero_or_another_digit(
    value: object,
) -> None:
    with pytest.raises(CellError) as caught:
        parse_id_cell(value)
    assert caught.value.code == RowError.ID_ZERO_LOST
    assert caught.value.field == "id_number"
    assert "Text" in str(caught.value.message)
    assert "12345678" not in str(caught.value.message)  # quoted masked, as every ID


@pytest.mark.parametrize(
    ("key", "value", "written"),
    [
        ("household_no", 2.0, "2"),
        ("household_no", 2, "2"),
        ("household_no", 2.5, "2.5"),
        ("household_no", "02", "02"),
        ("id_number", 14185000189.0, "014185000189"),
        ("id_number", "14185000189", "014185000189"),
        ("id_number", 12345678.0, "12345678"),
        ("id_number", "chưa có", "chưa có"),
        ("phone", 912345678.0, "0912345678"),
        ("phone", "912345678", "0912345678"),
        ("phone", 2123456789.0, "02123456789"),
        ("phone", 84912345678.0, "84912345678"),
        ("phone", "0912 345 678", "0912 345 678"),
        ("full_name", 12.0, "12"),
        ("birth", 1985.0, 1985),
        ("birth", 30000.5, 30000.5),
        ("", 1.0, 1),
        ("", True, True),
        ("", None, None),
    ],
)
def test_cells_are_written_back_as_they_were_typed(
    key: str, value: object, written: object
) -> None:
    result = typed(key, value)
    assert (result, type(result)) == (written, type(written))


@pytest.mark.parametrize("value", [None, "", "  "])
def test_a_blank_id_cell_is_none(value: object) -> None:
    assert parse_id_cell(value) is None


# Relationship ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["Chủ hộ", "chủ hộ", "CHỦ HỘ", "chu ho", "CH", "ch", "Chủ hộ gia đình", " Chủ  hộ "]
)
def test_the_head_of_household_is_recognised(value: str) -> None:
    assert parse_relationship(value) == ("Chủ hộ", True)


@pytest.mark.parametrize(
    ("value", "relationship"),
    [("vợ", "Vợ"), ("Con", "Con"), ("con  trai", "Con trai"), ("cháu nội", "Cháu nội")],
)
def test_other_relationships_are_kept_with_a_capital(value: str, relationship: str) -> None:
    assert parse_relationship(value) == (relationship, False)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_a_blank_relationship_is_empty_and_not_the_head(value: object) -> None:
    assert parse_relationship(value) == ("", False)


# Ethnicity -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "group"), [("H'Mông", "Mông"), ("thai", "Thái"), ("KINH", "Kinh")]
)
def test_ethnicity_cells_give_the_official_name(value: str, group: str) -> None:
    assert parse_ethnicity(value) == group


@pytest.mark.parametrize("value", [None, "", " "])
def test_a_blank_ethnicity_is_none(value: object) -> None:
    assert parse_ethnicity(value) is None


@pytest.mark.parametrize("value", ["Kinh Thái", "xyz", 1])
def test_an_unknown_ethnicity_is_refused_with_how_to_write_it(value: object) -> None:
    with pytest.raises(CellError) as caught:
        parse_ethnicity(value)
    assert caught.value.code == RowError.ETHNICITY_UNKNOWN
    assert str(value) in str(caught.value.message)
    assert "Thái" in str(caught.value.message)
