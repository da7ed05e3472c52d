"""Parsers for single spreadsheet cells, taking each value the way a reader hands it over.

A cell arrives as text (CSV, or a text cell), a number (Excel stores dates, years, phone numbers
and ID numbers as numbers when nobody told it otherwise), a boolean, a date or datetime, or None
for an empty cell. Each parser accepts the forms that household lists really contain and refuses
anything else with a row error code and a message that quotes the cell as the person sees it.
"""

import re
from datetime import date, datetime, timedelta
from typing import Literal

from django.utils.translation import gettext as _

from langso.core.dates import format_date, today
from langso.core.errors import DomainError
from langso.core.phone import normalize_phone
from langso.core.text import fold, fold_compact, one_line
from langso.people.errors import RowError
from langso.people.ethnicity import match_ethnicity


class CellError(DomainError):
    """One cell is wrong; the importer adds the sheet, row and column."""

    status = 400


# Excel counts days from 30 December 1899 (its serial 1 is 1 January 1900, and it believes 1900
# was a leap year, which this epoch absorbs for every date after February 1900).
_EXCEL_EPOCH = date(1899, 12, 30)
_FIRST_YEAR = 1900

_YEAR = re.compile(r"\d{4}")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ID_SEPARATORS = re.compile(r"[\s.\-]")

_SEXES: dict[str, Literal["M", "F"]] = {
    "nam": "M",
    "m": "M",
    "male": "M",
    "nu": "F",
    "f": "F",
    "female": "F",
}
# Folded spellings of a ticked and an unticked indicator box. TRUE and FALSE are what Excel
# writes for a boolean cell when it saves a sheet as CSV.
_MARKED = frozenset({"x", "co", "1", "1.0", "✓", "✔", "☑", "yes", "da", "roi", "true"})
_UNMARKED = frozenset({"0", "0.0", "khong", "chua", "-", "no", "false"})
_HEAD = "Chủ hộ"
# Columns whose values are text even when a spreadsheet stored them as numbers.
_TEXT_COLUMNS = frozenset(
    {"household_no", "full_name", "sex", "ethnicity", "phone", "village", "relationship", "note"}
)
_HEAD_SPELLINGS = frozenset({"chuho", "ch", "chuhogiadinh"})


