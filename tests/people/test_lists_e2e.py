"""The household and resident lists on a phone, in a real browser (Debian's Chromium through
Playwright) against a live server, with scripts off: the filter form, the next page, the other
list and the printed sheet all work, and nothing makes a 390-pixel screen scroll sideways."""

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from langso.access import SYSTEM
from langso.core.dates import today
from langso.people import services
from langso.people.services import ResidentData
from tests.browser import PHONE, phone
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = PHONE["width"]


def snapshot(page: Page, tmp_path: Path, name: str) -> None:
    """A full-page screenshot to look at (LANGSO_SCREENSHOTS names a folder to keep them)."""
    folder = Path(os.environ.get("LANGSO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"lists-{name}.png"), full_page=True)


def fits(page: Page) -> None:
    # Measured once the page's style sheets have loaded: before, a table is as wide as its text
    # (a loaded machine once measured the A4 sheet at 441 pixels that way).
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_an_officer_filters_pages_and_prints_the_lists_on_a_phone_without_scripts(
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
    year = today().year
    for number in range(1, 56):
        home = services.household_create(actor=SYSTEM, village=world.village_a1, number=str(number))
        services.resident_create(
            actor=SYSTEM,
            household=home,
            data=ResidentData(
                full_name=f"Lò Văn Pánh Số {number}", birth_year=year - 40, is_head=True
            ),
        )
        services.resident_create(
            actor=SYSTEM,
            household=home,
            data=ResidentData(full_name=f"Lò Thị Ỏn {number}", birth_year=year - 66),
        )
    _context, page, errors = phone(chromium, java_script_enabled=False)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", world.commune_officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")

    page.goto(f"{live_server.url}/units/03721/households/")
    expect(page.locator(".list-count")).to_contain_text("55")
    fits(page)
    snapshot(page, tmp_path, "households")
    page.select_option("#id_lacks", "vneid_l2")
    page.select_option("#id_age", "60+")
    page.select_option("#id_sort", "head")
    page.locator(".filters button.primary").click()
    expect(page.locator(".list-count")).to_contain_text("55")
    assert "lacks=vneid_l2" in page.url
    page.locator("a[rel=next]").click()
    assert "lacks=vneid_l2" in page.url and "page=2" in page.url
    assert page.locator("tr[id^=household-]").count() == 5
    fits(page)

    page.locator(".list-tabs a").click()
    assert "/residents/" in page.url and "age=60%2B" in page.url
    expect(page.locator(".list-count")).to_contain_text("55")
    fits(page)
    snapshot(page, tmp_path, "residents")

    page.locator(".list-out a", has_text="A4").click()
    expect(page.locator("h1")).to_contain_text("Danh sách nhân khẩu")
    assert page.locator(".sheet-table tbody tr").count() == 55
    fits(page)
    snapshot(page, tmp_path, "print")

    page.goto(f"{live_server.url}/units/03721/households/?since=hôm-qua")
    expect(page.locator(".filters .errorlist")).to_contain_text("YYYY-MM-DD")
    fits(page)
    page.goto(f"{live_server.url}/units/03721/visits/")
    fits(page)
    assert errors == []
