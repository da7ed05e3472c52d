"""Every page each role reaches from its home and its menu, read with the test client: none
says "None", "null" or "undefined", shows a raw error code or English in Vietnamese."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.homes.busy import Busy
from tests.homes.pages import problems, visible_text

pytestmark = pytest.mark.django_db

ROLES = ["province_officer", "commune_officer", "leader", "member", "member_b", "outsider"]
LINK = re.compile(r'<a\b[^>]*\bhref="([^"#]+)"')
# Downloads and the field app's files are not pages; logging out is a form, not a link.
NOT_PAGES = re.compile(r"\.(xlsx|png|js|webmanifest)$|^/static/|^/api/|^/admin/")


def links_of_home_and_menu(client: Client) -> list[str]:
    html = client.get("/").content.decode()
    found = []
    for href in LINK.findall(html):
        href = href.replace("&amp;", "&")
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or NOT_PAGES.search(parts.path):
            continue
        if href not in found:
            found.append(href)
    return found


@pytest.mark.parametrize("who", ROLES)
def test_no_page_a_role_reaches_from_home_and_menu_shows_none_codes_or_english(
    busy: Busy, who: str
) -> None:
    client = busy.world.client(getattr(busy.world, who))
    links = links_of_home_and_menu(client)
    assert "/" in links or who == "outsider" or len(links) > 3
    failures = []
    for url in ["/", *links]:
        answer = client.get(url, follow=True)
        if answer.status_code != 200:
            failures.append(f"{url}: {answer.status_code}")
            continue
        if "text/html" not in answer["Content-Type"]:
            continue
        failures += [f"{url}: {p}" for p in problems(visible_text(answer.content.decode()))]
    assert failures == []


def test_the_scan_finds_what_it_looks_for() -> None:
    """The checks themselves, on a page that breaks each rule."""
    html = (
        "<html><head><title>Trang</title><script>var x = null;</script></head><body>"
        "<p>Người dân: None</p><p>Mã: VILLAGE_UNKNOWN</p><p>Household number</p>"
        '<input placeholder="Search units"></body></html>'
    )
    found = problems(visible_text(html))
    assert "“None” shown" in found
    assert "raw code VILLAGE_UNKNOWN" in found
    assert any("household number" in p for p in found)
    assert any("Search units" in p for p in found)
    assert not any("null" in p for p in found)  # inside a script, not shown
    assert problems(visible_text("<p>Xin chào, Lò Văn Xuân · Bản Hua Nà</p>")) == []
