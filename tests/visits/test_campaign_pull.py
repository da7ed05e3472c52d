"""The pull carries a member's campaigns and the households given to them, for the field app's
to-do: whole when it changed since the cursor, absent when it did not, and never anything of a
campaign or a village the member does not work for."""

import base64
import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from langso.access import SYSTEM
from langso.accounts import services as accounts
from langso.accounts.models import Role, User
from langso.campaigns import services as campaigns
from langso.campaigns.models import Campaign
from langso.core.dates import today
from langso.indicators.models import Source
from langso.indicators.services import catalog, observation_record
from langso.people import edit_services as edits
from langso.people import merge_services as merges
from langso.people.models import Household
from langso.people.services import household_subject
from langso.visits import services
from tests.roles import PASSWORD, World
from tests.visits.test_sync import home, pull_all

pytestmark = pytest.mark.django_db

NOTHING_SENT = object()
MOMENT = "2026-03-02T09:15:00+07:00"


def campaign_on(world: World, unit: Any, *, name: str = "VNeID mức 2") -> Campaign:
    """An active campaign on ``unit`` from last week for three months, about VNeID level 2 and
    smartphones (the province's officer plans for the province, the commune's for the rest)."""
    officer = world.province_officer if unit == world.province else world.commune_officer
    made = campaigns.campaign_create(
        actor=officer,
        name=name,
        basis_number="125/KH-UBND",
        basis_date=None,
        unit_code=world.code(unit),
        starts_on=today() - timedelta(days=7),
        ends_on=today() + timedelta(days=90),
        goals=[
            campaigns.GoalData(indicator="vneid_l2", target_share=Decimal("0.9")),
            campaigns.GoalData(indicator="smartphone", target_share=Decimal("0.8")),
        ],
    )
    return campaigns.campaign_activate(actor=officer, campaign=made)


def give(world: World, campaign: Campaign, member: User, *households: Household) -> None:
    campaigns.assignments_give(
        actor=world.leader,
        campaign=campaign,
        village_code=world.code(households[0].village),
        member_id=member.pk,
        household_ids=[h.pk for h in households],
    )


def pull_round(client: Client, cursor: str | None = None) -> tuple[Any, str]:
    """One whole round of pulls: the campaigns part (``NOTHING_SENT`` when the round did not
    carry it) and the cursor to keep."""
    sent: Any = NOTHING_SENT
    while True:
        response = client.get("/api/v1/sync/pull", {"cursor": cursor} if cursor else {})
        assert response.status_code == 200, response.content
        body = response.json()
        if "campaigns" in body["parts"]:
            assert sent is NOTHING_SENT, "the part comes once a round"
            sent = body["parts"]["campaigns"]
        cursor = body["cursor"]
        if not body["more"]:
            return sent, cursor


def households_of(sent: Any) -> dict[str, list[int]]:
    return {campaign["name"]: campaign["households"] for campaign in sent}


def test_a_first_pull_carries_the_active_campaign_with_its_goals_and_the_members_households(
    world: World,
) -> None:
    mine, _ = home(world, world.village_a1, "Lò Văn Pánh")
    other, _ = home(world, world.village_a1, "Cầm Thị Thoa")
    campaign = campaign_on(world, world.commune_a)
    give(world, campaign, world.member, mine)
    give(world, campaign, world.leader, other)
    sent, _cursor = pull_round(world.client(world.member))
    assert sent == [
        {
            "id": campaign.pk,
            "name": "VNeID mức 2",
            "starts_on": (today() - timedelta(days=7)).isoformat(),
            "ends_on": (today() + timedelta(days=90)).isoformat(),
            "indicators": ["vneid_l2", "smartphone"],
            "households": [mine.pk],
        }
    ]


