"""What each role's home shows of the campaigns under way: the officers' campaigns with their
days and a headline, the leader's households not given to anyone, the member's to-do. Every
count equals the rows of the list it leads to (the pattern of tests/homes)."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from langso.campaigns import services as campaigns
from langso.campaigns.models import Campaign
from langso.core.dates import today
from langso.homes import selectors
from tests.homes.busy import HOUSEHOLDS_A1, Busy, build_busy, counts_on_home, rows_of_list
from tests.roles import World

pytestmark = pytest.mark.django_db

GIVEN = 10


@dataclass
class Plan:
    busy: Busy
    campaign: Campaign


def _campaign(world: World, name: str, *, activate: bool = True) -> Campaign:
    campaign = campaigns.campaign_create(
        actor=world.commune_officer,
        name=name,
        basis_number="125/KH-UBND",
        basis_date=None,
        unit_code=world.code(world.commune_a),
        starts_on=today() - timedelta(days=20),
        ends_on=today() + timedelta(days=70),
        goals=[campaigns.GoalData(indicator="vneid_l2", target_share=Decimal("0.9"))],
    )
    if activate:
        campaigns.campaign_activate(actor=world.commune_officer, campaign=campaign)
    return campaign


@pytest.fixture
def plan(fixture_day: object, world: World) -> Plan:
    busy = build_busy(world)
    campaign = _campaign(world, "VNeID mức 2 toàn xã")
    campaigns.assignments_give(
        actor=world.leader,
        campaign=campaign,
        village_code=world.code(world.village_a1),
        member_id=world.member.pk,
        household_ids=[household.pk for household in busy.households[:GIVEN]],
    )
    return Plan(busy=busy, campaign=campaign)


@pytest.mark.parametrize("who", ["province_officer", "commune_officer", "leader", "member"])
def test_every_count_on_a_home_with_a_campaign_equals_the_rows_it_leads_to(
    plan: Plan, who: str
) -> None:
    client = plan.busy.world.client(getattr(plan.busy.world, who))
    counts = counts_on_home(client)
    assert any(url.startswith("/campaigns/") for url, _n in counts) or "officer" in who
    for url, count in counts:
        assert rows_of_list(client, url) == count, url


def test_the_leader_is_told_how_many_households_nobody_has(plan: Plan) -> None:
    world = plan.busy.world
    counts = dict(counts_on_home(world.client(world.leader)))
    village = world.code(world.village_a1)
    url = f"/campaigns/{plan.campaign.pk}/villages/{village}/?show=unassigned"
    assert counts[url] == HOUSEHOLDS_A1 - GIVEN


def test_the_member_is_told_how_many_households_are_still_to_do(plan: Plan) -> None:
    world = plan.busy.world
    client = world.client(world.member)
    counts = dict(counts_on_home(client))
    assert counts[f"/campaigns/{plan.campaign.pk}/to-do/"] == GIVEN
    html = client.get("/").content.decode()
    assert f"trong {GIVEN} hộ được giao" in html


def test_a_member_of_another_commune_sees_nothing_of_the_campaign(plan: Plan) -> None:
    html = plan.busy.world.client(plan.busy.world.member_b).get("/").content.decode()
    # The menu's "Chiến dịch" (the campaigns they see: none) is there; nothing of this one.
    assert f"/campaigns/{plan.campaign.pk}/" not in html
    assert plan.campaign.name not in html


@pytest.mark.parametrize("who", ["province_officer", "commune_officer"])
def test_an_officer_sees_the_campaign_its_days_left_and_a_headline(plan: Plan, who: str) -> None:
    world = plan.busy.world
    html = world.client(getattr(world, who)).get("/").content.decode()
    assert f'href="/campaigns/{plan.campaign.pk}/villages/"' in html
    assert plan.campaign.name in html
    assert "còn 70 ngày" in html
    assert "Công dân từ 14 tuổi đã kích hoạt định danh điện tử mức 2 (VNeID)" in html
    assert "chỉ tiêu 90%" in html


def test_a_draft_is_not_on_the_officers_home(plan: Plan) -> None:
    world = plan.busy.world
    _campaign(world, "Bản nháp chưa triển khai", activate=False)
    html = world.client(world.commune_officer).get("/").content.decode()
    assert "Bản nháp chưa triển khai" not in html


def _queries(client: object) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200  # type: ignore[attr-defined]
    return len(queries)


def test_the_officers_home_reads_at_most_five_campaigns_at_a_bounded_cost(plan: Plan) -> None:
    world = plan.busy.world
    client = world.client(world.commune_officer)
    one = _queries(client)
    for number in range(2, 6):
        _campaign(world, f"Chiến dịch {number}")
    five = _queries(client)
    for number in range(6, 9):
        _campaign(world, f"Chiến dịch {number}")
    eight = _queries(client)
    assert eight == five
    # Each campaign costs the same few queries (one progress reading), whatever its size.
    assert (five - one) / 4 <= 30
    html = client.get("/").content.decode()
    assert "Có 8 chiến dịch đang triển khai ở đây" in html
    lines, total = selectors.campaign_lines(
        actor=world.commune_officer,
        version=selectors.officer_units(world.commune_officer)[0],
    )
    assert (len(lines), total) == (5, 8)
