"""Importing household lists from spreadsheets, the way communes keep them.

One call reads the file, checks every row, groups rows into households the way the lists do
(a "Chủ hộ" row starts a household, the rows after it belong to it; a household-number column,
when present, wins), matches rows to residents already known (by ID number through its blind
index, else by name and birth within the household) and, unless it is a dry run, writes
everything in one transaction: villages the officer agreed to create, households, residents,
roll-ups, and the indicator marks as observations whose source is this import.

A row with any bad value is rejected whole, with an error for each bad cell; bad rows never
block good ones. A file that cannot be read is refused whole and nothing is written.
"""

import contextlib
import functools
import gc
import io
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

import xlsxwriter
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso.core import bulk
from langso.core.audit import audit_record
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.core.models import AuditAction
from langso.core.text import fold
from langso.core.validators import parse_id_number
from langso.indicators import rollups
from langso.indicators.models import Population, Source, Status
from langso.indicators.services import (
    NewObservation,
    catalog,
    observations_record_many,
    record_first_observations,
)
from langso.people import cells
from langso.people.errors import FileError, RowError
from langso.people.models import Household, Resident
from langso.people.services import NOTHING, Sealed, resident_subject, seal_id, seal_phone
from langso.people.spreadsheet import FileRejected, Table, column_letter, read_table
from langso.units import selectors as units
from langso.units import services as unit_services
from langso.units.models import Kind, Level, Unit, UnitVersion
from langso.units.selectors import Actor

BUSINESS = "_business"
BUSINESS_COLUMNS = ("Hộ kinh doanh", "HKD", "Hộ sản xuất kinh doanh", "Hộ SXKD")
# Words villages carry before their name, which lists often leave out ("Hua Nà" for "Bản Hua Nà").
_VILLAGE_WORDS = ("tieu khu ", "to dan pho ", "khu pho ", "ban ", "thon ", "xom ", "ap ", "to ")
# What a resident row may change; a blank cell for the ID or phone keeps what is known.
_COMPARED = (
    "full_name",
    "birth_date",
    "birth_year",
    "sex",
    "ethnicity",
    "relationship",
    "is_head",
    "id_index",
    "phone_index",
    "household_id",
)


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

    def as_dict(self) -> dict[str, Any]:
        body = asdict(self)
        del body["observations"], body["dry_run"]
        return body