def test_an_unchanged_part_is_not_sent_again_and_an_assignment_appears_in_the_next_pull(
    world: World,
) -> None:
    first, _ = home(world, world.village_a1, "Lò Văn Pánh")
    second, _ = home(world, world.village_a1, "Cầm Thị Thoa")
    campaign = campaign_on(world, world.commune_a)
    client = world.client(world.member)
    sent, cursor = pull_round(client)
    assert households_of(sent) == {"VNeID mức 2": []}
    sent, cursor = pull_round(client, cursor)
    assert sent is NOTHING_SENT
    give(world, campaign, world.member, first, second)
    sent, cursor = pull_round(client, cursor)
    assert households_of(sent) == {"VNeID mức 2": sorted([first.pk, second.pk])}
    assert pull_round(client, cursor)[0] is NOTHING_SENT


def test_a_household_moved_to_another_member_leaves_the_first_members_next_pull(
    world: World,
) -> None:
    first, _ = home(world, world.village_a1, "Lò Văn Pánh")
    second, _ = home(world, world.village_a1, "Cầm Thị Thoa")
    campaign = campaign_on(world, world.commune_a)
    give(world, campaign, world.member, first, second)
    member, leader = world.client(world.member), world.client(world.leader)
    sent, member_cursor = pull_round(member)
    assert households_of(sent) == {"VNeID mức 2": sorted([first.pk, second.pk])}
    _sent, leader_cursor = pull_round(leader)
    give(world, campaign, world.leader, second)
    sent, member_cursor = pull_round(member, member_cursor)
    assert households_of(sent) == {"VNeID mức 2": [first.pk]}
    sent, _ = pull_round(leader, leader_cursor)
    assert households_of(sent) == {"VNeID mức 2": [second.pk]}
    # Taken back from everyone: the member's to-do is empty, the campaign still named.
    campaigns.assignments_give(
        actor=world.leader,
        campaign=campaign,
        village_code=world.code(world.village_a1),
        member_id=None,
        household_ids=[first.pk],
    )
    sent, _ = pull_round(member, member_cursor)
    assert households_of(sent) == {"VNeID mức 2": []}


def test_a_closed_campaign_leaves_the_next_pull(world: World) -> None:
    household, _ = home(world, world.village_a1, "Lò Văn Pánh")
    kept = campaign_on(world, world.commune_a, name="Bình dân học vụ số")
    closed = campaign_on(world, world.village_a1)
    give(world, closed, world.member, household)
    give(world, kept, world.member, household)
    client = world.client(world.member)
    sent, cursor = pull_round(client)
    assert set(households_of(sent)) == {"Bình dân học vụ số", "VNeID mức 2"}
    campaigns.campaign_close(actor=world.commune_officer, campaign=closed)
    sent, _ = pull_round(client, cursor)
    assert households_of(sent) == {"Bình dân học vụ số": [household.pk]}


def test_a_campaign_past_its_end_date_leaves_the_pull(world: World) -> None:
    household, _ = home(world, world.village_a1, "Lò Văn Pánh")
    campaign = campaign_on(world, world.commune_a)
    give(world, campaign, world.member, household)
    client = world.client(world.member)
    sent, cursor = pull_round(client)
    assert households_of(sent) == {"VNeID mức 2": [household.pk]}
    after_the_end = timezone.now() + timedelta(days=91)
    with time_machine.travel(after_the_end, tick=False):
        # The login is older than the clock now says; a token or a fresh session is needed.
        later = Client()
        later.force_login(world.member)
        sent, _ = pull_round(later, cursor)
    assert sent == []


def test_a_member_of_another_village_never_sees_the_campaign_nor_its_households(
    world: World,
) -> None:
    household, _ = home(world, world.village_a1, "Lò Văn Pánh")
    home(world, world.village_a2, "Tòng Văn Hặc")
    home(world, world.village_b1, "Vừ A Dế")
    campaign = campaign_on(world, world.village_a1)
    give(world, campaign, world.member, household)
    neighbour, _ = accounts.user_provision(username="member_a2", password=PASSWORD)
    accounts.role_grant(user=neighbour, role=Role.TEAM_MEMBER, unit=world.village_a2)
    for who in (neighbour, world.member_b, world.outsider):
        client = world.client(who)
        sent, _ = pull_round(client)
        assert sent == [], who
        response = client.get("/api/v1/sync/pull")
        assert household.pk not in {h["id"] for h in response.json()["households"]}, who
    # The whole commune's campaign is seen by the other village's member, with nothing given.
    commune = campaign_on(world, world.commune_a, name="Bình dân học vụ số")
    sent, _ = pull_round(world.client(neighbour))
    assert [(c["id"], c["households"]) for c in sent] == [(commune.pk, [])]
    assert pull_round(world.client(world.member_b))[0] == []


