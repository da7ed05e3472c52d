"""What every spreadsheet report of Làng Số shares: the official title block.

Vietnamese administrative documents open the same way (Decree 30/2020/NĐ-CP on clerical work):
the issuing People's Committee and its unit on the left, the national name and motto on the
right, then the title, what it is about, and the day the figures are as of. Officials recognise a
report by this block, so every XLSX export writes it through this one function.
"""

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from langso.core.dates import format_date

# The rows the block takes; a report's own rows start here.
FIRST_FREE_ROW = 7


def _span(sheet: Any, row: int, first: int, last: int, text: str, style: Any) -> None:
    """Write ``text`` across columns ``first``…``last`` (one cell cannot be merged)."""
    if last > first:
        sheet.merge_range(row, first, row, last, text, style)
    else:
        sheet.write_string(row, first, text, style)


def title_block(
    book: Any,
    sheet: Any,
    *,
    authority: str,
    title: str,
    subtitle: str,
    on: date,
    last_col: int,
    left_last: int = 3,
    right_first: int = 5,
) -> int:
    """Write the title block at the top of ``sheet``; returns the first row free below it.

    ``authority`` is the unit whose People's Committee issues the report (written in capitals
    under "ỦY BAN NHÂN DÂN"); the left block spans columns 0…``left_last`` and the national name
    ``right_first``…``last_col``; the title, subtitle and "as of" line span the whole width.
    """
    bold_center = book.add_format({"bold": True, "align": "center", "valign": "vcenter"})
    italic_center = book.add_format({"align": "center", "italic": True})
    heading = book.add_format({"bold": True, "align": "center", "font_size": 14})
    _span(sheet, 0, 0, left_last, _("PEOPLE'S COMMITTEE"), bold_center)
    _span(sheet, 1, 0, left_last, authority.upper(), bold_center)
    _span(sheet, 0, right_first, last_col, _("SOCIALIST REPUBLIC OF VIETNAM"), bold_center)
    _span(sheet, 1, right_first, last_col, _("Independence - Freedom - Happiness"), bold_center)
    _span(sheet, 3, 0, last_col, title, heading)
    _span(sheet, 4, 0, last_col, subtitle, bold_center)
    _span(sheet, 5, 0, last_col, _("As of %(on)s") % {"on": format_date(on)}, italic_center)
    return FIRST_FREE_ROW
