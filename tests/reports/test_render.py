"""The renderers of an official document: one Document, three files that say the same thing.

The PDFs are rendered to images and read back as text (poppler-utils); the DOCX and the XLSX
are opened with python-docx and openpyxl. No database: the renderers are pure functions.
"""

import io
import re
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from django.utils import translation
from docx.enum.text import WD_ALIGN_PARAGRAPH

from langso.reports import render
from langso.reports.document import Document, Section, Signature, Table
from langso.reports.merit_pdf import Merit, merit_certificates
from langso.reports.render_common import percent
from langso.reports.render_xlsx import sheet_name
from tests.learning.poppler import _tool, pdf_pages, pdf_text

# A realistic report of a commune: every tone mark, a wide table long enough to break across
# pages, a total row, recipients, a signature and an annex.

HOSTILE = 'Lò Văn "Xuân" #panic("x") [a] $x$ \\ *đậm* <b>'

VILLAGES = [
    "Nà Sản",
    "Bó Mạy",
    "Co Muông",
    "Hua Ty",
    "Huổi Hốc",
    "Phiêng Quài",
    "Nong Lào",
    "Bản Lằm",
    "Tông Cọ",
    "Chiềng Ly",
    "Phổng Lái",
    "Liệp Tè",
    "É Tòng",
    "Mường Khiêng",
    "Bon Phặng",
    "Chiềng Pấc",
    "Noong Lay",
    "Púng Tra",
    "Co Mạ",
    "Long Hẹ",
    "Muổi Nọi",
    "Pá Lông",
    "Thôm Mòn",
    "Chiềng La",
    "Bó Mười",
    "Nặm Lầu",
    "Phỏng Lăng",
    "Tòng Lệnh",
    "Tông Lạnh",
    "Chiềng Bôm",
    "Phiêng Pằn",
    "Co Tòng",
    "Nà Lời",
    "Bản Kệ",
    "Hát Lót",
    "Ít Ong",
    "Mường Bú",
    "Chiềng Sơ",
    "Nà Nghịu",
    "Bon Ỏ",
]

CAPTION_WIDE = "Bảng 2. Kết quả theo bản (số người đạt và tỷ lệ)"

WIDE_COLUMNS = [
    "Bản",
    "Dân số trưởng thành",
    "Điện thoại thông minh",
    "Tỷ lệ",
    "Tài khoản thanh toán",
    "Tỷ lệ",
    "VNeID mức 2",
    "Tỷ lệ",
    "Ghi chú",
]


def wide_rows() -> list[list[str | int | float | None]]:
    rows: list[list[str | int | float | None]] = []
    for i, village in enumerate(VILLAGES):
        adults = 800 + 37 * i
        phones = adults - 50 - i
        rows.append(
            [
                f"Bản {village}",
                adults,
                phones,
                round(100 * phones / adults, 1),
                adults // 2,
                50.0,
                None if i % 7 == 3 else adults // 3,
                None if i % 7 == 3 else round(100 / 3, 1),
                "Ổn định" if i % 2 else "",
            ]
        )
    return rows


