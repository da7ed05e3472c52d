"""Certificates on paper: rendered to images and read back as text, diacritics intact."""

from pathlib import Path
from typing import Any

import pytest

from langso.learning import cert_pdf, cert_selectors, cert_services
from tests.learning.cert_helpers import person, version_today
from tests.learning.poppler import pdf_pages, pdf_text
from tests.roles import World

pytestmark = pytest.mark.django_db


def test_a_certificate_is_one_page_with_the_title_commune_and_code(
    fixture_day: Any, world: World, tmp_path: Path
) -> None:
    issued = cert_services.certificate_issue(
        actor=world.commune_officer, resident=person(world.village_a1, "Lò Thị Xuân")
    )
    pdf = cert_pdf.certificate_pdf(issued, base_url="https://langso.example/")
    assert pdf.startswith(b"%PDF")
    pages = pdf_pages(pdf, tmp_path)
    assert len(pages) == 1
    assert pages[0].stat().st_size > 1000
    text = pdf_text(pdf, tmp_path)
    assert "GIẤY CHỨNG NHẬN" in text
    assert "XÃ THUẬN CHÂU" in text
    assert "Ủy ban nhân dân xã Thuận Châu chứng nhận" in " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Thuận Châu, ngày 14 tháng 9 năm 2026" in text
    assert "L. T. X." in text
    assert "Lò Thị Xuân" not in text
    assert issued.code in text
    assert f"https://langso.example/xac-nhan/{issued.code}/" in "".join(text.split())
    assert "CHỦ TỊCH" in text
    for _code, name in cert_selectors.skill_names(issued.skills):
        assert name in " ".join(text.split())


def test_markup_in_a_name_stayspdf_text(world: World, tmp_path: Path) -> None:
    issued = cert_services.certificate_issue(
        actor=world.commune_officer, resident=person(world.village_a1, "Lò Văn Xuân")
    )
    issued.name_masked = '#panic("x") *đậm* ]['
    pdf = cert_pdf.certificate_pdf(issued, base_url="https://langso.example")
    assert '#panic("x") *đậm* ][' in pdf_text(pdf, tmp_path)


def test_a_village_batch_has_one_page_per_certificate(world: World, tmp_path: Path) -> None:
    for name in ("Lò Văn Một", "Cầm Thị Hai", "Quàng Văn Ba"):
        person(world.village_a1, name)
    village = version_today(world.code(world.village_a1))
    cert_services.certificates_issue_village(actor=world.commune_officer, village=village)
    chosen = cert_selectors.village_in_force(actor=world.commune_officer, village=village)
    pdf = cert_pdf.certificates_pdf(chosen, base_url="https://langso.example")
    assert len(pdf_pages(pdf, tmp_path)) == 3
    assert pdf_text(pdf, tmp_path).count("GIẤY CHỨNG NHẬN") == 3


def test_the_place_and_date_follow_the_decree() -> None:
    from datetime import date

    from django.utils import translation

    with translation.override("vi"):
        assert (
            cert_pdf.place_date("Phường Chiềng Lề", date(2027, 2, 5))
            == "Chiềng Lề, ngày 05 tháng 02 năm 2027"
        )
        assert (
            cert_pdf.place_date("Xã Mường É", date(2026, 11, 20))
            == "Mường É, ngày 20 tháng 11 năm 2026"
        )
