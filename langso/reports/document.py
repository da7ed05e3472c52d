"""An official document as data: what a report or a proposal says, before it is laid out.

The report's figures are turned into a ``Document`` once (``reports.content``), and the three
renderers (``reports.render``) lay the same ``Document`` out as a PDF (Typst), a DOCX
(python-docx) and an XLSX (xlsxwriter), so the three files of one report cannot disagree.

The parts follow Nghị định 30/2020/NĐ-CP (Phụ lục I): the issuing body (the People's Committee
and its unit) top left with the number and symbol under it; the national name and motto top
right with the place and date under them; the kind of document and what it is about; the body;
"Nơi nhận" (recipients) bottom left and the signature block bottom right.
"""

from dataclasses import dataclass, field
from datetime import date

# A cell of a table: text, a whole number, a decimal (a percent: one decimal) or nothing.
Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    """A table under its caption ("Bảng 1. Kết quả theo thôn"). ``rows`` keep numbers as
    numbers (the XLSX writes them as numbers); ``total`` is the last row, in bold."""

    caption: str
    columns: list[str]
    rows: list[list[Cell]]
    total: list[Cell] | None = None
    # Relative widths of the columns (the first, a name, is usually the widest); None: equal.
    widths: list[float] | None = None


@dataclass(frozen=True)
class Section:
    """A numbered part of the body ("I. KẾT QUẢ THỰC HIỆN"): its paragraphs, then its tables."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass(frozen=True)
class Signature:
    """The signature block: "TM. ỦY BAN NHÂN DÂN" over "CHỦ TỊCH", space for the hand and the
    seal, then the signer's name (blank: written by hand)."""

    on_behalf: str
    position: str
    name: str = ""


@dataclass(frozen=True)
class Document:
    # "ỦY BAN NHÂN DÂN" over the unit in capitals ("XÃ THUẬN CHÂU").
    body_line: str
    authority: str
    # "Số: 12/BC-UBND"; a draft has no number yet ("Số:     /BC-UBND").
    number: str
    # "Thuận Châu, ngày 05 tháng 12 năm 2026" (``learning.cert_pdf.place_date`` writes it).
    place_date: str
    # "BÁO CÁO", "TỜ TRÌNH", "DANH SÁCH"… and what it is about ("Kết quả hoạt động …").
    kind: str
    abstract: str
    sections: list[Section]
    # "Nơi nhận" lines ("Như trên;", "Lưu: VT."); the renderers put "- " before a line without it.
    recipients: list[str]
    signature: Signature
    # The bodies a report sent upward goes to ("Ủy ban nhân dân tỉnh Sơn La"); the renderers
    # write "Kính gửi:" before the first.
    addressees: list[str] = field(default_factory=list)
    # Annexes after the signature ("PHỤ LỤC"), e.g. corrected figures and their reasons.
    annexes: list[Section] = field(default_factory=list)
    # A draft carries "DỰ THẢO" at the top of each page and in the file's title.
    draft: bool = False
    # A correction says what it replaces ("Báo cáo này thay thế Báo cáo số …").
    replaces_note: str = ""
    # The day the figures are as of (the period's end), for the XLSX's title block.
    as_of: date | None = None
