"""The household and resident lists as spreadsheets: exactly the rows the page's filters give.

Exporting a list of people is a read of personal data that leaves the platform, so
``list_export`` writes an audit entry (who, which unit, which filters, how many rows) in the
same transaction that builds the file. ID and phone numbers go out masked, as on the screen:
their clear values are never read here.
"""

import io
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

import xlsxwriter
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from langso.access import Actor
from langso.core.audit import audit_record
from langso.core.dates import today
from langso.core.models import AuditAction
from langso.core.xlsx import title_block
from langso.people import lists
from langso.people.lists import Catalog, HouseholdRow, ListFilter, Mark, ResidentRow
from langso.people.models import Sex
from langso.units import selectors as units
from langso.units.models import Level, UnitVersion

# Rows read and written at a time: the statuses of a chunk are one query with its ids.
CHUNK = 1000
# More rows than any commune holds; a list that long is a province's, which is not exported.
MAX_ROWS = 200_000


def _chunks(found: QuerySet[Any]) -> Iterator[list[Any]]:
    """The rows in batches, from one query read as it goes (not one query per batch, each
    sorting the whole list again to skip what came before)."""
    chunk: list[Any] = []
    for row in found[:MAX_ROWS].iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Words:
    """The words cells repeat, translated once per export (a gettext call per cell was a
    fifth of a commune's export)."""

    def __init__(self) -> None:
        self.yes = _("Yes")
        self.not_yet = _("Not yet")
        self.never = _("never")
        self.sexes = {code: str(label) for code, label in Sex.choices}

    def mark(self, mark: Mark) -> str:
        if mark.value:
            return self.yes
        return self.not_yet if mark.counts else ""

    def when(self, moment: datetime | None) -> str:
        return timezone.localtime(moment).strftime("%d/%m/%Y") if moment else self.never


def authority(version: UnitVersion) -> str:
    """The People's Committee that issues a list: the commune's own, or a village's commune."""
    if version.level <= Level.COMMUNE:
        return version.name
    path = units.breadcrumbs(version.unit, today())
    return path[-1].name if path else version.name


class _Sheet:
    """A worksheet under the title block, written row by row."""

    def __init__(self, version: UnitVersion, title: str, labels: Sequence[str]) -> None:
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        self.sheet = self.book.add_worksheet(title[:31])
        header = self.book.add_format(
            {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
        )
        self.cell = self.book.add_format({"border": 1, "valign": "top"})
        self.number = self.book.add_format({"border": 1, "valign": "top", "num_format": "0"})
        last = len(labels) - 1
        top = title_block(
            self.book,
            self.sheet,
            authority=authority(version),
            title=title.upper(),
            subtitle=version.name,
            on=today(),
            last_col=last,
            left_last=min(3, last),
            right_first=min(5, last),
        )
        for col, label in enumerate(labels):
            self.sheet.write_string(top, col, label, header)
        self.sheet.set_row(top, 45)
        self.sheet.set_column(0, 0, 5)
        self.sheet.set_column(1, last, 16)
        self.sheet.freeze_panes(top + 1, 2)
        self.row = top + 1
        self.count = 0

    def add(self, values: Sequence[str | int | None]) -> None:
        self.count += 1
        self.sheet.write_number(self.row, 0, self.count, self.number)
        for col, value in enumerate(values, start=1):
            if isinstance(value, int):
                self.sheet.write_number(self.row, col, value, self.number)
            else:
                # Text, always: a household number "02" or a masked number stays as written.
                self.sheet.write_string(self.row, col, value or "", self.cell)
        self.row += 1

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def _households(sheet: _Sheet, rows: list[HouseholdRow], words: _Words) -> None:
    for row in rows:
        h = row.household
        lacking = [mark.short for mark in row.lacking]
        sheet.add(
            [
                h.number,
                h.head_name,
                row.village,
                len(row.residents),
                words.yes if h.is_business else "",
                words.when(row.last_visit),
                *(words.mark(mark) for mark in row.marks),
                row.people_lacking,
                ", ".join(lacking),
            ]
        )


def _residents(sheet: _Sheet, rows: list[ResidentRow], words: _Words) -> None:
    for row in rows:
        r = row.resident
        born = r.birth_date.strftime("%d/%m/%Y") if r.birth_date else str(r.birth_year or "")
        sheet.add(
            [
                r.full_name,
                born,
                words.sexes.get(r.sex, ""),
                r.ethnicity,
                r.relationship,
                r.household.number,
                r.household.head_name,
                row.village,
                r.id_masked,
                r.phone_masked,
                *(words.mark(mark) for mark in row.marks),
                words.when(row.last_visit),
            ]
        )


@transaction.atomic
def list_export(
    *,
    actor: Actor,
    version: UnitVersion,
    kind: str,
    filters: ListFilter,
    query: dict[str, str],
) -> bytes:
    """The XLSX of the ``kind`` list ("households" or "residents") of ``version`` narrowed by
    ``filters``; the export is written to the audit log with ``query`` (the filters as asked)
    and the number of rows."""
    marks: Catalog = lists.catalog()
    words = _Words()
    if kind == "households":
        sheet = _Sheet(
            version,
            _("Household list"),
            [
                _("No."),
                _("Household number"),
                _("Head of household"),
                _("Village"),
                _("People"),
                _("Household business"),
                _("Last visit"),
                *(lists.short_name(i) for i in marks.households),
                _("People still lacking something"),
                _("The household still lacks"),
            ],
        )
        for chunk in _chunks(lists.households(actor=actor, version=version, filters=filters)):
            rows = lists.household_rows(actor=actor, households=chunk, marks=marks)
            _households(sheet, rows, words)
    else:
        sheet = _Sheet(
            version,
            _("Resident list"),
            [
                _("No."),
                _("Full name"),
                _("Date or year of birth"),
                _("Sex"),
                _("Ethnicity"),
                _("Relationship to the head"),
                _("Household number"),
                _("Head of household"),
                _("Village"),
                _("ID number (masked)"),
                _("Phone (masked)"),
                *(lists.short_name(i) for i in marks.residents),
                _("Household's last visit"),
            ],
        )
        for chunk in _chunks(lists.residents(actor=actor, version=version, filters=filters)):
            _residents(sheet, lists.resident_rows(actor=actor, residents=chunk, marks=marks), words)
    content = sheet.close()
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="unit",
        object_id=version.code,
        reason=_("%(list)s exported to a spreadsheet")
        % {"list": _("Household list") if kind == "households" else _("Resident list")},
        detail={"list": kind, "rows": sheet.count, "filters": query},
    )
    return content
