"""The household-list template communes download, fill in and import.

The column names, instructions and choices are Vietnamese data, not interface text: they are the
official names the importer recognises (``spreadsheet.HEADER_SYNONYMS``, the indicator catalog's
column names), so they are never translated. The template is built to survive the ways Excel
changes what people type: the ID and phone columns are text, so their leading zeros stay, and so
is the date of birth, so that "05/06/1982" is never turned into 6 May by an English Excel and a
year alone is never shown as a date in 1905.
"""

import io
from typing import Any

import xlsxwriter

from langso.indicators.models import Indicator, Population
from langso.indicators.services import catalog
from langso.people.ethnicity import ETHNIC_GROUPS
from langso.people.importing import BUSINESS_COLUMNS

TITLE = "DANH SÁCH HỘ GIA ĐÌNH, NHÂN KHẨU"
SHEET = "Danh sách"
LISTS_SHEET = "Danh mục"
SEXES = ("Nam", "Nữ")
RELATIONSHIPS = ("Chủ hộ", "Vợ", "Chồng", "Con", "Bố", "Mẹ", "Cháu", "Anh", "Chị", "Em", "Khác")
MARK = "x"
# Rows that carry the choices and formats: enough for a village's list, which people extend by
# copying a row down (Excel copies the validation with it).
DATA_ROWS = 500

_TITLE_ROW, _HEADER_ROW, _INSTRUCTIONS_ROW = 0, 1, 2
_FIRST_DATA_ROW = _INSTRUCTIONS_ROW + 1
_LAST_DATA_ROW = _FIRST_DATA_ROW + DATA_ROWS - 1


def _columns(indicators: list[Indicator]) -> list[dict[str, Any]]:
    """Each column: header, width, instruction, and what the cells take (``kind``)."""
    columns: list[dict[str, Any]] = [
        {
            "header": "Số hộ",
            "width": 8,
            # Text, like the ID and phone columns: a number is a label ("2", "02", "2A"), and a
            # number cell would give it back as 2.0.
            "kind": "digits",
            "note": (
                "Hướng dẫn: mỗi dòng một người. Số hộ: ghi cùng một số cho mọi người trong một hộ."
            ),
        },
        {
            "header": "Họ và tên",
            "width": 26,
            "kind": "text",
            "note": "Họ và tên đầy đủ, có dấu (bắt buộc).",
        },
        {
            "header": "Ngày sinh",
            "width": 12,
            "kind": "birth",
            "note": "Ghi ngày/tháng/năm dd/mm/yyyy (vd 05/06/1982) hoặc chỉ năm sinh (vd 1982).",
        },
        {"header": "Giới tính", "width": 9, "kind": "sex", "note": "Nam hoặc Nữ."},
        {
            "header": "Dân tộc",
            "width": 12,
            "kind": "ethnicity",
            "note": "Chọn trong danh sách 54 dân tộc (vd Thái, Kinh, Mông, Khơ Mú).",
        },
        {
            "header": "Số CCCD",
            "width": 16,
            "kind": "digits",
            "note": (
                "12 chữ số, giữ số 0 ở đầu (CMND cũ: 9 chữ số). Để trống nếu chưa có; "
                "không ghi chữ."
            ),
        },
        {
            "header": "Số điện thoại",
            "width": 14,
            "kind": "digits",
            "note": "Vd 0912345678 hoặc +84912345678; để trống nếu không có.",
        },
        {
            "header": "Thôn, bản",
            "width": 16,
            "kind": "text",
            "note": "Tên thôn, bản, tiểu khu nơi hộ ở (vd Bản Nà Lừm).",
        },
        {
            "header": "Quan hệ với chủ hộ",
            "width": 14,
            "kind": "relationship",
            "note": (
                "Dòng ghi “Chủ hộ” bắt đầu một hộ; các dòng sau (Vợ, Chồng, Con…) thuộc hộ đó."
            ),
        },
    ]
    for indicator in indicators:
        whom = (
            "ghi x ở dòng chủ hộ nếu hộ có"
            if indicator.population != Population.RESIDENTS
            else "ghi x nếu người này có"
        )
        columns.append(
            {
                "header": indicator.column_names[0],
                "width": 13,
                "kind": "mark",
                "note": f"{indicator.name_vi}: {whom}, để trống nếu chưa.",
            }
        )
    columns.append(
        {
            "header": BUSINESS_COLUMNS[0],
            "width": 10,
            "kind": "mark",
            "note": "Ghi x ở dòng chủ hộ nếu hộ là hộ kinh doanh.",
        }
    )
    return columns


