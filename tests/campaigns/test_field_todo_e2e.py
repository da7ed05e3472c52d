"""A member's to-do for a campaign in the field app, on a phone-sized Chromium, offline then
online: the households given to them, most left to do first, each person with the campaign's
indicators still to do; a visit recorded offline moves the list at once, and once synced the
campaign's progress shows the gain. A household taken back leaves the phone's to-do."""

import os
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from langso.access import SYSTEM
from langso.campaigns import services as campaigns
from langso.campaigns.models import Campaign
from langso.core.dates import today
from langso.indicators.models import Observation, Source
from langso.people.models import Household, Resident
from langso.people.services import ResidentData, household_create, resident_create
from tests.browser import phone
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def clean(page: Any, folder: Path, state: str) -> None:
    """No "null", "undefined" or "NaN" on the screen, nothing wider than the phone; and a
    full-page screenshot to look at (LANGSO_SCREENSHOTS names a folder to keep them)."""
    text = page.inner_text("body")
    found = re.findall(r"null|undefined|NaN", text)
    assert found == [], f"{state}: {found} in {text!r}"
    assert page.evaluate(OVERFLOW) <= 0, state
    folder = Path(os.environ.get("LANGSO_SCREENSHOTS") or folder)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"todo-{state.replace(' ', '-')}.png"), full_page=True)


def household(world: World, head: str, *others: str, born: int = 1980) -> Household:
    made = household_create(actor=SYSTEM, village=world.village_a1, head_name=head, number="7")
    for index, name in enumerate([head, *others]):
        resident_create(
            actor=SYSTEM,
            household=made,
            data=ResidentData(full_name=name, birth_year=born + index, is_head=index == 0),
        )
    return made


def vneid_campaign(world: World) -> Campaign:
    """The commune's plan for VNeID level 2 and fibre broadband, started a week ago."""
    made = campaigns.campaign_create(
        actor=world.commune_officer,
        name="Kích hoạt VNeID mức 2",
        basis_number="125/KH-UBND",
        basis_date=None,
        unit_code=world.code(world.commune_a),
        starts_on=today() - timedelta(days=7),
        ends_on=today() + timedelta(days=83),
        goals=[
            campaigns.GoalData(indicator="vneid_l2", target_share=Decimal("0.9")),
            campaigns.GoalData(indicator="household_broadband", target_share=Decimal("0.5")),
        ],
    )
    return campaigns.campaign_activate(actor=world.commune_officer, campaign=made)


def give(world: World, campaign: Campaign, member_id: int | None, *homes: Household) -> None:
    campaigns.assignments_give(
        actor=world.leader,
        campaign=campaign,
        village_code=world.code(world.village_a1),
        member_id=member_id,
        household_ids=[home.pk for home in homes],
    )