@dataclass
class _Row:
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
    indicator marks take a handful of distinct values over a whole list."""

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
            raise known
        return known


def _text(limit: int) -> Callable[[Any], str]:
    return lambda value: cells.parse_text(value, max_length=limit)


def _parse_rows(table: Table, report: ImportReport, indicator_codes: list[str]) -> list[_Row]:
    """Every row's cells, checked; a problem for each bad cell. The hot loop of an import."""
    columns = table.columns
    parsers: list[tuple[str, int, Callable[[Any], Any]]] = [
        (key, columns[key], parse)
        for key, parse in (
            ("full_name", _text(150)),
            ("birth", cells.parse_birth),
            ("sex", _Memo(cells.parse_sex)),
            ("ethnicity", _Memo(cells.parse_ethnicity)),
            ("relationship", _Memo(cells.parse_relationship)),
            ("household_no", _text(30)),
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
    rows: list[_Row] = []
    seen_ids: dict[str, int] = {}
    known_columns = sorted({*columns.values(), *table.indicator_columns.values()})
    for number, values in table.rows:
        width = len(values)
        if not any(index < width and not cells.is_blank(values[index]) for index in known_columns):
            # Only the row number (STT) is filled in: lists are numbered ahead of time.
            continue
        row = _Row(number=number)
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
        row.folded = fold(row.full_name)
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


def _group(rows: list[_Row], table: Table, report: ImportReport) -> list[list[_Row]]:
    """Households as the list forms them; returns the groups (rows keep their group number).

    A household number, where a row has one, decides. Rows without one (the whole list, when
    it has no such column) follow the lists' own rule: a "Chủ hộ" row starts a household and
    the rows after it belong to it.
    """
    groups: list[list[_Row]] = []
    by_number: dict[tuple[str, str], int] = {}
    current = -1
    current_village = ""
    for row in rows:
        if row.household_no:
            key = (village_key(row.village), row.household_no)
            if key not in by_number:
                by_number[key] = len(groups)
                groups.append([])
            row.group = by_number[key]
            groups[row.group].append(row)
            continue
        if row.is_head or current < 0 or village_key(row.village) != current_village:
            if not row.is_head and "relationship" in table.columns:
                _reject(
                    row,
                    table,
                    report,
                    RowError.NO_HEAD,
                    _("This row comes before any “Chủ hộ” row of its household."),
                )
                continue
            groups.append([])
            current = len(groups) - 1
            current_village = village_key(row.village)
        row.group = current
        groups[current].append(row)
    for members in groups:
        heads = [row for row in members if row.is_head]
        for extra in heads[1:]:
            _reject(
                extra,
                table,
                report,
                RowError.HOUSEHOLD_TWO_HEADS,
                _("This household already has a head on row %(row)s.") % {"row": heads[0].number},
            )
            extra.is_head = False
    return groups


def _reject(row: _Row, table: Table, report: ImportReport, code: RowError, message: str) -> None:
    key = "relationship" if "relationship" in table.columns else "full_name"
    index = table.columns.get(key, 0)
    report.errors.append(
        Problem(
            table.sheet,
            row.number,
            f"{column_letter(index)} ({table.headers.get(key, key)})",
            code,
            message,
        )
    )
    row.ok = False


def _villages(
    unit: Unit,
    version: UnitVersion,
    rows: list[_Row],
    table: Table,
    report: ImportReport,
    create: bool,
) -> tuple[dict[str, Unit | None], list[str]]:
    """Map each row's village to a unit; returns the map (None: to be created) and the new names."""
    if unit.level == Level.VILLAGE:
        return {village_key(row.village): unit for row in rows}, []
    if "village" not in table.columns:
        raise FileRejected(
            FileError.COLUMN_MISSING,
            _("Importing into a commune needs a village column (Thôn, Bản or Tiểu khu)."),
        )
    known = {
        village_key(child.name): child.unit
        for child in units.children(actor=None, unit=unit, on=today())
        if child.unit.level == Level.VILLAGE
    }
    mapping: dict[str, Unit | None] = {}
    new_names: dict[str, str] = {}
    for row in rows:
        key = village_key(row.village)
        if key in known:
            mapping[key] = known[key]
        elif not row.village:
            _problem_at(
                row, table, report, "village", RowError.VILLAGE_REQUIRED, _("The village is empty.")
            )
        elif create:
            mapping[key] = None
            new_names.setdefault(key, row.village)
        else:
            _problem_at(
                row,
                table,
                report,
                "village",
                RowError.VILLAGE_UNKNOWN,
                _(
                    "%(commune)s has no village “%(name)s” "
                    "(add it, or tick “Create the villages the list names” when importing)."
                )
                % {"commune": version.name, "name": row.village},
            )
    return mapping, list(new_names.values())


def _problem_at(
    row: _Row, table: Table, report: ImportReport, key: str, code: RowError, message: str
) -> None:
    index = table.columns.get(key, 0)
    report.errors.append(
        Problem(
            table.sheet,
            row.number,
            f"{column_letter(index)} ({table.headers.get(key, key)})",
            code,
            message,
        )
    )
    row.ok = False


def import_residents(
    *,
    actor: Actor | None,
    unit: Unit,
    data: bytes,
    filename: str,
    create_villages: bool = False,
    dry_run: bool = False,
    observed_at: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a household list into a village, or a commune whose rows name their villages.

    ``progress`` is told the percentage done now and then (the web import shows a bar).
    """
    tell = progress or (lambda percent: None)
    day = today()
    version = units.version_of(unit, day)
    if actor is not None and not units.can_see(actor, unit, day):
        raise FileRejected(FileError.UNIT_NOT_VILLAGE_OR_COMMUNE, _("There is no such unit."))
    if unit.level not in (Level.VILLAGE, Level.COMMUNE):
        raise FileRejected(
            FileError.UNIT_NOT_VILLAGE_OR_COMMUNE,
            _("Import into a village or a commune-level unit, not into %(name)s.")
            % {"name": version.name},
        )
    indicators = catalog()
    columns = {code: tuple(ind.column_names) for code, ind in indicators.items()}
    columns[BUSINESS] = BUSINESS_COLUMNS
    table = read_table(data, filename, indicators=columns)
    tell(20)
    report = ImportReport(rows=len(table.rows), dry_run=dry_run)
    # Checking a list makes a few objects per cell and keeps them all: the garbage collector
    # would walk them again and again for nothing.
    gc.disable()
    try:
        rows = _parse_rows(table, report, list(columns))
        village_of, new_villages = _villages(unit, version, rows, table, report, create_villages)
        groups = _group(rows, table, report)
        reach = set(units.subtree_ids(unit, day))
        plan = _match(rows, groups, village_of, reach, table, report)
    finally:
        gc.enable()
    tell(60 if not dry_run else 100)
    report.rows = len(rows)
    report.rejected = sum(1 for row in rows if not row.ok)
    report.created = sum(1 for outcome in plan.outcomes.values() if outcome == "created")
    report.updated = sum(1 for outcome in plan.outcomes.values() if outcome == "updated")
    report.unchanged = sum(1 for outcome in plan.outcomes.values() if outcome == "unchanged")
    report.villages_created = [{"code": "", "name": name} for name in new_villages]
    if dry_run:
        return report
    moment = observed_at or timezone.now()
    with transaction.atomic():
        for index, name in enumerate(new_villages):
            created = unit_services.unit_create(
                actor=actor, name=name, kind=Kind.VILLAGE, parent=unit
            )
            village_of[village_key(name)] = created
            report.villages_created[index]["code"] = units.version_of(created, day).code
        report.observations = _write(rows, groups, plan, village_of, indicators, moment, day, actor)
        tell(95)
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="unit",
            object_id=version.code,
            reason=filename[:300],
            detail={k: v for k, v in report.as_dict().items() if k != "errors"},
        )
    return report


def rejected_workbook(data: bytes, filename: str, report: ImportReport) -> bytes:
    """The rejected rows as they were, with a column saying what is wrong: fix, re-upload."""
    table = read_table(data, filename)
    problems: dict[int, list[str]] = defaultdict(list)
    for problem in report.errors:
        problems[problem.row].append(f"{problem.column}: {problem.message}")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet(table.sheet[:31] or "Sheet1")
    bold = book.add_format({"bold": True, "bg_color": "#FDECEA", "text_wrap": True})
    text = book.add_format({"num_format": "@"})
    day_format = book.add_format({"num_format": "dd/mm/yyyy"})
    header = [*table.header_cells, _("What is wrong")]
    sheet.write_row(0, 0, header, bold)
    line = 1
    for number, values in table.rows:
        if number not in problems:
            continue
        for column, value in enumerate(values):
            if isinstance(value, datetime | date):
                sheet.write_datetime(line, column, value, day_format)
            elif value is not None:
                sheet.write_string(line, column, str(value), text)
        sheet.write_string(
            line,
            len(header) - 1,
            _("Row %(row)s: %(problems)s")
            % {"row": number, "problems": "; ".join(problems[number])},
        )
        line += 1
    sheet.set_column(len(header) - 1, len(header) - 1, 60)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


@dataclass
class _Plan:
    outcomes: dict[int, str]  # row number → created / updated / unchanged
    existing: dict[int, Resident]  # row number → the resident it matched
    households: dict[int, Household]  # group → the household it matched


def _chunks(values: list[Any], size: int = 5000) -> Iterator[list[Any]]:
    """Slices small enough for any database's limit on query parameters."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _match(
    rows: list[_Row],
    groups: list[list[_Row]],
    village_of: dict[str, Unit | None],
    reach: set[int],
    table: Table,
    report: ImportReport,
) -> _Plan:
    """Which households and residents of the list are known already (a fresh list: none).

    An ID number held by someone outside the unit imported into is refused (ID_TAKEN): the
    list may not move people out of another commune, and the refusal says no more than that
    the number is taken.
    """
    by_index: dict[str, Resident] = {}
    indexed = [row for row in rows if row.ok and row.group >= 0 and row.id_sealed.index]
    for chunk in _chunks([row.id_sealed.index for row in indexed]):
        for known in Resident.objects.filter(id_index__in=chunk).select_related("household"):
            by_index[known.id_index or ""] = known
    for row in indexed:
        known_resident = by_index.get(row.id_sealed.index or "")
        if known_resident is not None and known_resident.village_id not in reach:
            _problem_at(
                row,
                table,
                report,
                "id_number",
                RowError.ID_TAKEN,
                _("This ID number belongs to a resident registered outside this unit."),
            )
    good = [row for row in rows if row.ok and row.group >= 0]
    village_ids = [unit.pk for unit in {u for u in village_of.values() if u is not None}]
    by_number: dict[tuple[int, str], Household] = {}
    for chunk in _chunks(sorted({row.household_no for row in good if row.household_no})):
        for numbered in Household.objects.filter(village_id__in=village_ids, number__in=chunk):
            by_number[(numbered.village_id, numbered.number)] = numbered
    heads_by_name: dict[tuple[int, str, int | None], Resident] = {}
    for chunk in _chunks(sorted({row.folded for row in good if row.is_head})):
        for known_head in Resident.objects.filter(
            village_id__in=village_ids, is_head=True, full_name_folded__in=chunk
        ).select_related("household"):
            key = (known_head.village_id, known_head.full_name_folded, known_head.birth_year)
            heads_by_name[key] = known_head
    households: dict[int, Household] = {}
    for number, members in enumerate(groups):
        if not members:
            continue
        head = next((row for row in members if row.is_head and row.ok), None)
        village = village_of.get(village_key(members[0].village))
        match: Household | None = None
        if village is not None and members[0].household_no:
            match = by_number.get((village.pk, members[0].household_no))
        if match is None and head is not None and head.id_sealed.index in by_index:
            match = by_index[head.id_sealed.index or ""].household
        if match is None and head is not None and village is not None:
            found = heads_by_name.get((village.pk, head.folded, head.birth_year))
            match = found.household if found is not None else None
        # A household known in another village: the list puts these people somewhere else,
        # so they form a new household there (households do not move between villages).
        if match is not None and village is not None and match.village_id == village.pk:
            households[number] = match
    known_members: dict[int, list[Resident]] = defaultdict(list)
    for chunk in _chunks([h.pk for h in households.values()]):
        for member in Resident.objects.filter(household_id__in=chunk):
            known_members[member.household_id].append(member)
    outcomes: dict[int, str] = {}
    existing: dict[int, Resident] = {}
    for row in good:
        resident: Resident | None = (
            by_index.get(row.id_sealed.index or "") if row.id_sealed.index else None
        )
        household = households.get(row.group)
        if resident is None and household is not None:
            resident = next(
                (
                    r
                    for r in known_members[household.pk]
                    if r.full_name_folded == row.folded
                    and r.birth_year == row.birth_year
                    and (row.birth_date is None or r.birth_date in (None, row.birth_date))
                ),
                None,
            )
        if resident is None:
            outcomes[row.number] = "created"
            continue
        existing[row.number] = resident
    held = _true_statuses([resident.pk for resident in existing.values()])
    resident_codes = {
        indicator.code
        for indicator in catalog().values()
        if indicator.population == Population.RESIDENTS
    }
    for row in good:
        if row.number not in existing:
            continue
        resident = existing[row.number]
        household = households.get(row.group)
        # A resident going to a household that is not matched gets a new one: a change.
        household_id = household.pk if household is not None else -1
        new_marks = (set(row.marks) & resident_codes) - held.get(resident.pk, set())
        changed = _changes(resident, row, household_id) or new_marks
        outcomes[row.number] = "updated" if changed else "unchanged"
    return _Plan(outcomes=outcomes, existing=existing, households=households)


def _true_statuses(resident_ids: list[int]) -> dict[int, set[str]]:
    held: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks(resident_ids):
        for resident_id, code in Status.objects.filter(
            resident_id__in=chunk, value=True
        ).values_list("resident_id", "indicator_id"):
            held[resident_id].add(code)
    return held


def _wanted(resident: Resident, row: _Row, household_id: int | None) -> dict[str, Any]:
    return {
        "full_name": row.full_name,
        "birth_date": row.birth_date or resident.birth_date,
        "birth_year": row.birth_year or resident.birth_year,
        "sex": row.sex or resident.sex,
        "ethnicity": row.ethnicity or resident.ethnicity,
        "relationship": row.relationship or resident.relationship,
        "is_head": row.is_head,
        "id_index": row.id_sealed.index or resident.id_index,
        "phone_index": row.phone_sealed.index or resident.phone_index,
        "household_id": household_id if household_id is not None else resident.household_id,
    }


def _changes(resident: Resident, row: _Row, household_id: int | None) -> dict[str, Any]:
    wanted = _wanted(resident, row, household_id)
    return {name: value for name, value in wanted.items() if getattr(resident, name) != value}


@dataclass(frozen=True)
class _HouseholdRef:
    id: int
    village_id: int
    is_business: bool

    def subject(self) -> rollups.Subject:
        return rollups.Subject(
            kind="household", id=self.id, village_id=self.village_id, is_business=self.is_business
        )


_HOUSEHOLD_FIELDS = [
    "id",
    "village_id",
    "number",
    "head_name",
    "is_business",
    "created_at",
    "updated_at",
]
_RESIDENT_FIELDS = [
    "id",
    "household_id",
    "village_id",
    "full_name",
    "full_name_folded",
    "birth_date",
    "birth_year",
    "sex",
    "ethnicity",
    "relationship",
    "is_head",
    "id_kind",
    "id_sealed",
    "id_index",
    "id_masked",
    "phone_sealed",
    "phone_index",
    "phone_masked",
    "created_at",
    "updated_at",
]


def _write(
    rows: list[_Row],
    groups: list[list[_Row]],
    plan: _Plan,
    village_of: dict[str, Unit | None],
    indicators: dict[str, Any],
    moment: datetime,
    day: date,
    actor: Actor | None,
) -> int:
    catalog_values = list(indicators.values())
    deltas = rollups.new_deltas()
    now = timezone.now()
    households: dict[int, _HouseholdRef] = {
        number: _HouseholdRef(h.pk, h.village_id, h.is_business)
        for number, h in plan.households.items()
    }
    # New households: groups with at least one good row and no household matched.
    pending = []
    for number, members in enumerate(groups):
        village = village_of.get(village_key(members[0].village)) if members else None
        if number in households or village is None or not any(row.ok for row in members):
            continue
        pending.append((number, members, village))
    new_subjects: dict[tuple[str, int, int | None, bool], int] = defaultdict(int)
    household_rows = []
    for (number, members, village), new_id in zip(
        pending, bulk.reserve_ids(Household, len(pending)), strict=True
    ):
        head = next((row for row in members if row.is_head and row.ok), None)
        business = any(row.business for row in members if row.ok)
        household_rows.append(
            (
                new_id,
                village.pk,
                members[0].household_no,
                head.full_name if head else "",
                business,
                now,
                now,
            )
        )
        households[number] = _HouseholdRef(new_id, village.pk, business)
        new_subjects[("household", village.pk, None, business)] += 1
    bulk.insert_rows(Household, _HOUSEHOLD_FIELDS, household_rows)
    # Residents: new ones in bulk, changed ones through the ORM (they are few).
    fresh_rows = [
        row
        for row in rows
        if row.ok and row.group in households and row.number not in plan.existing
    ]
    resident_ids: dict[int, rollups.Subject] = {}
    resident_rows = []
    for row, new_id in zip(fresh_rows, bulk.reserve_ids(Resident, len(fresh_rows)), strict=True):
        household = households[row.group]
        resident_rows.append(
            (
                new_id,
                household.id,
                household.village_id,
                row.full_name,
                fold(row.full_name),
                row.birth_date,
                row.birth_year,
                row.sex,
                row.ethnicity,
                row.relationship,
                row.is_head,
                row.id_kind,
                row.id_sealed.sealed,
                row.id_sealed.index,
                row.id_sealed.masked,
                row.phone_sealed.sealed,
                row.phone_sealed.index,
                row.phone_sealed.masked,
                now,
                now,
            )
        )
        resident_ids[row.number] = rollups.Subject(
            kind="resident", id=new_id, village_id=household.village_id, birth_year=row.birth_year
        )
        new_subjects[("resident", household.village_id, row.birth_year, False)] += 1
    bulk.insert_rows(Resident, _RESIDENT_FIELDS, resident_rows)
    rollups.add_new_subjects(deltas, catalog_values, new_subjects, day)
    changed_subjects = _update_existing(rows, plan, households, catalog_values, deltas, day)
    rollups.apply(deltas)
    return _observe(
        rows, households, plan, resident_ids, changed_subjects, indicators, moment, actor
    )


def _update_existing(
    rows: list[_Row],
    plan: _Plan,
    households: dict[int, _HouseholdRef],
    catalog_values: list[Any],
    deltas: rollups.Deltas,
    day: date,
) -> dict[int, rollups.Subject]:
    """Residents the list knew already: update what changed; roll-ups follow the change."""
    changed: list[Resident] = []
    moved: list[tuple[rollups.Subject, Resident]] = []
    for row in rows:
        if not row.ok or row.number not in plan.existing or row.group not in households:
            continue
        resident = plan.existing[row.number]
        household = households[row.group]
        updates = _changes(resident, row, household.id)
        if not updates:
            continue
        before = resident_subject(resident)
        for name, value in updates.items():
            setattr(resident, name, value)
        if "id_index" in updates:
            resident.id_sealed, resident.id_masked = row.id_sealed.sealed, row.id_sealed.masked
            resident.id_kind = row.id_kind
        if "phone_index" in updates:
            resident.phone_sealed = row.phone_sealed.sealed
            resident.phone_masked = row.phone_sealed.masked
        resident.full_name_folded = fold(resident.full_name)
        resident.village_id = household.village_id
        changed.append(resident)
        moved.append((before, resident))
    if changed:
        Resident.objects.bulk_update(
            changed,
            [
                "household",
                "village",
                "full_name",
                "full_name_folded",
                "birth_date",
                "birth_year",
                "sex",
                "ethnicity",
                "relationship",
                "is_head",
                "id_kind",
                "id_sealed",
                "id_index",
                "id_masked",
                "phone_sealed",
                "phone_index",
                "phone_masked",
            ],
            batch_size=1000,
        )
    statuses = _current(list({resident.pk for _before, resident in moved}))
    for before, resident in moved:
        held = statuses.get(resident.pk, {})
        rollups.add_membership(deltas, catalog_values, before, held, day, sign=-1)
        rollups.add_membership(deltas, catalog_values, resident_subject(resident), held, day)
        if before.village_id != resident.village_id:
            Status.objects.filter(resident=resident).update(village_id=resident.village_id)
    return {
        row.number: resident_subject(plan.existing[row.number])
        for row in rows
        if row.ok and row.number in plan.existing
    }


def _current(resident_ids: list[int]) -> dict[int, dict[str, bool]]:
    held: dict[int, dict[str, bool]] = defaultdict(dict)
    for start in range(0, len(resident_ids), 5000):
        for resident_id, code, value in Status.objects.filter(
            resident_id__in=resident_ids[start : start + 5000]
        ).values_list("resident_id", "indicator_id", "value"):
            held[resident_id][code] = value
    return held


def _observe(
    rows: list[_Row],
    households: dict[int, _HouseholdRef],
    plan: _Plan,
    fresh: dict[int, rollups.Subject],
    known_residents: dict[int, rollups.Subject],
    indicators: dict[str, Any],
    moment: datetime,
    actor: Actor | None,
) -> int:
    """Marks become observations (true ones only: a blank cell is not a fact), unless the
    subject's current status already says so."""
    source_ref = uuid.uuid4().hex[:12]
    held = _current([subject.id for subject in known_residents.values()])
    first: list[NewObservation] = []
    more: list[NewObservation] = []
    household_marks: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        subject = fresh.get(row.number) or known_residents.get(row.number)
        if subject is None:
            continue
        for code in row.marks:
            if indicators[code].population != Population.RESIDENTS:
                household_marks[row.group].add(code)
            elif row.number in fresh:
                first.append(NewObservation(subject, code, True, moment, Source.IMPORT, source_ref))
            elif not held.get(subject.id, {}).get(code):
                more.append(NewObservation(subject, code, True, moment, Source.IMPORT, source_ref))
    matched = {households[group].id for group in plan.households if group in households}
    have: dict[int, set[str]] = defaultdict(set)
    for household_id, code in Status.objects.filter(
        household_id__in=list(matched), value=True
    ).values_list("household_id", "indicator_id"):
        have[household_id].add(code)
    for group, codes in household_marks.items():
        household = households[group]
        for code in sorted(codes - have[household.id]):
            if indicators[code].population == Population.BUSINESSES and not household.is_business:
                continue
            record = NewObservation(
                household.subject(), code, True, moment, Source.IMPORT, source_ref
            )
            (more if household.id in matched else first).append(record)
    user_id = actor.pk if actor is not None and actor.is_authenticated else None
    return record_first_observations(first, recorded_by_id=user_id) + observations_record_many(
        more, recorded_by_id=user_id
    )