def sample(*, draft: bool = False, authority: str = "Xã Thuận Châu") -> Document:
    summary = Table(
        caption="Bảng 1. Kết quả chung của xã",
        columns=["Chỉ tiêu", "Số người đạt", "Tỷ lệ (%)"],
        rows=[
            ["Người trưởng thành có điện thoại thông minh", 1234, 87.5],
            ["Người dân có tài khoản định danh điện tử mức 2", 12345678, 62.25],
            ["Hộ gia đình có cáp quang", None, None],
        ],
        widths=[3, 1, 1],
    )
    wide = Table(
        caption=CAPTION_WIDE,
        columns=WIDE_COLUMNS,
        rows=wide_rows(),
        total=["Tổng cộng", 53260, 49000, 92.0, 26630, 50.0, 17000, 33.3, ""],
    )
    return Document(
        body_line="ỦY BAN NHÂN DÂN",
        authority=authority,
        number="Số: 12/BC-UBND",
        place_date="Thuận Châu, ngày 05 tháng 12 năm 2026",
        kind="BÁO CÁO",
        abstract="Kết quả hoạt động của Tổ công nghệ số cộng đồng năm 2026",
        sections=[
            Section(
                heading="I. KẾT QUẢ THỰC HIỆN",
                paragraphs=[
                    "Bản Nà Sản, xã Thuận Châu: 1.234 người đạt 87,5%.",
                    "Thực hiện Kế hoạch số 45/KH-UBND, Tổ công nghệ số cộng đồng đã hướng dẫn "
                    "người dân cài đặt ứng dụng VNeID, mở tài khoản thanh toán và nhận diện lừa "
                    "đảo trực tuyến; các thôn bản vùng cao được ưu tiên hỗ trợ.",
                    "Tiếng Việt đủ dấu: à á ả ã ạ ằ ắ ẳ ẵ ặ ầ ấ ẩ ẫ ậ è é ẻ ẽ ẹ ề ế ể ễ ệ "
                    "ì í ỉ ĩ ị ò ó ỏ õ ọ ồ ố ổ ỗ ộ ờ ớ ở ỡ ợ ù ú ủ ũ ụ ừ ứ ử ữ ự ỳ ý ỷ ỹ ỵ đ Đ.",
                ],
                tables=[summary],
            ),
            Section(
                heading="II. KẾT QUẢ THEO BẢN",
                paragraphs=[f"Người báo cáo: {HOSTILE}."],
                tables=[wide],
            ),
            Section(
                heading="III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027",
                paragraphs=["Tiếp tục duy trì Tổ công nghệ số cộng đồng ở 100% thôn, bản."],
            ),
        ],
        recipients=["UBND tỉnh Sơn La (b/c)", "Sở Khoa học và Công nghệ", "Lưu: VT, VHXH."],
        signature=Signature(
            on_behalf="TM. ỦY BAN NHÂN DÂN", position="CHỦ TỊCH", name="Lò Văn Hưởng"
        ),
        addressees=["Ủy ban nhân dân tỉnh Sơn La"],
        annexes=[
            Section(
                heading="Số liệu đã điều chỉnh so với báo cáo kỳ trước",
                paragraphs=["Bản Bó Mạy: số người đạt điều chỉnh từ 812 xuống 798 do trùng lặp."],
                tables=[
                    Table(
                        caption="Bảng 3. Số liệu điều chỉnh",
                        columns=["Bản", "Trước", "Sau", "Lý do"],
                        rows=[["Bản Bó Mạy", 812, 798, "Trùng lặp hồ sơ"]],
                    )
                ],
            )
        ],
        draft=draft,
        replaces_note="Báo cáo này thay thế Báo cáo số 10/BC-UBND ngày 01/12/2026."
        if draft
        else "",
        as_of=date(2026, 11, 30),
    )


NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def pdf_info(pdf: bytes, folder: Path) -> str:
    path = folder / "info.pdf"
    path.write_bytes(pdf)
    command = [_tool("pdfinfo"), str(path)]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603


def page_size(pdf: bytes, folder: Path) -> tuple[float, float]:
    found = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", pdf_info(pdf, folder), re.MULTILINE)
    assert found is not None
    return float(found[1]), float(found[2])


def flat(text: str) -> str:
    """The text with its layout's runs of spaces and line breaks made single spaces."""
    return " ".join(text.split())


# PDF


def test_the_pdf_of_a_report_carries_the_decree_parts_and_vietnamese_figures(
    tmp_path: Path,
) -> None:
    pdf = render.pdf(sample())
    assert pdf.startswith(b"%PDF")
    pages = pdf_pages(pdf, tmp_path)
    assert len(pages) >= 3  # the long table breaks, and the annex starts a page of its own
    assert all(page.stat().st_size > 1000 for page in pages)
    text = pdf_text(pdf, tmp_path)
    assert NATION in text
    assert MOTTO in text
    assert "ỦY BAN NHÂN DÂN" in text
    assert "XÃ THUẬN CHÂU" in text
    assert "Số: 12/BC-UBND" in text
    assert "Thuận Châu, ngày 05 tháng 12 năm 2026" in text
    assert "BÁO CÁO" in text
    assert "Kính gửi: Ủy ban nhân dân tỉnh Sơn La" in text
    assert "Bản Nà Sản, xã Thuận Châu: 1.234 người đạt 87,5%." in text
    assert "ỳ ý ỷ ỹ ỵ đ Đ" in text
    assert "12.345.678" in text
    assert "62,3%" in text  # 62.25 rounded half up, not cut to 62,2
    assert "53.260" in text
    assert "Nơi nhận:" in text
    assert "- UBND tỉnh Sơn La (b/c)" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text
    assert "Lò Văn Hưởng" in text
    assert "PHỤ LỤC" in text
    assert "DỰ THẢO" not in text


