"""Correcting a resident on a phone, in a real browser (Debian's Chromium through Playwright)
against a live server: the household page, the correction page refusing a mistyped CCCD with
the importer's message, the history with the number masked, a death recorded, and an officer's
list of likely duplicates. Nothing overflows a 390-pixel screen."""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from langso.access import SYSTEM
from langso.core.dates import today
from langso.people import services as people
from langso.people.services import ResidentData
from tests.browser import PHONE, phone
from tests.indicators.data import YEAR, build_people
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)


def logged_in(chromium: Any, live_server: Any, username: str, **options: Any) -> Page:
    if options:
        context = chromium.new_context(**options)
        page = context.new_page()
    else:
        _context, page, _errors = phone(chromium, has_touch=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    opened: Page = page
    return opened


def snapshot(page: Page, tmp_path: Path, name: str) -> None:
    """A full-page screenshot to look at (LANGSO_SCREENSHOTS names a folder to keep them)."""
    folder = Path(os.environ.get("LANGSO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], page.url


def test_a_leader_corrects_a_resident_and_records_a_death_on_a_phone(
    world: World,
    live_server: Any,
    chromium: Any,
    session_data_back: None,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    folk = build_people(world)
    page = logged_in(chromium, live_server, world.leader.username)
    page.goto(f"{live_server.url}/households/{folk.household_a1.pk}/")
    expect(page.locator("h1")).to_contain_text("Hộ")
    page.locator("summary", has_text="Sửa thông tin hộ").click()
    fits(page)
    snapshot(page, tmp_path, "household-phone")

    page.goto(f"{live_server.url}/residents/{folk.xuan.pk}/edit/")
    page.fill("#id_birth", "1996")
    page.select_option("#id_sex", "F")
    page.fill("#id_id_number", "0141960012")
    page.click("#correct button.primary")
    expect(page.locator(".errorlist")).to_contain_text("không phải là số CCCD/CMND")
    fits(page)
    snapshot(page, tmp_path, "resident-edit-refused-phone")
    page.fill("#id_birth", "1996")
    page.fill("#id_id_number", "014196001234")
    page.select_option("#id_ethnicity", "Tày")
    page.click("#correct button.primary")
    expect(page.locator(".history")).to_contain_text("**********34")
    assert "014196001234" not in page.content()
    fits(page)
    snapshot(page, tmp_path, "resident-history-phone")

    page.goto(f"{live_server.url}/residents/{folk.cuc.pk}/edit/")
    page.locator("summary", has_text="Đã mất, hoặc ghi nhầm").click()
    page.check("input[name=kind][value=died]")
    page.fill("#depart input[name=happened_on]", (today() - timedelta(days=1)).isoformat())
    page.locator("#depart button").click()
    expect(page.locator(".note")).to_contain_text("Không còn trong danh sách")
    fits(page)
    snapshot(page, tmp_path, "resident-died-phone")


def test_an_officer_reads_the_likely_duplicates_on_a_phone_and_a_desktop(
    world: World,
    live_server: Any,
    chromium: Any,
    session_data_back: None,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    folk = build_people(world)
    people.resident_create(
        actor=SYSTEM,
        household=folk.household_a2,
        data=ResidentData(full_name="LÒ THỊ XUÂN", birth_year=YEAR - 30),
    )
    people.household_create(actor=SYSTEM, village=world.village_a1, number="4")
    people.household_create(actor=SYSTEM, village=world.village_a1, number="4")
    address = f"{live_server.url}/units/{world.code(world.commune_a)}/duplicates/"
    page = logged_in(chromium, live_server, world.commune_officer.username)
    page.goto(address)
    expect(page.locator(".duplicates").first).to_contain_text("LÒ THỊ XUÂN")
    fits(page)
    snapshot(page, tmp_path, "duplicates-phone")
    desktop = logged_in(
        chromium,
        live_server,
        world.commune_officer.username,
        viewport={"width": 1280, "height": 900},
    )
    desktop.goto(address)
    snapshot(desktop, tmp_path, "duplicates-desktop")
    desktop.goto(f"{live_server.url}/residents/{folk.xuan.pk}/")
    snapshot(desktop, tmp_path, "resident-desktop")
    page.locator("button", has_text="Là cùng một người").first.click()
    expect(page.locator(".messages")).to_contain_text("Đã gộp")
    fits(page)
