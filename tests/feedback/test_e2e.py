"""A citizen on a phone, in a real browser (Debian's Chromium through Playwright), against a
live server: files a report with a photo carrying GPS in its EXIF, gets the tracking code, and
follows the report by that code."""

import io
import re
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from langso.feedback.models import Report
from tests.browser import phone
from tests.feedback.helpers import jpeg_with_gps
from tests.roles import World

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_citizen_files_a_report_with_a_photo_on_a_phone_and_follows_it(
    world: World,
    live_server: Any,
    chromium: Any,
    session_data_back: None,
    categories_back: None,
    settings: Any,
) -> None:
    # The live server speaks plain http; cookies marked Secure would not come back over it.
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    context, page, errors = phone(
        chromium,
        has_touch=True,
        device_scale_factor=2,
        geolocation={"latitude": 21.4345, "longitude": 103.676},
        permissions=["geolocation"],
    )
    page.goto(f"{live_server.url}/feedback/")
    page.select_option("#id_category", "duong-sa")
    page.fill("#id_description", "Đường vào bản Hua Nà bị sạt lở, xe máy không qua được")
    page.fill("#id_place_q", "hua na")
    village = world.code(world.village_a1)
    page.locator(f"#place-results input[value='{village}']").check()
    page.click("details.panel > summary")
    page.click("#use-location")
    expect(page.locator("#id_latitude")).not_to_have_value("")
    page.set_input_files(
        "#id_photos",
        files=[{"name": "duong.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}],
    )
    page.check("#id_consent")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/feedback/track/[A-Z2-9]{8}/$"))

    code_text = page.locator(".tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code_text)
    assert not set("01OI") & set(code_text)
    assert page.locator(".badge.status-new").count() == 1
    assert "Bản Hua Nà" in page.content()
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    report = Report.objects.get()
    assert report.code == code_text.replace("-", "")
    assert report.village == world.village_a1
    assert report.latitude is not None and abs(float(report.latitude) - 21.4345) < 0.001
    stored = Image.open(io.BytesIO(bytes(report.photos.get().content)))
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert "exif" not in stored.info

    follow = context.new_page()
    follow.goto(f"{live_server.url}/feedback/track/")
    follow.fill("#id_code", code_text.lower())
    follow.click("button.primary")
    follow.wait_for_url(f"{live_server.url}/feedback/track/{report.code}/")
    assert follow.locator(".tracking-code").inner_text().strip() == code_text
    assert follow.locator(".badge.status-new").count() == 1
    assert errors == []
    context.close()
