"""Members' phone numbers in the API: masked as far as each member allows, a reveal operation
that is audited and answers 404 out of reach, and the member's own choice."""

import json
from typing import Any

import pytest
from django.test import Client

from langso.core.models import AuditAction, AuditEntry
from langso.teams.models import PhoneVisibility
from tests.roles import World
from tests.teams.phones import DIGITS, E164, Crew, choose

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "field", "details"}


def members(client: Client, world: World) -> dict[str, dict[str, Any]]:
    response = client.get(f"/api/v1/teams/{world.team_a1.pk}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for digits in DIGITS:
        assert digits not in response.content.decode(), digits
    return {m["full_name"]: m for m in response.json()["members"]}


def reveal(client: Client, world: World, person_id: int, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/teams/{world.team_a1.pk}/members/{person_id}/reveal-phone",
        json.dumps(body),
        content_type="application/json",
    )


def test_members_carry_a_masked_number_and_no_whole_one(world: World, crew: Crew) -> None:
    mai = members(world.client(world.leader), world)["Hà Thị Mai"]
    assert "phone" not in mai
    assert (mai["person_id"], mai["phone_masked"], mai["phone_revealable"]) == (
        crew.mai.pk,
        "*******678",
        True,
    )
    assert mai["phone_visibility"] is None  # the member's choice is theirs to see


def test_the_api_follows_each_members_choice(world: World, crew: Crew) -> None:
    client = world.client(world.member)
    expected = {
        PhoneVisibility.HIDDEN: ("", False),
        PhoneVisibility.MASKED: ("*******678", False),
        PhoneVisibility.TEAM: ("*******678", True),
    }
    for visibility, sight in expected.items():
        choose(crew.mai, visibility)
        mai = members(client, world)["Hà Thị Mai"]
        assert (mai["phone_masked"], mai["phone_revealable"]) == sight, visibility
    own = members(client, world)["Lò Thị Xuân"]
    assert (own["phone_masked"], own["phone_revealable"], own["phone_visibility"]) == (
        "*******321",
        True,
        "masked",
    )


def test_a_leader_reveals_a_number_with_a_reason_and_it_is_audited(
    world: World, crew: Crew
) -> None:
    response = reveal(world.client(world.leader), world, crew.mai.pk, {"reason": "Gọi họp tổ"})
    assert response.status_code == 200
    assert response.json() == {"phone": E164}
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id, entry.actor_id) == (
        AuditAction.REVEAL_MEMBER_PHONE,
        str(crew.mai.pk),
        world.leader.pk,
    )


def test_a_fellow_member_reveals_a_number_its_owner_lets_the_team_see(
    world: World, crew: Crew
) -> None:
    client = world.client(world.member)
    refused = reveal(client, world, crew.mai.pk, {"reason": "Gọi"})
    assert refused.status_code == 404
    assert refused.json()["code"] == "MEMBER_NOT_FOUND"
    choose(crew.mai, PhoneVisibility.TEAM)
    assert reveal(client, world, crew.mai.pk, {"reason": "Gọi"}).json() == {"phone": E164}


@pytest.mark.parametrize("who", ["member_b", "outsider"])
def test_a_reveal_out_of_reach_is_404_like_a_team_that_does_not_exist(
    world: World, crew: Crew, who: str
) -> None:
    choose(crew.mai, PhoneVisibility.TEAM)
    client = world.client(getattr(world, who))
    response = reveal(client, world, crew.mai.pk, {"reason": "Gọi"})
    missing = client.post(
        f"/api/v1/teams/999999/members/{crew.mai.pk}/reveal-phone",
        json.dumps({"reason": "Gọi"}),
        content_type="application/json",
    )
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json()
    assert set(response.json()) == ERROR_KEYS
    assert not AuditEntry.objects.exists()


def test_a_person_not_on_the_team_is_404_like_one_that_does_not_exist(
    world: World, crew: Crew
) -> None:
    client = world.client(crew.commune_member)
    choose(crew.mai, PhoneVisibility.TEAM)
    not_on_it = reveal(client, world, crew.mai.pk, {"reason": "Gọi"})
    nobody = reveal(client, world, 999_999, {"reason": "Gọi"})
    assert not_on_it.status_code == nobody.status_code == 404
    assert not_on_it.json() == nobody.json()


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 301}])
def test_a_reveal_without_a_proper_reason_is_422_and_leaves_no_entry(
    world: World, crew: Crew, body: dict[str, Any]
) -> None:
    response = reveal(world.client(world.leader), world, crew.mai.pk, body)
    assert response.status_code == 422
    assert response.json()["field"] == "reason"
    assert not AuditEntry.objects.exists()


def put_choice(client: Client, body: dict[str, Any]) -> Any:
    return client.put(
        "/api/v1/members/me/phone-visibility", json.dumps(body), content_type="application/json"
    )


def test_a_member_chooses_through_the_api(world: World, crew: Crew) -> None:
    response = put_choice(world.client(world.member), {"visibility": "team"})
    assert response.status_code == 200
    assert response.json() == {"visibility": "team", "phone_masked": "*******321"}
    crew.own.refresh_from_db()
    assert crew.own.phone_visibility == PhoneVisibility.TEAM


@pytest.mark.parametrize("who", ["leader", "outsider"])
def test_a_caller_who_is_no_team_member_gets_404(world: World, crew: Crew, who: str) -> None:
    response = put_choice(world.client(getattr(world, who)), {"visibility": "hidden"})
    assert response.status_code == 404
    assert response.json()["code"] == "MEMBER_NOT_FOUND"


def test_an_unknown_choice_is_422_naming_the_field(world: World, crew: Crew) -> None:
    response = put_choice(world.client(world.member), {"visibility": "everyone"})
    assert response.status_code == 422
    assert response.json()["field"] == "visibility"


def test_the_phone_operations_need_a_login(world: World, crew: Crew) -> None:
    anonymous = Client()
    assert reveal(anonymous, world, crew.mai.pk, {"reason": "Gọi"}).status_code == 401
    assert put_choice(anonymous, {"visibility": "hidden"}).status_code == 401
