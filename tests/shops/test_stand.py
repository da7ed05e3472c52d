"""The printable stand: an A6 page whose QR code, printed and scanned back, is the payload."""

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from langso.core.vietqr import encode
from langso.shops.stand import mask_account, stand_pdf, stand_png
from tests.core.test_vietqr import zbar

PAYLOAD = encode(
    bank_bin="970405",
    account="8888123456789",
    amount=150000,
    name="Lò Thị Xuân",
    purpose="Mua mat ong",
)
STAND: dict[str, Any] = {
    "payload": PAYLOAD,
    "business_name": "Tạp hoá Bà Xuân, bản Lọng",
    "bank_name": "Agribank",
    "masked_account": mask_account("8888123456789"),
}


def _run(*command: str) -> str:
    done = subprocess.run(  # noqa: S603 - poppler's fixed programs on files the test wrote
        list(command), capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout


@pytest.mark.parametrize("amount", [150000, None])
def test_the_printed_stand_is_an_a6_page_whose_code_scans_to_the_payload(
    tmp_path: Path, amount: int | None
) -> None:
    pdf = tmp_path / "stand.pdf"
    pdf.write_bytes(stand_pdf(**STAND, amount=amount))
    info = _run("/usr/bin/pdfinfo", str(pdf))
    assert re.search(r"Pages:\s+1\n", info)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None
    # A6 is 105 by 148 mm: 297.64 by 419.53 points.
    assert (round(float(size.group(1)), 1), round(float(size.group(2)), 1)) == (297.6, 419.5)
    _run("/usr/bin/pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(tmp_path / "p"))
    assert zbar(tmp_path / "p.png") == PAYLOAD


def test_the_stand_speaks_vietnamese_and_names_the_bank_and_the_masked_account(
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "stand.pdf"
    pdf.write_bytes(stand_pdf(**STAND, amount=150000))
    text = _run("/usr/bin/pdftotext", "-layout", str(pdf), "-")
    for words in (
        "Tạp hoá Bà Xuân, bản Lọng",
        "Quét mã để thanh toán",
        "150.000 đồng",
        "Agribank",
        "•••• 6789",
        "VietQR",
        "NAPAS 247",
    ):
        assert words in text, words
    assert "8888123456789" not in text


def test_the_picture_is_the_same_stand_and_scans_to_the_payload(tmp_path: Path) -> None:
    image = tmp_path / "stand.png"
    image.write_bytes(stand_png(**STAND))
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert zbar(image) == PAYLOAD


def test_a_name_cannot_become_markup(tmp_path: Path) -> None:
    pdf = tmp_path / "stand.pdf"
    odd = '#panic("x") ] } $ * _ Bếp "Xuân"'
    pdf.write_bytes(stand_pdf(**{**STAND, "business_name": odd}))
    assert odd in _run("/usr/bin/pdftotext", str(pdf), "-")


@pytest.mark.parametrize(
    ("account", "masked"),
    [
        ("0011004455667", "•••• 5667"),
        ("99ZP24009M07248267", "•••• 8267"),
        ("1234567", "•••• 67"),
        ("12345", "•••• 45"),
        ("1234", "••••"),
        ("12", "••••"),
        (" 0011004455667 ", "•••• 5667"),
    ],
)
def test_an_account_is_masked_to_its_last_digits(account: str, masked: str) -> None:
    assert mask_account(account) == masked