def test_the_long_table_repeats_its_header_on_the_next_page(tmp_path: Path) -> None:
    pdf = render.pdf(sample())
    pages = pdf_text(pdf, tmp_path).split("\f")
    first = next(i for i, page in enumerate(pages) if "Bản Nà Sản" in page)
    last = next(i for i, page in enumerate(pages) if "Bản Bon Ỏ" in page)
    assert last == first + 1
    assert pages[first].count("Ghi chú") == pages[last].count("Ghi chú") == 1
    assert "Tổng cộng" in pages[last]
    # Page numbers start on the second page, at the top.
    assert pages[last].strip().startswith(str(last + 1))
    assert not pages[0].strip().startswith("1")


def test_a_draft_says_so_on_every_page_and_in_its_title(tmp_path: Path) -> None:
    pdf = render.pdf(sample(draft=True))
    pages = [page for page in pdf_text(pdf, tmp_path).split("\f") if page.strip()]
    assert len(pages) >= 3
    assert all("DỰ THẢO" in page for page in pages)
    assert "Báo cáo này thay thế Báo cáo số 10/BC-UBND" in flat("\n".join(pages))
    info = pdf_info(pdf, tmp_path)
    assert re.search(r"^Title:\s+DỰ THẢO - BÁO CÁO Kết quả", info, re.MULTILINE)
    assert round(page_size(pdf, tmp_path)[0]) == 595  # A4 upright


def test_markup_in_any_value_is_printed_as_written(tmp_path: Path) -> None:
    document = replace(
        sample(authority=HOSTILE),
        number=HOSTILE,
        kind=HOSTILE,
        recipients=[HOSTILE],
        signature=Signature(on_behalf=HOSTILE, position="CHỦ TỊCH", name=HOSTILE),
        sections=[
            Section(
                heading=HOSTILE,
                paragraphs=[HOSTILE],
                tables=[Table(caption=HOSTILE, columns=[HOSTILE, "Số"], rows=[[HOSTILE, 1]])],
            )
        ],
    )
    text = pdf_text(render.pdf(document), tmp_path)
    assert text.count(HOSTILE) >= 5
    # The authority, in capitals, wraps in its narrow column beside the national name.
    assert 'LÒ VĂN "XUÂN" #PANIC("X")' in text
    assert "[A] $X$ \\ *ĐẬM* <B>" in text


def test_the_pdf_is_in_vietnamese_whatever_language_is_active(tmp_path: Path) -> None:
    with translation.override("en"):
        text = pdf_text(render.pdf(sample(draft=True)), tmp_path)
    assert NATION in text and "Nơi nhận:" in text and "DỰ THẢO" in text
    assert "1.234" in text and "87,5%" in text


def test_a_short_row_is_filled_and_a_long_row_cut_to_the_columns() -> None:
    table = Table(
        caption="Bảng 1", columns=["Bản", "Số", "Tỷ lệ"], rows=[["Bản A"], ["B", 1, 2.0, 9]]
    )
    document = replace(sample(), sections=[Section(heading="I.", tables=[table])], annexes=[])
    (grid,) = body_tables(docx.Document(io.BytesIO(render.docx(document))))
    assert [[c.text for c in row.cells] for row in grid.rows[1:]] == [
        ["Bản A", "–", "–"],
        ["B", "1", "2,0%"],
    ]


def test_percents_are_rounded_half_up_to_one_decimal() -> None:
    assert percent(66.66) == 66.7
    assert percent(62.25) == 62.3
    assert percent(62.35) == 62.4
    assert percent(0.04) == 0.0
    assert percent(100.0) == 100.0


# DOCX


def body_tables(document: docx.document.Document) -> list[docx.table.Table]:
    return [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]


