"""The field app as a to-do list, in a phone-sized Chromium against a live server.

The cards say who still lacks what, when the household was last visited and by whom, and when
to come back; the list is ordered, searched (without diacritics) and filtered by village. What
the member adds offline (a household, a person, a correction, a day to come back, a visit dated
back to earlier in the week) reaches the server at the next sync. In no state does the screen
show "null" or "undefined", nor scroll sideways, and the first load stays under 60 KB.
"""

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from langso.access import SYSTEM
from langso.accounts import services as accounts
from langso.accounts.models import Role
from langso.core.dates import today
from langso.people.models import Household, Resident
from langso.people.services import ResidentData, household_create, resident_create
from langso.visits import services as sync
from langso.visits.models import Correction, FollowUp, Visit
from tests.browser import phone
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)

FIRST_LOAD_LIMIT = 60_000
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def clean(page: Any, state: str) -> None:
    """No "null", "undefined" or "NaN" on the screen, and nothing wider than the phone."""
    text = page.inner_text("body")
    found = re.findall(r"null|undefined|NaN", text)
    assert found == [], f"{state}: {found} in {text!r}"
    assert page.evaluate(OVERFLOW) <= 0, state


def village_people(world: World) -> dict[str, Household]:
    """Three households of village A1 and one of A2 (the member works in both)."""
    accounts.role_grant(user=world.member, role=Role.TEAM_MEMBER, unit=world.village_a2)
    homes = {}
    for village, head, others in (
        (world.village_a1, "Lò Văn Pánh", ["Lò Thị Ón", "Lò Văn Chăm"]),
        (world.village_a1, "Cầm Thị Thoa", []),
        (world.village_a1, "Quàng Văn Inh", ["Quàng Thị Xuân"]),
        (world.village_a2, "Tòng Văn Hặc", []),
    ):
        household = household_create(actor=SYSTEM, village=village, head_name=head, number="7")
        for index, name in enumerate([head, *others]):
            resident_create(
                actor=SYSTEM,
                household=household,
                data=ResidentData(full_name=name, birth_year=1980 + index, is_head=index == 0),
            )
        homes[head] = household
    return homes


def login(page: Any, world: World) -> None:
    page.fill("#username", world.member.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")


def test_the_to_do_list_orders_searches_and_filters_and_never_shows_null(
    world: World, live_server: Any, chromium: Any
) -> None:
    homes = village_people(world)
    world.leader.full_name = "Lò Văn Xuân"
    world.leader.save()
    inh = homes["Quàng Văn Inh"]
    head = Resident.objects.get(household=inh, is_head=True)
    occurred = timezone.now() - timedelta(hours=2)
    due = today() + timedelta(days=2)
    results = sync.sync_push(
        actor=world.leader,
        device_id="t",
        events=[
            {
                "kind": "visit",
                "id": str(uuid.uuid4()),
                "household_id": inh.pk,
                "occurred_at": occurred.isoformat(),
                "observations": [
                    {"resident_id": head.pk, "indicator": code, "value": True}
                    for code in ("smartphone", "vneid_l2", "epayment")
                ],
            },
            {
                "kind": "follow_up",
                "id": str(uuid.uuid4()),
                "household_id": inh.pk,
                "due_on": due.isoformat(),
            },
        ],
    )
    assert [r["status"] for r in results] == ["created", "created"]
    # The error state needs the pull refused on the way, which a service worker would hide.
    context, page, errors = phone(chromium, service_workers="block", timezone_id="Asia/Ho_Chi_Minh")
    # What the first load transferred: every response's headers and body as they came over the
    # network (compressed, when the server compresses).
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{live_server.url}/field/")
    page.wait_for_selector("#username")
    page.wait_for_load_state("networkidle")
    sizes = {r.url: r.request.sizes() for r in responses}
    transferred = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes.values())
    assert any(url.endswith("app.js") for url in sizes)
    assert 0 < transferred < FIRST_LOAD_LIMIT, sizes
    clean(page, "login")

    login(page, world)
    page.wait_for_selector("#households li")
    expect(page.locator("#sync-state")).to_have_text(re.compile("Đã đồng bộ"))
    clean(page, "synced")
    cards = page.locator("#households > li")
    assert cards.count() == 4
    # Most to do first: three adults lacking everything, then the others.
    assert cards.first.inner_text().startswith("Lò Văn Pánh")
    assert "Bản Hua Nà" in cards.first.inner_text()
    assert world.code(world.village_a1) not in page.inner_text("#households")
    assert "Lò Thị Ón:" in cards.first.inner_text()
    visited = page.locator("#households > li", has_text="Quàng Văn Inh")
    assert "do Lò Văn Xuân" in visited.inner_text()
    assert f"Hẹn quay lại: {due:%d/%m/%Y}" in visited.inner_text()
    assert "Chưa đến thăm" in cards.first.inner_text()

    # Not visited longest first: the one visited comes last.
    page.select_option("#order", "unvisited")
    assert cards.last.inner_text().startswith("Quàng Văn Inh")
    # Search without diacritics, by anyone in the household.
    page.fill("#search", "lo thi on")
    assert cards.count() == 1 and cards.first.inner_text().startswith("Lò Văn Pánh")
    page.fill("#search", "")
    page.select_option("#village", str(world.village_a2.pk))
    assert cards.count() == 1 and cards.first.inner_text().startswith("Tòng Văn Hặc")
    page.select_option("#village", "")
    clean(page, "filtered")

    # A household's page: its people, history with who came, the follow-up form.
    visited.locator("button").click()
    page.wait_for_selector("#history li")
    assert "Lò Văn Xuân" in page.inner_text("#history")
    clean(page, "household")
    page.click("#record")
    clean(page, "visit form")
    page.click("text=Quay lại")

    # Offline with items waiting: a follow-up and a visit.
    context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    page.fill("#follow-up", (today() + timedelta(days=5)).isoformat())
    page.click("#follow-up-form button[type=submit]")
    expect(page.locator("#pending")).to_have_text(re.compile(r": 1$"))
    clean(page, "offline, pending")

    # An error: the server refuses the pull; the bar says so, and nothing reads "null".
    context.set_offline(False)
    context.route("**/api/v1/sync/pull*", lambda route: route.fulfill(status=500, body="{}"))
    page.click("#sync")
    expect(page.locator("#sync-state")).to_have_text(re.compile("không thành công"))
    clean(page, "sync failed")
    context.unroute("**/api/v1/sync/pull*")
    assert FollowUp.objects.filter(household=inh).count() == 2

    # Refused by the server, once with its message and once without one.
    def refuse(route: Any) -> None:
        events = route.request.post_data_json["events"]
        results = [
            {"id": e["id"], "status": "rejected", "code": "EVENT_INVALID", "message": message}
            for e, message in zip(events, ["Không có hộ này.", None], strict=False)
        ]
        route.fulfill(json={"results": results})

    context.route("**/api/v1/sync/push", refuse)
    page.click("#clear-follow-up")
    page.fill("#follow-up", (today() + timedelta(days=6)).isoformat())
    page.click("#follow-up-form button[type=submit]")
    expect(page.locator("#pending")).to_have_text(re.compile(r": 0$"))
    page.click(".back")
    expect(page.locator("#rejected")).to_contain_text("Không có hộ này.")
    clean(page, "refused by the server")
    page.click("#rejected button")
    expect(page.locator("#rejected")).to_have_count(0)
    context.unroute("**/api/v1/sync/push")
    assert errors == []
    context.close()


