"""Reading each row of a household list: every cell checked, an error for each bad one."""

import contextlib
import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from langso.core.errors import DomainError
from langso.core.text import fold
from langso.core.validators import parse_id_number
from langso.people import cells
from langso.people.errors import RowError
from langso.people.services import NOTHING, Sealed, seal_id, seal_phone
from langso.people.spreadsheet import Table, column_letter

BUSINESS = "_business"
BUSINESS_COLUMNS = ("Hộ kinh doanh", "HKD", "Hộ sản xuất kinh doanh", "Hộ SXKD")
# Words villages carry before their name, which lists often leave out ("Hua Nà" for "Bản Hua Nà").
_VILLAGE_WORDS = ("tieu khu ", "to dan pho ", "khu pho ", "ban ", "thon ", "xom ", "ap ", "to ")


# What a resident row may change; a blank cell for the ID or phone keeps what is known.
@dataclass
class Problem:
    sheet: str
    row: int
    column: str
    code: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    villages_created: list[dict[str, str]] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    observations: int = 0
    dry_run: bool = False
    # Good rows that the file of rejected rows carries beside them (row numbers): the rows of a
    # household without a number, which is found again by them, and the first row of an ID
    # number given twice. Re-uploaded, they find what they found before and change nothing.
    companions: set[int] = field(default_factory=set)

    def as_dict(self) -> dict[str, Any]:
        body = asdict(self)
        del body["observations"], body["dry_run"], body["companions"]
        return body


@dataclass
class Row:
    number: int
    full_name: str = ""
    birth_date: date | None = None
    birth_year: int | None = None
    sex: str = ""
    ethnicity: str = ""
    relationship: str = ""
    is_head: bool = False
    household_no: str = ""
    village: str = ""
    folded: str = ""
    id_sealed: Sealed = NOTHING
    id_kind: str = ""
    phone_sealed: Sealed = NOTHING
    marks: dict[str, bool] = field(default_factory=dict)
    business: bool = False
    ok: bool = True
    group: int = -1


@functools.lru_cache(maxsize=8192)
def village_key(name: str) -> str:
    """Folded village name without its kind word: "Bản Hua Nà" and "hua na" are one village."""
    folded = fold(name)
    for word in _VILLAGE_WORDS:
        if folded.startswith(word):
            return folded[len(word) :]
    return folded


class _Memo:
    """A cell parser that remembers its answers: sex, ethnicity, relationship, village and the
    indicator marks take a handful of distinct values over a whole list, and names, dates of
    birth and household numbers repeat far more often than not."""

    def __init__(self, parse: Callable[[Any], Any]) -> None:
        self.parse = parse
        self.seen: dict[Any, Any] = {}

    def __call__(self, value: Any) -> Any:
        try:
            known = self.seen[value]
        except (KeyError, TypeError):
            try:
                known = self.parse(value)
            except DomainError as error:
                known = error
            with contextlib.suppress(TypeError):
                self.seen[value] = known
        if isinstance(known, DomainError):
            # The same error object serves every cell with this value; without its old
            # traceback, raising it again does not add to it each time.
            raise known.with_traceback(None)
        return known


def _text(limit: int) -> Callable[[Any], str]:
    return lambda value: cells.parse_text(value, max_length=limit)


def parse_rows(table: Table, report: ImportReport, indicator_codes: list[str]) -> list[Row]:
    """Every row's cells, checked; a problem for each bad cell. The hot loop of an import."""
    columns = table.columns
    parsers: list[tuple[str, int, Callable[[Any], Any]]] = [
        (key, columns[key], parse)
        for key, parse in (
            ("full_name", _Memo(_text(150))),
            ("birth", _Memo(cells.parse_birth)),
            ("sex", _Memo(cells.parse_sex)),
            ("ethnicity", _Memo(cells.parse_ethnicity)),
            ("relationship", _Memo(cells.parse_relationship)),
            ("household_no", _Memo(_text(30))),
            ("village", _Memo(_text(150))),
            ("id_number", cells.parse_id_cell),
            ("phone", cells.parse_phone),
        )
        if key in columns
    ]
    marks = [
        (code, table.indicator_columns[code], _Memo(cells.parse_mark))
        for code in indicator_codes
        if code in table.indicator_columns
    ]

    def label(key: str, index: int) -> str:
        written = table.headers.get(key) or (
            table.header_cells[index] if index < len(table.header_cells) else key
        )
        return f"{column_letter(index)} ({written})"

    letters = {
        key: label(key, index)
        for key, index in [*columns.items(), *table.indicator_columns.items()]
    }
    errors = report.errors
    sheet = table.sheet
    rows: list[Row] = []
    seen_ids: dict[str, int] = {}
    folded: dict[str, str] = {}
    known_columns = sorted({*columns.values(), *table.indicator_columns.values()})
    for number, values in table.rows:
        width = len(values)
        if not any(index < width and not cells.is_blank(values[index]) for index in known_columns):
            # Only the row number (STT) is filled in: lists are numbered ahead of time.
            continue
        row = Row(number=number)
        parsed: dict[str, Any] = {}
        for key, index, parse in parsers:
            try:
                parsed[key] = parse(values[index] if index < width else None)
            except DomainError as error:
                errors.append(
                    Problem(sheet, number, letters[key], str(error.code), str(error.message))
                )
                row.ok = False
        row.full_name = parsed.get("full_name") or ""
        row.folded = folded.get(row.full_name) or folded.setdefault(
            row.full_name, fold(row.full_name)
        )
        if not row.full_name and "full_name" in parsed:
            errors.append(
                Problem(
                    sheet,
                    number,
                    letters["full_name"],
                    RowError.NAME_REQUIRED,
                    _("The full name is empty."),
                )
            )
            row.ok = False
        birth = parsed.get("birth")
        if birth:
            row.birth_date, row.birth_year = birth
            if row.birth_date is not None:
                row.birth_year = row.birth_date.year
        row.sex = parsed.get("sex") or ""
        row.ethnicity = parsed.get("ethnicity") or ""
        relationship = parsed.get("relationship")
        if relationship:
            row.relationship, row.is_head = relationship
        row.household_no = parsed.get("household_no") or ""
        row.village = parsed.get("village") or ""
        id_number = parsed.get("id_number")
        if id_number:
            try:
                id_parsed = parse_id_number(
                    id_number,
                    birth_date=row.birth_date,
                    birth_year=row.birth_year,
                    sex=row.sex or None,  # type: ignore[arg-type]
                )
            except DomainError as error:
                errors.append(
                    Problem(
                        sheet, number, letters["id_number"], str(error.code), str(error.message)
                    )
                )
                row.ok = False
            else:
                first = seen_ids.setdefault(id_parsed.number, number)
                if first != number:
                    report.companions.add(first)
                    message = _("This ID number is also on row %(row)s.") % {"row": first}
                    errors.append(
                        Problem(
                            sheet,
                            number,
                            letters["id_number"],
                            RowError.ID_DUPLICATE_IN_FILE,
                            message,
                        )
                    )
                    row.ok = False
                else:
                    row.id_sealed, row.id_kind = seal_id(id_parsed.number), id_parsed.kind
        phone = parsed.get("phone")
        if phone:
            row.phone_sealed = seal_phone(phone)
        for code, index, parse in marks:
            try:
                mark = parse(values[index] if index < width else None)
            except DomainError as error:
                errors.append(
                    Problem(sheet, number, letters[code], str(error.code), str(error.message))
                )
                row.ok = False
                continue
            if code == BUSINESS:
                row.business = mark
            elif mark:
                row.marks[code] = True
        rows.append(row)
    return rows
