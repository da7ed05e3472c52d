"""A submitted proposal's files, read back: the PDF rendered to pictures and its text extracted,
the DOCX opened with python-docx holding the same tables, the certificates of merit."""

import hashlib
import io
from pathlib import Path

import docx
import pytest

from langso.reports import recognition_services as services
from langso.reports.recognition_document import proposal_document
from langso.reports.recognition_models import Commendation
from tests.learning.poppler import pdf_pages, pdf_text
from tests.reports.recognition_helpers import proposal
from tests.roles import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixture_day")]

REASON = "Sổ ghi chép của thôn: hai hộ thăm khi mất sóng"


def flat(text: str) -> str:
    return " ".join(text.split())


def submitted(world: World) -> Commendation:
    made = proposal(world)
    xuan = made.entries.get(name="Lò Văn Xuân")
    for measure, value in (("households", 3), ("indicator:vneid_l2", 2)):
        services.figure_correct(
            actor=world.commune_officer,
            commendation_id=made.pk,
            entry_id=xuan.pk,
            measure=measure,
            value=value,
            reason=REASON,
        )
    return services.commendation_submit(actor=world.commune_officer, commendation_id=made.pk)


def test_the_pdf_lists_the_criteria_the_people_and_the_corrections(
    world: World, tmp_path: Path
) -> None:
    made = submitted(world)
    kept = made.files.get(format="pdf")
    content = bytes(kept.content)
    assert kept.sha256 == hashlib.sha256(content).hexdigest() and kept.size == len(content)
    assert pdf_pages(content, tmp_path)
    text = flat(pdf_text(content, tmp_path))
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "XÃ THUẬN CHÂU",
        "Số: 1/TTr-UBND",
        "TỜ TRÌNH",
        "Thành viên tiêu biểu năm 2026",
        "Số hộ đã thăm: ít nhất 3",
        "Lò Thị Mai",
        "Lò Văn Xuân",
        "PHỤ LỤC: ĐIỀU CHỈNH SỐ LIỆU",
        # The reason wraps inside its cell: its first words stay on one line.
        "Sổ ghi chép",
    ):
        assert expected in text, expected
    assert "DỰ THẢO" not in text
    assert "Cầm Thị Thoa" not in text.split("PHỤ LỤC")[0]


def test_the_docx_holds_the_same_tables(world: World) -> None:
    made = submitted(world)
    opened = docx.Document(io.BytesIO(bytes(made.files.get(format="docx").content)))
    paper = proposal_document(made)
    expected = [t for s in [*paper.sections, *paper.annexes] for t in s.tables]
    tables = [t for t in opened.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(tables) == len(expected) == 2
    for table, want in zip(tables, expected, strict=True):
        header = [cell.text for cell in table.rows[0].cells]
        assert header == want.columns
        assert len(table.rows) == 1 + len(want.rows)
    names = [row.cells[1].text for row in tables[0].rows[1:]]
    assert names == ["Lò Thị Mai", "Lò Văn Xuân"]
    assert REASON in [cell.text for row in tables[1].rows for cell in row.cells]


def test_the_download_is_the_kept_file(world: World) -> None:
    made = submitted(world)
    client = world.client(world.commune_officer)
    answer = client.get(f"/recognition/proposals/{made.pk}/to-trinh.pdf")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer.content == bytes(made.files.get(format="pdf").content)
    word = client.get(f"/recognition/proposals/{made.pk}/to-trinh.docx")
    assert word.content == bytes(made.files.get(format="docx").content)


def test_a_draft_downloads_as_a_draft(world: World, tmp_path: Path) -> None:
    made = proposal(world)
    answer = world.client(world.commune_officer).get(
        f"/recognition/proposals/{made.pk}/to-trinh.pdf"
    )
    assert "DỰ THẢO" in pdf_text(answer.content, tmp_path)
    assert not made.files.exists()


def test_the_approved_get_a_certificate_of_merit_each(world: World, tmp_path: Path) -> None:
    made = submitted(world)
    for name in ("Lò Thị Mai", "Lò Văn Xuân"):
        entry = made.entries.get(name=name)
        services.entry_decide(
            actor=world.commune_officer,
            commendation_id=made.pk,
            entry_id=entry.pk,
            decision="approved" if name == "Lò Thị Mai" else "declined",
        )
    answer = world.client(world.commune_officer).get(
        f"/recognition/proposals/{made.pk}/giay-khen.pdf"
    )
    assert answer.status_code == 200
    assert len(pdf_pages(answer.content, tmp_path)) == 1
    text = flat(pdf_text(answer.content, tmp_path))
    assert "Lò Thị Mai" in text and "Lò Văn Xuân" not in text
    assert "Theo Tờ trình số 1/TTr-UBND" in text
    assert f"Thành viên {world.team_a1.name}" in text
