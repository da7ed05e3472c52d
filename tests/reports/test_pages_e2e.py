"""The report pages in a real browser (Debian's Chromium through Playwright) against a live
server: a commune officer opens "Báo cáo" from the menu on a phone, makes last month's report,
reads it, issues it and downloads its PDF, the very bytes kept. No page is wider than the phone
(390 px) but for the report's tables, which scroll in their own box; none shows English, a raw
code or "None"; the content security policy blocks nothing."""

import hashlib
import os
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Page, expect

from langso.core.dates import today
from langso.reports.models import Report, ReportFile, ReportStatus
from tests.browser import PHONE, phone, watch
from tests.clock import on_test_clock
from tests.homes.pages import problems
from tests.reform import VIETNAM
from tests.reports.helpers import adult, visit
from tests.roles import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1280, "height": 900}

# What sticks out of the screen, leaving out what scrolls inside a table's box.
OVERFLOW = """(width) => Array.from(document.querySelectorAll('body *'))
  .filter(e => !e.closest('.table-wrap') && e.getBoundingClientRect().right > width + 1)
  .map(e => e.tagName + '.' + e.className)"""


def snapshot(page: Page, tmp_path: Path, name: str) -> None:
    """A full-page screenshot to look at (LANGSO_SCREENSHOTS names a folder to keep them)."""
    folder = Path(os.environ.get("LANGSO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"reports-{name}.png"), full_page=True)


def check(page: Page, where: str, width: int = PHONE["width"]) -> None:
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, where
    assert page.evaluate(OVERFLOW, width) == [], where
    assert problems(page.inner_text("body")) == [], where


def last_month() -> tuple[date, date]:
    end = today().replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def worked_world() -> World:
    """The world of tests.roles set up 70 days ago, and visits in village A1 last month."""
    start, end = last_month()
    with time_machine.travel(datetime.combine(today() - timedelta(days=70), time(9), VIETNAM)):
        world = build_world()
        lan, binh = adult(world, "Lò Thị Lan"), adult(world, "Cà Văn Bình")
    visit(
        world.member,
        lan,
        start + timedelta(days=2),
        minutes=30,
        topics=["vneid", "dvc_account"],
        observed={"vneid_l2": True},
    )
    visit(world.member, binh, end - timedelta(days=3), minutes=20, topics=["vneid"], observed={})
    return world


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def test_a_commune_officer_makes_issues_and_downloads_last_months_report_on_a_phone(
    live_server: Any,
    chromium: Any,
    session_data_back: None,
    settings: Any,
    tmp_path: Path,
) -> None:
    # The live server speaks plain http; cookies marked Secure would not come back over it.
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    world = worked_world()
    base = live_server.url
    context, page, errors = phone(chromium, locale="vi-VN", accept_downloads=True)
    log_in(page, base, world.commune_officer.username)

    page.locator("nav.mainmenu summary").click()
    page.locator("nav.mainmenu .menu-phone a", has_text="Báo cáo").click()
    expect(page.locator("h1")).to_have_text("Báo cáo")
    check(page, "list, empty")

    page.locator("a", has_text="Lập báo cáo").click()
    check(page, "new")
    start, end = last_month()
    expect(page.locator("#id_preset")).to_have_value("month")
    expect(page.locator("#id_period_start")).to_have_value(start.isoformat())
    expect(page.locator("#id_period_end")).to_have_value(end.isoformat())
    # The kind chooses its period: a quarterly report is last quarter's.
    page.select_option("#id_kind", "quarterly")
    expect(page.locator("#id_preset")).to_have_value("quarter")
    page.select_option("#id_kind", "monthly")
    expect(page.locator("#id_period_end")).to_have_value(end.isoformat())
    snapshot(page, tmp_path, "new-390")
    page.locator("button.primary", has_text="Lập bản dự thảo").click()

    expect(page.locator(".messages")).to_contain_text("bản dự thảo")
    paper = page.locator(".rep-paper")
    expect(paper).to_contain_text("DỰ THẢO")
    expect(paper).to_contain_text("Số người được hướng dẫn theo nội dung")
    # The row of the topics table: its number, the topic and the two people guided in it.
    topic = paper.locator("tr", has_text="Định danh điện tử VNeID").locator("td")
    expect(topic).to_have_text(["1", "Định danh điện tử VNeID", "2"])
    check(page, "draft")
    snapshot(page, tmp_path, "draft-390")

    page.locator("summary", has_text="Ban hành").click()
    expect(page.locator(".rep-confirm[open]")).to_contain_text("không thể thay đổi nữa")
    page.locator("button", has_text="Ban hành báo cáo").click()
    expect(page.locator(".messages")).to_contain_text("1/BC-UBND")
    report = Report.objects.get()
    assert report.status == ReportStatus.ISSUED
    check(page, "issued")
    snapshot(page, tmp_path, "issued-390")

    with page.expect_download() as downloaded:
        page.locator(".rep-downloads a", has_text="PDF").click()
    data = Path(downloaded.value.path()).read_bytes()
    kept = ReportFile.objects.get(report=report, format="pdf")
    assert hashlib.sha256(data).hexdigest() == kept.sha256
    expect(page.locator(".rep-archive")).to_contain_text(kept.sha256)

    page.goto(f"{base}/reports/")
    expect(page.locator("[data-row]")).to_have_count(1)
    check(page, "list")
    snapshot(page, tmp_path, "list-390")
    context.close()

    wide = on_test_clock(chromium.new_context(viewport=WIDE, locale="vi-VN"))
    desk = wide.new_page()
    errors += watch(desk)
    log_in(desk, base, world.commune_officer.username)
    for name, path in (
        ("list", "/reports/"),
        ("new", "/reports/new/"),
        ("issued", f"/reports/{report.pk}/"),
    ):
        desk.goto(f"{base}{path}")
        check(desk, f"{name}, wide", WIDE["width"])
        snapshot(desk, tmp_path, f"{name}-1280")
    wide.close()
    assert errors == []
