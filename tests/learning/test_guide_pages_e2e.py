"""The guides in a real browser (Debian's Chromium through Playwright) against a live server:
a province officer writes a guide on a phone (a picture uploaded through htmx, a preview, save
and publish), then an anonymous phone reads it. No page is wider than the phone (390 px), none
shows English, a raw code or "None", every picture loads, and the content security policy
blocks nothing."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser import phone
from tests.homes.pages import problems
from tests.learning.guides import guide, picture
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)


def check(page: Page, where: str) -> None:
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, where
    assert problems(page.inner_text("body")) == [], where


def test_an_officer_writes_a_guide_and_an_anonymous_phone_reads_it(
    world: World,
    live_server: Any,
    chromium: Any,
    session_data_back: None,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    made = guide(world.province_officer, "doi-so-vneid", publish=False)
    base = live_server.url
    context, page, errors = phone(chromium, locale="vi-VN")
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", world.province_officer.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/guides/manage/")
    expect(page.locator("h1")).to_have_text("Hướng dẫn")
    check(page, "manage")
    page.locator("a", has_text="Đổi số điện thoại").click()
    check(page, "edit")
    upload = tmp_path / "buoc-1.png"
    upload.write_bytes(picture())
    page.set_input_files("#id_image", str(upload))
    page.locator("button", has_text="Tải lên").click()
    snippet = page.locator("#image-result code")
    expect(snippet).to_contain_text("/huong-dan/anh/")
    line = snippet.inner_text().replace("mô tả ảnh", "Màn hình VNeID")
    steps = page.locator("#id_steps")
    steps.fill(steps.input_value() + "\n\n   " + line)
    page.locator("button", has_text="Xem trước").click()
    expect(page.locator("#preview img")).to_have_count(1)
    page.locator("button", has_text="Lưu và đăng").click()
    expect(page.locator(".msg.success")).to_contain_text("Đã lưu và đăng phiên bản 2")
    check(page, "saved")
    page.goto(f"{base}/guides/manage/{made.slug}/versions/")
    check(page, "versions")
    context.close()

    anonymous, page, public_errors = phone(chromium, locale="vi-VN")
    page.goto(f"{base}/huong-dan/")
    check(page, "list")
    page.locator("a", has_text="Đổi số điện thoại").click()
    expect(page.locator("h1")).to_have_text("Đổi số điện thoại trên ứng dụng VNeID")
    check(page, "page")
    image = page.locator("main ol img")
    image.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('main ol img').complete")
    assert image.evaluate("img => img.naturalWidth") == 60
    assert page.locator("figure.qr img").evaluate("img => img.naturalWidth") > 0
    page.screenshot(path=str(tmp_path / "guide-390.png"), full_page=True)
    anonymous.close()
    assert errors == []
    assert public_errors == []
