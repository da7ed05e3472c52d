"""Undoing a death recorded in error on a phone, in a real browser: the departed resident's
page offers it to the village's leader, the reason is asked for, and the resident is back on
the register with both events in the history. Nothing overflows a 390-pixel screen."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from langso.core.dates import today
from langso.people import edit_services as edits
from tests.indicators.data import build_people
from tests.people.test_edit_e2e import fits, logged_in, snapshot
from tests.roles import World

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_leader_puts_back_a_resident_recorded_dead_by_mistake_on_a_phone(
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
    edits.resident_depart(
        actor=world.leader, resident=folk.cuc, kind="died", on=today() - timedelta(days=1)
    )
    page = logged_in(chromium, live_server, world.leader.username)
    page.goto(f"{live_server.url}/residents/{folk.cuc.pk}/")
    page.locator("summary", has_text="Đưa trở lại danh sách").click()
    fits(page)
    snapshot(page, tmp_path, "resident-reinstate-phone")
    page.fill("#id_reason", "Nhầm với bà Cúc ở bản khác")
    page.locator("#reinstate button").click()
    expect(page.locator(".events")).to_contain_text("được đưa trở lại danh sách")
    expect(page.locator(".events")).to_contain_text("Nhầm với bà Cúc ở bản khác")
    expect(page.locator("#reinstate")).to_have_count(0)
    fits(page)
    snapshot(page, tmp_path, "resident-reinstated-phone")
