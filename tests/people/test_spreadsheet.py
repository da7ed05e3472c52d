from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook, PasswordError

from langso.people.cells import parse_text
from langso.people.errors import FileError
from langso.people.spreadsheet import (
    HEADER_SYNONYMS,
    FileRejected,
    Table,
    column_letter,
    read_table,
)
from tests.people import files

RESIDENT_ROWS = [8, 9, 11, 14]


def rejection(
    data: bytes,
    filename: str = "ds.xlsx",
    *,
    max_bytes: int = 20 * 1024 * 1024,
    max_rows: int = 300_000,
) -> FileRejected:
    with pytest.raises(FileRejected) as caught:
        read_table(data, filename, max_bytes=max_bytes, max_rows=max_rows)
    return caught.value


def shown(table: Table) -> list[tuple[int, list[str]]]:
    """The rows as a person reads them, whatever types the format stored."""
    return [(number, [parse_text(v, max_length=100) for v in row]) for number, row in table.rows]


# Good files ------------------------------------------------------------------------------------


def test_the_header_is_found_under_the_title_block_of_merged_cells() -> None:
    table = read_table(
        files.xlsx(files.household_list(), merged=files.TITLE_MERGES),
        "ho-gia-dinh.xlsx",
        indicators=files.INDICATORS,
    )
    assert (table.format, table.sheet, table.header_row) == ("xlsx", "Danh sách", 6)
    assert table.columns == {
        "full_name": 1,
        "birth": 2,
        "sex": 3,
        "ethnicity": 4,
        "id_number": 5,
        "phone": 6,
        "village": 7,
        "relationship": 8,
    }
    assert table.headers["village"] == "Thôn, bản"
    assert table.indicator_columns == {"vneid_l2": 9}
    assert table.ignored_headers == []


def test_blank_rows_and_the_column_numbers_are_skipped_but_row_numbers_are_the_sheets() -> None:
    table = read_table(files.xlsx(files.household_list()), "ds.xlsx")
    assert [number for number, _ in table.rows] == RESIDENT_ROWS
    assert table.rows[0][1][1] == "Lò Văn Pánh"


def test_cells_keep_the_types_the_sheet_stored() -> None:
    table = read_table(files.xlsx(files.household_list()), "ds.xlsx")
    first, second, third = (row for _, row in table.rows[:3])
    assert first[2] == date(1978, 3, 12)
    assert second[2] == "05/06/1982"
    assert third[2] == 2005
    assert first[6] == 912345678
    assert second[5] == 14182004321
    assert second[9] is None
    assert third[5] is None


@pytest.mark.parametrize(
    ("build", "file_format"),
    [
        (lambda grid: files.xls(grid), "xls"),
        (lambda grid: files.ods(grid), "ods"),
        (lambda grid: files.csv_file(grid), "csv"),
        (lambda grid: files.csv_file(grid, bom=True), "csv"),
        (lambda grid: files.csv_file(grid, delimiter=";"), "csv"),
        (lambda grid: files.csv_file(grid, delimiter=";", bom=True), "csv"),
        (lambda grid: files.csv_file(grid, delimiter="\t"), "csv"),
    ],
)
def test_every_format_gives_the_same_table_as_xlsx(
    build: Callable[[files.Grid], bytes], file_format: str
) -> None:
    reference = read_table(
        files.xlsx(files.household_list()), "ds.xlsx", indicators=files.INDICATORS
    )
    table = read_table(build(files.household_list()), "ds", indicators=files.INDICATORS)
    assert table.format == file_format
    assert (table.header_row, table.columns, table.headers, table.indicator_columns) == (
        reference.header_row,
        reference.columns,
        reference.headers,
        reference.indicator_columns,
    )
    assert shown(table) == shown(reference)


def test_a_csv_file_is_one_sheet_named_after_the_file_and_holds_text() -> None:
    table = read_table(files.csv_file(files.household_list()), "uploads/ho-gia-dinh.csv")
    assert table.sheet == "ho-gia-dinh"
    assert table.rows[0][1][2] == "12/03/1978"
    assert all(isinstance(v, str | None) for _, row in table.rows for v in row)