def show(value: object) -> str:
    """The cell as a person reads it on screen: 12.0 → "12", a date → dd/mm/yyyy."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return format_date(value) if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def typed(key: str, value: object) -> object:
    """What the person typed into a cell of column ``key``, for writing it back to a sheet.

    A household number, an ID or a phone number is text that Excel stores as a number when the
    column is not formatted as Text: 2 comes back 2.0, 0912345678 as 912345678.0. They are
    given back as the text that was typed ("2", "0912345678", an ID with the zeros
    ``parse_id_cell`` restores, from a number cell or from a CSV saved from one), so a sheet
    written from them reads as the original did. Other numbers (a year of birth, a mark) stay
    numbers, 1985.0 as 1985; anything else is returned as it is.
    """
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if key == "id_number" and (number or isinstance(value, str)):
        try:
            digits = parse_id_cell(value)
        except CellError:
            return show(value)
        # Text that is not a number ("chưa có") is written as it was, for the officer to fix.
        return digits if digits and digits.isdigit() else value
    if key == "phone" and (number or isinstance(value, str)):
        text = show(value)
        lost_zero = (9, 10) if number else (9,)
        return "0" + text if text.isdigit() and len(text) in lost_zero else text
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if key in _TEXT_COLUMNS:
        return show(value)
    return int(value) if float(value).is_integer() else value


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_blank(value: object) -> bool:
    """Whether a cell is empty for a person looking at it (nothing, or only spaces)."""
    return _blank(value)


def parse_text(value: object, *, max_length: int) -> str:
    """Any cell as one line of text ("" when blank), refused when longer than ``max_length``."""
    if _blank(value):
        return ""
    text = one_line(show(value))
    if len(text) > max_length:
        raise CellError(
            RowError.TEXT_TOO_LONG,
            _("“%(value)s…” has %(length)s characters; at most %(limit)s fit here.")
            % {"value": text[:40], "length": len(text), "limit": max_length},
        )
    return text


def parse_birth(value: object) -> tuple[date | None, int | None]:
    """A date of birth, or a year of birth alone (many lists only have the year).

    Returns (date, None), (None, year) or (None, None) for a blank cell.
    """
    if _blank(value):
        return None, None
    if isinstance(value, datetime):
        return _checked_date(value.date(), value), None
    if isinstance(value, date):
        return _checked_date(value, value), None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1000 <= value <= 9999:
            return _birth_from_text(str(int(value)))
        # Any other number is a date whose cell lost its date format: Excel's day count. Four
        # digits are read as a year instead, even where they would be a day in 1902 to 1927: a
        # year is what a person who types 2030 or 1890 into this column meant.
        try:
            serial_day = _EXCEL_EPOCH + timedelta(days=int(value))
        except OverflowError:
            raise _birth_invalid(value) from None
        return _checked_date(serial_day, value), None
    if isinstance(value, str):
        return _birth_from_text(value.strip())
    raise _birth_invalid(value)


def _birth_from_text(text: str) -> tuple[date | None, int | None]:
    if _YEAR.fullmatch(text):
        year = int(text)
        if year < _FIRST_YEAR:
            raise _birth_invalid(text)
        if year > today().year:
            raise _birth_future(text)
        return None, year
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
        if len(match[4]) == 2:
            # Two digits cannot tell 1925 from 2025; the most recent year that is not in the
            # future is the likely one for a living person (05 → 2005, 85 → 1985).
            year += 2000 if 2000 + year <= today().year else 1900
    elif match := _ISO.fullmatch(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        raise _birth_invalid(text)
    try:
        born = date(year, month, day)
    except ValueError:
        raise _birth_invalid(text) from None
    return _checked_date(born, text), None


def _checked_date(born: date, shown: object) -> date:
    if born.year < _FIRST_YEAR:
        raise _birth_invalid(shown)
    if born > today():
        raise _birth_future(shown)
    return born


def _birth_invalid(value: object) -> CellError:
    return CellError(
        RowError.BIRTH_INVALID,
        _("“%(value)s” is not a date of birth (write dd/mm/yyyy, or the year alone from 1900).")
        % {"value": show(value)},
        field="birth",
    )


def _birth_future(value: object) -> CellError:
    return CellError(
        RowError.BIRTH_FUTURE,
        _("“%(value)s” is in the future; check the date of birth.") % {"value": show(value)},
        field="birth",
    )


def parse_sex(value: object) -> Literal["M", "F"] | None:
    """Nam (M) or Nữ (F), written any common way; None when blank."""
    if _blank(value):
        return None
    sex = _SEXES.get(fold(show(value)))
    if sex is None:
        raise CellError(
            RowError.SEX_INVALID,
            _("“%(value)s” is not a sex: write Nam or Nữ.") % {"value": show(value)},
            field="sex",
        )
    return sex


def parse_mark(value: object) -> bool:
    """Whether an indicator box is ticked: x, có, 1, ✓ … are yes; blank, 0, không … are no."""
    if _blank(value):
        return False
    if isinstance(value, bool):
        return value
    folded = fold(show(value))
    if folded in _MARKED:
        return True
    if folded in _UNMARKED:
        return False
    raise CellError(
        RowError.MARK_INVALID,
        _("“%(value)s” is not a mark: write x (or có) for yes and leave the cell empty for no.")
        % {"value": show(value)},
    )


def parse_phone(value: object) -> str | None:
    """A phone number in E.164 form (+84912345678), or None when blank."""
    if _blank(value):
        return None
    text = show(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and len(text) in (9, 10):
        # A number cell keeps no leading zero: 0912345678 (a mobile) or 02123 456 789 (a
        # landline) was typed, 912345678 or 2123456789 was stored. 84912345678 keeps its 84.
        text = "0" + text
    try:
        return normalize_phone(text)
    except DomainError as error:
        raise CellError(RowError.PHONE_INVALID, error.message, field="phone") from None


def parse_id_cell(value: object) -> str | None:
    """The digits of an ID number cell (checked later against the birth year and sex).

    A number cell keeps no leading zero, and a CSV saved from such a sheet carries the same
    shortened digits as text. Zeros are put back only where nothing else can have happened:
    every CCCD starts with 0 (with 00 for the provinces 001 to 009), so 10 or 11 digits that do
    not start with 0 are a CCCD that lost them (a digit lost anywhere else leaves the leading 0
    in place); the restored number is still checked against the province, century and birth
    year. Eight digits are refused (``ID_ZERO_LOST``): they may be a CMND that lost its leading
    0 or one that lost another digit, and guessing would attach a wrong number to a person.
    """
    if _blank(value):
        return None
    digits = _ID_SEPARATORS.sub("", show(value))
    if not (digits.isascii() and digits.isdigit()):
        return digits
    if len(digits) in (10, 11) and digits[0] != "0":
        return digits.zfill(12)
    if len(digits) == 8:
        raise CellError(
            RowError.ID_ZERO_LOST,
            _(
                "“%(value)s” has 8 digits: an old ID card (CMND) has 9. If it starts with 0, the "
                "spreadsheet dropped the 0 because the cell holds a number: format the column "
                "as Text and type the number again with its 0."
            )
            % {"value": "*" * 6 + digits[-2:]},
            field="id_number",
        )
    return digits


def parse_relationship(value: object) -> tuple[str, bool]:
    """The relationship to the head of household, and whether this person is the head."""
    if _blank(value):
        return "", False
    text = " ".join(show(value).split())
    if fold_compact(text) in _HEAD_SPELLINGS:
        return _HEAD, True
    return text[:1].upper() + text[1:], False


def parse_ethnicity(value: object) -> str | None:
    """The official name of an ethnic group ("H'Mông" → "Mông"), or None when blank."""
    if _blank(value):
        return None
    group = match_ethnicity(show(value))
    if group is None:
        raise CellError(
            RowError.ETHNICITY_UNKNOWN,
            _(
                "“%(value)s” is not one of Vietnam's 54 ethnic groups: write the group's name, "
                "such as Kinh, Thái, Mông, Khơ Mú or Mường."
            )
            % {"value": show(value)},
            field="ethnicity",
        )
    return group
