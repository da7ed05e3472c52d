"""A villager on a phone, in a real browser (Debian's Chromium through Playwright), gives
/kiem-tra the picture of a payment code and reads the bank and the masked account it pays;
without JavaScript, under the site's content security policy."""

import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.browser import phone
from tests.trust.test_scan import ACCOUNT, PAYLOAD, photo, png

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("catalog")]


def test_a_picture_of_a_payment_code_shows_its_bank_and_masked_account_on_a_phone(
    live_server: Any, chromium: Any, session_data_back: None, settings: Any
) -> None:
    # The live server speaks plain http; cookies marked Secure would not come back over it.
    settings.CSRF_COOKIE_SECURE = False
    context, page, errors = phone(chromium, java_script_enabled=False)
    page.goto(f"{live_server.url}/kiem-tra")
    shots = os.environ.get("LANGSO_SCREENSHOTS")
    if shots:
        page.screenshot(path=str(Path(shots) / "scan-empty.png"), full_page=True)
    page.set_input_files(
        "#id_image",
        files=[{"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": photo(PAYLOAD)}],
    )
    page.locator("form.scan-form button[type=submit]").click()
    page.wait_for_load_state()

    read = page.locator(".scanned")
    assert read.count() == 1
    assert "Mã QR trong ảnh là mã thanh toán (VietQR):" in read.inner_text()
    facts = page.locator(".vietqr-facts").inner_text()
    assert "Vietcombank" in facts
    assert "•••• 5667" in facts
    assert "250.000 đồng" in facts
    assert ACCOUNT not in page.content()
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if shots:
        page.screenshot(path=str(Path(shots) / "scan-result.png"), full_page=True)

    # A picture without a code says so, in words, with its code.
    page.set_input_files(
        "#id_image",
        files=[
            {
                "name": "anh.png",
                "mimeType": "image/png",
                "buffer": png(Image.new("RGB", (640, 480), "#ccc")),
            }
        ],
    )
    page.locator("form.scan-form button[type=submit]").click()
    page.wait_for_load_state()
    alert = page.locator("#ket-qua .alert").inner_text()
    assert "Không tìm thấy mã QR trong ảnh" in alert
    assert "SCAN_NO_CODE" in alert
    assert page.locator(".scanned").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if shots:
        page.screenshot(path=str(Path(shots) / "scan-error.png"), full_page=True)
    assert errors == []
    context.close()
