"""The field app in a real browser (Debian's Chromium through Playwright), against a live server.

Log in, go offline, record three visits, reload while still offline and see them pending, come
back online, see them synced and the village's figures moved on its dashboard.
"""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from langso.access import SYSTEM
from langso.indicators.models import Status
from langso.people.services import ResidentData, household_create, resident_create
from langso.visits.models import Visit
from tests.browser import phone
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)


def people(world: World) -> list[int]:
    """Three households of village A1, each with one adult who has no VNeID yet."""
    heads = []
    for name in ("Lò Văn Pánh", "Cầm Thị Thoa", "Quàng Văn Inh"):
        household = household_create(actor=SYSTEM, village=world.village_a1, head_name=name)
        head = resident_create(
            actor=SYSTEM,
            household=household,
            data=ResidentData(full_name=name, birth_year=1980, is_head=True),
        )
        heads.append(head.pk)
    return heads


def test_visits_recorded_offline_are_kept_then_synced_and_counted(
    world: World, live_server: Any, chromium: Any
) -> None:
    heads = people(world)
    context, page, errors = phone(chromium)
    page.goto(f"{live_server.url}/field/")
    page.fill("#username", world.member.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#households li")
    assert page.locator("#households > li").count() == 3
    # The app must already work offline: its shell is cached by the service worker.
    # Polled from here: the page's content security policy forbids the string evaluation that
    # wait_for_function relies on.
    for _ in range(150):
        if page.evaluate("() => navigator.serviceWorker.controller !== null"):
            break
        page.wait_for_timeout(200)
    assert page.evaluate("() => navigator.serviceWorker.controller !== null")

    context.set_offline(True)
    # By name: the list puts the households with most left to do first, so a visit moves one.
    for name in ("Lò Văn Pánh", "Cầm Thị Thoa", "Quàng Văn Inh"):
        page.locator("#households > li", has_text=name).locator("button").first.click()
        page.click("#record")
        page.locator("input[name=topic][value=vneid]").check()
        page.locator("input[name=learnt][data-indicator=vneid_l2]").check()
        page.click("#save-visit")
        page.wait_for_selector("#pending")
    assert "3" in page.inner_text("#pending")
    assert not Visit.objects.exists()

    page.reload()
    page.wait_for_selector("#pending")
    assert "3" in page.inner_text("#pending")

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#pending")).to_have_text(re.compile(r": 0$"), timeout=30_000)
    assert Visit.objects.count() == 3
    assert (
        Status.objects.filter(resident_id__in=heads, indicator_id="vneid_l2", value=True).count()
        == 3
    )

    # The village dashboard shows the new figures.
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", world.member.username)
    page.fill("input[name=password]", PASSWORD)
    # Wait for the login to land (its session cookie set) before asking for the dashboard.
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/units/{world.code(world.village_a1)}/dashboard/")
    assert "3/3" in page.inner_text("main")
    assert errors == []
    context.close()