def test_the_format_is_read_from_the_content_not_the_name() -> None:
    assert read_table(files.csv_file(files.household_list()), "ds.xlsx").format == "csv"
    assert read_table(files.xlsx(files.household_list()), "ds.csv").format == "xlsx"
    assert read_table(files.ods(files.household_list()), "ds.xls").format == "ods"


def test_commas_inside_quoted_csv_fields_stay_in_the_field() -> None:
    grid: files.Grid = [
        ["Họ và tên", "Thôn, bản", "Ghi chú"],
        ["Lò Văn Pánh", "Bản Nà Lừm", "Hộ nghèo, có con nhỏ"],
    ]
    table = read_table(files.csv_file(grid), "ds.csv")
    assert table.rows == [(2, ["Lò Văn Pánh", "Bản Nà Lừm", "Hộ nghèo, có con nhỏ"])]


def test_short_csv_rows_are_padded_to_the_header() -> None:
    grid: files.Grid = [["Họ và tên", "Ngày sinh", "Giới tính"], ["Lò Văn Pánh"]]
    table = read_table(files.csv_file(grid), "ds.csv")
    assert table.rows == [(2, ["Lò Văn Pánh", None, None])]


@pytest.mark.parametrize(
    "header", ["Họ và tên", "HỌ VÀ TÊN", "Họ tên", "Ho ten", "ho  ten", "Họ và tên người dân"]
)
def test_the_name_column_is_found_however_it_is_written(header: str) -> None:
    table = read_table(files.xlsx([[header, "Ngày sinh"], ["Lò Văn Pánh", 1978]]), "ds.xlsx")
    assert table.columns == {"full_name": 0, "birth": 1}
    assert table.headers["full_name"] == " ".join(header.split())


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("NS", "birth"),
        ("Ngày/tháng/năm sinh", "birth"),
        ("Năm sinh", "birth"),
        ("GT", "sex"),
        ("giới  tính", "sex"),
        ("DT", "ethnicity"),
        ("Số định danh cá nhân", "id_number"),
        ("CCCD/CMND", "id_number"),
        ("Số CCCD / CMND", "id_number"),
        ("SĐT", "phone"),
        ("Số ĐT", "phone"),
        ("ĐT", "phone"),
        ("Điện thoại", "phone"),
        ("Thôn, bản", "village"),
        ("Thôn/Bản/Tiểu khu", "village"),
        ("Tổ dân phố", "village"),
        ("QH với CH", "relationship"),
        ("Quan hệ", "relationship"),
        ("Số hộ", "household_no"),
        ("STT hộ", "household_no"),
        ("Ghi chú", "note"),
    ],
)
def test_the_synonyms_communes_use_are_recognised(header: str, key: str) -> None:
    table = read_table(files.xlsx([["Ho ten", header], ["Lò Văn Pánh", "x"]]), "ds.xlsx")
    assert table.columns == {"full_name": 0, key: 1}
    assert table.headers[key] == " ".join(header.split())


def test_every_synonym_names_the_column_it_is_listed_under() -> None:
    for key, spellings in HEADER_SYNONYMS.items():
        for spelling in spellings:
            header = [spelling, "Ghi chú"] if key == "full_name" else ["Họ và tên", spelling]
            table = read_table(files.csv_file([header, ["Lò Văn Pánh"]]), "ds.csv")
            assert table.columns[key] == header.index(spelling), spelling


def test_dt_is_ethnicity_and_dt_with_a_bar_is_the_phone() -> None:
    grid: files.Grid = [["Họ tên", "DT", "ĐT"], ["Lò Văn Pánh", "Thái", "0912345678"]]
    table = read_table(files.xlsx(grid), "ds.xlsx")
    assert table.columns["ethnicity"] == 1
    assert table.columns["phone"] == 2


