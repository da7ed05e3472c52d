"""Certificate pages in a real browser (Debian's Chromium through Playwright) against a live
server, on a phone 390 px wide: a commune officer opens a village's certificates, issues to
everyone who reached the standard, opens a resident and sees the certificate; an anonymous
phone then opens the QR link and sees it genuine, and a tampered code not valid. No page is
wider than the phone, none shows English, a raw code or "None", and no page needs a script."""

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from langso.learning.models import Certificate
from tests.browser import PHONE, phone
from tests.homes.pages import problems
from tests.learning.cert_helpers import person
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot(page: Page, tmp_path: Path, name: str) -> None:
    """A full-page screenshot to look at (LANGSO_SCREENSHOTS names a folder to keep them)."""
    folder = Path(os.environ.get("LANGSO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"certificates-{name}.png"), full_page=True)


def check(page: Page, where: str) -> None:
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], where
    assert problems(page.inner_text("body")) == [], where


def test_an_officer_issues_on_a_phone_and_anyone_checks_the_qr_link(
    world: World,
    live_server: Any,
    chromium: Any,
    session_data_back: None,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    first = person(world.village_a1, "Lò Thị Xuân")
    person(world.village_a1, "Cầm Văn Thoa")
    base = live_server.url
    context, page, errors = phone(chromium, locale="vi-VN", java_script_enabled=False)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", world.commune_officer.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()

    page.goto(f"{base}/certificates/village/{world.code(world.village_a1)}/")
    check(page, "village")
    snapshot(page, tmp_path, "village-390")
    page.locator("button", has_text="Cấp cho tất cả người đạt chuẩn").click()
    expect(page.locator(".messages")).to_contain_text("Đã cấp 2 giấy chứng nhận")
    check(page, "village after")

    page.goto(f"{base}/residents/{first.pk}/")
    expect(page.locator("#certificate")).to_contain_text("Còn hiệu lực")
    check(page, "resident")
    snapshot(page, tmp_path, "resident-390")
    page.goto(f"{base}/certificates/")
    check(page, "list")
    snapshot(page, tmp_path, "list-390")
    page.goto(f"{base}/certificates/commune/{world.code(world.commune_a)}/")
    check(page, "settings")
    context.close()

    code = Certificate.objects.get(resident=first).code
    context, page, errors = phone(chromium, locale="vi-VN", java_script_enabled=False)
    page.goto(f"{base}/xac-nhan/{code}/")
    expect(page.locator("h1")).to_contain_text("Giấy chứng nhận hợp lệ")
    expect(page.locator(".cert-result")).to_contain_text("L. T. X.")
    check(page, "genuine")
    snapshot(page, tmp_path, "genuine-390")
    tampered = code[:-1] + ("Q" if code[-1] != "Q" else "R")
    page.goto(f"{base}/xac-nhan/{tampered}/")
    expect(page.locator("h1")).to_contain_text("Mã không hợp lệ")
    check(page, "invalid")
    page.fill("#id_code", code.lower())
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Giấy chứng nhận hợp lệ")
    context.close()
    assert errors == []