def template_workbook() -> bytes:
    """The XLSX template: title, header, instructions row, and choices on the data rows."""
    indicators = [indicator for indicator in catalog().values() if indicator.column_names]
    columns = _columns(indicators)
    last_column = len(columns) - 1
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(SHEET)
    title = book.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
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
    instructions = book.add_format(
        {
            "italic": True,
            "font_size": 9,
            "font_color": "#555555",
            "border": 1,
            "valign": "top",
            "text_wrap": True,
            "bg_color": "#FFF8E1",
        }
    )
    # "@" is Excel's text format: what is typed stays as typed, leading zeros and all.
    text = book.add_format({"num_format": "@"})
    plain = book.add_format({})
    center = book.add_format({"align": "center"})

    sheet.merge_range(_TITLE_ROW, 0, _TITLE_ROW, last_column, TITLE, title)
    sheet.set_row(_TITLE_ROW, 24)
    sheet.set_row(_HEADER_ROW, 48)
    sheet.set_row(_INSTRUCTIONS_ROW, 96)
    for index, column in enumerate(columns):
        kind = column["kind"]
        cell_format = (
            text if kind in ("digits", "birth") else center if kind in ("sex", "mark") else plain
        )
        sheet.set_column(index, index, column["width"], cell_format)
        sheet.write_string(_HEADER_ROW, index, column["header"], header)
        sheet.write_string(_INSTRUCTIONS_ROW, index, column["note"], instructions)
        validation = _validation(kind)
        if validation is not None:
            sheet.data_validation(_FIRST_DATA_ROW, index, _LAST_DATA_ROW, index, validation)
    sheet.freeze_panes(_HEADER_ROW + 1, 2)

    lists = book.add_worksheet(LISTS_SHEET)
    lists.write_column(0, 0, ETHNIC_GROUPS)
    lists.hide()
    book.close()
    return buffer.getvalue()


def _validation(kind: str) -> dict[str, Any] | None:
    if kind == "sex":
        return {
            "validate": "list",
            "source": list(SEXES),
            "error_title": "Giới tính",
            "error_message": "Chọn Nam hoặc Nữ.",
        }
    if kind == "ethnicity":
        # 54 names are longer than the 255 characters an inline list may hold, so the list
        # lives on a hidden sheet. Other spellings (H'Mông, Hmông…) are recognised on import,
        # so the template warns rather than refuses.
        return {
            "validate": "list",
            "source": f"='{LISTS_SHEET}'!$A$1:$A${len(ETHNIC_GROUPS)}",
            "error_type": "warning",
            "error_title": "Dân tộc",
            "error_message": "Tên dân tộc nên chọn trong danh sách 54 dân tộc.",
        }
    if kind == "relationship":
        return {
            "validate": "list",
            "source": list(RELATIONSHIPS),
            # Lists hold other relationships too (Con dâu, Ông, Bà…): they are accepted.
            "error_type": "information",
            "error_title": "Quan hệ với chủ hộ",
            "error_message": "“Chủ hộ” bắt đầu một hộ mới; quan hệ khác vẫn được ghi nhận.",
        }
    if kind == "mark":
        return {
            "validate": "list",
            "source": [MARK],
            "error_title": "Đánh dấu",
            "error_message": "Ghi x nếu có, để trống nếu chưa.",
        }
    if kind == "birth":
        return {
            "validate": "any",
            "input_title": "Ngày sinh",
            "input_message": "dd/mm/yyyy (vd 05/06/1982) hoặc chỉ năm sinh (vd 1982).",
        }
    return None
