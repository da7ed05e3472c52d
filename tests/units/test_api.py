"""The units API: as-of answers, one error shape, and access by role."""

import pytest

from tests.roles import World
from tests.unchanged import UNITS, unchanged

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "field", "details"}


def test_a_unit_answers_with_its_path_and_children(world: World) -> None:
    response = world.client(world.province_officer).get("/api/v1/units/03721")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Xã Thuận Châu"
    assert body["parent"] == "14"
    assert [p["code"] for p in body["path"]] == ["14"]
    assert {c["name"] for c in body["children"]} == {"Bản Hua Nà", "Tiểu khu 3"}


def test_a_unit_as_of_a_past_date_is_the_unit_of_that_date(world: World) -> None:
    body = world.client(world.province_officer).get("/api/v1/units/03754?on=2025-06-30").json()
    assert body["name"] == "Xã Nong Lay"
    assert body["parent"] == "119"
    assert body["valid_until"] == "2025-07-01"


def test_an_unknown_code_is_404_with_the_error_shape(world: World) -> None:
    response = world.client(world.province_officer).get("/api/v1/units/00000")
    assert response.status_code == 404
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == "UNIT_NOT_FOUND"
    assert "00000" in body["message"]


def test_a_code_with_no_unit_on_that_date_is_404(world: World) -> None:
    response = world.client(world.province_officer).get("/api/v1/units/119?on=2026-01-01")
    assert response.status_code == 404
    assert response.json()["code"] == "UNIT_NOT_FOUND"


@pytest.mark.parametrize("bad", ["2025-13-01", "31/12/2023", "yesterday", "2023-02-30"])
def test_a_malformed_date_is_422_naming_the_parameter(world: World, bad: str) -> None:
    response = world.client(world.province_officer).get(f"/api/v1/units/14?on={bad}")
    assert response.status_code == 422
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == "INVALID_INPUT"
    assert body["field"] == "on"
    assert "on" in body["message"]


def test_search_api_finds_without_diacritics(world: World) -> None:
    response = world.client(world.province_officer).get("/api/v1/units/search?q=muong%20e")
    assert response.status_code == 200
    assert response.json()[0]["code"] == "03727"


def test_history_lists_versions_and_events(world: World) -> None:
    body = world.client(world.province_officer).get("/api/v1/units/03760/history").json()
    assert [v["parent"] for v in body["versions"]] == ["119", "14"]
    assert body["versions"][0]["valid_from"] is None
    assert body["versions"][0]["closed_by"] == "vn-2025-07-01/14"
    assert "vn-2025-07-01/14" in {e["key"] for e in body["events"]}


@pytest.mark.parametrize("path", ["/api/v1/units/03721", "/api/v1/units/search?q=thuan"])
def test_anonymous_callers_get_401(world: World, path: str) -> None:
    response = world.client(None).get(path)
    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"


@pytest.mark.parametrize(
    ("who", "code", "status"),
    [
        ("member", "a1", 200),
        ("member", "a2", 404),
        ("member", "b1", 404),
        ("member", "commune_a", 404),
        ("member_b", "a1", 404),
        ("leader", "a1", 200),
        ("commune_officer", "a2", 200),
        ("commune_officer", "b1", 404),
        ("province_officer", "b1", 200),
        ("outsider", "a1", 404),
        ("outsider", "province", 404),
    ],
)
def test_unit_access_follows_roles(world: World, who: str, code: str, status: int) -> None:
    units = {
        "a1": world.village_a1,
        "a2": world.village_a2,
        "b1": world.village_b1,
        "commune_a": world.commune_a,
        "province": world.province,
    }
    response = world.client(getattr(world, who)).get(f"/api/v1/units/{world.code(units[code])}")
    assert response.status_code == status


def test_a_commune_officer_creates_a_village_through_the_api(world: World) -> None:
    client = world.client(world.commune_officer)
    response = client.post(
        "/api/v1/units/03721/villages", {"name": "Bản Mòng"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["code"] == "03721.003"
    assert response.json()["parent"] == "03721"


@pytest.mark.parametrize("who", ["member", "leader", "member_b", "outsider"])
def test_others_cannot_create_villages(world: World, who: str) -> None:
    with unchanged(*UNITS):
        response = world.client(getattr(world, who)).post(
            "/api/v1/units/03721/villages", {"name": "Bản Lạ"}, content_type="application/json"
        )
    assert response.status_code == 404


def test_an_empty_village_name_is_refused_with_its_field(world: World) -> None:
    with unchanged(*UNITS):
        response = world.client(world.commune_officer).post(
            "/api/v1/units/03721/villages", {"name": "  "}, content_type="application/json"
        )
    assert response.status_code == 400
    assert response.json()["code"] == "UNIT_NAME_REQUIRED"
    assert response.json()["field"] == "name"


def test_the_openapi_document_is_served(world: World) -> None:
    response = world.client(None).get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/units/{code}/coverage" in response.json()["paths"]
