"""Every operation of the JSON API, fed garbage, answers a client error in the API's error
shape: never a 500, never an HTML page, and a write refused leaves the database as it was. The
operations come from the OpenAPI document, so a new endpoint is covered the day it is added."""

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.test import Client

from langso.access import SYSTEM
from langso.campaigns import services as campaigns
from langso.core.dates import today
from langso.learning.cert_services import certificate_issue
from langso.outreach import services as outreach
from langso.outreach.audience import Audience
from langso.people.models import Household
from langso.people.services import ResidentData, household_create, resident_create
from langso.reports import recognition_services as recognition
from langso.reports import services as report_services
from langso.shops import services as shops
from tests.learning.cert_helpers import person as certified_person
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
    # Past what a database integer holds, and the ends of the calendar.
    str(2**63),
    str(2**64),
    str(10**30),
    "0001-01-01",
    "9999-12-31",
]
ERROR_SHAPE = {"code", "message", "field", "details"}
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


def query_names(client: Client) -> set[str]:
    """Every query parameter of the API (from its document), and a few usual ones."""
    document = client.get("/api/openapi.json").json()
    return {"on", "cursor", "q", "status", "page", "limit", "offset"} | {
        parameter["name"]
        for item in document["paths"].values()
        for operation in item.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }


def fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda _m: value.replace("/", "%2F").replace("?", "%3F"), path)


# The rate limiter counts every use, refused ones too: that is its bookkeeping, not a write.
BOOKKEEPING = {"core.RateCounter"}


def written() -> dict[str, list[Any]]:
    """Every row of every table of ours (but the rate limiter's counts)."""
    return rows(
        *[
            model
            for model in apps.get_models()
            if model.__module__.startswith("langso.") and model._meta.label not in BOOKKEEPING
        ]
    )


def answers(client: Client, method: str, path: str, names: set[str]) -> list[tuple[str, int, str]]:
    """What each garbage request got: (what was sent, status, content type)."""
    seen = []
    for value in ODD_VALUES:
        url = fill(path, str(value))
        query = {name: value for name in names}
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
    names = query_names(client)
    assert len(found) >= 20
    assert {"limit", "offset", "start", "end"} <= names
    failures = []
    for method, path in found:
        before = written() if method != "GET" else {}
        seen = answers(client, method, path, names)
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


def real_values(world: World) -> dict[str, str]:
    """A value of each path parameter that names something the province officer may use."""
    household = household_create(actor=SYSTEM, village=world.village_a1, number="H1")
    resident = resident_create(
        actor=SYSTEM, household=household, data=ResidentData(full_name="Lò Văn Pánh", is_head=True)
    )
    plan = campaigns.campaign_activate(
        actor=world.province_officer,
        campaign=campaigns.campaign_create(
            actor=world.province_officer,
            name="Chiến dịch VNeID",
            basis_number="125/KH-UBND",
            basis_date=None,
            unit_code=world.code(world.commune_a),
            starts_on=today(),
            ends_on=today() + timedelta(days=90),
            goals=[campaigns.GoalData(indicator="vneid_l2", target_share=Decimal("0.9"))],
        ),
    )
    certificate = certificate_issue(
        actor=world.province_officer, resident=certified_person(world.village_a1, "Cầm Thị Lả")
    )
    announcement = outreach.announcement_create(
        actor=world.province_officer,
        draft=outreach.Draft(
            title="Thông báo",
            text="Họp tổ tối nay.",
            audience=Audience(units=(world.code(world.village_a1),), teams="members"),
            channels=("app",),
        ),
    )
    yesterday = today() - timedelta(days=1)
    # A report of yesterday: the last day a period may end on.
    report = report_services.report_create(
        actor=world.province_officer,
        kind="monthly",
        unit=world.code(world.commune_a),
        period_start=yesterday,
        period_end=yesterday,
    )
    criteria = recognition.criteria_create(
        actor=world.province_officer,
        unit_code=world.code(world.commune_a),
        name="Thành viên tiêu biểu",
        subject="member",
        conditions=[{"measure": "visits", "at_least": 1}],
    )
    proposal = recognition.commendation_propose(
        actor=world.province_officer,
        unit_code=world.code(world.commune_a),
        start=yesterday,
        end=yesterday,
        criteria_id=criteria.pk,
    )
    entry = proposal.entries.first()
    shop = shops.business_create(
        actor=world.province_officer,
        household=household,
        data=shops.BusinessData(name="Chè Tông Lạnh", bank_bin="970436", account="001100445566"),
    )
    return {
        "business_id": str(shop.pk),
        "official_report_id": str(report.pk),
        "fmt": "pdf",
        "commendation_id": str(proposal.pk),
        "entry_id": str(entry.pk) if entry else "1",
        "criteria_id": str(criteria.pk),
        "announcement_id": str(announcement.pk),
        "campaign_id": str(plan.pk),
        "certificate_code": certificate.code,
        "code": world.code(world.village_a1),
        "team_id": str(world.team_a1.pk),
        "household_id": str(household.pk),
        "resident_id": str(resident.pk),
        "report_id": "1",
        "token_id": "1",
        "user_id": str(world.leader.pk),
        "person_id": str(world.team_a1.memberships.get().person_id),
    }


