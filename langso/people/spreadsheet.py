"""Reading an uploaded household list (.xlsx, .xls, .ods or .csv) into a table of rows.

Nothing here touches the database: the importer gets a ``Table``, or a ``FileRejected`` that says
what is wrong with the file as a whole and what to do about it. The format is decided by the
file's content, never by its name (lists travel by Zalo and e-mail and lose or change their
extensions), and each container is checked before a parser sees it: an upload is the least
trusted input Làng Số takes.
"""

import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import PurePath
from types import MappingProxyType
from typing import Literal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

from langso.core import collector
from langso.core.errors import DomainError
from langso.core.numbers import format_int
from langso.core.text import fold, fold_compact
from langso.people.errors import FileError

Format = Literal["xlsx", "xls", "ods", "csv"]


class FileRejected(DomainError):
    """The file as a whole cannot be imported; nothing was read from it."""

    status = 400


# Canonical column → the header spellings communes use for it. The first spelling is the one
# Làng Số writes itself (in the template). Matching ignores case, diacritics, spaces and
# punctuation, so "Họ tên", "HỌ TÊN" and "Ho ten" are one spelling.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "household_no": ("Số hộ", "Mã hộ", "Hộ số", "STT hộ", "Số thứ tự hộ"),
    "full_name": ("Họ và tên", "Họ tên", "Ho ten", "Họ và tên người dân"),
    "birth": ("Ngày sinh", "Năm sinh", "NS", "Ngày tháng năm sinh", "Ngày/tháng/năm sinh"),
    "sex": ("Giới tính", "GT"),
    "ethnicity": ("Dân tộc", "DT"),
    "id_number": (
        "Số CCCD",
        "CCCD",
        "Số định danh",
        "Số định danh cá nhân",
        "CCCD/CMND",
        "Số CCCD/CMND",
        "CMND",
    ),
    "phone": ("SĐT", "Số điện thoại", "Điện thoại", "ĐT", "Số ĐT"),
    "village": (
        "Thôn",
        "Bản",
        "Tiểu khu",
        "Thôn, bản",
        "Thôn/bản",
        "Thôn/Bản/Tiểu khu",
        "Tổ dân phố",
        "Thôn/Tổ dân phố",
    ),
    "relationship": (
        "Quan hệ với chủ hộ",
        "QH với CH",
        "Quan hệ",
        "QH với chủ hộ",
        "Quan hệ với CH",
    ),
    "note": ("Ghi chú",),
}

# Columns that only number the rows; known, so not reported as unrecognised, and not read.
_ROW_NUMBER_HEADERS = frozenset({"stt", "tt"})
_HEADER_SEARCH_ROWS = 30
_NO_INDICATORS: Mapping[str, Sequence[str]] = MappingProxyType({})

_MB = 1024 * 1024
# Spreadsheets compress their XML about 10:1 (a 200,000-row list of ten columns is 10 MB that
# unpacks to 104 MB), so 200 MB in all, or one entry packed 200:1, is an archive built to exhaust
# the server rather than a household list.
_ZIP_MAX_TOTAL = 200 * _MB
_ZIP_MAX_RATIO = 200
_ZIP_RATIO_FLOOR = 1 * _MB
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
# BOF record of a BIFF8 workbook's globals (type 0x0809, 16 bytes, version 0x0600, type 0x0005).
_XLS_GLOBALS_BOF = b"\x09\x08\x10\x00\x00\x06\x05\x00"
_XLS_WRITE_PROTECT = b"\x86\x00\x00\x00"
_XLS_FILE_PASS = b"\x2f\x00"
_CSV_DELIMITERS = (",", ";", "\t")
_COLUMN_NUMBER = re.compile(r"\(?\s*(\d+)\s*\)?")
_NOT_SPELLING = re.compile(r"[\W_]+")


@dataclass
class Table:
    """One sheet of a household list, from its header row down.

    ``rows`` holds (row number as the spreadsheet shows it, cell values) for every row that has
    a value, each padded to at least the header's width; cell values are what the reader gave
    (str, int, float, bool, date, datetime…; only str from a CSV file), with None for an empty
    cell. A cell holding only spaces is left as it is (the cell parsers read it as blank), but a
    row of nothing else is left out like an empty one.
    """

    format: Format
    sheet: str
    header_row: int
    columns: dict[str, int]
    headers: dict[str, str]
    indicator_columns: dict[str, int]
    ignored_headers: list[str]
    rows: list[tuple[int, list[object]]]
    header_cells: list[str] = field(default_factory=list)


