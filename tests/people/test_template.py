"""The household-list template: every column it has is one the importer reads, and a filled-in
copy imports as it is."""

import io
from datetime import date

import openpyxl
import pytest

from langso.access import SYSTEM
from langso.indicators.models import Indicator, Observation, Status
from langso.people.ethnicity import ETHNIC_GROUPS
from langso.people.importing import BUSINESS, BUSINESS_COLUMNS, import_residents
from langso.people.models import Household, Resident
from langso.people.spreadsheet import read_table
from langso.people.template import TITLE, template_workbook
from tests.roles import unit_today

pytestmark = pytest.mark.django_db

PERSON_COLUMNS = [
    ("household_no", "Số hộ"),
    ("full_name", "Họ và tên"),
    ("birth", "Ngày sinh"),
    ("sex", "Giới tính"),
    ("ethnicity", "Dân tộc"),
    ("id_number", "Số CCCD"),
    ("phone", "Số điện thoại"),
    ("village", "Thôn, bản"),
    ("relationship", "Quan hệ với chủ hộ"),
]


def indicator_spellings() -> dict[str, tuple[str, ...]]:
    """What the importer looks for: every indicator's column names, and the business column."""
    spellings = {i.code: tuple(i.column_names) for i in Indicator.objects.filter(computed=False)}
    return {**spellings, BUSINESS: BUSINESS_COLUMNS}


def sheet_of(data: bytes) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(data))["Danh sách"]


def test_every_column_of_the_template_is_one_the_importer_reads() -> None:
    table = read_table(template_workbook(), "mau.xlsx", indicators=indicator_spellings())
    assert (table.format, table.sheet, table.header_row) == ("xlsx", "Danh sách", 2)
    assert table.columns == {key: index for index, (key, _header) in enumerate(PERSON_COLUMNS)}
    assert table.headers == dict(PERSON_COLUMNS)
    codes = list(Indicator.objects.filter(computed=False).values_list("code", flat=True))
    first = len(PERSON_COLUMNS)
    assert table.indicator_columns == {
        code: index for index, code in enumerate([*codes, BUSINESS], start=first)
    }
    assert table.ignored_headers == []


def test_the_instructions_row_is_not_a_row_of_the_list() -> None:
    data = template_workbook()
    assert read_table(data, "mau.xlsx", indicators=indicator_spellings()).rows == []
    assert str(sheet_of(data)["A3"].value).startswith("Hướng dẫn")


def test_the_headers_are_the_first_names_of_each_indicator_column() -> None:
    sheet = sheet_of(template_workbook())
    headers = [cell.value for cell in sheet[2]]
    names = [i.column_names[0] for i in Indicator.objects.filter(computed=False)]
    assert headers == [header for _key, header in PERSON_COLUMNS] + names + ["Hộ kinh doanh"]
    assert all(cell.value for cell in sheet[3]), "every column is explained"


def test_the_title_spans_the_header_and_the_header_stays_in_view() -> None:
    sheet = sheet_of(template_workbook())
    assert sheet["A1"].value == TITLE
    assert [str(merged) for merged in sheet.merged_cells.ranges] == [
        f"A1:{openpyxl.utils.get_column_letter(sheet.max_column)}1"
    ]
    assert sheet.freeze_panes == "C3"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_the_data_rows_offer_the_choices_the_importer_accepts() -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    sheet = book["Danh sách"]
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    assert rules["D4:D503"].formula1 == '"Nam,Nữ"'
    relationship = rules["I4:I503"]
    assert relationship.formula1.startswith('"Chủ hộ,Vợ,Chồng,Con,')
    assert relationship.errorStyle == "information"
    ethnicity = rules["E4:E503"].formula1
    assert ethnicity == f"'Danh mục'!$A$1:$A${len(ETHNIC_GROUPS)}"
    lists = book["Danh mục"]
    assert lists.sheet_state == "hidden"
    assert [row[0] for row in lists.iter_rows(values_only=True)] == list(ETHNIC_GROUPS)
    marks = [rule for ref, rule in rules.items() if rule.formula1 == '"x"']
    assert len(marks) == Indicator.objects.filter(computed=False).count() + 1


def test_id_phone_and_birth_columns_are_text_so_leading_zeros_survive() -> None:
    sheet = sheet_of(template_workbook())
    styles = {
        letter: sheet.column_dimensions[letter].number_format for letter in ("C", "F", "G", "B")
    }
    assert styles == {"C": "@", "F": "@", "G": "@", "B": "General"}


def filled(rows: list[list[object]]) -> bytes:
    """The template with ``rows`` typed in from row 4, as a person fills it in Excel."""
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    sheet = book["Danh sách"]
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=4 + offset, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_filled_in_template_imports() -> None:
    marks: list[object] = [None] * Indicator.objects.filter(computed=False).count()
    broadband = [i.code for i in Indicator.objects.filter(computed=False)].index(
        "household_broadband"
    )
    vneid = [i.code for i in Indicator.objects.filter(computed=False)].index("vneid_l2")
    head_marks = list(marks)
    head_marks[broadband] = head_marks[vneid] = "x"
    wife_marks = list(marks)
    wife_marks[vneid] = "x"
    rows: list[list[object]] = [
        [
            "1",
            "Lò Văn Pánh",
            "12/03/1978",
            "Nam",
            "Thái",
            "014078001234",
            "0912345678",
            "Bản Nà Lừm",
            "Chủ hộ",
            *head_marks,
            "x",
        ],
        [
            "1",
            "Lò Thị Xuân",
            "05/06/1982",
            "Nữ",
            "Thái",
            "014182004321",
            "0987 654 321",
            "Bản Nà Lừm",
            "Vợ",
            *wife_marks,
        ],
        ["1", "Lò Văn Tùng", "2005", "Nam", "Thái", None, None, "Bản Nà Lừm", "Con"],
        [
            "2",
            "Vừ A Dế",
            date(1990, 11, 30),
            "Nam",
            "H'Mông",
            None,
            None,
            "Bản Pá Sàng",
            "Chủ hộ",
        ],
    ]
    report = import_residents(
        actor=SYSTEM,
        unit=unit_today("03727"),
        data=filled(rows),
        filename="mau.xlsx",
        create_villages=True,
    )
    assert report.errors == []
    assert (report.rows, report.created, report.rejected) == (4, 4, 0)
    assert Household.objects.count() == 2
    head = Resident.objects.get(full_name="Lò Văn Pánh")
    assert (head.id_masked, head.phone_masked, head.birth_date) == (
        "**********34",
        "*******678",
        date(1978, 3, 12),
    )
    assert head.household.is_business and head.household.number == "1"
    assert Resident.objects.get(full_name="Lò Văn Tùng").birth_year == 2005
    assert Resident.objects.get(full_name="Vừ A Dế").ethnicity == "Mông"
    assert Status.objects.filter(indicator_id="vneid_l2").count() == 2
    assert Observation.objects.get(indicator_id="household_broadband").household == head.household


def test_a_template_filled_without_household_numbers_forms_households_by_head_rows() -> None:
    rows: list[list[object]] = [
        [None, "Lò Văn Pánh", "1978", "Nam", "Thái", None, None, "Bản Nà Lừm", "Chủ hộ"],
        [None, "Lò Thị Xuân", "1982", "Nữ", "Thái", None, None, "Bản Nà Lừm", "Vợ"],
    ]
    import_residents(
        actor=SYSTEM,
        unit=unit_today("03727"),
        data=filled(rows),
        filename="mau.xlsx",
        create_villages=True,
    )
    assert Household.objects.count() == 1
