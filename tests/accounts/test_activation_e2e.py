"""An officer makes an account for a team member, and the member activates it on a phone, in a
real browser (Debian's Chromium through Playwright) against a live server: the link and its QR
on the officer's screen, the member's page at 390 pixels (nothing overflows), a password set,
then the member logs in with it."""

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from langso.accounts.models import User
from tests.browser import PHONE, phone
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = PHONE["width"]
NEW_PASSWORD = "Mật-khẩu-bản-Hua-Nà-7"


def snapshot(page: Page, tmp_path: Path, name: str) -> None:
    """A full-page screenshot to look at (LANGSO_SCREENSHOTS names a folder to keep them)."""
    folder = Path(os.environ.get("LANGSO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_an_officer_creates_an_account_and_the_member_activates_it_on_a_phone(
    world: World,
    live_server: Any,
    chromium: Any,
    session_data_back: None,
    settings: Any,
    tmp_path: Path,
) -> None:
    # The live server speaks plain http; cookies marked Secure would not come back over it.
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    _office, officer, officer_errors = phone(chromium)
    officer.goto(f"{live_server.url}/accounts/login/")
    officer.fill("#id_username", world.commune_officer.username)
    officer.fill("#id_password", PASSWORD)
    officer.click("button.primary")
    officer.goto(f"{live_server.url}/teams/{world.team_a1.pk}/")
    row = officer.locator("tr", has_text="Lò Văn Xuân")
    fits(officer)
    snapshot(officer, tmp_path, "accounts-team-officer")
    row.locator("button", has_text="Tạo tài khoản").click()

    expect(officer.locator("h1")).to_have_text("Liên kết kích hoạt cho Lò Văn Xuân")
    expect(officer.locator("#username")).to_have_text("lo.van.xuan")
    expect(officer.locator("figure.qr svg")).to_be_visible()
    link = officer.locator("#activation-link").inner_text()
    assert re.fullmatch(rf"{re.escape(live_server.url)}/accounts/activate/[\w-]{{40,}}/", link)
    fits(officer)
    snapshot(officer, tmp_path, "accounts-link")

    _phone, member, member_errors = phone(chromium, has_touch=True)
    member.goto(link)
    expect(member.locator("h1")).to_have_text("Đặt mật khẩu")
    fits(member)
    snapshot(member, tmp_path, "accounts-activate")
    member.fill("#id_password", NEW_PASSWORD)
    member.fill("#id_password_again", NEW_PASSWORD + "x")
    member.click("button.primary")
    expect(member.locator(".has-error")).to_contain_text("Hai mật khẩu không khớp nhau")
    fits(member)
    snapshot(member, tmp_path, "accounts-activate-mismatch")
    member.fill("#id_password", NEW_PASSWORD)
    member.fill("#id_password_again", NEW_PASSWORD)
    member.click("button.primary")

    expect(member.locator("#id_username")).to_have_value("lo.van.xuan")
    member.fill("#id_password", NEW_PASSWORD)
    member.click("button.primary")
    expect(member.locator("body")).not_to_contain_text("Đăng nhập không đúng")
    assert "/accounts/login/" not in member.url
    account = User.objects.get(username="lo.van.xuan")
    assert account.check_password(NEW_PASSWORD)
    member.goto(link)
    expect(member.locator(".alert")).to_contain_text("Liên kết kích hoạt này không dùng được")
    fits(member)
    snapshot(member, tmp_path, "accounts-link-used")

    officer.goto(f"{live_server.url}/accounts/users/")
    expect(officer.locator("#accounts")).to_contain_text("lo.van.xuan")
    fits(officer)
    snapshot(officer, tmp_path, "accounts-list")
    officer.locator("#accounts a", has_text="Lò Văn Xuân").click()
    expect(officer.locator("#account")).to_contain_text("đang sử dụng")
    expect(officer.locator("#reset")).to_be_visible()
    fits(officer)
    snapshot(officer, tmp_path, "accounts-account")
    member.goto(f"{live_server.url}/accounts/password/")
    member.fill("#id_current", "sai-mật-khẩu")
    member.fill("#id_password", "1234567890123")
    member.fill("#id_password_again", "1234567890123")
    member.click("button.primary")
    expect(member.locator("#id_current")).to_have_attribute("aria-invalid", "true")
    fits(member)
    snapshot(member, tmp_path, "accounts-password-wrong")
    assert officer_errors == [] and member_errors == []
