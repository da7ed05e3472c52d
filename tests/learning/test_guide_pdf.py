"""The poster and the folded leaflet, rendered to pictures and read back as text: the
Vietnamese title keeps its diacritics, the leaflet has its two sides, and what an editor types
is printed as written, never run as Typst."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from langso.core import typeset
from langso.learning import guide_pdf
from langso.learning import guide_services as services
from langso.learning.models import GuideImage
from tests.learning.guides import TITLE, guide, text, with_picture
from tests.roles import World

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is not installed"),
]


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "guide.pdf"
    path.write_bytes(pdf)
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")],  # noqa: S607
        check=True,
    )
    assert list(tmp_path.glob("page*.png"))
    done = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        check=True,
        capture_output=True,
    )
    return done.stdout.decode("utf-8")


def _pages(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(  # noqa: S603
        ["pdfinfo", str(path)],  # noqa: S607
        check=True,
        capture_output=True,
    ).stdout.decode()
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_poster_carries_the_title_with_its_diacritics(world: World, tmp_path: Path) -> None:
    made = with_picture(world.province_officer)
    answer = Client().get(f"/huong-dan/{made.slug}/poster.pdf")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    text = _one_line(_text(answer.content, tmp_path))
    assert TITLE in text
    assert "Tổ công nghệ số cộng đồng" in text
    assert "Bộ Công an" in text


def test_the_leaflet_has_two_sides_and_the_title(world: World, tmp_path: Path) -> None:
    made = with_picture(world.province_officer)
    answer = Client().get(f"/huong-dan/{made.slug}/to-gap.pdf")
    assert answer.status_code == 200
    assert _pages(answer.content, tmp_path) == 2
    text = _one_line(_text(answer.content, tmp_path))
    assert "Đổi số điện thoại" in text
    assert "Mở ứng dụng" in text


def test_typst_markup_in_a_guide_is_printed_as_written(world: World, tmp_path: Path) -> None:
    sneaky = '#read("/etc/passwd") $x$ [a] @ref <lbl> \\ "q" // c'
    made = guide(world.province_officer, "ky-tu", title=f"Ký tự {sneaky}", steps=f"1. {sneaky}")
    assert made.published is not None
    pdf = guide_pdf.poster_pdf(made.published, page_url="http://testserver/huong-dan/ky-tu/")
    text = _one_line(_text(pdf, tmp_path))
    assert '#read("/etc/passwd")' in text
    assert "root:" not in text


def test_a_poster_is_typeset_once_per_version(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = guide(world.province_officer)
    assert made.published is not None
    calls = []
    real = typeset.pdf

    def counting(
        source: str, *, files: dict[str, bytes] | None = None, inputs: dict[str, str] | None = None
    ) -> bytes:
        calls.append(1)
        return real(source, files=files, inputs=inputs)

    monkeypatch.setattr(typeset, "pdf", counting)
    url = "http://testserver/huong-dan/doi-so-vneid/"
    first = guide_pdf.poster_pdf(made.published, page_url=url)
    assert guide_pdf.poster_pdf(made.published, page_url=url) == first
    assert len(calls) == 1


def test_eight_steps_fit_one_poster_page_and_the_two_leaflet_sides(
    world: World, tmp_path: Path
) -> None:
    made = with_picture(world.province_officer, "tam-buoc")
    image = GuideImage.objects.get()
    steps = "\n\n".join(
        f"{n}. **Bước {n}: mở mục cần thiết** rồi chọn “Tiếp tục”, đọc kỹ thông báo.\n\n"
        f"   ![Ảnh bước {n}]({services.image_url(image)})"
        for n in range(1, 9)
    )
    problems = "\n".join(f"- **Vướng mắc {n}.** Hỏi tổ công nghệ số cộng đồng." for n in range(5))
    version = services.guide_version_save(
        actor=world.province_officer, guide=made, text=text(steps=steps, problems=problems)
    )
    url = "http://testserver/huong-dan/tam-buoc/"
    assert _pages(guide_pdf.poster_pdf(version, page_url=url), tmp_path) == 1
    assert _pages(guide_pdf.leaflet_pdf(version, page_url=url), tmp_path) == 2