def column_letter(index: int) -> str:
    """The spreadsheet's name for a 0-based column: 0 → "A", 25 → "Z", 26 → "AA"."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def read_table(
    data: bytes,
    filename: str,
    *,
    indicators: Mapping[str, Sequence[str]] = _NO_INDICATORS,
    max_bytes: int = 20 * _MB,
    max_rows: int = 300_000,
) -> Table:
    """Find the household list in ``data`` and return its rows, or raise FileRejected.

    ``indicators`` maps an indicator code to the header spellings that name its column
    ({"vneid_l2": ("VNeID mức 2", "Định danh mức 2")}); ``filename`` only names the file in
    messages (and the sheet of a CSV, as Excel names it when it opens one).
    """
    name = PurePath(filename).name
    if not data:
        raise FileRejected(FileError.EMPTY, _("“%(name)s” is empty.") % {"name": name})
    if len(data) > max_bytes:
        raise FileRejected(
            FileError.TOO_LARGE,
            _(
                "“%(name)s” is %(size)s MB; files up to %(limit)s MB can be imported: split the "
                "list into smaller files."
            )
            % {
                "name": name,
                "size": number_format(len(data) / _MB, decimal_pos=1),
                "limit": number_format(max_bytes / _MB, decimal_pos=1),
            },
            details={"limit_bytes": max_bytes},
        )
    lookup = _HeaderLookup(
        {
            **{("column", key): spellings for key, spellings in HEADER_SYNONYMS.items()},
            **{("indicator", code): spellings for code, spellings in indicators.items()},
        }
    )
    with collector.paused():
        return _find_table(data, PurePath(filename), lookup, max_rows)


def _find_table(data: bytes, path: PurePath, lookup: "_HeaderLookup", max_rows: int) -> Table:
    name = path.name
    file_format = _detect_format(data, name)
    sheets: Iterable[tuple[str, Sequence[Sequence[object]]]] = (
        [(path.stem, _csv_grid(data, name, lookup))]
        if file_format == "csv"
        else _workbook_grids(data, name)
    )
    for sheet, grid in sheets:
        for index, raw in enumerate(grid[:_HEADER_SEARCH_ROWS]):
            header = _read_header(_cells(raw), lookup)
            if header.is_header():
                header.refuse_duplicates(name)
                return Table(
                    format=file_format,
                    sheet=sheet,
                    header_row=index + 1,
                    columns=header.columns,
                    headers=header.headers,
                    indicator_columns=header.indicator_columns,
                    ignored_headers=header.ignored,
                    rows=_data_rows(grid, index, len(raw), max_rows, name),
                    header_cells=[_header_text(cell) for cell in _cells(raw)],
                )
    raise FileRejected(
        FileError.HEADER_NOT_FOUND,
        _(
            "No sheet of “%(name)s” has a header row in its first %(count)s rows: the list "
            "needs a column “%(full_name)s” and at least one of %(others)s."
        )
        % {
            "name": name,
            "count": _HEADER_SEARCH_ROWS,
            "full_name": HEADER_SYNONYMS["full_name"][0],
            "others": ", ".join(
                f"“{spellings[0]}”"
                for key, spellings in HEADER_SYNONYMS.items()
                if key != "full_name"
            ),
        },
    )


# Header matching -------------------------------------------------------------------------------

# What a header names: one of the canonical columns, or an indicator (by its code).
_Target = tuple[Literal["column", "indicator"], str]


def _spelling(text: str) -> str:
    """Lower case without spaces or punctuation, diacritics kept ("Số ĐT" → "sốđt")."""
    return _NOT_SPELLING.sub("", unicodedata.normalize("NFC", text).lower())


class _HeaderLookup:
    """Which column a header names.

    Headers match once folded ("Ho ten" is "Họ tên"), except where folding makes two columns
    meet: "ĐT" (điện thoại, phone) and "DT" (dân tộc, ethnicity) both fold to "dt", and only the
    Đ tells them apart, so such headers must match with their diacritics.
    """

    def __init__(self, spellings: Mapping[_Target, Sequence[str]]) -> None:
        self._by_fold: dict[str, set[_Target]] = {}
        self._by_spelling: dict[str, _Target] = {}
        for target, texts in spellings.items():
            for text in texts:
                self._by_fold.setdefault(fold_compact(text), set()).add(target)
                other = self._by_spelling.setdefault(_spelling(text), target)
                if other != target:
                    raise ValueError(f"The header {text!r} would name both {other} and {target}.")

    def target(self, text: str) -> _Target | None:
        targets = self._by_fold.get(fold_compact(text), set())
        if len(targets) == 1:
            return next(iter(targets))
        return self._by_spelling.get(_spelling(text))


@dataclass
class _Header:
    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    indicator_columns: dict[str, int] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    # (header text, first column, second column) for a column named twice.
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)

    def is_header(self) -> bool:
        """Whether this row heads the list: a name column and another column we know.

        Title rows ("DANH SÁCH HỘ GIA ĐÌNH…") never have both, so they are passed over.
        """
        return "full_name" in self.columns and len(self.columns) + len(self.indicator_columns) > 1

    def refuse_duplicates(self, name: str) -> None:
        if not self.duplicates:
            return
        text, first, second = self.duplicates[0]
        raise FileRejected(
            FileError.COLUMN_DUPLICATE,
            _(
                "In “%(name)s” the column “%(header)s” appears twice, in columns %(first)s and "
                "%(second)s: keep one of them."
            )
            % {
                "name": name,
                "header": text,
                "first": column_letter(first),
                "second": column_letter(second),
            },
            details={"columns": [column_letter(first), column_letter(second)]},
        )


def _header_text(cell: object) -> str:
    """A header cell as the person typed it: 2024, not 2024.0; "" when empty."""
    if cell is None:
        return ""
    return str(int(cell) if isinstance(cell, float) and cell.is_integer() else cell)


def _read_header(cells: Sequence[object], lookup: _HeaderLookup) -> _Header:
    header = _Header()
    for index, cell in enumerate(cells):
        if cell is None:
            continue
        text = " ".join(_header_text(cell).split())
        target = lookup.target(text)
        if target is None:
            if fold_compact(text) not in _ROW_NUMBER_HEADERS:
                header.ignored.append(text)
            continue
        kind, key = target
        found = header.columns if kind == "column" else header.indicator_columns
        if key in found:
            header.duplicates.append((text, found[key], index))
            continue
        found[key] = index
        if kind == "column":
            header.headers[key] = text
    return header


# Rows ------------------------------------------------------------------------------------------


def _cells(row: Sequence[object]) -> list[object]:
    """The row with every empty or blank-looking cell as None (for the few rows read as headers)."""
    return [None if isinstance(cell, str) and not cell.strip() else cell for cell in row]


def _data_rows(
    grid: Sequence[Sequence[object]], header_index: int, width: int, max_rows: int, name: str
) -> list[tuple[int, list[object]]]:
    rows: list[tuple[int, list[object]]] = []
    start = header_index + 1
    if start < len(grid) and _numbers_the_columns(_cells(grid[start])):
        start += 1
    for index in range(start, len(grid)):
        # This loop runs for every cell of the file, so it leaves the work to list methods written
        # in C: readers give "" for an empty cell, and a data row has few of them.
        cells = list(grid[index])
        empty = cells.count("")
        if empty == len(cells):
            continue
        position = 0
        for _empty in range(empty):
            position = cells.index("", position)
            cells[position] = None
        for first in cells:
            if first is not None and not (isinstance(first, str) and first.isspace()):
                break
        else:
            continue  # Only spaces: blank to the eye.
        if isinstance(first, str) and first[:1] in "Hh" and fold(first).startswith("huong dan"):
            continue  # The instructions row of our template.
        if len(rows) == max_rows:
            raise FileRejected(
                FileError.TOO_MANY_ROWS,
                _(
                    "“%(name)s” has more than %(limit)s rows: split the list into files of at "
                    "most %(limit)s rows."
                )
                % {"name": name, "limit": format_int(max_rows)},
                details={"limit": max_rows},
            )
        if len(cells) < width:
            cells.extend([None] * (width - len(cells)))
        rows.append((index + 1, cells))
    return rows


def _numbers_the_columns(cells: Sequence[object]) -> bool:
    """Whether a row only numbers the columns ("(1)", "(2)", … or 1, 2, 3, …), as forms do."""
    values = [cell for cell in cells if cell is not None]
    return len(values) > 1 and all(
        _column_number(value) == number for number, value in enumerate(values, start=1)
    )


def _column_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else None
    match = _COLUMN_NUMBER.fullmatch(str(value).strip())
    return int(match[1]) if match else None


# Formats ---------------------------------------------------------------------------------------


def _detect_format(data: bytes, name: str) -> Format:
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, name)
    if data.startswith(_OLE2):
        # An encrypted .xlsx is an OLE2 file holding the encrypted package; calamine only says it
        # cannot tell the format, so recognise it (and a password-protected .xls) first.
        if _ENCRYPTION_INFO in data or _xls_has_password(data):
            raise _encrypted(name)
        return "xls"
    if data.startswith(b"%PDF"):
        raise FileRejected(
            FileError.TYPE_UNSUPPORTED,
            _(
                "“%(name)s” is a PDF document, not a spreadsheet: upload the list as it was "
                "made in Excel (.xlsx, .xls), LibreOffice (.ods) or as .csv."
            )
            % {"name": name},
        )
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        raise FileRejected(
            FileError.TYPE_UNSUPPORTED,
            _(
                "“%(name)s” is a picture, not a spreadsheet: type the list into Excel and "
                "upload the .xlsx file."
            )
            % {"name": name},
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode Text" is UTF-16; say how to save it rather than "not a spreadsheet".
        raise _not_utf8(name)
    if b"\x00" in data[:4096]:
        raise _unsupported(name)
    return "csv"


def _zip_format(data: bytes, name: str) -> Format:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if sum(entry.file_size for entry in entries) > _ZIP_MAX_TOTAL or any(
                entry.file_size > _ZIP_RATIO_FLOOR
                and entry.file_size > _ZIP_MAX_RATIO * entry.compress_size
                for entry in entries
            ):
                raise FileRejected(
                    FileError.ZIP_BOMB,
                    _(
                        "“%(name)s” unpacks to far more data than any household list, so it "
                        "was not opened: save the list again in Excel and upload the new file."
                    )
                    % {"name": name},
                )
            sizes = {entry.filename: entry.file_size for entry in entries}
            if (
                sizes.get("mimetype") == len(_ODS_MIMETYPE)
                and archive.read("mimetype") == _ODS_MIMETYPE
            ):
                # LibreOffice keeps a password-protected file's manifest readable and says there
                # which parts are encrypted.
                if "META-INF/manifest.xml" in sizes and b"encryption-data" in archive.read(
                    "META-INF/manifest.xml"
                ):
                    raise _encrypted(name)
                return "ods"
            if "xl/workbook.xml" in sizes:
                return "xlsx"
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise _unreadable(name) from None
    raise _unsupported(name)


def _xls_has_password(data: bytes) -> bool:
    """Whether a BIFF8 workbook has a FilePass record, i.e. a password to open it.

    calamine refuses such a file with PasswordError only when it is told the format; reading
    from memory it guesses, and the refusal becomes "Cannot detect file format". In the file
    format ([MS-XLS], globals substream) FilePass follows the globals' BOF record, with at most a
    WriteProtect record in between, so a few bytes answer the question.
    """
    start = data.find(_XLS_GLOBALS_BOF)
    if start == -1:
        return False
    after = start + 20
    if data[after : after + 4] == _XLS_WRITE_PROTECT:
        after += 4
    return data[after : after + 2] == _XLS_FILE_PASS


def _workbook_grids(data: bytes, name: str) -> Iterator[tuple[str, Sequence[Sequence[object]]]]:
    """Each worksheet's cells from A1 (chart sheets have none), loaded one sheet at a time."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for index, sheet in enumerate(workbook.sheets_metadata):
            if sheet.typ == SheetTypeEnum.WorkSheet:
                yield (
                    sheet.name,
                    workbook.get_sheet_by_index(index).to_python(skip_empty_area=False),
                )
    except PasswordError:
        raise _encrypted(name) from None
    except CalamineError:
        raise _unreadable(name) from None


