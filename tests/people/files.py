"""Real spreadsheet files (as bytes) for the import tests, built with the tools people use.

A grid is a list of rows from A1, each a list of cells; None leaves a cell empty. Dates become
date cells, numbers numeric cells and text text cells, in every format that has cell types.
"""

import csv
import io
import struct
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache

import openpyxl
import xlwt
from msoffcrypto.format.ooxml import OOXMLFile
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

Grid = Sequence[Sequence[object]]

HEADER = (
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Số CCCD",
    "SĐT",
    "Thôn, bản",
    "Quan hệ với chủ hộ",
    "VNeID mức 2",
)
INDICATORS = {"vneid_l2": ("VNeID mức 2", "Định danh mức 2", "VNeID")}

# Four residents of two households, with the kinds of values real lists hold: a date cell, a date
# typed as text, a year alone; an ID number as text and one as a number that lost its leading
# zero; a phone number as a number and one written with spaces.
RESIDENTS: list[list[object]] = [
    [
        1,
        "Lò Văn Pánh",
        date(1978, 3, 12),
        "Nam",
        "Thái",
        "014078001234",
        912345678,
        "Bản Nà Lừm",
        "Chủ hộ",
        "x",
    ],
    [2, "Lò Thị Xuân", "05/06/1982", "Nữ", "Thái", 14182004321, "0987 654 321", "Bản Nà Lừm", "Vợ"],
    [3, "Lò Văn Tùng", 2005, "Nam", "Thái", None, None, "Bản Nà Lừm", "Con", "có"],
    [4, "Vừ A Dế", date(1990, 11, 30), "Nam", "H'Mông", None, None, "Bản Pá Sàng", "Chủ hộ", "1"],
]


