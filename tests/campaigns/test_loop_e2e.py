"""Issue 13's whole loop in one real browser (Debian's Chromium through Playwright) against one
live server: a commune officer creates and activates a campaign through its form, the leader of
a village shares the village's households out evenly, a member on a phone records a visit from
the campaign's to-do while offline and syncs once back online, and the campaign's page then
shows the gain."""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from langso.accounts import services as accounts
from langso.accounts.models import Role
from langso.campaigns.models import Assignment, Campaign, CampaignStatus
from langso.core.dates import today
from langso.indicators.models import Observation, Source
from tests.browser import phone, watch
from tests.campaigns.helpers import home
from tests.campaigns.test_field_todo_e2e import clean
from tests.campaigns.test_pages_e2e import WIDE, check, log_in
from tests.clock import on_test_clock
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Kích hoạt VNeID mức 2 toàn xã"


def gained(page: Any) -> Any:
    """The "Gained" figure of the campaign's only goal."""
    figure = page.locator(".camp-figures > div").filter(
        has=page.locator("dt", has_text="Tăng thêm")
    )
    return figure.locator("dd")


def test_an_officers_campaign_is_shared_out_worked_offline_and_shows_the_gain(
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
    base = live_server.url
    # Village A1: four households of adults, and a second member with an account, so that the
    # even split gives each member a real share.
    for number, size in enumerate((2, 1, 2, 1), 1):
        home(world.village_a1, str(number), people=size)
    member2, _ = accounts.user_provision(
        username="member2", password=PASSWORD, full_name="Cầm Thị Hoa"
    )
    accounts.role_grant(user=member2, role=Role.TEAM_MEMBER, unit=world.village_a1)

    # 1. The commune officer, at a desk, writes the plan in and activates it.
    desk_context = on_test_clock(chromium.new_context(viewport=WIDE, locale="vi-VN"))
    desk = desk_context.new_page()
    errors = watch(desk)
    log_in(desk, base, world.commune_officer.username)
    desk.goto(f"{base}/campaigns/new/")
    desk.fill("#id_name", NAME)
    desk.fill("#id_basis_number", "125/KH-UBND")
    desk.select_option("#id_unit", world.code(world.commune_a))
    desk.fill("#id_starts_on", (today() - timedelta(days=7)).isoformat())
    desk.fill("#id_ends_on", (today() + timedelta(days=83)).isoformat())
    desk.select_option("#id_goals-0-indicator", "vneid_l2")
    desk.fill("#id_goals-0-target_percent", "90")
    desk.locator("button.primary", has_text="Lưu bản nháp").click()
    expect(desk.locator(".messages")).to_contain_text("bản nháp")
    desk.locator("button", has_text="Kích hoạt chiến dịch").click()
    expect(desk.locator(".camp-facts")).to_contain_text("Đang triển khai")
    campaign = Campaign.objects.get(name=NAME)
    assert campaign.status == CampaignStatus.ACTIVE
    assert desk.url.endswith(f"/campaigns/{campaign.pk}/")
    expect(gained(desk)).to_have_text("0")
    check(desk, "campaign, before", WIDE["width"])

    # 2. The leader of village A1 shares its households evenly between its two members.
    leader_context = on_test_clock(chromium.new_context(viewport=WIDE, locale="vi-VN"))
    leader = leader_context.new_page()
    errors += watch(leader)
    log_in(leader, base, world.leader.username)
    leader.goto(f"{base}/campaigns/{campaign.pk}/villages/{world.code(world.village_a1)}/")
    expect(leader.locator("#split-title")).to_have_text("Chia đều")
    expect(leader.locator("main")).to_contain_text("Chia đều 4 hộ cho 2 thành viên")
    leader.locator("form[action$='/split/'] button").click()
    expect(leader.locator(".messages")).to_contain_text("Đã chia đều: 4 hộ có người giữ mới.")
    holders = Assignment.objects.filter(campaign=campaign, ended_at__isnull=True)
    assert set(holders.values_list("member_id", flat=True)) == {world.member.pk, member2.pk}
    mine = holders.filter(member=world.member).count()
    assert mine >= 1
    leader_context.close()

    # 3. The member, on a phone: logs in to the field app, syncs, goes offline, records a visit
    # from the campaign's to-do, and syncs again once online.
    context, page, more = phone(chromium, timezone_id="Asia/Ho_Chi_Minh")
    errors += more
    page.goto(f"{base}/field/")
    page.fill("#username", world.member.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("#sync-state")).to_have_text(re.compile("Đã đồng bộ"))
    entry = page.locator(f"#campaigns [data-campaign='{campaign.pk}']")
    expect(entry).to_contain_text(f"Việc cần làm: {NAME}")
    expect(entry).to_contain_text(f"Được giao {mine} hộ, đã xong 0 hộ")

    context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    entry.click()
    expect(page.locator("#todo-title")).to_have_text("Việc cần làm")
    cards = page.locator("#households > li")
    expect(cards).to_have_count(mine)
    clean(page, tmp_path, "loop to-do offline")
    cards.nth(0).locator("button").click()
    page.click("#record")
    box = page.locator("input[data-indicator='vneid_l2']").first
    person = int(box.get_attribute("data-resident") or "0")
    box.check()
    page.click("#save-visit")
    expect(page.locator("#todo-title")).to_have_text("Việc cần làm")
    expect(page.locator("#pending")).to_have_text(re.compile(r": 1$"))
    assert not Observation.objects.filter(indicator_id="vneid_l2", resident_id=person).exists()

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#pending")).to_have_text(re.compile(r": 0$"), timeout=30_000)
    expect(page.locator("#sync-state")).to_have_text(re.compile("Đã đồng bộ"))
    assert Observation.objects.filter(
        indicator_id="vneid_l2", resident_id=person, value=True, source=Source.VISIT
    ).exists()
    context.close()

    # 4. The commune officer reloads the campaign's page: the goal has gained one person.
    desk.reload()
    expect(gained(desk)).to_have_text("+1")
    check(desk, "campaign, after", WIDE["width"])
    desk_context.close()
    assert errors == []
