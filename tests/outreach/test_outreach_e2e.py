"""Issue 15's loop in a real browser: a commune officer writes an announcement in the composer
and sends it to two villages' teams; a member's phone (390 px) pulls it, goes offline and reads
it in the field app; back online, the read reaches the server, and the announcement's page
counts it read."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from langso.access import SYSTEM
from langso.outreach import selectors
from langso.outreach.models import Announcement, Delivery, DeliveryStatus
from langso.people import services as people
from tests.browser import log_in, phone, watch
from tests.clock import on_test_clock
from tests.learning.test_field_skills_e2e import poll
from tests.outreach.inbox_helpers import crew
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Cảnh báo cuộc gọi giả danh công an"
TEXT = "Chào {ten}, tuần này nhắc bà con ở {thon}: công an không gọi điện đòi chuyển tiền."
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
WIDE = {"width": 1280, "height": 900}


def clean(page: Any, state: str) -> None:
    """No "null", "undefined" or "NaN" on the screen, and nothing wider than the phone."""
    text = page.inner_text("body")
    assert re.findall(r"null|undefined|NaN", text) == [], f"{state}: {text!r}"
    assert page.evaluate(OVERFLOW) <= 0, state


def officer_sends(world: World, page: Any, base: str) -> Announcement:
    """The commune officer writes it in the composer, to the teams of villages A1 and A2 through
    the field app, and sends it from its page."""
    log_in(page, base, world.commune_officer.username, PASSWORD)
    page.goto(f"{base}/outreach/new/")
    page.fill("#id_title", TITLE)
    page.fill("#id_text", TEXT)
    for village in (world.village_a1, world.village_a2):
        page.check(f"input[name=units][value='{world.code(village)}']")
    page.check("input[name=channels][value=app]")
    # Two members with a login: A1's leader and Cà Thị Hoa (A2's leader has none).
    expect(page.locator("[data-channel=app] .out-reach")).to_contain_text("2")
    page.locator("#compose-form button[type=submit]").click()
    page.wait_for_load_state()
    announcement = Announcement.objects.get()
    page.locator(f"form[action='/outreach/{announcement.pk}/send/'] button").click()
    page.wait_for_load_state()
    announcement.refresh_from_db()
    return announcement


def test_a_member_reads_an_announcement_offline_and_the_dashboard_counts_it_read(
    world: World, live_server: Any, chromium: Any
) -> None:
    crew(world)
    people.household_create(actor=SYSTEM, village=world.village_a1, head_name="Lò Văn Pánh")
    desk = on_test_clock(chromium.new_context(viewport=WIDE))
    office = desk.new_page()
    office_errors = watch(office)
    announcement = officer_sends(world, office, live_server.url)
    mine = Delivery.objects.get(announcement=announcement, user=world.member)
    assert announcement.reach == {"app": 2}

    context, page, errors = phone(chromium)

    # The member's phone: the first sync brings the announcement, and says the phone holds it.
    page.goto(f"{live_server.url}/field/")
    page.fill("#username", world.member.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#households li")
    expect(page.locator("#unread")).to_have_text("1")
    assert poll(page, "() => navigator.serviceWorker.controller !== null")
    for _ in range(100):
        mine.refresh_from_db()
        if mine.delivered_at is not None:
            break
        page.wait_for_timeout(200)
    assert mine.status == DeliveryStatus.DELIVERED and mine.read_at is None
    clean(page, "home")

    # Offline at the door: the inbox, then the announcement, written for her.
    context.set_offline(True)
    page.click("#open-inbox")
    expect(page.locator("#inbox-count")).to_contain_text("1")
    page.locator("#inbox button", has_text=TITLE).click()
    expect(page.locator("#announcement h1")).to_have_text(TITLE)
    expect(page.locator("#announcement")).to_contain_text(
        "Chào Cà Thị Hoa, tuần này nhắc bà con ở Bản Hua Nà"
    )
    clean(page, "announcement")
    page.locator("button.back").click()
    expect(page.locator("#inbox-count")).not_to_contain_text("1")
    page.locator("button.back").click()
    expect(page.locator("#open-inbox")).to_be_visible()
    expect(page.locator("#unread")).to_have_count(0)
    mine.refresh_from_db()
    assert mine.read_at is None

    # Back online: the receipt goes with the next sync, and the dashboard counts the read.
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    for _ in range(150):
        mine.refresh_from_db()
        if mine.read_at is not None:
            break
        page.wait_for_timeout(200)
    assert mine.read_at is not None
    figures = selectors.dashboard(announcement=announcement)
    assert figures["channels"]["app"] == {"delivered": 1, "sent": 1}
    office.goto(f"{live_server.url}/outreach/{announcement.pk}/")
    expect(office.locator("main")).to_contain_text("Đã đọc trên ứng dụng thực địa: 1/2 (50%)")
    assert not office_errors
    desk.close()
    # The next sync brings it back marked read on the server; it stays read on the phone.
    read_at = mine.read_at
    page.click("#sync")
    expect(page.locator("#sync-state")).to_contain_text("Đã đồng bộ")
    page.click("#open-inbox")
    expect(page.locator("#inbox-count")).not_to_contain_text("1")
    page.locator("#inbox button", has_text=TITLE).click()
    page.locator("button.back").click()
    page.locator("button.back").click()
    expect(page.locator("#unread")).to_have_count(0)
    mine.refresh_from_db()
    assert mine.read_at == read_at
    clean(page, "home, all read")
    assert not errors
    context.close()
