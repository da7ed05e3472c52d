"""The outreach pages in a real browser (Debian's Chromium through Playwright) against a live
server: a commune officer writes an announcement on a wide screen, sees the panel count the
people each channel reaches as they tick, saves and sends it, and reads the dashboard; on a phone
the same pages, the leader's Zalo checklist and the public page of a tracked link fit the screen
(390 px), show no raw code, and the content security policy blocks nothing."""

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from langso.outreach.models import Announcement, AnnouncementStatus, GroupPost
from tests.browser import PHONE, phone, watch
from tests.clock import on_test_clock
from tests.outreach.town import build_town
from tests.roles import PASSWORD, World

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("sms_connected")]

WIDE = {"width": 1280, "height": 900}
RAW_CODE = re.compile(r"\b(OUTREACH|DELIVERY)_[A-Z_]+\b")


def snapshot(page: Page, tmp_path: Path, name: str) -> None:
    """A full-page screenshot to look at (LANGSO_SCREENSHOTS names a folder to keep them)."""
    folder = Path(os.environ.get("LANGSO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"outreach-{name}.png"), full_page=True)


def check(page: Page, where: str, width: int) -> None:
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, where
    body = page.inner_text("body")
    assert not RAW_CODE.search(body), where
    assert "None" not in body.split(), where


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_an_officer_composes_and_sends_and_every_page_fits_a_phone(
    world: World, live_server: Any, chromium: Any, tmp_path: Path, session_data_back: None
) -> None:
    build_town(world)
    base = live_server.url
    context = on_test_clock(chromium.new_context(viewport=WIDE))
    page = context.new_page()
    errors = watch(page)
    log_in(page, base, "commune_officer")
    page.goto(f"{base}/outreach/new/")
    page.fill("#id_title", "Cảnh báo lừa đảo qua điện thoại")
    page.fill("#id_text", "Chào {ten}, không cung cấp mã OTP cho ai ở {thon}.")
    assert "1.9" in page.inner_text(".out-counter") or "195" in page.inner_text(".out-counter")
    page.check(f"input[name=units][value='{world.code(world.village_a1)}']")
    page.check("input[name=residents][value=all]")
    page.check("input[name=channels][value=sms]")
    # The panel counts as the officer ticks: two members in the field app, 2 + 3 by SMS.
    expect(page.locator("[data-channel=sms] .out-reach")).to_contain_text("5")
    expect(page.locator("[data-channel=app] .out-reach")).to_contain_text("2")
    assert page.locator("input[name=channels][value=zalo]").is_disabled()
    # The send time shows only when scheduling.
    assert page.locator("#id_send_at").is_hidden()
    page.check("input[name=when][value=later]")
    assert page.locator("#id_send_at").is_visible()
    page.check("input[name=when][value=now]")
    check(page, "composer (wide)", WIDE["width"])
    snapshot(page, tmp_path, "compose-wide")
    page.locator("#compose-form button[type=submit]").click()
    page.wait_for_load_state()
    announcement = Announcement.objects.get()
    assert page.url.endswith(f"/outreach/{announcement.pk}/")
    page.locator(f"form[action='/outreach/{announcement.pk}/send/'] button").click()
    page.wait_for_load_state()
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.SENDING
    check(page, "dashboard (wide)", WIDE["width"])
    snapshot(page, tmp_path, "dashboard-wide")
    assert errors == []
    context.close()

    post = GroupPost.objects.get(announcement=announcement)
    context, page, errors = phone(chromium)
    log_in(page, base, "commune_officer")
    for name, path in [
        ("list", "/outreach/"),
        ("compose", "/outreach/new/"),
        ("dashboard", f"/outreach/{announcement.pk}/"),
        ("templates", "/outreach/templates/new/"),
    ]:
        page.goto(base + path)
        snapshot(page, tmp_path, f"{name}-phone")
        check(page, name, PHONE["width"])
    context.close()

    context, page, errors = phone(chromium)
    log_in(page, base, "leader")
    page.goto(f"{base}/outreach/groups/")
    check(page, "groups", PHONE["width"])
    assert f"/a/{post.code}" in page.input_value("textarea.out-paste")
    page.locator(".out-mark button").first.click()
    expect(page.locator(".out-mark .ok-state")).to_be_visible()
    snapshot(page, tmp_path, "groups-phone")
    assert errors == []
    context.close()

    context, page, errors = phone(chromium)
    page.goto(f"{base}/a/{post.code}")
    snapshot(page, tmp_path, "public-phone")
    check(page, "public", PHONE["width"])
    page.goto(f"{base}/huy-nhan-tin/khong-hop-le")
    check(page, "stop link", PHONE["width"])
    assert errors == []
    context.close()