def json_operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, body schema) of every operation that takes a JSON body."""
    return [
        (method.upper(), path, operation["requestBody"]["content"]["application/json"]["schema"])
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    ]


def test_a_nul_in_any_text_field_of_a_body_gets_a_client_error(world: World) -> None:
    """PostgreSQL refuses a NUL in text outright: no field may carry one into a query."""
    client = Client(raise_request_exception=False)
    client.force_login(world.province_officer)
    document = client.get("/api/openapi.json").json()
    components = document["components"]["schemas"]
    real = real_values(world)
    failures = []
    tried = 0
    for method, path, schema in json_operations(document):
        url = re.sub(r"\{(\w+)\}", lambda m: real[m.group(1)], path)
        for text in ("Lò\x00Văn", "\x00", "0912\x00345678"):
            body = body_for(schema, components, text)
            response = client.generic(
                method, url, json.dumps(body), content_type="application/json"
            )
            tried += 1
            if response.status_code >= 500:
                failures.append(f"{method} {url} {text!r} → {response.status_code}")

    assert tried >= 30
    assert failures == []


def test_a_body_that_is_not_an_object_is_refused_by_every_operation(world: World) -> None:
    """ninja reads a schema's fields as attributes of whatever it is given: ``[]`` made a
    household with every field left at its default."""
    client = Client(raise_request_exception=False)
    client.force_login(world.province_officer)
    document = client.get("/api/openapi.json").json()
    real = real_values(world)
    households = Household.objects.count()
    failures = []
    operations = json_operations(document)
    for method, path, _schema in operations:
        url = re.sub(r"\{(\w+)\}", lambda m: real[m.group(1)], path)
        for body in (b"[]", b"1", b'"x"', b"null", b"true", b"[{}]"):
            response = client.generic(method, url, body, content_type="application/json")
            json_answer = response["Content-Type"].startswith("application/json")
            shape = response.json() if json_answer else {}
            if response.status_code not in (400, 422) or set(shape) != ERROR_SHAPE:
                failures.append(f"{method} {url} {body!r} → {response.status_code}")
    assert len(operations) >= 10
    assert failures == []
    assert Household.objects.count() == households
    answer = client.post(
        f"/api/v1/units/{real['code']}/households", b"[]", content_type="application/json"
    ).json()
    assert (answer["code"], answer["field"]) == ("BODY_NOT_OBJECT", "body")


def parameters(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path, parameter) of every path and query parameter of the API."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                yield method.upper(), path, parameter


def test_every_number_in_an_address_or_a_query_is_bounded(world: World) -> None:
    """No id or count reaches a query past what its column holds (2**63 - 1 on both
    databases): it is refused first, naming the parameter."""
    client = Client(raise_request_exception=False)
    client.force_login(world.province_officer)
    document = client.get("/api/openapi.json").json()
    real = real_values(world)
    numbers = [
        (method, path, parameter)
        for method, path, parameter in parameters(document)
        if parameter["schema"].get("type") == "integer"
    ]
    assert {p["name"] for _m, _p, p in numbers} >= {"team_id", "resident_id", "limit", "offset"}
    failures = []
    for method, path, parameter in numbers:
        name, schema = parameter["name"], parameter["schema"]
        if not (schema.get("minimum", -1) >= 0 and schema.get("maximum", 2**64) <= 2**63 - 1):
            failures.append(f"{method} {path} {name}: {schema}")
        for value in ("-1", str(2**63), str(2**64), str(10**30)):
            url = re.sub(r"\{(\w+)\}", lambda m: real[m.group(1)], path)
            query: dict[str, str] = {}
            if parameter["in"] == "path":
                url = path.replace(f"{{{name}}}", value)
                url = re.sub(r"\{(\w+)\}", lambda m: real[m.group(1)], url)
            else:
                query[name] = value
            response = client.generic(
                method, url + "?" + urlencode(query), b"{}", content_type="application/json"
            )
            named = {e["field"] for e in response.json()["details"].get("errors", [])}
            if response.status_code != 422 or name not in named:
                failures.append(f"{method} {url} {name}={value} → {response.status_code}")
    assert failures == []


def test_a_day_outside_the_calendar_kept_is_refused_naming_the_parameter(world: World) -> None:
    """A day's neighbours and its month's do not exist at the ends of the calendar: 9999-12-31
    made the feedback dashboard fail."""
    client = Client(raise_request_exception=False)
    client.force_login(world.province_officer)
    document = client.get("/api/openapi.json").json()
    days = [
        (method, path, parameter["name"])
        for method, path, parameter in parameters(document)
        if parameter["in"] == "query" and '"format": "date"' in json.dumps(parameter["schema"])
    ]
    assert {name for _m, _p, name in days} == {"on", "start", "end"}
    failures = []
    for method, path, name in days:
        url = re.sub(r"\{(\w+)\}", lambda _m: "14", path)
        for value in ("0001-01-01", "0001-01-02", "1899-12-31", "2101-01-01", "9999-12-31"):
            response = client.generic(method, f"{url}?{name}={value}")
            body = response.json()
            refused = (response.status_code, body.get("code"), body.get("field"))
            if refused != (422, "INVALID_INPUT", name) or "1900" not in body["message"]:
                failures.append(f"{method} {url} {name}={value} → {response.status_code}")
        for value in ("1900-01-01", "2100-12-31"):
            response = client.generic(method, f"{url}?{name}={value}")
            body = response.json()
            # Within the calendar a day passes validation; a domain rule may still refuse it
            # in words (a recognition period that starts in the future: 400), never a 422.
            if response.status_code >= 500 or (
                response.status_code == 422 and isinstance(body, dict) and body.get("field") == name
            ):
                failures.append(f"{method} {url} {name}={value} → {response.status_code}")
    assert failures == []
