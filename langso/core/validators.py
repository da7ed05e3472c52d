"""Citizen ID numbers: the 12-digit CCCD, whose digits say where and when a person was born, and
the old 9-digit CMND, which says nothing we can check.

A CCCD reads ``0PP C YY NNNNNN``: "0" and the code of the pre-2025 province where the birth was
registered (014 = Sơn La), a digit for century and sex (0/1 = man/woman born 1900 to 1999, 2/3 =
2000 to 2099, and so on every hundred years), the last two digits of the birth year, then six
serial digits. There is no check digit, so agreeing with the row's birth year and sex is the best
test of a mistyped number we have.
"""

import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Literal

from django.utils.translation import gettext as _

from langso.core.errors import DomainError

_SEPARATORS = re.compile(r"[\s.\-]")
_FIELD = "id_number"


class IdError(StrEnum):
    """The same codes (and values) as the people app's RowError, which core may not import."""

    ID_INVALID = "ID_INVALID"
    ID_PROVINCE_UNKNOWN = "ID_PROVINCE_UNKNOWN"
    ID_CENTURY_MISMATCH = "ID_CENTURY_MISMATCH"
    ID_YEAR_MISMATCH = "ID_YEAR_MISMATCH"
    ID_SEX_MISMATCH = "ID_SEX_MISMATCH"


@cache
def legacy_province_codes() -> frozenset[str]:
    """The 63 two-digit codes of the provinces before the 2025 reform ("01" Hà Nội … "96" Cà Mau).

    CCCDs keep the code of the province that registered the birth, so they use the old list even
    after the provinces were merged.
    """
    path = files("vietnamadminunits") / "data" / "dataset.db"
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT DISTINCT provinceCode FROM admin_units_legacy")
        return frozenset(code for (code,) in rows)
    finally:
        connection.close()


@dataclass(frozen=True)
class IdNumber:
    kind: Literal["cccd", "cmnd"]
    number: str
    province_code: str | None


def mask_id(number: str) -> str:
    """The form of an ID number kept for screens: its last two digits ("**********89").

    The leading digits of a CCCD (province of registration, century and sex, year of birth)
    repeat what the resident's row already says, so showing them narrows nothing down for a
    team member checking a card, but together with the row they left only four unknown digits
    of twelve. Two trailing digits are enough to tell one card from another at the door.
    """
    if len(number) <= 4:
        return "*" * len(number)
    return "*" * (len(number) - 2) + number[-2:]


def _quoted(number: str) -> str:
    """How a refusal quotes the number it refuses, to the person who typed it: the part that is
    wrong (the leading digits) stays readable, the rest is hidden as in a report of rejected
    rows ("0141******89")."""
    head = 4 if len(number) == 12 else 3
    if len(number) <= head + 2:
        return "*" * len(number)
    return number[:head] + "*" * (len(number) - head - 2) + number[-2:]


def parse_id_number(
    raw: str,
    *,
    birth_date: date | None = None,
    birth_year: int | None = None,
    sex: Literal["M", "F"] | None = None,
) -> IdNumber:
    """Read a CCCD or CMND and check a CCCD against the birth date (or year) and sex when given.

    Raises DomainError with the first problem found, in the order format, province, century,
    year, sex. Messages show a string of digits masked: they end up in import reports, which must
    not spread whole ID numbers (text such as "chưa có" is quoted as it is).
    """
    number = _SEPARATORS.sub("", raw)
    if not number.isascii() or not number.isdigit() or len(number) not in (9, 12):
        raise DomainError(
            IdError.ID_INVALID,
            _(
                "“%(value)s” is not an ID number: a citizen ID (CCCD) has 12 digits and an old "
                "ID card (CMND) has 9."
            )
            % {"value": _quoted(number) if number.isdigit() else raw},
            field=_FIELD,
        )
    if len(number) == 9:
        return IdNumber(kind="cmnd", number=number, province_code=None)
    masked = _quoted(number)
    if number[0] != "0" or number[1:3] not in legacy_province_codes():
        raise DomainError(
            IdError.ID_PROVINCE_UNKNOWN,
            _(
                "“%(value)s” does not start with a province code: the first three digits of a "
                "CCCD are 0 and the code of the province where the birth was registered (014 for "
                "Sơn La), not %(code)s."
            )
            % {"value": masked, "code": number[:3]},
            field=_FIELD,
        )
    year = birth_date.year if birth_date is not None else birth_year
    digit = int(number[3])
    if year is not None:
        century_start = 1900 + 100 * (digit // 2)
        if not century_start <= year < century_start + 100:
            raise DomainError(
                IdError.ID_CENTURY_MISMATCH,
                _(
                    "The fourth digit of “%(value)s” (%(digit)s) is for people born "
                    "%(start)s–%(end)s, but the birth year is %(year)s."
                )
                % {
                    "value": masked,
                    "digit": digit,
                    "start": century_start,
                    "end": century_start + 99,
                    "year": year,
                },
                field=_FIELD,
            )
        if int(number[4:6]) != year % 100:
            raise DomainError(
                IdError.ID_YEAR_MISMATCH,
                _(
                    "Digits 5 and 6 of “%(value)s” (%(digits)s) should be the last two digits "
                    "of the birth year %(year)s."
                )
                % {"value": masked, "digits": number[4:6], "year": year},
                field=_FIELD,
            )
    if sex is not None and sex != ("M" if digit % 2 == 0 else "F"):
        message = (
            _("The fourth digit of “%(value)s” (%(digit)s) is for a man, but the row says female.")
            if sex == "F"
            else _(
                "The fourth digit of “%(value)s” (%(digit)s) is for a woman, but the row says male."
            )
        )
        raise DomainError(
            IdError.ID_SEX_MISMATCH, message % {"value": masked, "digit": digit}, field=_FIELD
        )
    return IdNumber(kind="cccd", number=number, province_code=number[:3])
