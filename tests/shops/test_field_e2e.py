"""A household's business in the field app, in a phone-sized Chromium against a live server.

Offline, a member opens a household, registers its business (a shop link on Voso, the bank
account, the household's consent to the market page) and ticks the three steps of payment by QR
code; everything waits on the phone, marked as not sent. Back online, a sync sends it: the server
has the business with the phone's id and its steps, the household pays by QR code, and the
screen shows the server's business in place of the phone's. Then the commune officer prints its
payment stand (whose code, rendered and scanned back, pays the account typed at the door), and
anyone finds the shop on the commune's public market page.
"""

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from langso.access import SYSTEM
from langso.core import vietqr
from langso.indicators.models import Status
from langso.people.models import Household
from langso.people.services import ResidentData, household_create, resident_create
from langso.shops.checklist import ECOMMERCE, QR_PAYMENT
from langso.shops.models import Business, ShopLink, StepDone
from langso.visits.models import FieldEvent
from tests.browser import log_in, phone, watch
from tests.clock import on_test_clock
from tests.core.test_vietqr import zbar
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def clean(page: Any, state: str) -> None:
    """No "null", "undefined" or "NaN" on the screen, no raw step code, nothing wider than the
    phone."""
    text = page.inner_text("body")
    found = re.findall(r"null|undefined|NaN|first_listing|test_payment", text)
    assert found == [], f"{state}: {found} in {text!r}"
    assert page.evaluate(OVERFLOW) <= 0, state


