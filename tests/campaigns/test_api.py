"""The campaigns API: what each role may do, and every refusal with its code, its field and
nothing written."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from langso.campaigns.models import Assignment, Campaign, Goal, UnitTarget
from tests.campaigns.helpers import campaign, code, home, on_day
from tests.roles import World

pytestmark = pytest.mark.django_db


def body(world: World, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Chiến dịch 90 ngày định danh điện tử mức 2",
        "basis": "125/KH-UBND",
        "basis_date": "2026-09-10",
        "unit": code(world.commune_a),
        "starts_on": "2026-09-21",
        "ends_on": "2026-12-19",
        "goals": [{"indicator": "vneid_l2", "target_share": 0.9}],
    }
    data.update(changes)
    return data


def post(client: Client, url: str, data: Any = None) -> Any:
    return client.post(url, data, content_type="application/json")


def put(client: Client, url: str, data: Any) -> Any:
    return client.put(url, data, content_type="application/json")


def counts() -> tuple[int, int, int, int]:
    return (
        Campaign.objects.count(),
        Goal.objects.count(),
        UnitTarget.objects.count(),
        Assignment.objects.count(),
    )


def test_a_commune_officer_creates_and_activates_a_campaign(fixture_day: Any, world: World) -> None:
    officer = world.client(world.commune_officer)
    made = post(officer, "/api/v1/campaigns", body(world))
    assert made.status_code == 201
    answer = made.json()
    assert answer["status"] == "draft"
    assert answer["unit_name"] == "Xã Thuận Châu"
    assert answer["goals"][0]["target_share"] == 0.9
    assert answer["goals"][0]["name"].startswith("Công dân")
    active = post(officer, f"/api/v1/campaigns/{answer['id']}/activate")
    assert active.json()["status"] == "active"
    listed = officer.get("/api/v1/campaigns", {"unit": code(world.village_a1)}).json()
    assert [c["id"] for c in listed] == [answer["id"]]


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        (
            {"goals": [{"indicator": "khong_co", "target_share": 0.9}]},
            "CAMPAIGN_INDICATOR_UNKNOWN",
            "goals[0].indicator",
        ),
        (
            {"goals": [{"indicator": "vneid_l2", "target_share": 1.2}]},
            "CAMPAIGN_TARGET_INVALID",
            "goals[0].target_share",
        ),
        (
            {"goals": [{"indicator": "vneid_l2", "target_share": 0}]},
            "CAMPAIGN_TARGET_INVALID",
            "goals[0].target_share",
        ),
        (
            {"goals": [{"indicator": "vneid_l2", "target_share": -0.5}]},
            "CAMPAIGN_TARGET_INVALID",
            "goals[0].target_share",
        ),
        (
            {"goals": [{"indicator": "vneid_l2"}]},
            "CAMPAIGN_TARGET_INVALID",
            "goals[0].target_share",
        ),
        (
            {"goals": [{"indicator": "vneid_l2", "target_share": 0.5, "target_count": 10}]},
            "CAMPAIGN_TARGET_INVALID",
            "goals[0].target_share",
        ),
        (
            {"goals": [{"indicator": "vneid_l2", "target_count": 0}]},
            "CAMPAIGN_TARGET_INVALID",
            "goals[0].target_count",
        ),
        (
            {
                "goals": [
                    {"indicator": "vneid_l2", "target_share": 0.9},
                    {"indicator": "vneid_l2", "target_share": 0.8},
                ]
            },
            "CAMPAIGN_GOAL_TWICE",
            "goals[1].indicator",
        ),
        ({"goals": []}, "CAMPAIGN_GOALS_REQUIRED", "goals"),
        ({"starts_on": "2026-12-20", "ends_on": "2026-09-21"}, "CAMPAIGN_DATE_ORDER", "ends_on"),
        ({"name": "   "}, "CAMPAIGN_NAME_REQUIRED", "name"),
        ({"basis": ""}, "CAMPAIGN_BASIS_REQUIRED", "basis"),
    ],
)
def test_a_bad_campaign_is_refused_with_its_code_and_nothing_is_saved(
    fixture_day: Any, world: World, changes: dict[str, Any], error: str, field: str
) -> None:
    before = counts()
    answer = post(world.client(world.commune_officer), "/api/v1/campaigns", body(world, **changes))
    assert answer.status_code == 400, answer.json()
    assert (answer.json()["code"], answer.json()["field"]) == (error, field)
    assert "%" not in answer.json()["message"] or "100%" in answer.json()["message"]
    assert counts() == before


def test_a_campaign_on_a_unit_out_of_scope_is_404(fixture_day: Any, world: World) -> None:
    before = counts()
    for user, unit in (
        (world.commune_officer, world.commune_b),
        (world.commune_officer, world.province),
        (world.leader, world.village_a1),
        (world.member, world.village_a1),
        (world.outsider, world.commune_a),
    ):
        answer = post(world.client(user), "/api/v1/campaigns", body(world, unit=code(unit)))
        assert answer.status_code == 404, (user, unit)
        assert answer.json()["code"] == "UNIT_NOT_FOUND"
    assert counts() == before


def test_a_district_is_no_campaign_unit(fixture_day: Any, world: World) -> None:
    answer = post(
        world.client(world.province_officer), "/api/v1/campaigns", body(world, unit="119")
    )
    # Thuận Châu district ended with the reform: it is no unit of today either.
    assert answer.status_code == 404


def test_goals_are_frozen_once_active(fixture_day: Any, world: World) -> None:
    made = campaign(world.commune_officer, world.commune_a, activate=False)
    officer = world.client(world.commune_officer)
    goals = {"goals": [{"indicator": "vneid_l2", "target_share": 0.95}]}
    assert put(officer, f"/api/v1/campaigns/{made.pk}/goals", goals).status_code == 200
    assert Goal.objects.get(campaign=made).target_share == Decimal("0.95")
    post(officer, f"/api/v1/campaigns/{made.pk}/activate")
    frozen = put(officer, f"/api/v1/campaigns/{made.pk}/goals", {"goals": goals["goals"] * 1})
    assert frozen.status_code == 400
    assert frozen.json()["code"] == "CAMPAIGN_GOALS_FROZEN"
    again = post(officer, f"/api/v1/campaigns/{made.pk}/activate")
    assert again.json()["code"] == "CAMPAIGN_NOT_DRAFT"


def test_targets_are_raised_never_lowered(fixture_day: Any, world: World) -> None:
    made = campaign(world.province_officer, world.province, goals=[("vneid_l2", "0.8")])
    commune = world.client(world.commune_officer)
    url = f"/api/v1/campaigns/{made.pk}/targets"
    raised = put(
        commune,
        f"{url}/{code(world.commune_a)}",
        {"goals": [{"indicator": "vneid_l2", "target_share": 0.9}]},
    )
    assert raised.status_code == 200, raised.json()
    lower = put(
        commune,
        f"{url}/{code(world.village_a1)}",
        {"goals": [{"indicator": "vneid_l2", "target_share": 0.85}]},
    )
    assert lower.status_code == 400
    assert lower.json()["code"] == "CAMPAIGN_TARGET_BELOW_PARENT"
    assert lower.json()["field"] == "goals[0].target_share"
    assert "90%" in lower.json()["message"]
    village = put(
        commune,
        f"{url}/{code(world.village_a1)}",
        {"goals": [{"indicator": "vneid_l2", "target_share": 0.95}]},
    )
    assert village.status_code == 200
    # The commune officer manages no other commune; the province's own target is its goal.
    other = put(
        commune,
        f"{url}/{code(world.commune_b)}",
        {"goals": [{"indicator": "vneid_l2", "target_share": 0.9}]},
    )
    assert other.status_code == 404
    own = put(
        world.client(world.province_officer),
        f"{url}/{code(world.province)}",
        {"goals": [{"indicator": "vneid_l2", "target_share": 0.9}]},
    )
    assert own.json()["code"] == "CAMPAIGN_TARGET_UNIT"
    unknown = put(
        commune,
        f"{url}/{code(world.commune_a)}",
        {"goals": [{"indicator": "smartphone", "target_share": 0.9}]},
    )
    assert unknown.json()["code"] == "CAMPAIGN_INDICATOR_UNKNOWN"
    progress = world.client(world.province_officer).get(f"/api/v1/campaigns/{made.pk}/progress")
    shares = {c["unit"]: c["goals"][0]["target_share"] for c in progress.json()["children"]}
    assert shares[code(world.commune_a)] == 0.9
    assert shares[code(world.commune_b)] == 0.8
    a = (
        world.client(world.commune_officer)
        .get(f"/api/v1/campaigns/{made.pk}/progress", {"unit": code(world.commune_a)})
        .json()
    )
    assert a["goals"][0]["target_share"] == 0.9
    assert {c["unit"]: c["goals"][0]["target_share"] for c in a["children"]} == {
        code(world.village_a1): 0.95,
        code(world.village_a2): 0.9,
    }
    assert UnitTarget.objects.count() == 2


def test_who_sees_a_campaign(fixture_day: Any, world: World) -> None:
    made = campaign(world.commune_officer, world.commune_a)
    draft = campaign(world.commune_officer, world.commune_a, activate=False)
    url = "/api/v1/campaigns"
    for user in (world.province_officer, world.commune_officer, world.leader, world.member):
        client = world.client(user)
        assert client.get(f"{url}/{made.pk}").status_code == 200, user
        assert client.get(f"{url}/{made.pk}/progress").status_code == 200, user
    # A draft is the officers' until it is activated.
    assert world.client(world.commune_officer).get(f"{url}/{draft.pk}").status_code == 200
    assert world.client(world.leader).get(f"{url}/{draft.pk}").status_code == 404
    for user in (world.member_b, world.outsider):
        client = world.client(user)
        for path in ("", "/progress", "/assignments"):
            answer = client.get(f"{url}/{made.pk}{path}")
            assert answer.status_code == 404, (user, path)
            assert answer.json()["code"] == "CAMPAIGN_NOT_FOUND"
        assert client.get(url).json() == []
    # A member reads the progress of their own village, not the commune's.
    mine = world.client(world.member).get(f"{url}/{made.pk}/progress").json()
    assert mine["unit"] == code(world.village_a1)
    other = world.client(world.member).get(
        f"{url}/{made.pk}/progress", {"unit": code(world.village_a2)}
    )
    assert other.status_code == 404
    # Only who manages the unit activates or closes.
    for user in (world.leader, world.member, world.member_b):
        answer = post(world.client(user), f"{url}/{made.pk}/close")
        assert answer.status_code == 404, user
    assert post(world.client(world.commune_officer), f"{url}/{made.pk}/close").json()["status"] == (
        "closed"
    )


def test_an_officer_of_another_commune_gets_404(fixture_day: Any, world: World) -> None:
    from langso.accounts import services as accounts
    from langso.accounts.models import Role
    from tests.roles import PASSWORD

    other, _ = accounts.user_provision(username="can_bo_b", password=PASSWORD, full_name="B")
    accounts.role_grant(user=other, role=Role.COMMUNE_OFFICER, unit=world.commune_b)
    made = campaign(world.commune_officer, world.commune_a)
    client = world.client(other)
    for method, path in (
        ("get", ""),
        ("get", "/progress"),
        ("post", "/activate"),
        ("post", "/close"),
        ("get", "/assignments"),
        ("get", f"/villages/{code(world.village_a1)}/assignments"),
    ):
        answer = getattr(client, method)(f"/api/v1/campaigns/{made.pk}{path}")
        assert answer.status_code == 404, path
    assert (
        post(
            client,
            f"/api/v1/campaigns/{made.pk}/assignments",
            {"village": code(world.village_a1), "split": "even"},
        ).status_code
        == 404
    )


def test_a_leader_splits_a_village_and_a_member_sees_only_their_own_list(
    fixture_day: Any, world: World
) -> None:
    from langso.accounts import services as accounts
    from langso.accounts.models import Role
    from tests.roles import PASSWORD

    second, _ = accounts.user_provision(username="member2", password=PASSWORD, full_name="Hai")
    accounts.role_grant(user=second, role=Role.TEAM_MEMBER, unit=world.village_a1)
    for number, people in enumerate([1, 5, 1, 1, 1, 1], start=1):
        home(world.village_a1, str(number), people=people)
    made = campaign(world.commune_officer, world.commune_a)
    leader = world.client(world.leader)
    split = post(
        leader,
        f"/api/v1/campaigns/{made.pk}/assignments",
        {"village": code(world.village_a1), "split": "even"},
    )
    assert split.status_code == 200, split.json()
    assert len(split.json()["assigned"]) == 6
    mine = world.client(world.member).get(f"/api/v1/campaigns/{made.pk}/assignments").json()
    theirs = world.client(second).get(f"/api/v1/campaigns/{made.pk}/assignments").json()
    # Ten people in household-number order: 1 + 5 for the first member, 4 for the second.
    assert sorted(h["number"] for h in mine) == ["1", "2"]
    assert sorted(h["number"] for h in theirs) == ["3", "4", "5", "6"]
    assert mine[0]["number"] == "2"  # five people left to do come first
    assert all(p["left"] == ["vneid_l2"] for h in mine for p in h["residents"])
    # A member does not read another's list; the leader does.
    peek = world.client(world.member).get(
        f"/api/v1/campaigns/{made.pk}/assignments", {"member": second.pk}
    )
    assert peek.status_code == 404
    seen = leader.get(f"/api/v1/campaigns/{made.pk}/assignments", {"member": second.pk}).json()
    assert sorted(h["number"] for h in seen) == ["3", "4", "5", "6"]
    # Members do not share out households.
    refused = post(
        world.client(world.member),
        f"/api/v1/campaigns/{made.pk}/assignments",
        {"village": code(world.village_a1), "split": "even"},
    )
    assert refused.status_code == 404
    rows = leader.get(
        f"/api/v1/campaigns/{made.pk}/villages/{code(world.village_a1)}/assignments"
    ).json()
    assert [r["member_name"] for r in rows] == ["member"] * 2 + ["Hai"] * 4


def test_assignment_refusals(fixture_day: Any, world: World) -> None:
    mine = home(world.village_a1, "1")[0]
    elsewhere = home(world.village_a2, "2")[0]
    made = campaign(world.commune_officer, world.commune_a)
    leader = world.client(world.leader)
    url = f"/api/v1/campaigns/{made.pk}/assignments"
    village = code(world.village_a1)
    before = counts()
    cases = [
        (
            {"village": village, "member": world.member.pk, "households": [elsewhere.household_id]},
            "CAMPAIGN_HOUSEHOLD_UNKNOWN",
            "households",
        ),
        (
            {"village": village, "member": world.member_b.pk, "households": [mine.household_id]},
            "CAMPAIGN_MEMBER_UNKNOWN",
            "member",
        ),
        (
            {"village": village, "member": world.member.pk, "households": []},
            "CAMPAIGN_ASSIGNMENT_INVALID",
            "households",
        ),
        ({"village": village}, "CAMPAIGN_ASSIGNMENT_INVALID", "households"),
        (
            {"village": village, "split": "even", "member": world.member.pk},
            "CAMPAIGN_ASSIGNMENT_INVALID",
            "split",
        ),
    ]
    for data, error, field in cases:
        answer = post(leader, url, data)
        assert answer.status_code == 400, (data, answer.json())
        assert (answer.json()["code"], answer.json()["field"]) == (error, field)
    # A commune is no village to share out.
    commune = post(
        world.client(world.commune_officer),
        url,
        {"village": code(world.commune_a), "split": "even"},
    )
    assert (commune.json()["code"], commune.json()["field"]) == (
        "CAMPAIGN_VILLAGE_OUTSIDE",
        "village",
    )
    # A village the leader does not lead: out of their sight.
    assert (
        post(leader, url, {"village": code(world.village_b1), "split": "even"}).status_code == 404
    )
    assert counts() == before


def test_a_closed_campaign_takes_no_more_assignments(fixture_day: Any, world: World) -> None:
    home(world.village_a1, "1")
    made = campaign(world.commune_officer, world.commune_a)
    post(world.client(world.commune_officer), f"/api/v1/campaigns/{made.pk}/close")
    answer = post(
        world.client(world.leader),
        f"/api/v1/campaigns/{made.pk}/assignments",
        {"village": code(world.village_a1), "split": "even"},
    )
    assert answer.json()["code"] == "CAMPAIGN_CLOSED"


def test_progress_refuses_a_day_it_cannot_read(fixture_day: Any, world: World) -> None:
    made = campaign(world.commune_officer, world.commune_a)
    client = world.client(world.commune_officer)
    for bad in ("hôm qua", "2026-02-30", "0001-01-01", "9999-12-31"):
        answer = client.get(f"/api/v1/campaigns/{made.pk}/progress", {"on": bad})
        assert answer.status_code == 422, bad
    with on_day(date(2026, 9, 25)):
        client = world.client(world.commune_officer)
        ok = client.get(f"/api/v1/campaigns/{made.pk}/progress", {"on": "2026-09-01"})
    assert ok.status_code == 200
    assert ok.json()["goals"][0]["gained"] == 0


def test_a_unit_with_nobody_counted_has_no_target_to_meet(fixture_day: Any, world: World) -> None:
    home(world.village_a1, "1")
    made = campaign(world.commune_officer, world.commune_a)
    answer = world.client(world.commune_officer).get(f"/api/v1/campaigns/{made.pk}/progress")
    empty = next(c for c in answer.json()["children"] if c["unit"] == code(world.village_a2))
    goal = empty["goals"][0]
    assert (goal["population"], goal["gap"], goal["forecast_on"], goal["on_track"]) == (
        0,
        None,
        None,
        None,
    )


def test_the_campaign_page_leads_to_the_work_behind_it(fixture_day: Any, world: World) -> None:
    home(world.village_a1, "1")
    made = campaign(world.commune_officer, world.commune_a)
    from langso.campaigns import services

    services.assignments_split_even(
        actor=world.leader, campaign=made, village_code=code(world.village_a1)
    )
    page = f"/campaigns/{made.pk}/"
    leader = world.client(world.leader).get(page).content.decode()
    assert f'href="/campaigns/{made.pk}/villages/{code(world.village_a1)}/"' in leader
    member = world.client(world.member).get(page).content.decode()
    assert f'href="/campaigns/{made.pk}/to-do/"' in member
    assert "/villages/" not in member
    officer = world.client(world.commune_officer).get(page).content.decode()
    assert f'href="/campaigns/{made.pk}/villages/"' in officer
