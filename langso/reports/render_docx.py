"""An official document as a DOCX (python-docx), for a commune office to edit before signing.

The same parts in the same order as the PDF (``render_pdf``): the issuing body and the national
name side by side in a borderless table of two columns, the title, the body with real Word
tables (the header row repeats on every page, the total row is bold, figures are aligned
right and written 1.234 and 87,5%), "Nơi nhận" and the signature in a second borderless table,
then the annexes, each after a page break. Times New Roman 13pt on A4 with the decree's margins;
page numbers from the second page, top centre; "DỰ THẢO" at the top of each page of a draft.
"""

import io

from django.utils import translation
from docx import Document as new_document
from docx.document import Document as Docx
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from langso.reports import render_common as common
from langso.reports.document import Document, Section, Table

FONT = "Times New Roman"
# The width between the margins of A4 (21cm less 3cm on the left and 2cm on the right).
TEXT_WIDTH_CM = 16.0
LEFT_CM = 6.5
RIGHT_CM = TEXT_WIDTH_CM - LEFT_CM
# What may follow <w:pBdr> in a paragraph's properties (ECMA-376, CT_PPrBase).
AFTER_BORDERS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _run(
    paragraph: Paragraph,
    text: str,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = Pt(size)


def _tight(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH | None = None) -> Paragraph:
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _rule(paragraph: Paragraph, length_cm: float, column_cm: float) -> None:
    """A short centred rule: an empty paragraph, a few points high, with a bottom border,
    indented on both sides so that the border is ``length_cm`` long."""
    _tight(paragraph)
    indent = Cm(max(0.0, (column_cm - length_cm) / 2))
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(3)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # Word refuses a file whose paragraph properties are out of the schema's order.
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *AFTER_BORDERS)


def _widths(table: DocxTable, widths_cm: list[float]) -> None:
    """Column widths, written twice: Word reads each cell's, LibreOffice the table's grid."""
    table.autofit = False
    for column, cm in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(cm)
    for row in table.rows:
        for cell, cm in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(cm)


def _header(doc: Docx, document: Document) -> None:
    grid = doc.add_table(rows=2, cols=2)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(grid, [LEFT_CM, RIGHT_CM])
    left, right = grid.rows[0].cells
    body = _tight(left.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER)
    _run(body, document.body_line, size=12)
    authority = _tight(left.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER)
    _run(authority, document.authority.upper(), size=12, bold=True)
    _rule(left.add_paragraph(), 2.4, LEFT_CM)
    nation = _tight(right.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER)
    _run(nation, common.nation(), size=12, bold=True)
    motto = _tight(right.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER)
    _run(motto, common.motto(), size=13, bold=True)
    # The motto in Times New Roman 13pt bold is about 6.2cm wide; the rule is as long as it.
    _rule(right.add_paragraph(), 6.2, RIGHT_CM)
    number, place_date = grid.rows[1].cells
    for cell in (number, place_date):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)
    _run(_tight(number.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER), document.number)
    _run(
        _tight(place_date.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER),
        document.place_date,
        italic=True,
    )


def _title(doc: Docx, document: Document) -> None:
    kind = doc.add_paragraph()
    kind.alignment = WD_ALIGN_PARAGRAPH.CENTER
    kind.paragraph_format.space_before = Pt(18)
    kind.paragraph_format.space_after = Pt(0)
    _run(kind, document.kind, size=14, bold=True)
    abstract = doc.add_paragraph()
    abstract.alignment = WD_ALIGN_PARAGRAPH.CENTER
    abstract.paragraph_format.space_after = Pt(0)
    _run(abstract, document.abstract, size=14, bold=True)
    _rule(doc.add_paragraph(), 3.5, TEXT_WIDTH_CM)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    for i, addressee in enumerate(document.addressees):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, f"{common.addressed_label()} {addressee}" if i == 0 else addressee)
    if document.replaces_note:
        note = doc.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        note.paragraph_format.first_line_indent = Cm(1)
        _run(note, document.replaces_note, italic=True)


def _repeat_header(table: DocxTable) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