def test_a_member_works_through_the_campaigns_to_do_offline_and_the_gain_reaches_the_plan(
    world: World, live_server: Any, chromium: Any, tmp_path: Path
) -> None:
    panh = household(world, "Lò Văn Pánh", "Lò Thị Ón")
    thoa = household(world, "Cầm Thị Thoa")
    inh = household(world, "Quàng Văn Inh")
    # A child is under the indicator's age (14): nothing to do for her.
    household(world, "Lường Thị Xuân", born=2020)
    campaign = vneid_campaign(world)
    give(world, campaign, world.member.pk, panh, thoa)
    give(world, campaign, world.leader.pk, inh)
    officer = world.client(world.commune_officer)
    before = officer.get(f"/api/v1/campaigns/{campaign.pk}/progress").json()["goals"][0]

    context, page, errors = phone(chromium, timezone_id="Asia/Ho_Chi_Minh")
    page.goto(f"{live_server.url}/field/")
    page.fill("#username", world.member.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("#sync-state")).to_have_text(re.compile("Đã đồng bộ"))
    entry = page.locator(f"#campaigns [data-campaign='{campaign.pk}']")
    expect(entry).to_contain_text("Việc cần làm: Kích hoạt VNeID mức 2")
    expect(entry).to_contain_text("Được giao 2 hộ, đã xong 0 hộ")
    clean(page, tmp_path, "households with the campaign")

    # From here the phone is offline: the to-do works from what it holds.
    context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    entry.click()
    expect(page.locator("#todo-title")).to_have_text("Việc cần làm")
    expect(page.locator("#campaign")).to_contain_text("Mục tiêu: Công dân từ 14 tuổi")
    cards = page.locator("#households > li")
    expect(cards).to_have_count(2)
    assert cards.nth(0).inner_text().startswith("Lò Văn Pánh")
    assert cards.nth(1).inner_text().startswith("Cầm Thị Thoa")
    assert "Lò Thị Ón: VNeID" in cards.nth(0).inner_text()
    assert "Hộ gia đình: Internet cáp quang" in cards.nth(0).inner_text()
    assert "Quàng Văn Inh" not in page.inner_text("#households")
    clean(page, tmp_path, "the to-do offline")

    # A visit from the to-do: both adults of the first household now have VNeID level 2, and
    # the household has fibre broadband.
    cards.nth(0).locator("button").click()
    page.click("#record")
    for person in Resident.objects.filter(household=panh):
        page.check(f"input[data-resident='{person.pk}'][data-indicator='vneid_l2']")
    page.check("#household-learnt input[data-indicator='household_broadband']")
    clean(page, tmp_path, "the visit form")
    page.click("#save-visit")
    expect(page.locator("#todo-title")).to_have_text("Việc cần làm")
    expect(page.locator("#pending")).to_have_text(re.compile(r": 1$"))
    # It dropped to the bottom, nothing left to do there.
    assert cards.nth(0).inner_text().startswith("Cầm Thị Thoa")
    assert cards.nth(1).inner_text().startswith("Lò Văn Pánh")
    expect(cards.nth(1)).to_contain_text("Không ai trong hộ còn thiếu")
    expect(page.locator("#todo-progress")).to_contain_text("Được giao 2 hộ, đã xong 1 hộ")
    clean(page, tmp_path, "the to-do after an offline visit")

    # Online again: the visit goes through the same sync as every other.
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#pending")).to_have_text(re.compile(r": 0$"), timeout=30_000)
    expect(page.locator("#sync-state")).to_have_text(re.compile("Đã đồng bộ"))
    recorded = Observation.objects.filter(
        indicator_id="vneid_l2", source=Source.VISIT, value=True, resident__household=panh
    )
    assert recorded.count() == 2
    assert Observation.objects.filter(
        indicator_id="household_broadband", value=True, household=panh, resident=None
    ).exists()
    after = officer.get(f"/api/v1/campaigns/{campaign.pk}/progress").json()["goals"][0]
    assert after["achieved"] == before["achieved"] + 2
    assert after["gained"] == before["gained"] + 2 == 2
    assert cards.nth(1).inner_text().startswith("Lò Văn Pánh")

    # The leader takes the second household back: the next sync takes it off the phone's to-do.
    give(world, campaign, world.leader.pk, thoa)
    page.click("#sync")
    expect(cards).to_have_count(1)
    assert cards.nth(0).inner_text().startswith("Lò Văn Pánh")
    expect(page.locator("#todo-progress")).to_contain_text("Được giao 1 hộ, đã xong 1 hộ")
    clean(page, tmp_path, "the to-do after a household was moved")

    # Closed, the campaign leaves the phone; the member is told so and sees every household.
    campaigns.campaign_close(actor=world.commune_officer, campaign=campaign)
    page.click("#sync")
    expect(page.locator("#app [role=status]")).to_contain_text("Chiến dịch đó đã kết thúc")
    expect(page.locator("#campaigns")).to_have_count(0)
    expect(cards).to_have_count(4)
    clean(page, tmp_path, "the campaign closed")
    assert errors == []
    context.close()
