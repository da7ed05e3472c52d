"""The recognition API: records of a unit, one's own month, proposals; access for every role and
the refusals' codes."""

import pytest
from django.test import Client

from langso.accounts import services as accounts
from langso.accounts.models import User
from langso.core.dates import today
from tests.reports.recognition_helpers import criteria, link_members, proposal, visits
from tests.roles import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixture_day")]


def api(user: User) -> Client:
    token = accounts.token_issue(user=user, device_name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_member_reads_their_month_with_indicators_in_words(world: World) -> None:
    link_members(world)
    visits(world.member, world.village_a1, 2)
    answer = api(world.member).get("/api/v1/me/record")
    assert answer.status_code == 200
    body = answer.json()
    assert body["start"] == "2026-09-01" and body["end"] == "2026-09-30"
    record = body["record"]
    assert (record["visits"], record["households"], record["hours"]) == (2, 2, 1.0)
    assert record["guided"] == [
        {
            "code": "vneid_l2",
            "name": "Công dân từ 14 tuổi đã kích hoạt định danh điện tử mức 2 (VNeID)",
            "people": 2,
        }
    ]


def test_a_period_ending_before_it_starts_is_refused_with_its_code(world: World) -> None:
    answer = api(world.member).get("/api/v1/me/record?start=2026-09-10&end=2026-09-01")
    assert answer.status_code == 400
    assert answer.json()["code"] == "RECOGNITION_PERIOD_REVERSED"
    assert answer.json()["field"] == "end"
    garbage = api(world.member).get("/api/v1/me/record?start=hôm-nay")
    assert garbage.status_code == 422 and garbage.json()["field"] == "start"


def test_officers_see_every_member_of_the_unit_and_a_leader_only_their_team(world: World) -> None:
    link_members(world)
    visits(world.member, world.village_a1, 3)
    url = f"/api/v1/units/{world.code(world.commune_a)}/recognition"
    for who in ("commune_officer", "province_officer"):
        body = api(getattr(world, who)).get(url).json()
        names = {m["name"]: m["record"]["visits"] for m in body["members"]}
        assert names == {"Lò Thị Mai": 3, "Lò Văn Xuân": 0, "Cầm Thị Thoa": 0}, who
        assert {t["name"] for t in body["teams"]} >= {world.team_a1.name, world.team_a2.name}
    # A leader reads from their village (the commune lies above their scope).
    assert api(world.leader).get(url).status_code == 404
    village = f"/api/v1/units/{world.code(world.village_a1)}/recognition"
    led = api(world.leader).get(village).json()
    assert {m["name"] for m in led["members"]} == {"Lò Thị Mai", "Lò Văn Xuân"}
    assert [t["name"] for t in led["teams"]] == [world.team_a1.name]


@pytest.mark.parametrize("who", ["member", "member_b", "outsider"])
def test_others_get_404_for_a_units_records(world: World, who: str) -> None:
    url = f"/api/v1/units/{world.code(world.commune_a)}/recognition"
    assert api(getattr(world, who)).get(url).status_code == 404


def test_an_officer_proposes_and_sees_who_meets_the_criteria(world: World) -> None:
    link_members(world)
    found = criteria(world)
    visits(world.member, world.village_a1, 3)
    answer = api(world.commune_officer).post(
        "/api/v1/commendations",
        {"unit": world.code(world.commune_a), "start": "2026-09-01", "end": "2026-09-30"},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["criteria"] == found.name and body["status"] == "draft"
    first = body["entries"][0]
    assert (first["name"], first["meets"]) == ("Lò Thị Mai", True)
    assert body["entries"][0]["figures"]["indicator:vneid_l2"] == 3
    assert body["conditions"][1]["name"].startswith("Hướng dẫn đạt: Công dân từ 14 tuổi")


@pytest.mark.parametrize("who", ["leader", "member", "member_b", "outsider"])
def test_only_the_units_officers_propose(world: World, who: str) -> None:
    criteria(world)
    answer = api(getattr(world, who)).post(
        "/api/v1/commendations",
        {"unit": world.code(world.commune_a), "start": "2026-09-01", "end": "2026-09-14"},
        content_type="application/json",
    )
    assert answer.status_code == 404


def test_an_officer_of_another_commune_cannot_propose_here(world: World) -> None:
    criteria(world)
    answer = api(world.commune_officer).post(
        "/api/v1/commendations",
        {"unit": world.code(world.commune_b), "start": "2026-09-01", "end": "2026-09-14"},
        content_type="application/json",
    )
    assert answer.status_code == 404


def test_a_reversed_period_is_refused_when_proposing(world: World) -> None:
    criteria(world)
    answer = api(world.commune_officer).post(
        "/api/v1/commendations",
        {"unit": world.code(world.commune_a), "start": "2026-09-10", "end": "2026-09-01"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "RECOGNITION_PERIOD_REVERSED"


def test_a_correction_without_a_reason_answers_its_code_and_names_the_field(world: World) -> None:
    made = proposal(world)
    entry = made.entries.get(name="Lò Văn Xuân")
    url = f"/api/v1/commendations/{made.pk}/entries/{entry.pk}/corrections"
    answer = api(world.commune_officer).post(
        url, {"measure": "households", "value": 4, "reason": "  "}, content_type="application/json"
    )
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "RECOGNITION_REASON_REQUIRED" and body["field"] == "reason"
    assert "Lý do" in body["message"]
    done = api(world.commune_officer).post(
        url,
        {"measure": "households", "value": 4, "reason": "Sổ của thôn"},
        content_type="application/json",
    )
    assert done.status_code == 201
    corrected = next(e for e in done.json()["entries"] if e["name"] == "Lò Văn Xuân")
    assert corrected["figures"]["households"] == 4
    assert corrected["corrections"][0]["reason"] == "Sổ của thôn"


def test_a_leader_reads_the_proposal_of_their_team_but_cannot_decide(world: World) -> None:
    made = proposal(world)
    leader = api(world.leader)
    body = leader.get(f"/api/v1/commendations/{made.pk}").json()
    # Only their own team's members: not A2's leader.
    assert {e["name"] for e in body["entries"]} == {"Lò Thị Mai", "Lò Văn Xuân"}
    entry = made.entries.get(name="Lò Thị Mai")
    answer = leader.post(
        f"/api/v1/commendations/{made.pk}/entries/{entry.pk}/decision",
        {"decision": "approved"},
        content_type="application/json",
    )
    assert answer.status_code == 404
    assert api(world.member).get(f"/api/v1/commendations/{made.pk}").status_code == 404


def test_the_officer_approves_through_the_api(world: World) -> None:
    made = proposal(world)
    entry = made.entries.get(name="Lò Thị Mai")
    answer = api(world.commune_officer).post(
        f"/api/v1/commendations/{made.pk}/entries/{entry.pk}/decision",
        {"decision": "approved"},
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert answer.json()["entries"][0]["decision"] == "approved"
    assert today().month == 9
