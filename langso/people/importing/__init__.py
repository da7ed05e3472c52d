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

import io
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime

import xlsxwriter
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core import collector
from langso.core.audit import audit_record
from langso.core.dates import today
from langso.core.models import AuditAction
from langso.indicators.services import catalog
from langso.people import cells
from langso.people.errors import FileError
from langso.people.importing.households import (
    group_households,
    household_companions,
    match_known,
    resolve_villages,
)
from langso.people.importing.rows import (
    BUSINESS,
    BUSINESS_COLUMNS,
    ImportReport,
    Problem,
    parse_rows,
    village_key,
)
from langso.people.importing.writing import write
from langso.people.spreadsheet import FileRejected, read_table
from langso.units import selectors as units
from langso.units import services as unit_services
from langso.units import tree
from langso.units.models import Level, Unit, UnitVersion

__all__ = [
    "BUSINESS",
    "BUSINESS_COLUMNS",
    "ImportReport",
    "Problem",
    "import_residents",
    "rejected_workbook",
    "village_key",
]


def import_residents(
    *,
    actor: Actor,
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
    access.access_import_target(actor, unit)
    version = units.version_of(unit, day)
    if unit.level not in (Level.VILLAGE, Level.COMMUNE):
        raise FileRejected(
            FileError.UNIT_NOT_VILLAGE_OR_COMMUNE,
            _("Import into a village or a commune-level unit, not into %(name)s.")
            % {"name": version.name},
        )
    indicators = catalog()
    # Indicators worked out from skills take no column (a list's figure for them would
    # contradict the skills observed); they still count everyone imported in their populations.
    columns = {
        code: tuple(ind.column_names) for code, ind in indicators.items() if not ind.computed
    }
    columns[BUSINESS] = BUSINESS_COLUMNS
    table = read_table(data, filename, indicators=columns)
    tell(20)
    report = ImportReport(rows=len(table.rows), dry_run=dry_run)
    # Checking and writing a list keep millions of small objects alive (see core.collector).
    with collector.paused():
        rows = parse_rows(table, report, list(columns))
        village_of, new_villages = resolve_villages(
            unit, version, rows, table, report, create_villages
        )
        groups = group_households(rows, table, report)
        reach = set(tree.subtree_ids(unit, day))
        plan = match_known(rows, groups, village_of, reach, table, report, actor)
        report.companions.update(household_companions(groups))
        tell(60 if not dry_run else 100)
        report.rows = len(rows)
        report.rejected = sum(1 for row in rows if not row.ok)
        outcomes = list(plan.outcomes.values())
        report.created = outcomes.count("created")
        report.updated = outcomes.count("updated")
        report.unchanged = outcomes.count("unchanged")
        report.villages_created = [{"code": "", "name": name} for name in new_villages]
        if dry_run:
            return report
        moment = observed_at or timezone.now()
        with transaction.atomic():
            created = unit_services.villages_create(actor=actor, names=new_villages, parent=unit)
            codes = dict(
                # A village keeps its code through every version.
                UnitVersion.objects.filter(unit__in=created).values_list("unit_id", "code")
            )
            for index, (name, village) in enumerate(zip(new_villages, created, strict=True)):
                village_of[village_key(name)] = village
                report.villages_created[index]["code"] = codes[village.pk]
            report.observations = write(
                rows, groups, plan, village_of, indicators, moment, day, actor
            )
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
    """The rejected rows as they were typed, with a column saying what is wrong: fix, re-upload.

    The file must read back as the upload did: a household number, an ID or a phone number is
    written as the text that was typed ("2", not "2.0"; "0912…" with its zero), dates as dates,
    other numbers as numbers. Good rows the rejected ones need are written too (see
    ``ImportReport.companions``), so that corrected rows join the household they belong to.
    """
    table = read_table(data, filename)
    problems: dict[int, list[str]] = defaultdict(list)
    for problem in report.errors:
        problems[problem.row].append(f"{problem.column}: {problem.message}")
    key_of = {index: key for key, index in table.columns.items()}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet(table.sheet[:31] or "Sheet1")
    bold = book.add_format({"bold": True, "bg_color": "#FDECEA", "text_wrap": True})
    text = book.add_format({"num_format": "@"})
    day_format = book.add_format({"num_format": "dd/mm/yyyy"})
    header = [*table.header_cells, _("What is wrong")]
    sheet.write_row(0, 0, header, bold)
    # Every known column is formatted as Text, so what the officer types into it while fixing
    # stays text too (a new phone number keeps its 0).
    for index in key_of:
        if key_of[index] != "birth":
            sheet.set_column(index, index, 16, text)
    line = 1
    for number, values in table.rows:
        if number not in problems and number not in report.companions:
            continue
        for column, raw in enumerate(values):
            value = cells.typed(key_of.get(column, ""), raw)
            if value is None:
                continue
            if isinstance(value, datetime | date):
                sheet.write_datetime(line, column, value, day_format)
            elif isinstance(value, bool):
                sheet.write_boolean(line, column, value)
            elif isinstance(value, int | float):
                sheet.write_number(line, column, value)
            else:
                sheet.write_string(line, column, str(value), text)
        sheet.write_string(
            line,
            len(header) - 1,
            _("Row %(row)s: %(problems)s")
            % {"row": number, "problems": "; ".join(problems[number])}
            if number in problems
            else _(
                "Row %(row)s was accepted; it is here so that the rows of its household find "
                "it again. Leave it as it is."
            )
            % {"row": number},
        )
        line += 1
    sheet.set_column(len(header) - 1, len(header) - 1, 60)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
