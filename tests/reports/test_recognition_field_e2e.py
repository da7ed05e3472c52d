"""The field app's "my month" in a phone's browser (from the guides' screen): loaded when first
opened, the member's own figures and the people they guided, in words, 390 px wide without
scrolling sideways."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import phone
from tests.reports.recognition_helpers import link_members, visits
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_opens_their_month_in_the_field_app(
    world: World, live_server: Any, chromium: Any
) -> None:
    link_members(world)
    visits(world.member, world.village_a1, 2)
    context, page, errors = phone(chromium, service_workers="block")
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(f"{live_server.url}/field/")
    page.fill("#username", world.member.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#open-guides")
    page.click("#open-guides")
    page.wait_for_selector("#open-record")
    # Not part of the first load, nor of the guides' module: loaded when opened.
    assert not any(url.endswith("/field/month.js") for url in loaded)
    page.click("#open-record")
    page.wait_for_selector("#record-figures")
    expect(page.locator("#record h1")).to_have_text("Tháng của tôi")
    assert page.locator("#app").is_hidden()
    figures = page.inner_text("#record-figures")
    assert re.search(r"Lượt đến thăm hộ\s+2", figures), figures
    assert re.search(r"Số giờ đi thăm hộ\s+1", figures), figures
    guided = page.inner_text("#record-guided")
    assert "định danh điện tử mức 2 (VNeID): 2" in guided
    body = page.inner_text("body")
    for word in ("null", "undefined", "NaN", "vneid_l2"):
        assert word not in body
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == []
    # Back to the list, which was kept underneath.
    page.get_by_role("button", name="← Quay lại").click()
    assert page.locator("#app").is_visible() and page.locator("#record").count() == 0
    context.close()
