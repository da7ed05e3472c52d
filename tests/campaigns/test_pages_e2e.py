"""The campaign pages in a real browser (Debian's Chromium through Playwright) against a live
server: a commune officer creates a campaign on a phone, activates it, reads its progress with
the burn-up charts drawn, opens a village, picks a bad day and raises a target too low; a team
leader reads their village. No page is wider than the phone (390 px), none shows English, a raw
code or "None", and the content security policy blocks nothing."""

import os
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from langso.access import SYSTEM
from langso.campaigns import services
from langso.campaigns.models import Campaign, CampaignStatus
from langso.core.dates import today
from langso.indicators.models import Indicator, Source
from langso.indicators.services import observation_record
from langso.people import services as people
from langso.people.services import ResidentData
from tests.browser import PHONE, phone, watch
from tests.clock import on_test_clock
from tests.homes.pages import problems
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1280, "height": 900}


def snapshot(page: Page, tmp_path: Path, name: str) -> None:
    """A full-page screenshot to look at (LANGSO_SCREENSHOTS names a folder to keep them)."""
    folder = Path(os.environ.get("LANGSO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"campaigns-{name}.png"), full_page=True)


def check(page: Page, where: str, width: int = PHONE["width"]) -> None:
    """Measured once the style sheets have loaded: nothing wider than the screen, nothing a
    reader must not see."""
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, where
    assert problems(page.inner_text("body")) == [], where


def recent_plan(world: World) -> Campaign:
    """Commune A's campaign, 20 days in of 90: 30 citizens in village A1 and 20 in A2, a few
    with VNeID level 2 before the start and more each week since (A2 slower)."""
    start = today() - timedelta(days=19)
    vneid = Indicator.objects.get(code="vneid_l2")
    for village, size, gains in ((world.village_a1, 30, 14), (world.village_a2, 20, 3)):
        for number in range(1, size + 1):
            home = people.household_create(
                actor=SYSTEM, village=village, number=str(number), day=start - timedelta(days=60)
            )
            resident = people.resident_create(
                actor=SYSTEM,
                household=home,
                data=ResidentData(
                    full_name=f"Người {number}", birth_year=1970 + number, is_head=True
                ),
                day=start - timedelta(days=60),
            )
            if number <= 4 + gains:
                # The first four before the start, then one every day or so.
                day = start - timedelta(days=5) if number <= 4 else start + timedelta(number - 4)
                observation_record(
                    actor=SYSTEM,
                    indicator=vneid,
                    subject=people.resident_subject(resident),
                    value=True,
                    observed_at=datetime.combine(min(day, today()), time(9)).astimezone(),
                    source=Source.MANUAL,
                )
    campaign = services.campaign_create(
        actor=world.commune_officer,
        name="90 ngày cao điểm định danh điện tử mức 2",
        basis_number="125/KH-UBND",
        basis_date=start - timedelta(days=7),
        unit_code=world.code(world.commune_a),
        starts_on=start,
        ends_on=start + timedelta(days=89),
        goals=[
            services.GoalData(indicator="vneid_l2", target_share=Decimal("0.9")),
            services.GoalData(indicator="scam_aware", target_count=40),
        ],
    )
    return services.campaign_activate(actor=world.commune_officer, campaign=campaign)


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def test_a_commune_officer_creates_activates_and_reads_a_campaign_on_a_phone(
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
    plan = recent_plan(world)
    base = live_server.url
    context, page, errors = phone(chromium, locale="vi-VN")
    log_in(page, base, world.commune_officer.username)

    page.locator("nav.mainmenu summary").click()
    page.locator("nav.mainmenu .menu-phone a", has_text="Chiến dịch").click()
    expect(page.locator("h1")).to_have_text("Chiến dịch")
    check(page, "list")
    snapshot(page, tmp_path, "list-390")

    page.locator("a", has_text="Tạo chiến dịch").click()
    check(page, "new")
    page.fill("#id_name", "Bình dân học vụ số đợt 2")
    page.fill("#id_basis_number", "40/KH-UBND")
    page.select_option("#id_unit", world.code(world.village_a1))
    page.fill("#id_starts_on", (today() + timedelta(days=1)).isoformat())
    page.fill("#id_ends_on", (today() + timedelta(days=60)).isoformat())
    page.select_option("#id_goals-0-indicator", "scam_aware")
    page.fill("#id_goals-0-target_percent", "80")
    # A goal given twice is refused on its row, and what was typed stays.
    page.select_option("#id_goals-1-indicator", "scam_aware")
    page.fill("#id_goals-1-target_count", "10")
    page.locator("button.primary", has_text="Lưu bản nháp").click()
    expect(page.locator(".camp-goal-error")).to_contain_text("đã là một mục tiêu")
    check(page, "new, refused")
    snapshot(page, tmp_path, "new-refused-390")
    page.select_option("#id_goals-1-indicator", "")
    page.fill("#id_goals-1-target_count", "")
    page.locator("button.primary", has_text="Lưu bản nháp").click()
    expect(page.locator(".messages")).to_contain_text("bản nháp")
    check(page, "draft")
    page.locator("button", has_text="Kích hoạt chiến dịch").click()
    expect(page.locator(".camp-facts")).to_contain_text("Đang triển khai")
    draft = Campaign.objects.get(name="Bình dân học vụ số đợt 2")
    assert draft.status == CampaignStatus.ACTIVE

    page.goto(f"{base}/campaigns/{plan.pk}/")
    expect(page.locator(".camp-day-no")).to_have_text("Ngày thứ 20/90")
    check(page, "campaign")
    # Chart.js drew one burn-up chart per goal.
    drawn = page.evaluate(
        "() => Array.from(document.querySelectorAll('canvas[id^=burnup-]'),"
        " c => Boolean(window.Chart && window.Chart.getChart(c)))"
    )
    assert drawn == [True, True]
    snapshot(page, tmp_path, "campaign-390")

    page.locator(".camp-children th a", has_text="Tiểu khu 3").first.click()
    expect(page.locator(".camp-shown")).to_contain_text("Tiểu khu 3")
    check(page, "village")
    page.goto(f"{base}/campaigns/{plan.pk}/?on=h%C3%B4m-qua")
    expect(page.locator(".camp-dayform .errorlist")).to_contain_text("dd/mm/yyyy")
    check(page, "bad day")

    page.goto(f"{base}/campaigns/{plan.pk}/targets/{world.code(world.village_a2)}/")
    check(page, "targets")
    page.fill("#id_goal_vneid_l2", "85")
    page.locator("button.primary").click()
    expect(page.locator(".has-error")).to_contain_text("không được hạ xuống")
    check(page, "targets, refused")
    snapshot(page, tmp_path, "targets-refused-390")
    context.close()

    wide = on_test_clock(chromium.new_context(viewport=WIDE, locale="vi-VN"))
    desk = wide.new_page()
    errors += watch(desk)
    log_in(desk, base, world.commune_officer.username)
    desk.goto(f"{base}/campaigns/{plan.pk}/")
    check(desk, "campaign, wide", WIDE["width"])
    snapshot(desk, tmp_path, "campaign-1280")
    desk.goto(f"{base}/campaigns/new/")
    snapshot(desk, tmp_path, "new-1280")
    wide.close()
    assert errors == []


def test_a_team_leader_reads_their_village_of_the_campaign_on_a_phone(
    world: World,
    live_server: Any,
    chromium: Any,
    session_data_back: None,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    plan = recent_plan(world)
    base = live_server.url
    context, page, errors = phone(chromium, locale="vi-VN")
    log_in(page, base, world.leader.username)
    page.goto(f"{base}/campaigns/")
    page.locator(".camp-name").first.click()
    assert page.url.endswith(f"/campaigns/{plan.pk}/")
    expect(page.locator(".camp-shown")).to_contain_text("Bản Hua Nà")
    assert page.locator("form.camp-confirm").count() == 0
    check(page, "leader")
    snapshot(page, tmp_path, "leader-390")
    context.close()
    assert errors == []
