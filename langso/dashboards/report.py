"""A unit's indicators as a spreadsheet: the official title block, one row per indicator, and a
second sheet with each child unit's percent of every indicator and the unit's own below them."""

import io
from datetime import date
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _

from langso.core.xlsx import title_block
from langso.indicators.selectors import Figure
from langso.units.models import UnitVersion

INDICATOR_COLUMNS = 5  # name, numerator, denominator, percent, target (after the number)


def _maybe_number(sheet: Any, row: int, col: int, value: float | None, style: Any) -> None:
    if value is None:
        sheet.write_blank(row, col, None, style)
    else:
        sheet.write_number(row, col, value, style)


def workbook(
    *,
    version: UnitVersion,
    authority: str,
    on: date,
    figures: list[Figure],
    children: list[tuple[UnitVersion, dict[str, Figure]]],
) -> bytes:
    """The XLSX of ``figures`` (the unit's indicators on ``on``) and ``children``'s percents.

    ``authority`` is the unit whose People's Committee the title block names.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    header = book.add_format(
        {
            "bold": True,
            "border": 1,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            "bg_color": "#E8EEF7",
        }
    )
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    integer = book.add_format({"border": 1, "num_format": "#,##0", "valign": "top"})
    percent = book.add_format({"border": 1, "num_format": "0.0", "valign": "top"})
    total_cell = book.add_format({"border": 1, "bold": True})
    total_percent = book.add_format({"border": 1, "bold": True, "num_format": "0.0"})

    sheet = book.add_worksheet(_("Indicators")[:31])
    last_col = INDICATOR_COLUMNS
    top = title_block(
        book,
        sheet,
        authority=authority,
        title=_("REPORT"),
        subtitle=_("Digital readiness indicators of %(unit)s") % {"unit": version.name},
        on=on,
        last_col=last_col,
        left_last=1,
        right_first=2,
    )
    labels = [
        _("No."),
        _("Indicator"),
        _("Achieved"),
        _("Population"),
        _("Percent (%)"),
        _("Target (%)"),
    ]
    for col, label in enumerate(labels):
        sheet.write_string(top, col, label, header)
    sheet.set_row(top, 30)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, last_col, 14)
    for row, figure in enumerate(figures, start=top + 1):
        sheet.write_number(row, 0, row - top, integer)
        sheet.write_string(row, 1, figure.name, cell)
        sheet.write_number(row, 2, figure.numerator, integer)
        sheet.write_number(row, 3, figure.denominator, integer)
        _maybe_number(sheet, row, 4, figure.percent, percent)
        _maybe_number(sheet, row, 5, figure.target, percent)
    sheet.freeze_panes(top + 1, 2)

    by_unit = book.add_worksheet(_("By unit")[:31])
    by_unit.write_string(0, 0, _("No."), header)
    by_unit.write_string(0, 1, _("Unit"), header)
    by_unit.write_string(0, 2, _("Code"), header)
    for col, figure in enumerate(figures, start=3):
        by_unit.write_string(0, col, _("%(name)s (%%)") % {"name": figure.name}, header)
    by_unit.set_row(0, 90)
    by_unit.set_column(0, 0, 5)
    by_unit.set_column(1, 1, 32)
    by_unit.set_column(2, 2, 12)
    by_unit.set_column(3, 2 + len(figures), 16)
    for row, (child, child_figures) in enumerate(children, start=1):
        by_unit.write_number(row, 0, row, integer)
        by_unit.write_string(row, 1, child.name, cell)
        by_unit.write_string(row, 2, child.code, cell)
        for col, figure in enumerate(figures, start=3):
            _maybe_number(by_unit, row, col, child_figures[figure.indicator].percent, percent)
    total_row = len(children) + 1
    by_unit.write_blank(total_row, 0, None, total_cell)
    by_unit.write_string(total_row, 1, _("Total"), total_cell)
    by_unit.write_string(total_row, 2, version.code, total_cell)
    for col, figure in enumerate(figures, start=3):
        _maybe_number(by_unit, total_row, col, figure.percent, total_percent)
    by_unit.freeze_panes(1, 3)
    book.close()
    return buffer.getvalue()
