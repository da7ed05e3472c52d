"""Logging out of the field app, and a login revoked elsewhere, in a real browser (Debian's
Chromium through Playwright) against a live server: the token is revoked on the server and
nothing of the member's stays in the phone's IndexedDB; unsent visits are never dropped without
the member being asked, with their number."""

from typing import Any

import pytest

from langso.access import SYSTEM
from langso.accounts import services as accounts
from langso.accounts.models import ApiToken
from langso.people.services import ResidentData, household_create, resident_create
from langso.visits.models import Visit
from tests.browser import phone
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)

# How many records each of the app's IndexedDB stores holds. Passed to page.evaluate as a
# function: the page's content security policy forbids evaluating strings inside it.
STORE_COUNTS = """async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("langso-field");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const counts = {};
  for (const name of db.objectStoreNames) {
    counts[name] = await new Promise((resolve) => {
      const request = db.transaction(name).objectStore(name).count();
      request.onsuccess = () => resolve(request.result);
    });
  }
  db.close();
  return counts;
}"""
EMPTY = {"meta": 0, "households": 0, "residents": 0, "outbox": 0, "rejected": 0}


def households(world: World) -> None:
    for name in ("Lò Văn Pánh", "Cầm Thị Thoa"):
        household = household_create(actor=SYSTEM, village=world.village_a1, head_name=name)
        resident_create(
            actor=SYSTEM,
            household=household,
            data=ResidentData(full_name=name, birth_year=1980, is_head=True),
        )


def open_app(world: World, live_server: Any, chromium: Any) -> tuple[Any, Any, list[str]]:
    """A phone-sized browser with the member logged in to the field app and the village synced."""
    context, page, errors = phone(chromium)
    page.goto(f"{live_server.url}/field/")
    page.fill("#username", world.member.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#households li")
    counts = page.evaluate(STORE_COUNTS)
    assert counts["households"] == 2
    assert counts["residents"] == 2
    assert counts["meta"] > 0
    return context, page, errors


def the_token() -> ApiToken:
    return ApiToken.objects.get()


def test_logout_revokes_the_token_and_empties_every_store(
    world: World, live_server: Any, chromium: Any
) -> None:
    households(world)
    context, page, errors = open_app(world, live_server, chromium)
    token = the_token()
    assert token.revoked_at is None
    assert token.browser == "Chrome"

    page.click("text=Đăng xuất")
    page.wait_for_selector("#login-notice")

    assert "Bạn đã đăng xuất" in page.inner_text("#login-notice")
    assert page.evaluate(STORE_COUNTS) == EMPTY
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by_id == world.member.pk
    # The page reloaded shows the login, not the village.
    page.reload()
    page.wait_for_selector("#username")
    assert page.locator("#households").count() == 0
    assert errors == []
    context.close()


def test_logout_with_unsent_visits_asks_first_with_their_number(
    world: World, live_server: Any, chromium: Any
) -> None:
    households(world)
    context, page, errors = open_app(world, live_server, chromium)
    context.set_offline(True)
    page.locator("#households li button").first.click()
    page.click("#record")
    page.locator("input[name=topic][value=vneid]").check()
    page.click("#save-visit")
    page.wait_for_selector("#pending")

    page.click("text=Đăng xuất")
    page.wait_for_selector("#unsent-warning")
    assert "Số lượt đến thăm chưa gửi: 1" in page.inner_text("#unsent-warning")
    assert page.locator("#offline-warning").count() == 1
    page.click("#cancel-logout")
    page.wait_for_selector("#households li")
    assert page.evaluate(STORE_COUNTS)["outbox"] == 1

    page.click("text=Đăng xuất")
    page.click("#confirm-logout")
    page.wait_for_selector("#login-notice")

    assert page.evaluate(STORE_COUNTS) == EMPTY
    assert not Visit.objects.exists()
    # Offline, the server could not be told: the member was warned that the login stays valid
    # until it expires or is revoked from the devices page.
    assert the_token().revoked_at is None
    assert errors == []
    context.close()


def test_a_login_revoked_elsewhere_clears_the_phone_at_the_next_call(
    world: World, live_server: Any, chromium: Any
) -> None:
    households(world)
    context, page, errors = open_app(world, live_server, chromium)

    accounts.tokens_revoke_all(actor=world.commune_officer, user=world.member)
    page.click("#sync")
    page.wait_for_selector("#login-notice")

    assert "đã bị thu hồi" in page.inner_text("#login-notice")
    assert page.evaluate(STORE_COUNTS) == EMPTY
    assert errors == []
    context.close()


def test_an_expired_login_keeps_the_unsent_visits_until_the_member_logs_in_again(
    world: World, live_server: Any, chromium: Any
) -> None:
    households(world)
    context, page, errors = open_app(world, live_server, chromium)
    context.set_offline(True)
    page.locator("#households li button").first.click()
    page.click("#record")
    page.locator("input[name=topic][value=vneid]").check()
    page.click("#save-visit")
    page.wait_for_selector("#pending")
    ApiToken.objects.update(expires_at=the_token().created_at)

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#login-notice")
    assert "hết hạn" in page.inner_text("#login-notice")
    assert page.evaluate(STORE_COUNTS)["outbox"] == 1
    assert "member (số lượt đến thăm chưa gửi: 1)" in page.inner_text("#previous-user")
    page.fill("#username", world.member.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#households li")
    for _ in range(100):
        if Visit.objects.exists():
            break
        page.wait_for_timeout(100)

    assert Visit.objects.filter(member=world.member).count() == 1
    assert errors == []
    context.close()
