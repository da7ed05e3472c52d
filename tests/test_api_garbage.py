"""Every operation of the JSON API, fed garbage, answers a client error in the API's error
shape: never a 500, never an HTML page, and a write refused leaves the database as it was. The
operations come from the OpenAPI document, so a new endpoint is covered the day it is added."""

import json
import re
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from langso.access import SYSTEM
from langso.people.services import ResidentData, household_create, resident_create
from tests.roles import World
from tests.unchanged import rows

pytestmark = pytest.mark.django_db

# Values that a path parameter, a query parameter or a JSON field may be given by mistake.
ODD_VALUES: list[Any] = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "../../etc/passwd",
    "'; DROP TABLE units_unit; --",
    "<script>alert(1)</script>",
    "\u0000",
    "x" * 5000,
    "Thuận Châu",
    "2025-02-30",
]
BODIES: list[bytes] = [
    b"",
    b"{",
    b"[]",
    b"null",
    b'"text"',
    b"42",
    b'{"items": "not a list"}',
    b'{"items": [null, 1, "x", {}]}',
    b"\xff\xfe\x00binary",
    json.dumps({"a": {"b": {"c": [1, 2, {"d": None}]}}}).encode(),
]


def operations(client: Client) -> list[tuple[str, str]]:
    document = client.get("/api/openapi.json").json()
    return [
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    ]


def fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda _m: value.replace("/", "%2F").replace("?", "%3F"), path)


def written() -> dict[str, list[Any]]:
    """Every row of every table of ours."""
    return rows(*[model for model in apps.get_models() if model.__module__.startswith("langso.")])


def answers(client: Client, method: str, path: str) -> list[tuple[str, int, str]]:
    """What each garbage request got: (what was sent, status, content type)."""
    seen = []
    for value in ODD_VALUES:
        url = fill(path, str(value))
        query = {"on": value, "cursor": value, "q": value, "status": value, "page": value}
        if method == "GET":
            response = client.get(url, query)
            seen.append((f"GET {url[:80]} ?{str(value)[:20]}", response.status_code, response))
        else:
            body = json.dumps({"value": value, "items": [value], "code": value}).encode()
            response = client.generic(method, url, body, content_type="application/json")
            seen.append((f"{method} {url[:80]} {str(value)[:20]}", response.status_code, response))
    for body in BODIES:
        url = fill(path, "14")
        if method != "GET":
            response = client.generic(method, url, body, content_type="application/json")
            seen.append((f"{method} {url} {body[:20]!r}", response.status_code, response))
    return [(what, status, response["Content-Type"]) for what, status, response in seen]


@pytest.mark.parametrize("who", ["province_officer", "member", "outsider", None])
def test_garbage_gets_a_client_error_from_every_api_operation(
    world: World, who: str | None
) -> None:
    client = Client(raise_request_exception=False)
    if who is not None:
        client.force_login(getattr(world, who))
    found = operations(client)
    assert len(found) >= 20
    failures = []
    for method, path in found:
        before = written() if method != "GET" else {}
        seen = answers(client, method, path)
        for what, status, content_type in seen:
            if status >= 500 or (status >= 400 and not content_type.startswith("application/")):
                failures.append(f"{what} → {status} {content_type}")
        # Refused, every one of them: none may have left anything behind.
        refused = all(status >= 400 for _what, status, _type in seen)
        if method != "GET" and refused and written() != before:
            failures.append(f"{method} {path}: refused, but the database changed")

    assert failures == []


def test_an_address_the_api_does_not_have_answers_its_404_in_json(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.province_officer)
    for response in (
        client.get("/api/v1/units//indicators"),
        client.post("/api/v1/no-such-thing", b"{}", content_type="application/json"),
    ):
        assert response.status_code == 404
        body = response.json()
        assert body["code"] == "NOT_FOUND"
        assert body["details"]["path"].startswith("/api/v1/")


def body_for(schema: dict[str, Any], components: dict[str, Any], text: str) -> Any:
    """A value of ``schema`` with ``text`` in every string (and a plausible value elsewhere)."""
    if "$ref" in schema:
        return body_for(components[schema["$ref"].rsplit("/", 1)[1]], components, text)
    for choice in schema.get("anyOf", []):
        if choice.get("type") != "null":
            return body_for(choice, components, text)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            name: body_for(part, components, text)
            for name, part in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [body_for(schema.get("items", {}), components, text)]
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    return text


def test_a_nul_in_any_text_field_of_a_body_gets_a_client_error(world: World) -> None:
    """PostgreSQL refuses a NUL in text outright: no field may carry one into a query."""
    client = Client(raise_request_exception=False)
    client.force_login(world.province_officer)
    document = client.get("/api/openapi.json").json()
    components = document["components"]["schemas"]
    household = household_create(actor=SYSTEM, village=world.village_a1, number="H1")
    resident = resident_create(
        actor=SYSTEM, household=household, data=ResidentData(full_name="Lò Văn Pánh", is_head=True)
    )
    real = {
        "code": world.code(world.village_a1),
        "team_id": str(world.team_a1.pk),
        "household_id": str(household.pk),
        "resident_id": str(resident.pk),
        "report_id": "1",
    }
    failures = []
    tried = 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            url = re.sub(r"\{(\w+)\}", lambda m: real[m.group(1)], path)
            for text in ("Lò\x00Văn", "\x00", "0912\x00345678"):
                body = body_for(content["application/json"]["schema"], components, text)
                response = client.generic(
                    method.upper(), url, json.dumps(body), content_type="application/json"
                )
                tried += 1
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {url} {text!r} → {response.status_code}")

    assert tried >= 30
    assert failures == []