def _table(doc: Docx, table: Table) -> None:
    caption = doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(3)
    caption.paragraph_format.keep_with_next = True
    _run(caption, table.caption, bold=True, italic=True)
    width = len(table.columns)
    size = 10 if width > 8 else 11 if width > common.WIDE_TABLE else 12
    relative = common.widths(width, table.widths)
    widths = [TEXT_WIDTH_CM * w / sum(relative) for w in relative]
    numeric = common.numeric_columns(table)
    rows = [(False, row) for row in table.rows]
    if table.total is not None:
        rows.append((True, table.total))
    grid = doc.add_table(rows=1 + len(rows), cols=width)
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(grid, widths)
    _repeat_header(grid)
    for i, column in enumerate(table.columns):
        cell = grid.rows[0].cells[i]
        _run(_tight(cell.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER), column, size=size, bold=True)
    for r, (total, row) in enumerate(rows, start=1):
        cells = grid.rows[r].cells
        for i, value in enumerate(common.padded(row, width)):
            right = common.right_aligned(value, numeric[i])
            align = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
            _run(
                _tight(cells[i].paragraphs[0], align),
                common.cell_text(value),
                size=size,
                bold=total,
            )
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _section(doc: Docx, section: Section, *, centred: bool = False) -> None:
    if section.heading:
        heading = doc.add_paragraph()
        heading.paragraph_format.space_before = Pt(6)
        heading.paragraph_format.keep_with_next = True
        if centred:
            heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(heading, section.heading, bold=True)
    for text in section.paragraphs:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)
        _run(paragraph, text)
    for table in section.tables:
        _table(doc, table)


def _closing(doc: Docx, document: Document) -> None:
    grid = doc.add_table(rows=1, cols=2)
    _widths(grid, [TEXT_WIDTH_CM / 2, TEXT_WIDTH_CM / 2])
    left, right = grid.rows[0].cells
    label = _tight(left.paragraphs[0])
    label.paragraph_format.space_before = Pt(12)
    _run(label, common.recipients_label(), size=12, bold=True, italic=True)
    for recipient in document.recipients:
        _run(_tight(left.add_paragraph()), common.recipient_line(recipient), size=11)
    signature = document.signature
    on_behalf = _tight(right.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER)
    on_behalf.paragraph_format.space_before = Pt(12)
    _run(on_behalf, signature.on_behalf, bold=True)
    _run(_tight(right.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER), signature.position, bold=True)
    # Room for the signer's hand and the seal, about 2.5cm as on the PDF.
    room = _tight(right.add_paragraph())
    room.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    room.paragraph_format.line_spacing = Cm(2.5)
    _run(_tight(right.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER), signature.name, bold=True)


def _page_number(paragraph: Paragraph) -> None:
    """A PAGE field (begin, instruction, end: a run each): Word writes each page's number."""
    for kind in ("begin", "instruction", "end"):
        if kind == "instruction":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = "PAGE"
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)


def _draft_mark(paragraph: Paragraph) -> None:
    """ "DỰ THẢO" in a box, top right: a border drawn around the run."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(common.draft_mark())
    run.bold = True
    run.font.size = Pt(12)
    border = OxmlElement("w:bdr")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "2"), ("w:color", "000000")):
        border.set(qn(key), value)
    run._r.get_or_add_rPr().append(border)


def _page_setup(doc: Docx, document: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    # Word takes the font of Vietnamese letters from the "complex" and "East Asian" slots too.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    normal.paragraph_format.space_after = Pt(6)
    section = doc.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width = Cm(21)
    section.page_height = Cm(29.7)
    section.top_margin = Cm(2)
    section.bottom_margin = Cm(2)
    section.left_margin = Cm(3)
    section.right_margin = Cm(2)
    section.header_distance = Cm(1)
    # The decree numbers pages from the second one: the first page has a header of its own.
    section.different_first_page_header_footer = True
    first = section.first_page_header.paragraphs[0]
    other = section.header.paragraphs[0]
    other.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(other)
    if document.draft:
        _draft_mark(first)
        _draft_mark(section.header.add_paragraph())
    doc.core_properties.title = common.title(document)
    doc.core_properties.language = "vi-VN"


def docx(document: Document) -> bytes:
    """The document as a DOCX, in Vietnamese whatever language is active."""
    with translation.override("vi"):
        doc = new_document()
        _page_setup(doc, document)
        _header(doc, document)
        _title(doc, document)
        for section in document.sections:
            _section(doc, section)
        _closing(doc, document)
        for i, annex in enumerate(document.annexes):
            _tight(doc.add_paragraph()).add_run().add_break(WD_BREAK.PAGE)
            label = doc.add_paragraph()
            label.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(label, common.annex_label(i, len(document.annexes)), size=14, bold=True)
            _section(doc, annex, centred=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