def test_a_household_merged_away_or_out_of_the_members_villages_is_not_in_the_part(
    world: World,
) -> None:
    kept, _ = home(world, world.village_a1, "Lò Văn Pánh")
    merged, _ = home(world, world.village_a1, "Lò Văn Pánh (trùng)")
    moving, _ = home(world, world.village_a1, "Vừ A Dế")
    campaign = campaign_on(world, world.province)
    give(world, campaign, world.member, kept, merged, moving)
    client = world.client(world.member)
    sent, cursor = pull_round(client)
    assert households_of(sent) == {"VNeID mức 2": sorted([kept.pk, merged.pk, moving.pk])}
    merges.household_merge(actor=SYSTEM, first=merged, second=kept)
    sent, cursor = pull_round(client, cursor)
    assert households_of(sent) == {"VNeID mức 2": sorted([kept.pk, moving.pk])}
    edits.household_edit(
        actor=SYSTEM, household=moving, number="", address="", village=world.village_b1
    )
    sent, _ = pull_round(client, cursor)
    assert households_of(sent) == {"VNeID mức 2": [kept.pk]}


def test_the_part_comes_on_the_first_page_only_and_its_digest_rides_to_the_end(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "PAGE", 2)
    households = [home(world, world.village_a1, f"Người {n}")[0] for n in range(5)]
    campaign = campaign_on(world, world.commune_a)
    give(world, campaign, world.member, *households)
    client = world.client(world.member)
    first = client.get("/api/v1/sync/pull").json()
    assert len(first["parts"]["campaigns"][0]["households"]) == 5
    sent, cursor = pull_round(client, first["cursor"])
    assert sent is NOTHING_SENT
    assert pull_round(client, cursor)[0] is NOTHING_SENT


@pytest.mark.parametrize(
    "parts",
    [
        {"campaigns": "not a digest"},
        {"Campaigns": "0123456789abcdef"},
        {f"part_{letter}": "0123456789abcdef" for letter in "abcdefghi"},
        ["campaigns"],
    ],
)
def test_a_cursor_with_parts_the_server_did_not_write_is_refused(world: World, parts: Any) -> None:
    cursor = base64.urlsafe_b64encode(
        json.dumps({"v": 1, "since": MOMENT, "until": None, "parts": parts}).encode()
    ).decode()
    response = world.client(world.member).get("/api/v1/sync/pull", {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["code"] == "SYNC_CURSOR_INVALID"


def test_a_cursor_written_before_parts_existed_gets_them_sent(world: World) -> None:
    campaign_on(world, world.commune_a)
    cursor = base64.urlsafe_b64encode(
        json.dumps({"v": 1, "since": MOMENT, "until": None}).encode()
    ).decode()
    sent, _ = pull_round(world.client(world.member), cursor)
    assert households_of(sent) == {"VNeID mức 2": []}


def test_a_households_own_status_comes_on_its_card_and_a_change_brings_it_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the safety overlap, so that "brings it again" is only what changed.
    monkeypatch.setattr(services, "OVERLAP", timedelta(0))
    household, _ = home(world, world.village_a1, "Lò Văn Pánh")
    home(world, world.village_a1, "Cầm Thị Thoa")
    client = world.client(world.member)
    got, cursor = pull_all(client)
    assert [h["status"] for h in got["households"]] == [{}, {}]
    observation_record(
        actor=SYSTEM,
        indicator=catalog()["household_broadband"],
        subject=household_subject(household),
        value=True,
        observed_at=timezone.now() - timedelta(hours=1),
        source=Source.MANUAL,
    )
    got, _ = pull_all(client, cursor)
    assert [(h["id"], h["status"]) for h in got["households"]] == [
        (household.pk, {"household_broadband": True})
    ]