def test_the_docx_holds_the_same_parts_and_tables() -> None:
    document = sample()
    opened = docx.Document(io.BytesIO(render.docx(document)))
    paragraphs = [p.text for p in opened.paragraphs]
    header = "\n".join(cell.text for cell in opened.tables[0].rows[0].cells)
    assert NATION in header and MOTTO in header and "XÃ THUẬN CHÂU" in header
    assert "Số: 12/BC-UBND" in opened.tables[0].rows[1].cells[0].text
    assert "BÁO CÁO" in paragraphs
    assert "Bản Nà Sản, xã Thuận Châu: 1.234 người đạt 87,5%." in paragraphs
    assert "Kính gửi: Ủy ban nhân dân tỉnh Sơn La" in paragraphs
    expected = [t for s in [*document.sections, *document.annexes] for t in s.tables]
    tables = body_tables(opened)
    assert len(tables) == len(expected) == 3
    wide = tables[1]
    assert [c.text for c in wide.rows[0].cells] == WIDE_COLUMNS
    assert len(wide.rows) == 1 + len(VILLAGES) + 1
    assert [c.text for c in wide.rows[1].cells][:4] == ["Bản Nà Sản", "800", "750", "93,8%"]
    assert [c.text for c in wide.rows[4].cells][6:8] == ["–", "–"]
    assert [c.text for c in tables[0].rows[2].cells] == [
        "Người dân có tài khoản định danh điện tử mức 2",
        "12.345.678",
        "62,3%",
    ]
    total = wide.rows[-1].cells
    assert total[0].text == "Tổng cộng"
    assert all(run.bold for cell in total for run in cell.paragraphs[0].runs)
    assert total[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert wide.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    closing = "\n".join(cell.text for cell in opened.tables[-2].rows[0].cells)
    assert "Nơi nhận:" in closing and "TM. ỦY BAN NHÂN DÂN" in closing
    assert "Lò Văn Hưởng" in closing
    assert "PHỤ LỤC" in paragraphs
    assert opened.core_properties.title.startswith("BÁO CÁO")


def test_the_docx_is_a4_in_times_new_roman_with_the_decree_margins() -> None:
    opened = docx.Document(io.BytesIO(render.docx(sample())))
    section = opened.sections[0]
    assert section.page_width is not None and round(section.page_width.cm, 1) == 21.0
    assert section.page_height is not None and round(section.page_height.cm, 1) == 29.7
    assert section.left_margin is not None and round(section.left_margin.cm, 1) == 3.0
    assert section.right_margin is not None and round(section.right_margin.cm, 1) == 2.0
    normal = opened.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size is not None and normal.font.size.pt == 13


def test_only_a_draft_docx_says_draft() -> None:
    def header_text(document: Document) -> str:
        section = docx.Document(io.BytesIO(render.docx(document))).sections[0]
        return "\n".join(
            p.text for h in (section.first_page_header, section.header) for p in h.paragraphs
        )

    assert header_text(sample(draft=True)).count("DỰ THẢO") == 2
    assert "DỰ THẢO" not in header_text(sample())


def test_markup_in_a_docx_value_is_kept_as_text() -> None:
    document = replace(sample(), abstract=HOSTILE)
    opened = docx.Document(io.BytesIO(render.docx(document)))
    assert HOSTILE in [p.text for p in opened.paragraphs]


# XLSX


def test_the_xlsx_has_a_summary_and_one_sheet_per_table_with_numbers_as_numbers() -> None:
    book = openpyxl.load_workbook(io.BytesIO(render.xlsx(sample())))
    assert book.sheetnames == ["Tóm tắt", "Bảng 1", "Bảng 2", "Bảng 3"]
    summary = [c for row in book["Tóm tắt"].iter_rows(values_only=True) for c in row if c]
    assert "Bản Nà Sản, xã Thuận Châu: 1.234 người đạt 87,5%." in summary
    assert "I. KẾT QUẢ THỰC HIỆN" in summary
    wide = book["Bảng 2"]
    assert wide["A1"].value == "ỦY BAN NHÂN DÂN"
    assert wide["A2"].value == "XÃ THUẬN CHÂU"
    assert NATION in [c.value for c in wide[1]]
    assert wide["A4"].value == "BÁO CÁO Kết quả hoạt động của Tổ công nghệ số cộng đồng năm 2026"
    assert wide["A5"].value == CAPTION_WIDE
    assert wide["A6"].value == "Tính đến ngày 30/11/2026"
    header = 8
    assert [c.value for c in wide[header]] == WIDE_COLUMNS
    assert wide.cell(header, 1).font.b and wide.cell(header, 1).border.top.style == "thin"
    assert wide.freeze_panes == f"A{header + 1}"
    first = [c.value for c in wide[header + 1]]
    assert first[:4] == ["Bản Nà Sản", 800, 750, 93.8]
    assert wide.cell(header + 1, 2).data_type == "n"
    assert wide.cell(header + 1, 4).number_format == "0.0"
    assert wide.cell(header + 4, 7).value == "–"
    total = wide[header + 1 + len(VILLAGES)]
    assert total[0].value == "Tổng cộng" and total[1].value == 53260
    assert all(c.font.b for c in total)
    assert book["Bảng 1"].cell(header + 2, 3).value == 62.3


def test_an_xlsx_of_a_report_without_a_date_is_as_of_today(fixture_day: object) -> None:
    from langso.core.dates import format_date, today

    book = openpyxl.load_workbook(io.BytesIO(render.xlsx(replace(sample(), as_of=None))))
    assert book["Bảng 1"]["A6"].value == f"Tính đến ngày {format_date(today())}"


def test_a_value_that_looks_like_a_formula_stays_text() -> None:
    table = Table(caption="=1+1", columns=["=SUM(A1)", "Số"], rows=[["=HYPERLINK(1)", 1]])
    document = replace(sample(), sections=[Section(heading="I.", tables=[table])], annexes=[])
    sheet = openpyxl.load_workbook(io.BytesIO(render.xlsx(document)))["Bảng 1"]
    assert sheet["A9"].value == "=HYPERLINK(1)" and sheet["A9"].data_type == "s"
    assert sheet["A8"].data_type == "s"


def test_sheet_names_are_ones_excel_accepts_and_unique() -> None:
    taken: set[str] = set()
    names = [sheet_name(w, taken) for w in ["Bảng [1]: a/b?*", "bảng  1  a b", "x" * 40, "x" * 40]]
    assert names[0] == "Bảng  1   a b"
    assert len(set(n.casefold() for n in names)) == 4
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert sheet_name("[]", taken) == "Trang tính"


# Giấy khen


def merit(recipient: str) -> Merit:
    return Merit(
        authority="Xã Thuận Châu",
        place_date="Thuận Châu, ngày 20 tháng 12 năm 2026",
        recipient=recipient,
        role_line="Thành viên Tổ công nghệ số cộng đồng bản Nà Sản",
        achievement="Đã có thành tích xuất sắc trong phong trào Bình dân học vụ số năm 2026",
        decision="Quyết định số 15/QĐ-UBND ngày 20/12/2026",
        number="Số sổ vàng: 027",
        signature=Signature(on_behalf="", position="CHỦ TỊCH", name="Lò Văn Hưởng"),
    )


def test_a_batch_of_merit_certificates_is_one_landscape_page_each(tmp_path: Path) -> None:
    names = ["Lò Thị Xuân", "Cầm Văn Hặc", "Tổ công nghệ số cộng đồng bản Phiêng Quài"]
    pdf = merit_certificates([merit(name) for name in names])
    pages = pdf_pages(pdf, tmp_path)
    assert len(pages) == 3
    width, height = page_size(pdf, tmp_path)
    assert width > height
    assert round(width) == 842 and round(height) == 595  # A4 turned on its side
    text = pdf_text(pdf, tmp_path)
    assert text.count("GIẤY KHEN") == 3
    for name in names:
        assert name in flat(text)
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ THUẬN CHÂU" in text
    assert "TẶNG" in text
    assert NATION in text and MOTTO in text
    assert "Quyết định số 15/QĐ-UBND ngày 20/12/2026" in text
    assert "Số sổ vàng: 027" in text
    assert "Thuận Châu, ngày 20 tháng 12 năm 2026" in text


def test_markup_in_a_merit_certificate_is_printed_as_written(tmp_path: Path) -> None:
    text = pdf_text(merit_certificates([replace(merit(HOSTILE), achievement=HOSTILE)]), tmp_path)
    assert flat(text).count(HOSTILE) == 2


def test_no_merit_certificate_is_no_pdf() -> None:
    with pytest.raises(ValueError, match="No certificate"):
        merit_certificates([])