def test_indicator_columns_are_found_by_any_of_their_spellings() -> None:
    header = ["Họ và tên", "Ngày sinh", "Định danh mức 2", "Có điện thoại thông minh"]
    grid: files.Grid = [header, ["Lò Văn Pánh"]]
    indicators = {**files.INDICATORS, "smartphone": ("Điện thoại thông minh", "Smartphone")}
    table = read_table(files.xlsx(grid), "ds.xlsx", indicators=indicators)
    assert table.indicator_columns == {"vneid_l2": 2}
    assert table.ignored_headers == ["Có điện thoại thông minh"]


def test_an_indicator_column_alone_with_the_name_is_a_header() -> None:
    grid: files.Grid = [["Họ và tên", "VNeID"], ["Lò Văn Pánh", "x"]]
    table = read_table(files.xlsx(grid), "ds.xlsx", indicators=files.INDICATORS)
    assert table.indicator_columns == {"vneid_l2": 1}


def test_an_indicator_spelling_that_names_two_columns_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Ghi chú"):
        read_table(files.xlsx(files.household_list()), "ds.xlsx", indicators={"x": ("Ghi chú",)})


def test_unknown_headers_are_listed_but_row_number_columns_are_not() -> None:
    header: list[object] = ["STT", "TT", "Họ và tên", "Ngày sinh", "Nghề nghiệp", 2024]
    grid: files.Grid = [header, ["1", "1", "Lò Văn Pánh"]]
    table = read_table(files.xlsx(grid), "ds.xlsx")
    assert table.ignored_headers == ["Nghề nghiệp", "2024"]


def test_the_numbering_row_may_be_plain_numbers() -> None:
    grid: files.Grid = [["STT", "Họ và tên", "Ngày sinh"], [1, 2, 3], [1, "Lò Văn Pánh", 1978]]
    table = read_table(files.xlsx(grid), "ds.xlsx")
    assert [number for number, _ in table.rows] == [3]


def test_a_first_row_that_numbers_nothing_in_order_is_data() -> None:
    grid: files.Grid = [["STT", "Họ và tên", "Ngày sinh"], [1, 3, 2], [2, "Lò Văn Pánh", 1978]]
    table = read_table(files.xlsx(grid), "ds.xlsx")
    assert [number for number, _ in table.rows] == [2, 3]


def test_the_instructions_row_of_the_template_is_skipped() -> None:
    grid: files.Grid = [
        ["Họ và tên", "Ngày sinh"],
        ["Hướng dẫn: mỗi dòng một người; ngày sinh ghi dd/mm/yyyy hoặc năm sinh", None],
        ["Lò Văn Pánh", 1978],
    ]
    table = read_table(files.xlsx(grid), "ds.xlsx")
    assert [number for number, _ in table.rows] == [3]


def test_the_first_sheet_with_a_header_wins() -> None:
    book = files.xlsx_book(
        {
            "Hướng dẫn": [["Cách điền danh sách"], ["Họ và tên: ghi đầy đủ"]],
            "Thôn Nà Lừm": [["Họ và tên", "Ngày sinh"], ["Lò Văn Pánh", 1978]],
            "Thôn Pá Sàng": [["Họ và tên", "Ngày sinh"], ["Vừ A Dế", 1990]],
        }
    )
    table = read_table(book, "ds.xlsx")
    assert table.sheet == "Thôn Nà Lừm"
    assert table.rows == [(2, ["Lò Văn Pánh", 1978.0])]


def test_a_header_on_row_30_is_still_found() -> None:
    grid: list[list[object]] = [["Ghi chú"] for _ in range(29)]
    grid += [["Họ và tên", "Ngày sinh"], ["Lò Văn Pánh", 1978]]
    assert read_table(files.xlsx(grid), "ds.xlsx").header_row == 30


def test_a_header_with_no_rows_under_it_gives_no_rows() -> None:
    assert read_table(files.xlsx([["Họ và tên", "Ngày sinh"]]), "ds.xlsx").rows == []


def test_max_rows_rows_are_allowed() -> None:
    table = read_table(files.xlsx(files.household_list()), "ds.xlsx", max_rows=4)
    assert len(table.rows) == 4


def test_a_file_of_exactly_max_bytes_is_read() -> None:
    data = files.csv_file(files.household_list())
    assert read_table(data, "ds.csv", max_bytes=len(data)).rows


