"""The teams API: coverage as of a day, teams and members, one error shape, access by role."""

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from langso.access import SYSTEM
from langso.core.dates import today
from langso.teams import services
from langso.teams.models import Membership, Person, ZaloGroup
from tests.roles import World
from tests.unchanged import TEAMS, unchanged

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "field", "details"}
COVERAGE_KEYS = {
    "unit",
    "name",
    "on",
    "communes_total",
    "communes_with_team",
    "villages_total",
    "villages_with_team",
    "teams",
    "members",
    "members_commune_level",
    "members_village_level",
    "zalo_groups_commune_level",
    "zalo_groups_village_level",
}


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def put(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.put(path, data=json.dumps(body), content_type="application/json")


# Coverage


def test_coverage_answers_exactly_the_agreed_fields(world: World) -> None:
    response = world.client(world.commune_officer).get("/api/v1/units/03721/coverage")
    assert response.status_code == 200
    assert set(response.json()) == COVERAGE_KEYS


def test_coverage_of_a_commune_today(world: World) -> None:
    body = world.client(world.commune_officer).get("/api/v1/units/03721/coverage").json()
    people = Person.objects.filter(
        memberships__team__in=[world.team_commune_a, world.team_a1, world.team_a2]
    ).distinct()
    assert body == {
        "unit": "03721",
        "name": "Xã Thuận Châu",
        "on": today().isoformat(),
        "communes_total": 1,
        "communes_with_team": 1,
        "villages_total": 2,
        "villages_with_team": 2,
        "teams": 3,
        "members": people.count(),
        "members_commune_level": 0,
        "members_village_level": people.count(),
        "zalo_groups_commune_level": 0,
        "zalo_groups_village_level": 0,
    }


def test_coverage_counts_a_person_on_two_teams_once(world: World) -> None:
    for team in (world.team_a1, world.team_a2):
        services.member_add(actor=SYSTEM, team=team, full_name="Hà Thị Mai", phone="0912345678")
    body = world.client(world.commune_officer).get("/api/v1/units/03721/coverage").json()
    assert body["members"] == 3
    assert body["members_village_level"] == 3


def test_coverage_as_of_a_day_before_a_member_left(world: World) -> None:
    team = services.team_create(actor=SYSTEM, unit=world.commune_b, valid_from=date(2025, 8, 1))
    membership = services.member_add(
        actor=SYSTEM, team=team, full_name="Hà Thị Mai", joined_on=date(2025, 8, 1)
    )
    yesterday = today() - timedelta(days=1)
    services.member_end(actor=SYSTEM, membership=membership, left_on=yesterday)
    client = world.client(world.province_officer)
    now = client.get("/api/v1/units/03727/coverage").json()
    before = client.get(f"/api/v1/units/03727/coverage?on={yesterday - timedelta(days=1)}").json()
    assert (now["members_commune_level"], before["members_commune_level"]) == (0, 1)
    assert before["on"] == (yesterday - timedelta(days=1)).isoformat()


def test_coverage_before_any_team_existed_is_zero(world: World) -> None:
    body = world.client(world.province_officer).get("/api/v1/units/119/coverage?on=2023-12-31")
    assert body.status_code == 200
    data = body.json()
    assert data["name"] == "Huyện Thuận Châu"
    assert data["communes_total"] > 0
    assert (data["teams"], data["members"], data["villages_with_team"]) == (0, 0, 0)


def test_coverage_of_an_unknown_code_is_404(world: World) -> None:
    response = world.client(world.province_officer).get("/api/v1/units/00000/coverage")
    assert response.status_code == 404
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == "UNIT_NOT_FOUND"


def test_coverage_of_a_code_not_valid_that_day_is_404(world: World) -> None:
    response = world.client(world.province_officer).get("/api/v1/units/119/coverage")
    assert response.status_code == 404
    assert response.json()["code"] == "UNIT_NOT_FOUND"


@pytest.mark.parametrize("bad", ["2025-13-01", "31/12/2023", "hôm nay"])
def test_coverage_with_a_malformed_date_is_422_naming_on(world: World, bad: str) -> None:
    response = world.client(world.province_officer).get(f"/api/v1/units/14/coverage?on={bad}")
    assert response.status_code == 422
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == "INVALID_INPUT"
    assert body["field"] == "on"


@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [
        ("member", "village_a1", 200),
        ("member", "village_b1", 404),
        ("member", "commune_b", 404),
        ("member", "commune_a", 404),
        ("member_b", "village_a1", 404),
        ("commune_officer", "commune_a", 200),
        ("commune_officer", "commune_b", 404),
        ("province_officer", "commune_b", 200),
        ("outsider", "village_a1", 404),
        ("outsider", "commune_a", 404),
        ("outsider", "province", 404),
    ],
)
def test_coverage_is_limited_to_the_users_units(
    world: World, who: str, unit: str, status: int
) -> None:
    code = world.code(getattr(world, unit))
    response = world.client(getattr(world, who)).get(f"/api/v1/units/{code}/coverage")
    assert response.status_code == status
    if status == 404:
        assert set(response.json()) == ERROR_KEYS


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/units/03721/coverage",
        "/api/v1/units/03721/teams",
        "/api/v1/teams/1",
    ],
)
def test_anonymous_callers_get_401(world: World, path: str) -> None:
    response = world.client(None).get(path)
    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"


