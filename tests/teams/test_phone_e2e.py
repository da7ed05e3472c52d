"""A team's leader calls a member from a phone, in a real browser (Debian's Chromium through
Playwright) against a live server: the number is masked, "Hiện số" asks why, the number comes
back once with a call link; a member sets what the team sees of theirs. Nothing overflows a
390-pixel screen."""

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from langso.core.models import AuditEntry
from langso.teams.models import Person, PhoneVisibility
from tests.browser import PHONE, phone
from tests.roles import PASSWORD, World
from tests.teams.phones import build_crew

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = PHONE["width"]


def phone_page(chromium: Any, live_server: Any, username: str) -> tuple[Page, list[str]]:
    _context, page, errors = phone(chromium, has_touch=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    return page, errors


def snapshot(page: Page, tmp_path: Path, name: str) -> None:
    """A full-page screenshot to look at (LANGSO_SCREENSHOTS names a folder to keep them)."""
    folder = Path(os.environ.get("LANGSO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_a_leader_reveals_a_members_number_on_a_phone_and_calls(
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
    crew = build_crew(world)
    page, errors = phone_page(chromium, live_server, world.leader.username)
    page.goto(f"{live_server.url}/teams/{world.team_a1.pk}/")
    row = page.locator("tr", has_text="Hà Thị Mai")
    expect(row.locator("code")).to_have_text("**** *** 678")
    snapshot(page, tmp_path, "team-leader")
    ask = page.locator(f"#reveal-{crew.mai.pk}")
    expect(ask).to_be_hidden()
    row.locator("a", has_text="Hiện số").click()
    expect(ask).to_be_visible()
    expect(ask.locator("h2")).to_contain_text("Hiện số điện thoại của Hà Thị Mai")
    ask.locator("input[name=reason]").fill("Gọi họp tổ tối nay")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    snapshot(page, tmp_path, "team-leader-asks")
    ask.locator("button", has_text="Hiện số").click()

    call = page.locator("a.button.primary[href^='tel:']")
    expect(call).to_have_attribute("href", "tel:+84912345678")
    expect(page.locator("#revealed-title")).to_have_text("Số điện thoại của Hà Thị Mai")
    expect(page.locator("a.secret")).to_have_text("0912 345 678")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    snapshot(page, tmp_path, "team-leader-revealed")
    assert AuditEntry.objects.get().object_id == str(crew.mai.pk)
    assert errors == []


def test_a_member_chooses_what_the_team_sees_on_a_phone(
    world: World,
    live_server: Any,
    chromium: Any,
    session_data_back: None,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    crew = build_crew(world)
    page, errors = phone_page(chromium, live_server, world.member.username)
    page.goto(f"{live_server.url}/teams/{world.team_a1.pk}/")
    panel = page.locator("#my-phone")
    expect(panel).to_contain_text("Số điện thoại của tôi")
    expect(panel).to_contain_text("với tổ: chỉ hiện ba số cuối")
    panel.get_by_label("hiện cả số khi thành viên trong tổ bấm xem (có ghi nhật ký)").check()
    panel.locator("button").click()
    page.wait_for_url(re.compile(r"/teams/\d+/#my-phone$"))
    expect(page.locator("#my-phone")).to_contain_text("với tổ: hiện cả số")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    snapshot(page, tmp_path, "team-member-choice")
    assert Person.objects.get(pk=crew.own.pk).phone_visibility == PhoneVisibility.TEAM
    assert errors == []