def household_list() -> list[list[object]]:
    """A list the way a commune sends it: title block, header, column numbers, blank rows.

    The header is on row 6; the residents are on rows 8, 9, 11 and 14.
    """
    return [
        [
            "ỦY BAN NHÂN DÂN XÃ MƯỜNG É",
            None,
            None,
            None,
            None,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ],
        [None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        ["DANH SÁCH HỘ GIA ĐÌNH THÔN NÀ LỪM"],
        [],
        list(HEADER),
        [f"({number})" for number in range(1, len(HEADER) + 1)],
        RESIDENTS[0],
        RESIDENTS[1],
        [],
        RESIDENTS[2],
        [],
        [None, None, None, "   "],
        RESIDENTS[3],
    ]


# The title block's merged cells, laid out as on official forms.
TITLE_MERGES = ("A1:E1", "F1:J1", "F2:J2", "A4:J4")


def xlsx(grid: Grid, *, merged: Sequence[str] = (), sheet: str = "Danh sách") -> bytes:
    return xlsx_book({sheet: grid}, merged=merged)


def xlsx_book(sheets: Mapping[str, Grid], *, merged: Sequence[str] = ()) -> bytes:
    """An .xlsx written by openpyxl; ``merged`` ranges apply to the last sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, grid in sheets.items():
        sheet = book.create_sheet(name)
        for row_number, row in enumerate(grid, start=1):
            for column_number, value in enumerate(row, start=1):
                if value is not None:
                    cell = sheet.cell(row=row_number, column=column_number, value=value)
                    if isinstance(value, date):
                        cell.number_format = "DD/MM/YYYY"
    for cell_range in merged:
        sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls(grid: Grid, *, sheet: str = "Danh sách") -> bytes:
    """An Excel 97-2003 .xls written by xlwt."""
    book = xlwt.Workbook(encoding="utf-8")
    worksheet = book.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for row_index, row in enumerate(grid):
        for column_index, value in enumerate(row):
            if isinstance(value, date):
                worksheet.write(row_index, column_index, value, date_style)
            elif value is not None:
                worksheet.write(row_index, column_index, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods(grid: Grid, *, sheet: str = "Danh sách") -> bytes:
    """An OpenDocument spreadsheet written by odfpy, with typed cells as LibreOffice writes."""
    document = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for row in grid:
        table_row = TableRow()
        for value in row:
            table_row.addElement(_ods_cell(value))
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _ods_cell(value: object) -> TableCell:
    if value is None:
        return TableCell()
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
    elif isinstance(value, date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    elif isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=str(value))
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=as_text(value)))
    return cell


def as_text(value: object) -> str:
    """A cell as Excel shows it and writes it into a CSV file."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def csv_file(
    grid: Grid, *, delimiter: str = ",", bom: bool = False, encoding: str = "utf-8"
) -> bytes:
    """A CSV file as Excel saves one (CRLF line ends, quotes only where needed)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([as_text(value) for value in row] for row in grid)
    text = buffer.getvalue()
    if encoding == "cp1258":
        return _windows_1258(text)
    return ("\ufeff" if bom else "").encode(encoding) + text.encode(encoding)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _windows_1258(text: str) -> bytes:
    """Vietnamese in Windows-1258, as old tools save it: precomposed vowels, combining tones."""
    encoded = bytearray()
    for character in text:
        parts = unicodedata.normalize("NFD", character)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        encoded += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(encoded)


def encrypted_xlsx() -> bytes:
    """An .xlsx protected with a password to open, encrypted (ECMA-376 agile) by msoffcrypto."""
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx(household_list()))).encrypt("matkhau", encrypted)
    return encrypted.getvalue()


def encrypted_xls() -> bytes:
    """An .xls whose workbook globals start with a FilePass record (RC4), as Excel writes one
    that has a password to open.

    Only the marker is written; the records after it stay in clear, which no reader gets to.
    The FilePass takes the place of the InterfaceHdr record that xlwt writes right after the
    globals' BOF, so the file keeps its length and its compound-file structure.
    """
    data = bytearray(xls(household_list()))
    after_bof = data.index(b"\x09\x08\x10\x00\x00\x06\x05\x00") + 20
    assert data[after_bof : after_bof + 4] == b"\xe1\x00\x02\x00"  # InterfaceHdr, 2 bytes
    data[after_bof : after_bof + 6] = struct.pack("<HHH", 0x002F, 2, 1)
    return bytes(data)


def encrypted_ods() -> bytes:
    """An .ods saved with a password by LibreOffice: a readable manifest that lists the
    encrypted parts, and content that is no longer XML."""
    plain = zipfile.ZipFile(io.BytesIO(ods(household_list())))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", plain.read("mimetype"), compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", bytes(range(256)) * 8)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ' manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/"'
            ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"'
            ' manifest:size="4096"><manifest:encryption-data'
            ' manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k"'
            ' manifest:checksum="AAAA"><manifest:algorithm'
            ' manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc"'
            ' manifest:initialisation-vector="AAAA"/></manifest:encryption-data>'
            "</manifest:file-entry></manifest:manifest>",
        )
    return buffer.getvalue()


@cache
def zip_bomb(megabytes: int) -> bytes:
    """A valid .xlsx carrying one extra entry of ``megabytes`` MB of zeros (about 1,000:1).

    Written in chunks, so building it never holds the unpacked entry in memory.
    """
    buffer = io.BytesIO(xlsx(household_list()))
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/image1.bin", "w", force_zip64=True) as entry,
    ):
        for _ in range(megabytes):
            entry.write(chunk)
    return buffer.getvalue()


def replace_entry(data: bytes, name: str, content: bytes) -> bytes:
    """The same zip package with one entry's content replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            archive.writestr(entry, content if entry.filename == name else source.read(entry))
    return buffer.getvalue()


def zip_of(entries: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"


def in_format(grid: Grid, file_format: str) -> bytes:
    """The grid as a file of ``file_format`` ("xlsx", "xls", "ods" or "csv")."""
    if file_format == "xlsx":
        return xlsx(grid)
    if file_format == "xls":
        return xls(grid)
    if file_format == "ods":
        return ods(grid)
    if file_format == "csv":
        return csv_file(grid)
    raise ValueError(file_format)
