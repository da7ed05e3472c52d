"""An official document's tables as an XLSX (xlsxwriter), for offices that add up figures.

A first sheet "Tóm tắt" holds the body's headings and paragraphs, so the spreadsheet says what
the PDF says; then one sheet per table, body and annexes alike ("Bảng 1", "Bảng 2"…), each
under the official title block (``core.xlsx.title_block``) with the table's caption as its
subtitle. Figures are stored as numbers (whole numbers grouped, percents with one decimal), so
they can be summed; text is always written as text, so a value starting with "=" never
becomes a formula.
"""

import io
import math
from typing import Any

import xlsxwriter
from django.utils import translation
from django.utils.translation import gettext as _

from langso.core.dates import today
from langso.core.xlsx import title_block
from langso.reports import render_common as common
from langso.reports.document import Document, Table

# Characters Excel refuses in a sheet's name, and the longest name it takes.
FORBIDDEN = set("[]:*?/\\")
LONGEST_NAME = 31
# The summary's paragraphs are written across this many columns of this width (characters).
SUMMARY_COLUMNS = 8
SUMMARY_WIDTH = 13
# The title block needs some width even over a narrow table.
BLOCK_COLUMNS = 6


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A name Excel accepts, unlike any in ``taken`` (compared as Excel does, ignoring case)."""
    clean = "".join(" " if ch in FORBIDDEN else ch for ch in wanted).strip().strip("'")
    clean = (clean or _("Sheet"))[:LONGEST_NAME]
    name, n = clean, 2
    while name.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({n})"
        name = clean[: LONGEST_NAME - len(suffix)] + suffix
        n += 1
    taken.add(name)
    return name


class _Formats:
    def __init__(self, book: Any) -> None:
        self.header = book.add_format(
            {
                "bold": True,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#E8EEF7",
            }
        )
        self.text = {
            total: book.add_format({"border": 1, "bold": total, "text_wrap": True, "valign": "top"})
            for total in (False, True)
        }
        self.empty = {
            total: book.add_format({"border": 1, "bold": total, "align": "right"})
            for total in (False, True)
        }
        self.int = {
            total: book.add_format({"border": 1, "bold": total, "num_format": "#,##0"})
            for total in (False, True)
        }
        self.percent = {
            total: book.add_format({"border": 1, "bold": total, "num_format": "0.0"})
            for total in (False, True)
        }
        self.heading = book.add_format({"bold": True})
        self.paragraph = book.add_format({"text_wrap": True, "valign": "top", "align": "justify"})


def _block(book: Any, sheet: Any, document: Document, subtitle: str, last_col: int) -> int:
    title = f"{document.kind} {document.abstract}".strip()
    if document.draft:
        title = common.title(document)
    left_last = max(1, (last_col + 1) // 2 - 1)
    return title_block(
        book,
        sheet,
        authority=document.authority,
        title=title,
        subtitle=subtitle,
        on=document.as_of or today(),
        last_col=last_col,
        left_last=left_last,
        right_first=left_last + 1,
    )


def _summary(book: Any, formats: _Formats, document: Document, taken: set[str]) -> None:
    sheet = book.add_worksheet(sheet_name(_("Summary"), taken))
    last_col = SUMMARY_COLUMNS - 1
    sheet.set_column(0, last_col, SUMMARY_WIDTH)
    row = _block(book, sheet, document, document.number, last_col)
    if document.replaces_note:
        row = _paragraph(sheet, formats, row, document.replaces_note)
    for section in [*document.sections, *document.annexes]:
        if section.heading:
            sheet.write_string(row, 0, section.heading, formats.heading)
            row += 1
        for text in section.paragraphs:
            row = _paragraph(sheet, formats, row, text)
        row += 1


def _paragraph(sheet: Any, formats: _Formats, row: int, text: str) -> int:
    """A paragraph across the summary's columns; Excel does not grow a merged row by itself,
    so the height is worked out from the length of the text."""
    sheet.merge_range(row, 0, row, SUMMARY_COLUMNS - 1, text, formats.paragraph)
    # Leave a little room: proportional letters are a character's width on average, not less.
    per_line = SUMMARY_COLUMNS * SUMMARY_WIDTH * 1.1
    lines = max(1, math.ceil(len(text) / per_line))
    sheet.set_row(row, 15.5 * lines)
    return row + 1


def _widths(table: Table) -> list[float]:
    """Each column as wide as its longest cell (as printed), a long header wrapping instead."""
    rows = [*table.rows, *([table.total] if table.total is not None else [])]
    width = len(table.columns)
    result: list[float] = []
    for i, column in enumerate(table.columns):
        longest = max(
            [len(common.cell_text(common.padded(row, width)[i])) for row in rows]
            + [min(len(column), 14)]
        )
        result.append(min(max(longest + 2, 8), 45))
    return result


def _table(book: Any, formats: _Formats, document: Document, table: Table, name: str) -> None:
    sheet = book.add_worksheet(name)
    width = len(table.columns)
    last_col = max(width, BLOCK_COLUMNS) - 1
    top = _block(book, sheet, document, table.caption, last_col)
    for i, column in enumerate(table.columns):
        sheet.write_string(top, i, column, formats.header)
    for i, cm in enumerate(_widths(table)):
        sheet.set_column(i, i, cm)
    rows = [(False, row) for row in table.rows]
    if table.total is not None:
        rows.append((True, table.total))
    for r, (total, row) in enumerate(rows, start=top + 1):
        for i, value in enumerate(common.padded(row, width)):
            if common.blank(value):
                sheet.write_string(r, i, common.EMPTY, formats.empty[total])
            elif isinstance(value, float):
                sheet.write_number(r, i, common.percent(value), formats.percent[total])
            elif common.is_number(value):
                sheet.write_number(r, i, value, formats.int[total])
            else:
                sheet.write_string(r, i, common.cell_text(value), formats.text[total])
    sheet.freeze_panes(top + 1, 0)
    # On paper: the header row on every page, the width of the table on one page.
    sheet.repeat_rows(top)
    sheet.set_paper(9)
    if width > common.WIDE_TABLE:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def xlsx(document: Document) -> bytes:
    """The document's tables as an XLSX, in Vietnamese whatever language is active."""
    buffer = io.BytesIO()
    with translation.override("vi"):
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        book.set_properties({"title": common.title(document), "company": document.authority})
        formats = _Formats(book)
        taken: set[str] = set()
        _summary(book, formats, document, taken)
        tables = [t for s in [*document.sections, *document.annexes] for t in s.tables]
        for n, table in enumerate(tables, start=1):
            name = sheet_name(_("Table %(number)s") % {"number": n}, taken)
            _table(book, formats, document, table, name)
        book.close()
    return buffer.getvalue()