# Teams


def test_a_member_reads_their_village_team(world: World) -> None:
    services.zalo_set(actor=SYSTEM, team=world.team_a1, invite_link="zalo.me/g/huana01")
    response = world.client(world.member).get(f"/api/v1/teams/{world.team_a1.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Tổ công nghệ số cộng đồng Bản Hua Nà"
    assert body["unit"] == world.code(world.village_a1)
    assert body["zalo_link"] == "https://zalo.me/g/huana01"
    assert body["closed_on"] is None
    assert [(m["full_name"], m["role"]) for m in body["members"]] == [("Lò Văn Xuân", "leader")]


@pytest.mark.parametrize("who", ["member_b", "outsider"])
def test_a_team_out_of_reach_looks_like_a_missing_one(world: World, who: str) -> None:
    client = world.client(getattr(world, who))
    hidden = client.get(f"/api/v1/teams/{world.team_a1.pk}")
    missing = client.get("/api/v1/teams/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert hidden.json()["code"] == "TEAM_NOT_FOUND"


def test_teams_under_a_unit_are_listed(world: World) -> None:
    services.member_add(actor=SYSTEM, team=world.team_a2, full_name="Hà Thị Mai")
    response = world.client(world.commune_officer).get("/api/v1/units/03721/teams")
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()}
    assert set(rows) == {world.team_commune_a.pk, world.team_a1.pk, world.team_a2.pk}
    assert rows[world.team_a2.pk]["members"] == 2
    assert rows[world.team_a2.pk]["unit_name"] == "Tiểu khu 3"
    assert rows[world.team_commune_a.pk]["zalo_link"] is None


def test_a_member_lists_only_their_own_village_team(world: World) -> None:
    response = world.client(world.member).get(f"/api/v1/units/{world.code(world.village_a1)}/teams")
    assert [row["id"] for row in response.json()] == [world.team_a1.pk]
    assert world.client(world.member).get("/api/v1/units/03721/teams").status_code == 404


def test_a_leader_adds_a_member(world: World) -> None:
    response = post(
        world.client(world.leader),
        f"/api/v1/teams/{world.team_a1.pk}/members",
        {"full_name": "Hà Thị Mai", "phone": "0912 345 678", "organisation": "women_union"},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["full_name"], body["phone_masked"], body["role"]) == (
        "Hà Thị Mai",
        "*******678",
        "member",
    )
    assert "phone" not in body
    assert body["phone_revealable"] is True
    assert body["organisation"] == "women_union"
    assert Membership.objects.filter(team=world.team_a1, pk=body["id"]).exists()


def test_a_member_cannot_add_members(world: World) -> None:
    response = post(
        world.client(world.member),
        f"/api/v1/teams/{world.team_a1.pk}/members",
        {"full_name": "Hà Thị Mai"},
    )
    assert response.status_code == 404
    assert set(response.json()) == ERROR_KEYS
    assert not Person.objects.filter(full_name="Hà Thị Mai").exists()


def test_adding_a_member_with_an_invalid_phone_is_400(world: World) -> None:
    response = post(
        world.client(world.leader),
        f"/api/v1/teams/{world.team_a1.pk}/members",
        {"full_name": "Hà Thị Mai", "phone": "12345"},
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert (body["code"], body["field"]) == ("PHONE_INVALID", "phone")
    assert "12345" in body["message"]
    assert not Person.objects.filter(full_name="Hà Thị Mai").exists()


def test_a_second_leader_is_409(world: World) -> None:
    with unchanged(*TEAMS):
        response = post(
            world.client(world.commune_officer),
            f"/api/v1/teams/{world.team_a1.pk}/members",
            {"full_name": "Hà Thị Mai", "role": "leader"},
        )
    assert response.status_code == 409
    assert response.json()["code"] == "TEAM_LEADER_EXISTS"


def test_an_unknown_role_is_422(world: World) -> None:
    with unchanged(*TEAMS):
        response = post(
            world.client(world.leader),
            f"/api/v1/teams/{world.team_a1.pk}/members",
            {"full_name": "Hà Thị Mai", "role": "boss"},
        )
    assert response.status_code == 422
    assert response.json()["field"] == "role"


def test_a_leader_sets_the_zalo_link(world: World) -> None:
    response = put(
        world.client(world.leader),
        f"/api/v1/teams/{world.team_a1.pk}/zalo",
        {"invite_link": "zalo.me/g/huana01/"},
    )
    assert response.status_code == 200
    assert response.json()["zalo_link"] == "https://zalo.me/g/huana01"


def test_an_invalid_zalo_link_is_400(world: World) -> None:
    response = put(
        world.client(world.leader),
        f"/api/v1/teams/{world.team_a1.pk}/zalo",
        {"invite_link": "https://zalo.me/0912345678"},
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert (body["code"], body["field"]) == ("ZALO_LINK_INVALID", "invite_link")
    assert not ZaloGroup.objects.filter(team=world.team_a1).exists()


def test_a_member_cannot_set_the_zalo_link(world: World) -> None:
    response = put(
        world.client(world.member),
        f"/api/v1/teams/{world.team_a1.pk}/zalo",
        {"invite_link": "zalo.me/g/huana01"},
    )
    assert response.status_code == 404
    assert not ZaloGroup.objects.filter(team=world.team_a1).exists()