def test_what_is_added_offline_reaches_the_server_at_the_next_sync(
    world: World, live_server: Any, chromium: Any
) -> None:
    homes = village_people(world)
    panh = homes["Lò Văn Pánh"]
    context, page, errors = phone(chromium, timezone_id="Asia/Ho_Chi_Minh")
    page.goto(f"{live_server.url}/field/")
    login(page, world)
    page.wait_for_selector("#households li")
    expect(page.locator("#sync-state")).to_have_text(re.compile("Đã đồng bộ"))
    context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")

    # A new household with its head, then a second person in it.
    page.click("#add-household")
    page.select_option("#new-village", str(world.village_a1.pk))
    page.fill("#full-name", "Lường Văn Mới")
    page.fill("#birth-year", "1991")
    page.select_option("#sex", "M")
    page.fill("#number", "42")
    page.click("#save-form")
    page.wait_for_selector("#not-sent")
    page.click("#add-resident")
    page.fill("#full-name", "Lường Thị Con")
    page.fill("#birth-year", "3000")
    page.click("#save-form")
    assert "1900" in page.inner_text("#form-problem")
    page.fill("#birth-year", "2015")
    page.click("#save-form")
    page.wait_for_selector("text=Lường Thị Con")
    clean(page, "new household offline")

    # A correction of a name, and a visit dated back to Monday of this week.
    page.click(".back")
    page.locator("#households > li", has_text="Lò Văn Pánh").locator("button").click()
    page.locator("[data-resident]", has_text="Lò Thị Ón").locator("button.correct").click()
    page.fill("#full-name", "Lò Thị Ơn")
    page.click("#save-form")
    page.wait_for_selector(".pending-correction")
    page.click("#record")
    page.wait_for_selector("#visit-day")
    options = page.locator("#visit-day option")
    page.select_option("#visit-day", str(options.count() - 1))
    # Midnight starting Monday: the earliest moment the server takes.
    page.fill("#visit-time", "00:00")
    page.locator("input[name=topic][value=vneid]").check()
    page.click("#save-visit")
    expect(page.locator("#pending")).to_have_text(re.compile(r": 5$"))
    clean(page, "offline, five waiting")

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#pending")).to_have_text(re.compile(r": 0$"), timeout=30_000)
    added = Household.objects.get(number="42", village=world.village_a1)
    assert sorted(added.residents.values_list("full_name", "birth_year", "is_head")) == [
        ("Lường Thị Con", 2015, False),
        ("Lường Văn Mới", 1991, True),
    ]
    correction = Correction.objects.get()
    assert (correction.old_full_name, correction.full_name) == ("Lò Thị Ón", "Lò Thị Ơn")
    visit = Visit.objects.get(household=panh)
    day = today()
    local = timezone.localtime(visit.occurred_at)
    assert (local.date(), local.hour, local.minute) == (day - timedelta(days=day.weekday()), 0, 0)
    # The added household is now the server's: one card, no longer marked as not sent.
    expect(page.locator("#households > li", has_text="Lường Văn Mới")).to_have_count(1)
    assert "chưa gửi" not in page.inner_text("#households")
    assert page.locator("#rejected").count() == 0
    clean(page, "synced after offline work")
    assert errors == []
    context.close()
