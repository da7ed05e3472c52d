"""The feedback dashboard as a spreadsheet, under the official title block."""

import io

import xlsxwriter
from django.utils.translation import gettext as _

from langso.core.dates import format_date
from langso.core.xlsx import title_block
from langso.feedback.selectors import Count, Dashboard


def workbook(board: Dashboard) -> bytes:
    """Counts by status, category and commune, the indicators, and the overdue list."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Feedback")[:31])
    header = book.add_format(
        {"bold": True, "border": 1, "align": "center", "text_wrap": True, "bg_color": "#E8EEF7"}
    )
    cell = book.add_format({"border": 1})
    number = book.add_format({"border": 1, "num_format": "#,##0"})
    decimal = book.add_format({"border": 1, "num_format": "0.0"})
    bold = book.add_format({"bold": True})
    last_col = 5
    row = title_block(
        book,
        sheet,
        authority=board.title,
        title=_("REPORT"),
        subtitle=_("Citizen feedback and petitions, %(start)s – %(end)s")
        % {"start": format_date(board.start), "end": format_date(board.end)},
        on=board.end,
        last_col=last_col,
    )
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, last_col, 16)

    sheet.write_string(row, 0, _("Reports received"), cell)
    sheet.write_number(row, 1, board.total, number)
    sheet.write_string(row + 1, 0, _("Median time to resolve (days)"), cell)
    if board.median_days is not None:
        sheet.write_number(row + 1, 1, round(board.median_days, 1), decimal)
    else:
        sheet.write_string(row + 1, 1, "–", cell)
    sheet.write_string(row + 2, 0, _("Answered on time (%)"), cell)
    share = board.on_time_share
    if share is not None:
        sheet.write_number(row + 2, 1, round(share, 1), decimal)
    else:
        sheet.write_string(row + 2, 1, "–", cell)
    sheet.write_string(row + 3, 0, _("Open and overdue"), cell)
    sheet.write_number(row + 3, 1, len(board.overdue), number)
    row += 5

    def table(title: str, counts: list[Count], start: int, with_code: bool = False) -> int:
        sheet.write_string(start, 0, title, header)
        sheet.write_string(start, 1, _("Reports"), header)
        for offset, item in enumerate(counts, start=1):
            label = f"{item.label} ({item.code})" if with_code and item.code else item.label
            sheet.write_string(start + offset, 0, label, cell)
            sheet.write_number(start + offset, 1, item.count, number)
        return start + len(counts) + 2

    row = table(_("Status"), board.by_status, row)
    row = table(_("Category"), board.by_category, row)
    row = table(_("Commune"), board.by_commune, row, with_code=True)

    sheet.write_string(row, 0, _("Overdue reports"), bold)
    row += 1
    headings = [_("Tracking code"), _("Category"), _("Place"), _("Status"), _("Due on")]
    for col, heading in enumerate(headings):
        sheet.write_string(row, col, heading, header)
    for item in board.overdue:
        row += 1
        sheet.write_string(row, 0, item.code, cell)
        sheet.write_string(row, 1, item.category.name_vi, cell)
        sheet.write_string(row, 2, item.place, cell)
        sheet.write_string(row, 3, str(item.get_status_display()), cell)
        sheet.write_string(row, 4, format_date(item.due_on), cell)
    book.close()
    return buffer.getvalue()
