"""Each role, in a real browser on a phone: logs in, lands on its home, and opens every link of
the home and of the menu. No page says "None", "null" or "undefined", shows a raw error code or
English in the Vietnamese interface, or is wider than the phone (390 px)."""

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser import phone
from tests.homes.busy import Busy, build_busy
from tests.homes.pages import problems
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = ["province_officer", "commune_officer", "leader", "member", "member_b", "outsider"]
# Downloads and the field app's files are not pages to read.
NOT_PAGES = re.compile(r"\.(xlsx|png|js|webmanifest)$|^/static/|^/api/|^/admin/")


@pytest.fixture
def busy(world: World) -> Busy:
    return build_busy(world)


LINKS = """() => Array.from(
    document.querySelectorAll('main a[href], nav.mainmenu .menu-phone a[href]'),
    a => a.getAttribute('href'))"""


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def _check(page: Any, url: str) -> list[str]:
    found = [f"{url}: {p}" for p in problems(page.inner_text("body"))]
    title = page.title()
    found += [f"{url} (title): {p}" for p in problems(title)]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 390:
        found.append(f"{url}: {width} px wide")
    return found


@pytest.mark.parametrize("who", ROLES)
def test_each_role_walks_its_home_and_menu_on_a_phone(
    busy: Busy, who: str, live_server: Any, chromium: Any, session_data_back: None, settings: Any
) -> None:
    # The live server speaks plain http; cookies marked Secure would not come back over it.
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    base = live_server.url
    context, page, errors = phone(chromium, locale="vi-VN")
    _log_in(page, base, who)
    failures = _check(page, "/")
    # The folded menu opens without JavaScript's help (details/summary).
    if page.locator("nav.mainmenu summary").count():
        page.locator("nav.mainmenu summary").click()
        assert page.locator("nav.mainmenu .menu-phone a").first.is_visible()
        failures += _check(page, "/ (menu open)")
    links: list[str] = []
    for href in page.evaluate(LINKS):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or NOT_PAGES.search(parts.path):
            continue
        if href not in links:
            links.append(href)
    assert links, "the home leads nowhere"
    for href in links:
        answer = page.goto(base + href)
        if answer is None or answer.status >= 400:
            failures.append(f"{href}: {answer.status if answer else 'no answer'}")
            continue
        page.wait_for_load_state("load")
        failures += _check(page, href)
    context.close()
    assert failures == []
    assert errors == []
