"""Coverage as of a day, counted from the data, and the teams a user may see."""

from datetime import date, timedelta

import pytest

from langso.access import SYSTEM
from langso.core.dates import today, valid_on
from langso.core.errors import NotFound
from langso.teams import selectors, services
from langso.teams.models import Membership, Team, TeamRole
from langso.teams.selectors import Coverage
from langso.units.models import Level, UnitVersion
from tests.roles import World

pytestmark = pytest.mark.django_db

START = date(2025, 8, 1)


def people_on(*teams: Team) -> int:
    return Membership.objects.filter(team__in=teams).values("person_id").distinct().count()


def communes_under(code: str, day: date) -> int:
    parent = UnitVersion.objects.get(valid_on(day), code=code).unit
    versions = UnitVersion.objects.filter(valid_on(day), parent=parent)
    return sum(1 for v in versions.select_related("unit") if v.unit.level == Level.COMMUNE)


def test_coverage_of_a_commune_counts_itself_its_villages_and_their_teams(world: World) -> None:
    report = selectors.coverage_report(actor=world.commune_officer, code="03721")
    assert report.total == Coverage(
        unit="03721",
        name="Xã Thuận Châu",
        on=today(),
        communes_total=1,
        communes_with_team=1,
        communes_with_villages=1,
        villages_total=2,
        villages_with_team=2,
        teams=3,
        members=people_on(world.team_commune_a, world.team_a1, world.team_a2),
        members_commune_level=0,
        members_village_level=people_on(world.team_a1, world.team_a2),
        zalo_groups_commune_level=0,
        zalo_groups_village_level=0,
    )
    assert report.total.members == 2


def test_coverage_has_one_row_per_child_adding_up_to_the_total(world: World) -> None:
    report = selectors.coverage_report(actor=world.commune_officer, code="03721")
    assert [version.name for version, _row in report.rows] == ["Bản Hua Nà", "Tiểu khu 3"]
    for _version, row in report.rows:
        assert (row.villages_total, row.villages_with_team, row.teams, row.members) == (1, 1, 1, 1)
    assert sum(row.teams for _v, row in report.rows) + 1 == report.total.teams


def test_coverage_of_the_province_counts_every_commune(world: World) -> None:
    report = selectors.coverage_report(actor=world.province_officer, code="14")
    total = report.total
    assert total.communes_total == communes_under("14", today())
    assert total.communes_total > 50
    assert (total.communes_with_team, total.villages_total, total.villages_with_team) == (1, 3, 3)
    assert total.teams == 4
    rows = {version.code: row for version, row in report.rows}
    assert rows["03727"].villages_with_team == 1
    assert rows["03727"].communes_with_team == 0
    assert rows["03754"].teams == 0


def test_a_person_on_two_teams_counts_once_among_members(world: World) -> None:
    for team in (world.team_a1, world.team_commune_a):
        services.member_add(actor=SYSTEM, team=team, full_name="Hà Thị Mai", phone="0912 345 678")
    total = selectors.coverage_report(actor=world.commune_officer, code="03721").total
    assert total.members == 3
    assert total.members_commune_level == 1
    assert total.members_village_level == 3


def test_zalo_groups_are_counted_by_level(world: World) -> None:
    services.zalo_set(actor=SYSTEM, team=world.team_commune_a, invite_link="zalo.me/g/thuanchau")
    services.zalo_set(actor=SYSTEM, team=world.team_a1, invite_link="zalo.me/g/huana01")
    services.zalo_set(actor=SYSTEM, team=world.team_a2, invite_link="zalo.me/g/tieukhu3")
    total = selectors.coverage_report(actor=world.commune_officer, code="03721").total
    assert (total.zalo_groups_commune_level, total.zalo_groups_village_level) == (1, 2)


def test_a_member_who_left_yesterday_counts_only_before_they_left(world: World) -> None:
    team = services.team_create(actor=SYSTEM, unit=world.commune_b, valid_from=START)
    membership = services.member_add(
        actor=SYSTEM, team=team, full_name="Hà Thị Mai", joined_on=START
    )
    yesterday = today() - timedelta(days=1)
    services.member_end(actor=SYSTEM, membership=membership, left_on=yesterday)

    def commune_members(day: date) -> int:
        report = selectors.coverage_report(actor=world.province_officer, code="03727", on=day)
        return report.total.members_commune_level

    assert commune_members(today()) == 0
    assert commune_members(yesterday) == 0
    assert commune_members(yesterday - timedelta(days=1)) == 1


def test_before_any_team_existed_there_are_no_teams(world: World) -> None:
    total = selectors.coverage_report(
        actor=world.commune_officer, code="03721", on=date(2025, 7, 15)
    ).total
    assert (total.communes_total, total.teams, total.members, total.villages_total) == (1, 0, 0, 0)


def test_a_past_district_is_counted_as_it_was(world: World) -> None:
    day = date(2023, 12, 31)
    total = selectors.coverage_report(actor=world.province_officer, code="119", on=day).total
    assert total.name == "Huyện Thuận Châu"
    assert total.communes_total == communes_under("119", day)
    assert total.communes_total > 0
    assert (total.communes_with_team, total.teams, total.members) == (0, 0, 0)


def test_coverage_outside_the_users_units_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        selectors.coverage_report(actor=world.member, code="03721")
    with pytest.raises(NotFound):
        selectors.coverage_report(actor=world.commune_officer, code="03727")


def test_teams_in_lists_the_teams_under_a_unit_by_code(world: World) -> None:
    found = selectors.teams_in(actor=world.commune_officer, code="03721")
    assert [team for _version, team in found] == [
        world.team_commune_a,
        world.team_a1,
        world.team_a2,
    ]


def test_a_member_sees_their_own_team_only(world: World) -> None:
    assert selectors.team_get(actor=world.member, team_id=world.team_a1.pk) == world.team_a1
    for other in (world.team_a2, world.team_commune_a, world.team_b1):
        with pytest.raises(NotFound):
            selectors.team_get(actor=world.member, team_id=other.pk)


def test_members_are_listed_leader_first_then_deputies(world: World) -> None:
    services.member_add(
        actor=SYSTEM, team=world.team_a1, full_name="An Văn Ba", role=TeamRole.MEMBER
    )
    services.member_add(
        actor=SYSTEM, team=world.team_a1, full_name="Bùi Thị Cúc", role=TeamRole.DEPUTY
    )
    listed = selectors.members(world.team_a1, today())
    assert [m.role for m in listed] == [TeamRole.LEADER, TeamRole.DEPUTY, TeamRole.MEMBER]
