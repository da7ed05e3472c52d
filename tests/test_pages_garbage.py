"""Every page, fed garbage in its address, its query and its form, answers a page or a client
error: never a 500. The addresses come from the URL configuration, so a new page is covered
the day it is added."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.roles import World

pytestmark = pytest.mark.django_db

# "3.066" is an id as a Vietnamese page would write it with its thousands separator.
ODD = [
    "0",
    "-1",
    "99999999999",
    "3.066",
    "²",
    "x" * 400,
    "Thuận Châu",
    "<b>",
    "2025-02-30",
    "%00",
    " ",
    "\x00",
]
# A value for each converter in our URLs: 14 is the province of the test world, 1 its first
# team or report, so that pages with real objects get the odd queries and forms too.
CONVERTERS = {"int": "1", "str": "14", "slug": "zz-99", "path": "zz/99"}


def _read_in_code(*patterns: str) -> set[str]:
    names: set[str] = set()
    for path in (Path(__file__).resolve().parents[1] / "langso").rglob("*.py"):
        text = path.read_text()
        for pattern in patterns:
            names.update(re.findall(pattern, text))
    return names


def query_names() -> list[str]:
    """Every query parameter a page reads (found in the code, so a new one is covered too)."""
    found = _read_in_code(
        r"""GET\.get\(\s*["'](\w+)["']""", r"""day_param\(request,\s*["'](\w+)["']"""
    )
    return sorted(found | {"on", "q", "page", "unit", "days", "indicator"})


def form_names() -> list[str]:
    """Form fields views read themselves (forms check their own), and a few common ones."""
    found = _read_in_code(r"""(?:POST|post)\.get\(\s*["'](\w+)["']""")
    return sorted(found | {"code", "name", "category"})


def addresses() -> list[str]:
    """Every address of the site (not the API, the admin or Open311), with odd parameters."""
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                found.append(prefix + route)

    walk(get_resolver().url_patterns, "")
    urls = []
    for route in found:
        if route.startswith(("api/", "admin/", "^api/", "^open311", "open311", "i18n/")):
            continue
        if route.startswith("^") or "(?P" in route:
            continue
        url = "/" + re.sub(
            r"<(?:(\w+):)?\w+>", lambda m: CONVERTERS.get(m.group(1) or "str", "zz"), route
        )
        urls.append(url)
    return sorted(set(urls))


@pytest.mark.parametrize("who", ["province_officer", "member", None])
def test_garbage_never_gets_a_server_error_from_a_page(world: World, who: str | None) -> None:
    client = Client(raise_request_exception=False)
    urls = addresses()
    names = query_names()
    fields = form_names()
    assert len(urls) >= 30
    assert {"household", "member", "ethnicity", "from"} <= set(names)
    assert {"assignee", "status", "next"} <= set(fields)
    failures = []
    for url in urls:
        # Again for each page: a POST to the logout address ends the session, and the pages
        # after it would be tried as an anonymous visitor only.
        if who is not None:
            client.force_login(getattr(world, who))
        for value in ODD:
            query = {name: value for name in names}
            for response in (
                client.get(url, query),
                client.post(url, {**query, **{name: value for name in fields}}),
            ):
                if response.status_code >= 500:
                    failures.append(f"{url} {value[:20]!r} → {response.status_code}")
    assert failures == []


def test_numbers_past_the_database_and_days_past_the_calendar_get_a_client_error(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An id no column holds, in the address or the query, and the first and last days of the
    calendar (whose neighbours do not exist), one query parameter at a time: given all at once,
    a unit or a status refused first would hide the parameter that fails."""
    client = Client(raise_request_exception=False)
    client.force_login(world.province_officer)
    names = query_names()
    failures = []
    for number in (str(2**63), str(2**64), str(10**30)):
        monkeypatch.setitem(CONVERTERS, "int", number)
        for url in addresses():
            if client.get(url).status_code >= 500:
                failures.append(f"{url} → 500")
    monkeypatch.setitem(CONVERTERS, "int", "1")
    # The pages that open without parameters: the others never read their query.
    for url in [url for url in addresses() if client.get(url).status_code == 200]:
        for name in names:
            for value in (str(2**63), "0001-01-01", "9999-12-31"):
                response = client.get(url, {name: value})
                if response.status_code >= 500:
                    failures.append(f"{url} {name}={value} → {response.status_code}")
    assert failures == []