def shot(page: Any, tmp_path: Path, name: str) -> None:
    """A full-page screenshot to look at (LANGSO_SCREENSHOTS names a folder to keep them)."""
    folder = Path(os.environ.get("LANGSO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"shops-{name}.png"), full_page=True)


def test_a_business_registered_offline_with_its_checklist_reaches_the_server(
    world: World, live_server: Any, chromium: Any, tmp_path: Path
) -> None:
    home = household_create(actor=SYSTEM, village=world.village_a1, head_name="Lò Thị Ón")
    resident_create(
        actor=SYSTEM,
        household=home,
        data=ResidentData(full_name="Lò Thị Ón", birth_year=1978, is_head=True),
    )
    context, page, errors = phone(chromium)
    page.goto(f"{live_server.url}/field/")
    page.fill("#username", world.member.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#households li")
    # Offline from here: the module comes from the service worker's cache. Polled: the page's
    # content security policy forbids the string evaluation wait_for_function relies on.
    for _ in range(150):
        if page.evaluate("() => navigator.serviceWorker.controller !== null"):
            break
        page.wait_for_timeout(200)
    assert page.evaluate("() => navigator.serviceWorker.controller !== null")
    context.set_offline(True)

    page.locator("#households > li", has_text="Lò Thị Ón").locator("button").first.click()
    page.wait_for_selector("#shops #register-business")
    assert page.locator("#shops-none").is_visible()
    clean(page, "no business yet")
    page.click("#register-business")
    page.wait_for_selector("#shop-form")
    assert page.locator("#app").is_hidden()
    # What the server would refuse is said at the door.
    page.fill("#shop-name", "Mật ong bạc hà Tông Lạnh")
    page.fill("#shop-link-voso", "https://shopee.vn/mat-ong")
    page.click("#save-business")
    expect(page.locator("#shop-problem")).to_be_visible()
    page.fill("#shop-link-voso", "https://voso.vn/shop/mat-ong-tong-lanh")
    page.fill("#shop-products", "Mật ong bạc hà, sáp ong")
    page.locator("input[name=category][value=honey]").check()
    page.select_option("#shop-bank", "970436")
    page.fill("#shop-account", "0011 0044 5566")
    page.fill("#shop-holder", "LO THI ON")
    page.check("#shop-listed")
    clean(page, "register form")
    shot(page, tmp_path, "form")
    page.click("#save-business")
    page.wait_for_selector("#shops [data-business]")
    assert page.locator("#shop-form").count() == 0
    card = page.locator("#shops [data-business]")
    assert card.locator(".pill").count() == 1
    assert "•••• 5566" in card.inner_text()
    assert "voso.vn/shop/mat-ong-tong-lanh" in card.inner_text()
    # The Voso checklist, opened by the link, and payment by QR code.
    assert card.locator("fieldset").count() == 2
    for waiting, step in enumerate(("account", "stand", "test_payment"), start=2):
        card = page.locator("#shops [data-business]")
        card.locator(f"fieldset[data-track=''] input[data-step={step}]").check()
        # Each tick waits in the outbox, and the screen is drawn again with it.
        expect(page.locator("#pending")).to_have_text(re.compile(f": {waiting}$"))
        page.wait_for_selector(f"#shops fieldset[data-track=''] input[data-step={step}]:checked")
    card = page.locator("#shops [data-business]")
    assert card.locator("fieldset[data-track=''] .pill").count() == 3
    clean(page, "offline")
    shot(page, tmp_path, "offline")
    assert not Business.objects.exists()

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#pending")).to_have_text(re.compile(r": 0$"), timeout=30_000)
    shop = Business.objects.get()
    assert (shop.household_id, shop.name, shop.categories) == (
        home.pk,
        "Mật ong bạc hà Tông Lạnh",
        ["honey"],
    )
    assert (shop.account_tail, shop.listed, shop.bank_bin) == ("5566", True, "970436")
    assert ShopLink.objects.get().url == "https://voso.vn/shop/mat-ong-tong-lanh"
    assert sorted(StepDone.objects.values_list("step", flat=True)) == [
        "account",
        "stand",
        "test_payment",
    ]
    assert FieldEvent.objects.filter(kind="business_step").count() == 3
    assert Household.objects.get(pk=home.pk).is_business
    assert Status.objects.get(household=home, indicator_id=QR_PAYMENT).value is True
    assert not Status.objects.filter(household=home, indicator_id=ECOMMERCE).exists()

    # The server's business now: nothing waits, the QR track is complete, and the household
    # counts as a business that pays by QR code.
    card = page.locator(f"#shops [data-business='{shop.pk}']")
    expect(card.locator(".pill")).to_have_count(0)
    assert card.locator("fieldset[data-track=''] .ok-text").count() == 1
    assert page.locator("#household-status .badge.yes").count() == 1
    clean(page, "synced")
    shot(page, tmp_path, "synced")
    assert errors == []
    context.close()

    # The commune officer, at the desk, prints the business's payment stand: the code printed on
    # the A6 page, scanned back, pays the account the member typed at the door.
    desk = on_test_clock(chromium.new_context(viewport={"width": 1280, "height": 900}))
    office = desk.new_page()
    office_errors = watch(office)
    log_in(office, live_server.url, world.commune_officer.username, PASSWORD)
    office.goto(f"{live_server.url}/shops/")
    office.get_by_role("link", name="Mật ong bạc hà Tông Lạnh").first.click()
    office.wait_for_load_state()
    stand = office.locator("a[href$='/stand.pdf']")
    answer = office.request.get(f"{live_server.url}{stand.get_attribute('href')}")
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "stand.pdf"
    pdf.write_bytes(answer.body())
    subprocess.run(  # noqa: S603 - poppler's fixed program on a file the test wrote
        ["/usr/bin/pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(tmp_path / "s")],
        check=True,
        timeout=120,
    )
    scanned = vietqr.decode(zbar(tmp_path / "s.png"))
    assert (scanned.bank_bin, scanned.account) == ("970436", "001100445566")
    assert office_errors == []
    desk.close()

    # Anyone, without an account, finds the shop on the commune's market page.
    visitor, market, market_errors = phone(chromium)
    market.goto(f"{live_server.url}/cho/{world.code(world.commune_a)}/")
    expect(market.locator("h2", has_text="Mật ong bạc hà Tông Lạnh")).to_be_visible()
    link = market.locator("a[href='https://voso.vn/shop/mat-ong-tong-lanh']")
    expect(link).to_have_attribute("rel", "nofollow noopener")
    assert market.evaluate(OVERFLOW) <= 0
    shot(market, tmp_path, "market")
    assert market_errors == []
    visitor.close()