def _csv_grid(data: bytes, name: str, lookup: _HeaderLookup) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_utf8(name) from None
    if not text.strip():
        raise FileRejected(FileError.EMPTY, _("“%(name)s” is empty.") % {"name": name})
    try:
        delimiter = max(_CSV_DELIMITERS, key=lambda choice: _header_score(text, choice, lookup))
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise _unreadable(name) from None


def _header_score(text: str, delimiter: str, lookup: _HeaderLookup) -> int:
    """How many known columns the header row has when the file is split at ``delimiter``.

    Excel writes CSV with the list separator of the computer's region: a comma, or a semicolon
    where the comma is the decimal mark, as in Vietnam. The delimiter that yields a header is the
    one the file was written with; counting beats guessing from character frequencies, which
    headers like "Thôn, bản" mislead.
    """
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for record in islice(records, _HEADER_SEARCH_ROWS):
        header = _read_header(_cells(record), lookup)
        if header.is_header():
            return len(header.columns) + len(header.indicator_columns)
    return 0


# Refusals shared by several formats ------------------------------------------------------------


def _encrypted(name: str) -> FileRejected:
    return FileRejected(
        FileError.ENCRYPTED,
        _(
            "“%(name)s” is encrypted with a password: save it without a password and upload it "
            "again."
        )
        % {"name": name},
    )


def _unreadable(name: str) -> FileRejected:
    return FileRejected(
        FileError.UNREADABLE,
        _(
            "“%(name)s” cannot be read: it is damaged or incomplete. Open it in Excel, save it "
            "again and upload the new file."
        )
        % {"name": name},
    )


def _unsupported(name: str) -> FileRejected:
    return FileRejected(
        FileError.TYPE_UNSUPPORTED,
        _("“%(name)s” is not a spreadsheet: upload an .xlsx, .xls, .ods or .csv file.")
        % {"name": name},
    )


def _not_utf8(name: str) -> FileRejected:
    return FileRejected(
        FileError.ENCODING,
        _(
            "“%(name)s” is not saved as UTF-8, so its Vietnamese letters cannot be read: in "
            "Excel choose Save As, then “CSV UTF-8 (Comma delimited)”, and upload that file."
        )
        % {"name": name},
    )
