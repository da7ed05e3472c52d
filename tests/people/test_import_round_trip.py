"""The file of rejected rows round-trips: uploaded unchanged it is rejected the same way and
changes nothing; corrected, its rows join the households they belong to.

The files are written the way people make them (openpyxl, xlwt, odfpy and Excel's CSV, with
household numbers, ID and phone numbers typed into number cells), and the rejected file is
read back with openpyxl, the way Excel shows its cells.
"""

import io
from collections.abc import Callable

import openpyxl
import pytest
from openpyxl.cell.cell import Cell

from langso.people.errors import RowError
from langso.people.importing import ImportReport, rejected_workbook
from langso.people.models import Household, Resident
from langso.people.template import template_workbook
from langso.units.models import Unit
from tests.people import files
from tests.people.lists import VILLAGE, counts, run, village_code

pytestmark = pytest.mark.django_db

NUMBERED: list[object] = [
    "Số hộ",
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Số CCCD",
    "SĐT",
    "Thôn",
    "Quan hệ",
]
UNNUMBERED = NUMBERED[1:]


def numbered_list() -> list[list[object]]:
    """Household 2 has a good head and two bad members; every number typed as a number."""
    return [
        NUMBERED,
        [1, "Vừ A Dế", 1990, "Nam", None, None, VILLAGE, "Chủ hộ"],
        [2, "Lò Văn Pánh", 1978, "Nam", 14078001234, 912345678, VILLAGE, "Chủ hộ"],
        [2, "Lò Thị Xuân", "31/02/1982", "Nữ", 14182004321, 987654321, VILLAGE, "Vợ"],
        [2, "Lò Văn Tùng", 2005, "X", None, None, VILLAGE, "Con"],
    ]


@pytest.fixture
def code(na_lum: Unit) -> str:
    """The code of the village the lists are imported into."""
    return village_code(na_lum)


def import_file(data: bytes, name: str, code: str) -> tuple[ImportReport, bytes]:
    report = run(data, name, code=code)
    return report, rejected_workbook(data, name, report)


def sheet_of(workbook: bytes) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(workbook)).active


