"""What the three renderers of a ``Document`` share: the fixed words of an official paper and
the way a table cell is written, so the PDF, the DOCX and the XLSX cannot drift apart.

Everything here is called inside ``translation.override("vi")``: an official document is in
Vietnamese whatever language the officer's screen speaks, and numbers are written the
Vietnamese way (1.234 and 87,5%).
"""

import math
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from langso.core.numbers import format_int, format_percent
from langso.reports.document import Cell, Document, Table

# An empty cell is a dash, not a blank a reader might take for a forgotten figure.
EMPTY = "–"

# A table wider than this is set in a smaller size so that it fits the width of A4.
WIDE_TABLE = 6

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def nation() -> str:
    return _("SOCIALIST REPUBLIC OF VIETNAM")


def motto() -> str:
    return _("Independence - Freedom - Happiness")


def draft_mark() -> str:
    return _("DRAFT")


def recipients_label() -> str:
    return _("Recipients:")


def addressed_label() -> str:
    return _("Respectfully to:")


def is_number(cell: Cell) -> bool:
    # bool is an int to Python, but a table never holds one; it would be a mistake to print 1.
    return isinstance(cell, int | float) and not isinstance(cell, bool)


def blank(cell: Cell) -> bool:
    """No figure: nothing, or a percent of nothing (a division by zero upstream)."""
    return cell is None or (isinstance(cell, float) and not math.isfinite(cell))


def cell_text(cell: Cell) -> str:
    """A cell as printed: 1.234 for a whole number, 87,5% for a decimal (always a percent)."""
    if cell is None or blank(cell):
        return EMPTY
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int):
        return format_int(cell)
    if isinstance(cell, float):
        return format_percent(percent(cell))
    return cell


def percent(value: float) -> float:
    """A percent rounded to one decimal, half up as people round (66.66 → 66.7, 62.25 → 62.3).

    Django's number format cuts the decimals it does not show (66.66 would print 66,6), so the
    value is rounded here first, and the XLSX stores the same rounded value the PDF prints.
    """
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def title(document: Document) -> str:
    """The file's title: "BÁO CÁO Kết quả …", with "DỰ THẢO" before it on a draft."""
    words = f"{document.kind} {document.abstract}".strip()
    return f"{draft_mark()} - {words}" if document.draft else words


def recipient_line(text: str) -> str:
    """ "- Như trên;": the decree writes each recipient as a dashed line."""
    stripped = text.strip()
    return stripped if stripped.startswith(("-", "–")) else f"- {stripped}"


def annex_label(index: int, count: int) -> str:
    """ "PHỤ LỤC" alone, or "PHỤ LỤC I", "PHỤ LỤC II"… when there are several."""
    if count == 1:
        return _("ANNEX")
    number = ROMAN[index] if index < len(ROMAN) else str(index + 1)
    return _("ANNEX %(number)s") % {"number": number}


def widths(columns: int, given: list[float] | None) -> list[float]:
    """Relative column widths: the table's own, or the first (a name) twice as wide."""
    if given is not None and len(given) == columns and all(w > 0 for w in given):
        return list(given)
    return [2.0] + [1.0] * (columns - 1) if columns > 1 else [1.0]


def padded(row: list[Cell], width: int) -> list[Cell]:
    """The row cut or filled to the table's width: a short row would otherwise shift every
    cell of the rows after it into the wrong column."""
    return (row + [None] * width)[:width]


def numeric_columns(table: Table) -> list[bool]:
    """Which columns hold figures: their empty cells (a dash) are aligned right with the figures."""
    rows = [*table.rows, *([table.total] if table.total is not None else [])]
    width = len(table.columns)
    return [any(is_number(padded(row, width)[i]) for row in rows) for i in range(width)]


def right_aligned(cell: Cell, numeric_column: bool) -> bool:
    return is_number(cell) or (blank(cell) and numeric_column)