@pytest.mark.parametrize(
    ("index", "letter"), [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ")]
)
def test_columns_are_named_by_letter(index: int, letter: str) -> None:
    assert column_letter(index) == letter


# Files refused whole ---------------------------------------------------------------------------


def test_an_empty_file_is_refused() -> None:
    assert rejection(b"").code == FileError.EMPTY


def test_a_csv_file_of_nothing_but_a_bom_and_blank_lines_is_empty() -> None:
    assert rejection("\ufeff\r\n  \r\n".encode(), "ds.csv").code == FileError.EMPTY


def test_a_file_over_the_size_limit_is_refused_with_the_limit() -> None:
    data = files.xlsx(files.household_list())
    error = rejection(data, max_bytes=len(data) - 1)
    assert error.code == FileError.TOO_LARGE
    assert error.details == {"limit_bytes": len(data) - 1}


def test_more_rows_than_allowed_are_refused() -> None:
    error = rejection(files.xlsx(files.household_list()), max_rows=3)
    assert error.code == FileError.TOO_MANY_ROWS
    assert error.details == {"limit": 3}


def test_more_csv_rows_than_allowed_are_refused() -> None:
    assert rejection(files.csv_file(files.household_list()), max_rows=2).code == (
        FileError.TOO_MANY_ROWS
    )


@pytest.mark.parametrize(
    "data",
    [files.PDF, files.PNG, files.JPEG, b"GIF89a\x01\x00\x01\x00\x00", b"\x7fELF" + bytes(12)],
    ids=["pdf", "png", "jpeg", "gif", "binary"],
)
def test_files_that_are_not_spreadsheets_are_refused_whatever_their_name(data: bytes) -> None:
    error = rejection(data, "ds.xlsx")
    assert error.code == FileError.TYPE_UNSUPPORTED
    assert "ds.xlsx" in str(error.message)


def test_a_zip_that_is_not_a_spreadsheet_is_refused() -> None:
    docx = files.zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    assert rejection(docx).code == FileError.TYPE_UNSUPPORTED


def test_a_binary_excel_workbook_xlsb_is_refused() -> None:
    xlsb = files.zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83\x01"})
    assert rejection(xlsb).code == FileError.TYPE_UNSUPPORTED


def test_an_xlsx_with_a_password_is_refused_as_encrypted() -> None:
    error = rejection(files.encrypted_xlsx())
    assert error.code == FileError.ENCRYPTED
    assert "ds.xlsx" in str(error.message)


def test_an_xls_with_a_password_is_refused_as_encrypted(tmp_path: Path) -> None:
    data = files.encrypted_xls()
    # calamine itself calls this file password-protected when told it is an .xls.
    path = tmp_path / "ds.xls"
    path.write_bytes(data)
    with pytest.raises(PasswordError):
        CalamineWorkbook.from_path(path)
    assert rejection(data, "ds.xls").code == FileError.ENCRYPTED


def test_an_ods_with_a_password_is_refused_as_encrypted() -> None:
    assert rejection(files.encrypted_ods(), "ds.ods").code == FileError.ENCRYPTED


def test_a_zip_bomb_is_refused_before_anything_unpacks_it() -> None:
    assert rejection(files.zip_bomb(300)).code == FileError.ZIP_BOMB


def test_an_entry_packed_far_tighter_than_any_spreadsheet_is_a_zip_bomb() -> None:
    assert rejection(files.zip_bomb(50)).code == FileError.ZIP_BOMB


@pytest.mark.parametrize(
    "build",
    [files.xlsx, files.xls, files.ods],
    ids=["xlsx", "xls", "ods"],
)
def test_a_truncated_workbook_is_unreadable(build: Callable[[files.Grid], bytes]) -> None:
    data = build(files.household_list())
    assert rejection(data[: len(data) // 2]).code == FileError.UNREADABLE


def test_a_workbook_with_a_damaged_sheet_is_unreadable() -> None:
    damaged = files.replace_entry(
        files.xlsx(files.household_list()), "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><c"
    )
    assert rejection(damaged).code == FileError.UNREADABLE


def test_an_ole2_file_that_is_not_a_workbook_is_unreadable() -> None:
    data = files.xls(files.household_list()).replace(
        "Workbook".encode("utf-16-le"), "Notebook".encode("utf-16-le")
    )
    assert rejection(data, "ds.xls").code == FileError.UNREADABLE


def test_a_csv_file_in_a_windows_code_page_is_refused_with_how_to_save_it() -> None:
    error = rejection(files.csv_file(files.household_list(), encoding="cp1258"), "ds.csv")
    assert error.code == FileError.ENCODING
    assert "CSV UTF-8" in str(error.message)


def test_a_latin1_csv_file_is_refused_as_not_utf8() -> None:
    grid: files.Grid = [["Họ và tên", "Ghi chú"], ["Lò Văn Pánh", "café"]]
    data = files.csv_file(grid).replace("café".encode(), "café".encode("latin-1"))
    assert rejection(data, "ds.csv").code == FileError.ENCODING


def test_a_utf16_text_file_from_excel_is_refused_as_not_utf8() -> None:
    data = files.csv_file(files.household_list(), delimiter="\t", encoding="utf-16")
    assert rejection(data, "ds.txt").code == FileError.ENCODING


def test_a_sheet_without_a_recognisable_header_is_refused_with_the_columns_needed() -> None:
    grid: files.Grid = [["DANH SÁCH HỘ GIA ĐÌNH"], ["Tên", "Tuổi"], ["Lò Văn Pánh", 46]]
    error = rejection(files.xlsx(grid))
    assert error.code == FileError.HEADER_NOT_FOUND
    assert "Họ và tên" in str(error.message)


def test_a_csv_file_without_a_header_is_refused() -> None:
    data = files.csv_file([["Lò Văn Pánh", "12/03/1978"], ["Lò Thị Xuân", "1982"]])
    assert rejection(data, "ds.csv").code == FileError.HEADER_NOT_FOUND


def test_a_name_column_alone_is_not_a_header() -> None:
    grid: files.Grid = [["Họ và tên", "Nghề nghiệp"], ["Lò Văn Pánh", "Làm ruộng"]]
    assert rejection(files.xlsx(grid)).code == FileError.HEADER_NOT_FOUND


def test_known_columns_without_a_name_column_are_not_a_header() -> None:
    grid: files.Grid = [["Tên", "Ngày sinh", "Giới tính"], ["Lò Văn Pánh", 1978, "Nam"]]
    assert rejection(files.xlsx(grid)).code == FileError.HEADER_NOT_FOUND


def test_a_header_below_row_30_is_not_looked_for() -> None:
    grid: list[list[object]] = [["Ghi chú"] for _ in range(30)]
    grid += [["Họ và tên", "Ngày sinh"], ["Lò Văn Pánh", 1978]]
    assert rejection(files.xlsx(grid)).code == FileError.HEADER_NOT_FOUND


def test_a_column_named_twice_is_refused_with_both_letters() -> None:
    grid: files.Grid = [["STT", "Họ và tên", "Ngày sinh", "Họ và tên"], [1, "A", 1978, "B"]]
    error = rejection(files.xlsx(grid))
    assert error.code == FileError.COLUMN_DUPLICATE
    assert error.details == {"columns": ["B", "D"]}
    assert "B" in str(error.message) and "D" in str(error.message)


def test_two_spellings_of_one_column_are_a_duplicate() -> None:
    header = ["Họ và tên", *[f"Cột {n}" for n in range(30)], "Năm sinh", "Ngày sinh"]
    error = rejection(files.xlsx([header, ["A"]]))
    assert error.code == FileError.COLUMN_DUPLICATE
    assert error.details == {"columns": ["AF", "AG"]}


def test_an_indicator_column_named_twice_is_a_duplicate() -> None:
    grid: files.Grid = [["Họ và tên", "VNeID", "Ngày sinh", "VNeID mức 2"], ["A"]]
    with pytest.raises(FileRejected) as caught:
        read_table(files.xlsx(grid), "ds.xlsx", indicators=files.INDICATORS)
    assert caught.value.code == FileError.COLUMN_DUPLICATE