def fixed(
    workbook: bytes, change: Callable[[openpyxl.worksheet.worksheet.Worksheet], None]
) -> bytes:
    """The rejected file as the officer saves it after correcting cells in Excel."""
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    change(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def by_name(sheet: openpyxl.worksheet.worksheet.Worksheet, name: str, column: int) -> Cell:
    """The cell of ``column`` (1-based) on the row of ``name`` (the name in column 2 or 1)."""
    for row in sheet.iter_rows(min_row=2):
        if name in (row[0].value, row[1].value):
            return row[column - 1]
    raise AssertionError(name)


def problems(report: ImportReport) -> list[tuple[str, str]]:
    return sorted((problem.column, problem.code) for problem in report.errors)


@pytest.mark.parametrize("file_format", ["xlsx", "xls", "ods", "csv"])
def test_the_rejected_rows_of_a_numbered_list_are_written_as_typed_and_find_their_household(
    file_format: str, code: str
) -> None:
    data = files.in_format(numbered_list(), file_format)
    report, rejected = import_file(data, f"ds.{file_format}", code)
    assert problems(report) == [
        ("C (Năm sinh)", RowError.BIRTH_INVALID),
        ("D (Giới tính)", RowError.SEX_INVALID),
    ]
    household = Resident.objects.get(full_name="Lò Văn Pánh").household
    assert household.number == "2"

    sheet = sheet_of(rejected)
    xuan = by_name(sheet, "Lò Thị Xuân", 1)
    assert [cell.value for cell in sheet[xuan.row][:6]] == [
        "2",
        "Lò Thị Xuân",
        "31/02/1982",
        "Nữ",
        "014182004321",
        "0987654321",
    ]
    # Text cells, as Excel shows them: no "2.0", no number that loses its zero when edited.
    assert {cell.data_type for cell in sheet[xuan.row][:6]} == {"s"}
    assert sheet.max_row == 3  # the header and the two rejected rows

    before = counts()
    again, _ = import_file(rejected, "rejected.xlsx", code)
    assert problems(again) == problems(report)
    assert (again.created, again.updated) == (0, 0)
    assert counts() == before

    def correct(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        by_name(sheet, "Lò Thị Xuân", 3).value = "05/06/1982"
        by_name(sheet, "Lò Văn Tùng", 4).value = "Nam"

    final, _ = import_file(fixed(rejected, correct), "rejected.xlsx", code)
    assert (final.created, final.rejected, final.errors) == (2, 0, [])
    assert Household.objects.count() == 2
    assert set(household.residents.values_list("full_name", flat=True)) == {
        "Lò Văn Pánh",
        "Lò Thị Xuân",
        "Lò Văn Tùng",
    }
    assert not Household.objects.filter(number="2.0").exists()
    xuan_resident = Resident.objects.get(full_name="Lò Thị Xuân")
    assert (xuan_resident.id_masked[-2:], xuan_resident.phone_masked[-3:]) == ("21", "321")


def test_a_rejected_member_of_a_household_without_a_number_comes_back_with_its_head(
    code: str,
) -> None:
    grid: files.Grid = [
        UNNUMBERED,
        ["Lò Văn Pánh", 1978, "Nam", 14078001234, 912345678, VILLAGE, "Chủ hộ"],
        ["Lò Thị Xuân", 1982, "Nữ", 14182004321, "09x", VILLAGE, "Vợ"],
        ["Vừ A Dế", 1990, "Nam", None, None, VILLAGE, "Chủ hộ"],
    ]
    report, rejected = import_file(files.xlsx(grid), "ds.xlsx", code)
    assert problems(report) == [("E (SĐT)", RowError.PHONE_INVALID)]
    sheet = sheet_of(rejected)
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["Lò Văn Pánh", "Lò Thị Xuân"]
    assert "Dòng 2 đã được nhận" in str(by_name(sheet, "Lò Văn Pánh", 8).value)
    assert by_name(sheet, "Lò Văn Pánh", 5).value == "0912345678"

    before = counts()
    again, _ = import_file(rejected, "rejected.xlsx", code)
    assert problems(again) == problems(report)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert counts() == before

    def correct(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        by_name(sheet, "Lò Thị Xuân", 5).value = "0987654321"

    final, _ = import_file(fixed(rejected, correct), "rejected.xlsx", code)
    assert (final.created, final.unchanged, final.rejected) == (1, 1, 0)
    head = Resident.objects.get(full_name="Lò Văn Pánh")
    assert Resident.objects.get(full_name="Lò Thị Xuân").household == head.household
    assert Household.objects.count() == 2


def test_a_corrected_head_joins_the_members_who_went_in_without_it(code: str) -> None:
    grid: files.Grid = [
        UNNUMBERED,
        ["Lò Văn Pánh", "31/02/1978", "Nam", None, None, VILLAGE, "Chủ hộ"],
        ["Lò Thị Xuân", 1982, "Nữ", 14182004321, None, VILLAGE, "Vợ"],
        ["Lò Văn Tùng", 2005, "Nam", None, None, VILLAGE, "Con"],
    ]
    report, rejected = import_file(files.xlsx(grid), "ds.xlsx", code)
    assert problems(report) == [("B (Năm sinh)", RowError.BIRTH_INVALID)]
    household = Resident.objects.get(full_name="Lò Văn Tùng").household
    assert household.head_name == ""
    assert sheet_of(rejected).max_row == 4  # the head and both members

    before = counts()
    again, _ = import_file(rejected, "rejected.xlsx", code)
    assert problems(again) == problems(report)
    assert counts() == before

    def correct(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        by_name(sheet, "Lò Văn Pánh", 2).value = 1978

    final, _ = import_file(fixed(rejected, correct), "rejected.xlsx", code)
    assert (final.created, final.unchanged, final.rejected) == (1, 2, 0)
    assert Household.objects.count() == 1
    household.refresh_from_db()
    assert household.head_name == "Lò Văn Pánh"
    assert household.residents.filter(is_head=True).get().full_name == "Lò Văn Pánh"


def test_members_found_in_a_household_with_a_head_do_not_bring_a_new_head_into_it(
    code: str,
) -> None:
    """A son who sets up his own household with his wife is a new household, not a second head
    in his parents' one."""
    run(
        files.xlsx(
            [
                UNNUMBERED,
                ["Lò Văn Pánh", 1950, "Nam", None, None, VILLAGE, "Chủ hộ"],
                ["Lò Thị Xuân", 1982, "Nữ", 14182004321, None, VILLAGE, "Con dâu"],
            ]
        ),
        code=code,
    )
    report = run(
        files.xlsx(
            [
                UNNUMBERED,
                ["Lò Văn Tùng", 1980, "Nam", None, None, VILLAGE, "Chủ hộ"],
                ["Lò Thị Xuân", 1982, "Nữ", 14182004321, None, VILLAGE, "Vợ"],
            ]
        ),
        code=code,
    )
    assert report.errors == []
    assert Household.objects.count() == 2
    assert Resident.objects.get(full_name="Lò Thị Xuân").household.head_name == "Lò Văn Tùng"


def test_an_id_given_twice_comes_back_with_the_row_that_gave_it_first(code: str) -> None:
    grid: files.Grid = [
        NUMBERED,
        [1, "Lò Văn Pánh", 1978, "Nam", "014078001234", None, VILLAGE, "Chủ hộ"],
        [2, "Lò Văn Pánh", 1978, "Nam", "014078001234", None, VILLAGE, "Chủ hộ"],
    ]
    report, rejected = import_file(files.xlsx(grid), "ds.xlsx", code)
    assert problems(report) == [("E (Số CCCD)", RowError.ID_DUPLICATE_IN_FILE)]
    assert sheet_of(rejected).max_row == 3
    before = counts()
    again, _ = import_file(rejected, "rejected.xlsx", code)
    assert problems(again) == problems(report)
    assert counts() == before
    assert Resident.objects.get().household.number == "1"


def test_the_template_filled_with_numbers_round_trips(code: str) -> None:
    """Làng Số's own template, filled by someone who pasted numbers into it."""
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    sheet = book.active
    header = {cell.value: cell.column for cell in sheet[2] if cell.value}
    # The household number, ID and phone columns are Text, so typing keeps what is typed.
    assert {sheet.column_dimensions[letter].number_format for letter in "AFG"} == {"@"}
    people = [
        {"Họ và tên": "Lò Văn Pánh", "Quan hệ với chủ hộ": "Chủ hộ", "Số điện thoại": 912345678},
        {"Họ và tên": "Lò Thị Xuân", "Quan hệ với chủ hộ": "Vợ", "Số điện thoại": 98765},
    ]
    for offset, values in enumerate(people):
        values |= {"Số hộ": 7, "Thôn, bản": VILLAGE, "Ngày sinh": 1980, "Giới tính": "Nam"}
        for name, value in values.items():
            sheet.cell(row=4 + offset, column=header[name], value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    report, rejected = import_file(buffer.getvalue(), "mau.xlsx", code)
    assert [problem.code for problem in report.errors] == [RowError.PHONE_INVALID]
    sheet = sheet_of(rejected)
    xuan = by_name(sheet, "Lò Thị Xuân", header["Họ và tên"])
    number = sheet.cell(row=xuan.row, column=header["Số hộ"])
    assert (number.value, number.data_type) == ("7", "s")

    def correct(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        sheet.cell(row=xuan.row, column=header["Số điện thoại"]).value = "0987654321"

    final, _ = import_file(fixed(rejected, correct), "rejected.xlsx", code)
    assert (final.created, final.rejected) == (1, 0)
    assert Household.objects.get().number == "7"
    assert Household.objects.get().residents.count() == 2


def test_an_id_number_cell_is_restored_only_where_nothing_else_can_have_happened(
    code: str,
) -> None:
    grid: files.Grid = [
        NUMBERED,
        # Hà Nội (001): the number cell dropped two zeros; they come back.
        [1, "Nguyễn Văn Minh", 1985, "Nam", 1085000123, None, VILLAGE, "Chủ hộ"],
        # Eight digits: a CMND that lost its 0, or one that lost another digit.
        [2, "Lò Văn Pánh", 1978, "Nam", 12345678, None, VILLAGE, "Chủ hộ"],
    ]
    report, rejected = import_file(files.xlsx(grid), "ds.xlsx", code)
    assert problems(report) == [("E (Số CCCD)", RowError.ID_ZERO_LOST)]
    assert Resident.objects.get().id_masked.endswith("23")
    cell = by_name(sheet_of(rejected), "Lò Văn Pánh", 5)
    assert (cell.value, cell.data_type) == ("12345678", "s")
