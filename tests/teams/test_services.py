"""Writes to teams, members and Zalo groups: validated, scoped to who may manage, history kept."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from langso.access import SYSTEM
from langso.accounts import services as accounts
from langso.accounts.models import Role, User
from langso.core.dates import FOREVER, today, valid_on
from langso.core.errors import Conflict, CoreError, DomainError, NotFound
from langso.teams import services
from langso.teams.errors import TeamError
from langso.teams.models import Membership, Organisation, Person, Team, TeamRole, ZaloGroup
from langso.units import services as units
from langso.units.errors import UnitError
from langso.units.models import EventKind, Kind, Unit, UnitEvent, UnitVersion
from tests.roles import PASSWORD, World, unit_today
from tests.teams.phones import number_of
from tests.unchanged import TEAMS, unchanged

# Members join and leave on written-out days of 2025 and 2026, and communes merge on MERGER
# (1 January 2027) after villages made today: the module runs on the fixture day (September
# 2026), after the former and before the latter.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixture_day")]

START = date(2025, 8, 1)
MERGER = date(2027, 1, 1)


def old_team(unit: Unit) -> Team:
    """A team set up in 2025, so that its members can have joined and left in the past."""
    return services.team_create(actor=SYSTEM, unit=unit, valid_from=START)


def leader_of(village: Unit) -> User:
    user, _ = accounts.user_provision(username="leader_a2", password=PASSWORD)
    accounts.role_grant(user=user, role=Role.TEAM_LEADER, unit=village)
    return user


# Creating teams


def test_a_team_gets_the_official_name_of_its_unit_by_default() -> None:
    village = units.unit_create(
        actor=SYSTEM, name="Bản Co Líu", kind=Kind.VILLAGE, parent=unit_today("03754")
    )
    team = services.team_create(actor=SYSTEM, unit=village)
    assert team.name == "Tổ công nghệ số cộng đồng Bản Co Líu"
    assert (team.valid_from, team.valid_until) == (today(), FOREVER)


def test_a_given_team_name_is_kept_with_its_spaces_tidied() -> None:
    team = services.team_create(
        actor=SYSTEM, unit=unit_today("03754"), name="  Tổ  số   Chiềng La "
    )
    assert team.name == "Tổ số Chiềng La"


def test_a_unit_cannot_have_a_second_open_team(world: World) -> None:
    with pytest.raises(Conflict) as caught:
        services.team_create(actor=SYSTEM, unit=world.village_a1)
    assert caught.value.code == TeamError.EXISTS
    assert caught.value.status == 409
    assert Team.objects.filter(unit=world.village_a1).count() == 1


def test_a_province_cannot_have_a_team(world: World) -> None:
    with pytest.raises(DomainError) as caught:
        services.team_create(actor=SYSTEM, unit=world.province)
    assert caught.value.code == TeamError.UNIT_LEVEL
    assert not Team.objects.filter(unit=world.province).exists()


def test_a_district_cannot_have_a_team() -> None:
    day = date(2024, 1, 1)
    thuan_chau = UnitVersion.objects.get(valid_on(day), code="119").unit
    with pytest.raises(DomainError) as caught:
        services.team_create(actor=SYSTEM, unit=thuan_chau, valid_from=day)
    assert caught.value.code == TeamError.UNIT_LEVEL
    assert caught.value.field == "unit"
    assert not Team.objects.filter(unit=thuan_chau).exists()


def test_a_team_cannot_start_before_its_unit_existed() -> None:
    with pytest.raises(DomainError) as caught:
        services.team_create(actor=SYSTEM, unit=unit_today("03754"), valid_from=date(2024, 1, 1))
    assert caught.value.code == UnitError.NOT_VALID_ON
    assert caught.value.field == "valid_from"


def test_a_commune_officer_cannot_create_a_team_in_another_commune(world: World) -> None:
    with pytest.raises(NotFound):
        services.team_create(actor=world.commune_officer, unit=unit_today("03754"))
    assert not Team.objects.filter(unit=unit_today("03754")).exists()


# Adding members


@pytest.mark.parametrize(
    "written", ["0912 345 678", "+84 912 345 678", "84912345678", "0912.345.678"]
)
def test_phones_written_any_common_way_are_stored_as_e164(world: World, written: str) -> None:
    membership = services.member_add(
        actor=SYSTEM, team=world.team_a1, full_name="Hà Thị Mai", phone=written
    )
    assert number_of(membership.person) == "+84912345678"
    assert membership.person.phone_masked == "*******678"


@pytest.mark.parametrize("bad", ["12345", "0912 345", "không có", "+1 555"])
def test_an_invalid_phone_is_refused_and_nothing_is_saved(world: World, bad: str) -> None:
    people, memberships = Person.objects.count(), Membership.objects.count()
    with pytest.raises(DomainError) as caught:
        services.member_add(actor=SYSTEM, team=world.team_a1, full_name="Hà Thị Mai", phone=bad)
    assert caught.value.code == CoreError.PHONE_INVALID
    assert caught.value.field == "phone"
    assert (Person.objects.count(), Membership.objects.count()) == (people, memberships)


def test_a_member_without_a_phone_is_accepted(world: World) -> None:
    membership = services.member_add(actor=SYSTEM, team=world.team_a1, full_name="Hà Thị Mai")
    person = membership.person
    assert (person.phone_sealed, person.phone_index, person.phone_masked) == (None, None, "")
    assert membership.role == TeamRole.MEMBER
    assert membership.organisation == Organisation.OTHER


def test_a_member_needs_a_name(world: World) -> None:
    people = Person.objects.count()
    with pytest.raises(DomainError) as caught:
        services.member_add(actor=SYSTEM, team=world.team_a1, full_name="   ", phone="0912345678")
    assert caught.value.code == TeamError.NAME_REQUIRED
    assert caught.value.field == "full_name"
    assert Person.objects.count() == people


def test_a_team_has_only_one_leader(world: World) -> None:
    with pytest.raises(Conflict) as caught:
        services.member_add(
            actor=SYSTEM, team=world.team_a1, full_name="Hà Thị Mai", role=TeamRole.LEADER
        )
    assert caught.value.code == TeamError.LEADER_EXISTS
    assert "Lò Văn Xuân" in str(caught.value.message)
    assert Membership.objects.filter(team=world.team_a1, role=TeamRole.LEADER).count() == 1


def test_the_same_person_cannot_join_one_team_twice(world: World) -> None:
    services.member_add(
        actor=SYSTEM, team=world.team_a1, full_name="Hà Thị Mai", phone="0912345678"
    )
    with pytest.raises(Conflict) as caught:
        services.member_add(
            actor=SYSTEM, team=world.team_a1, full_name="hà thị  mai", phone="+84 912 345 678"
        )
    assert caught.value.code == TeamError.ALREADY_MEMBER
    same = Membership.objects.filter(
        team=world.team_a1, person__phone_index=services.phone_index("+84912345678")
    )
    assert same.count() == 1


def test_a_member_cannot_join_before_the_team_existed(world: World) -> None:
    with pytest.raises(DomainError) as caught:
        services.member_add(
            actor=SYSTEM,
            team=world.team_a1,
            full_name="Hà Thị Mai",
            joined_on=today() - timedelta(days=1),
        )
    assert caught.value.code == TeamError.DATE_ORDER
    assert caught.value.field == "joined_on"


def test_one_person_serves_on_several_teams(world: World) -> None:
    first = services.member_add(
        actor=SYSTEM, team=world.team_a1, full_name="Hà Thị Mai", phone="0912 345 678"
    )
    second = services.member_add(
        actor=SYSTEM, team=world.team_commune_a, full_name="Hà Thị Mai", phone="0912.345.678"
    )
    assert first.person_id == second.person_id
    assert Person.objects.filter(phone_index=services.phone_index("+84912345678")).count() == 1


def test_the_same_phone_with_another_name_is_another_person(world: World) -> None:
    first = services.member_add(
        actor=SYSTEM, team=world.team_a1, full_name="Hà Thị Mai", phone="0912345678"
    )
    second = services.member_add(
        actor=SYSTEM, team=world.team_a2, full_name="Hà Văn Nam", phone="0912345678"
    )
    assert first.person_id != second.person_id


# Ending memberships


def test_a_member_who_leaves_is_kept_as_history(world: World) -> None:
    team = old_team(world.commune_b)
    membership = services.member_add(
        actor=SYSTEM, team=team, full_name="Hà Thị Mai", joined_on=date(2025, 9, 1)
    )
    services.member_end(actor=SYSTEM, membership=membership, left_on=date(2026, 3, 1))
    membership.refresh_from_db()
    assert (membership.joined_on, membership.left_on) == (date(2025, 9, 1), date(2026, 3, 1))
    assert Membership.objects.filter(team=team).count() == 1


def test_a_member_who_left_may_join_the_same_team_again(world: World) -> None:
    team = old_team(world.commune_b)
    first = services.member_add(
        actor=SYSTEM, team=team, full_name="Hà Thị Mai", phone="0912345678", joined_on=START
    )
    services.member_end(actor=SYSTEM, membership=first, left_on=date(2026, 1, 1))
    again = services.member_add(
        actor=SYSTEM,
        team=team,
        full_name="Hà Thị Mai",
        phone="0912345678",
        joined_on=date(2026, 6, 1),
    )
    assert again.person_id == first.person_id
    assert Membership.objects.filter(team=team, person=first.person).count() == 2


@pytest.mark.parametrize("left_on", [date(2025, 8, 31), date(2025, 8, 15)])
def test_the_leaving_date_must_not_come_before_the_joining_date(
    world: World, left_on: date
) -> None:
    team = old_team(world.commune_b)
    membership = services.member_add(
        actor=SYSTEM, team=team, full_name="Hà Thị Mai", joined_on=date(2025, 9, 1)
    )
    with pytest.raises(DomainError) as caught:
        services.member_end(actor=SYSTEM, membership=membership, left_on=left_on)
    assert caught.value.code == TeamError.DATE_ORDER
    assert caught.value.field == "left_on"
    membership.refresh_from_db()
    assert membership.left_on == FOREVER


def test_leaving_on_the_joining_day_removes_an_entry_made_by_mistake(world: World) -> None:
    team = old_team(world.commune_b)
    membership = services.member_add(
        actor=SYSTEM, team=team, full_name="Hà Thị Mai", joined_on=date(2025, 9, 1)
    )
    services.member_end(actor=SYSTEM, membership=membership, left_on=date(2025, 9, 1))
    assert not Membership.objects.filter(pk=membership.pk).exists()


# Who may manage a team


@pytest.mark.parametrize("who", ["commune_officer", "province_officer", "leader"])
def test_officers_above_and_the_team_leader_may_add_members(world: World, who: str) -> None:
    actor = getattr(world, who)
    membership = services.member_add(actor=actor, team=world.team_a1, full_name="Hà Thị Mai")
    assert membership.team == world.team_a1


@pytest.mark.parametrize("who", ["member", "member_b", "outsider"])
def test_others_cannot_add_members_and_are_told_there_is_no_such_team(
    world: World, who: str
) -> None:
    actor = getattr(world, who)
    with pytest.raises(NotFound) as caught:
        services.member_add(actor=actor, team=world.team_a1, full_name="Hà Thị Mai")
    assert caught.value.code == TeamError.NOT_FOUND
    assert not Person.objects.filter(full_name="Hà Thị Mai").exists()


def test_the_leader_of_another_village_cannot_add_members(world: World) -> None:
    leader_a2 = leader_of(world.village_a2)
    services.member_add(actor=leader_a2, team=world.team_a2, full_name="Hà Văn Nam")
    with unchanged(*TEAMS), pytest.raises(NotFound):
        services.member_add(actor=leader_a2, team=world.team_a1, full_name="Hà Thị Mai")


def test_a_village_leader_cannot_manage_the_commune_team(world: World) -> None:
    with unchanged(*TEAMS), pytest.raises(NotFound):
        services.member_add(actor=world.leader, team=world.team_commune_a, full_name="Hà Thị Mai")


def test_a_member_cannot_end_a_membership(world: World) -> None:
    team = old_team(world.commune_b)
    membership = services.member_add(
        actor=SYSTEM, team=team, full_name="Hà Thị Mai", joined_on=START
    )
    with pytest.raises(NotFound):
        services.member_end(actor=world.member_b, membership=membership)
    membership.refresh_from_db()
    assert membership.left_on == FOREVER


def test_a_member_cannot_change_the_zalo_link(world: World) -> None:
    with pytest.raises(NotFound):
        services.zalo_set(actor=world.member, team=world.team_a1, invite_link="zalo.me/g/abc123")
    assert not ZaloGroup.objects.filter(team=world.team_a1).exists()


# Zalo links


@pytest.mark.parametrize(
    "written", ["https://zalo.me/g/abc123", "zalo.me/g/abc123", " http://zalo.me/g/abc123/ "]
)
def test_zalo_links_are_written_one_way(written: str) -> None:
    assert services.zalo_link_normalize(written) == "https://zalo.me/g/abc123"


@pytest.mark.parametrize(
    "bad",
    [
        "https://zalo.me/0912345678",
        "https://evil.example/g/abc",
        "https://zalo.me/g/",
        "javascript:alert(1)",
        "https://zalo.me.evil.example/g/abc123",
        "",
    ],
)
def test_anything_but_a_zalo_group_invite_is_refused(bad: str) -> None:
    with pytest.raises(DomainError) as caught:
        services.zalo_link_normalize(bad)
    assert caught.value.code == TeamError.ZALO_LINK_INVALID
    assert caught.value.field == "invite_link"


def test_a_new_zalo_link_on_a_later_day_keeps_the_old_one_as_history(world: World) -> None:
    team = old_team(world.commune_b)
    services.zalo_set(actor=SYSTEM, team=team, invite_link="zalo.me/g/old111", valid_from=START)
    services.zalo_set(
        actor=SYSTEM, team=team, invite_link="zalo.me/g/new222", valid_from=date(2026, 1, 1)
    )
    groups = list(ZaloGroup.objects.filter(team=team).order_by("valid_from"))
    assert [(g.invite_link, g.valid_from, g.valid_until) for g in groups] == [
        ("https://zalo.me/g/old111", START, date(2026, 1, 1)),
        ("https://zalo.me/g/new222", date(2026, 1, 1), FOREVER),
    ]


def test_setting_the_same_zalo_link_again_changes_nothing(world: World) -> None:
    team = old_team(world.commune_b)
    first = services.zalo_set(
        actor=SYSTEM, team=team, invite_link="https://zalo.me/g/abc123", valid_from=START
    )
    again = services.zalo_set(actor=SYSTEM, team=team, invite_link="zalo.me/g/abc123/")
    assert again.pk == first.pk
    assert list(ZaloGroup.objects.filter(team=team).values_list("valid_from", "valid_until")) == [
        (START, FOREVER)
    ]


def test_a_zalo_link_corrected_the_same_day_replaces_the_mistake(world: World) -> None:
    services.zalo_set(actor=world.leader, team=world.team_a1, invite_link="zalo.me/g/typo11")
    services.zalo_set(actor=world.leader, team=world.team_a1, invite_link="zalo.me/g/right22")
    assert list(ZaloGroup.objects.filter(team=world.team_a1).values_list("invite_link")) == [
        ("https://zalo.me/g/right22",)
    ]


# Teams following a change event


@dataclass
class Merger:
    chieng_la: Team
    muong_khieng: Team
    people: set[int]


def commune_team(code: str, names: list[str], link: str, first_phone: int) -> Team:
    """A commune team since 2025 whose first member leads, with a Zalo group."""
    team = old_team(unit_today(code))
    for index, name in enumerate(names):
        services.member_add(
            actor=SYSTEM,
            team=team,
            full_name=name,
            phone=f"09123450{first_phone + index:02d}",
            role=TeamRole.LEADER if index == 0 else TeamRole.MEMBER,
            organisation=Organisation.YOUTH_UNION,
            joined_on=START,
        )
    services.zalo_set(actor=SYSTEM, team=team, invite_link=link, valid_from=START)
    return team


@pytest.fixture
def merger(world: World) -> Merger:
    """Chiềng La (03754) has a team of two, Mường Khiêng (03757) a larger team of three."""
    chieng_la = commune_team(
        "03754", ["Lò Văn An", "Lò Thị Bình"], "https://zalo.me/g/chiengla", first_phone=10
    )
    muong_khieng = commune_team(
        "03757",
        ["Cầm Văn Chung", "Cầm Thị Dung", "Cầm Văn Giang"],
        "https://zalo.me/g/muongkhieng",
        first_phone=20,
    )
    people = set(
        Membership.objects.filter(team__in=[chieng_la, muong_khieng]).values_list(
            "person_id", flat=True
        )
    )
    return Merger(chieng_la=chieng_la, muong_khieng=muong_khieng, people=people)


def merge_event(key: str) -> UnitEvent:
    return units.event_record(
        actor=SYSTEM,
        key=key,
        kind=EventKind.MERGE,
        effective=MERGER,
        legal_basis="Nghị quyết thử nghiệm",
    )


def merge_communes(code: str) -> tuple[UnitEvent, Unit]:
    event = merge_event(f"test-merge-{code}")
    target = units.units_merge(
        actor=SYSTEM,
        event=event,
        sources=[unit_today("03754"), unit_today("03757")],
        name="Xã Chiềng La Mới",
        kind=Kind.COMMUNE,
        code=code,
        parent=unit_today("14"),
    )
    return event, target


def open_memberships(team: Team) -> dict[str, str]:
    return {
        m.person.full_name: m.role
        for m in Membership.objects.filter(team=team, left_on=FOREVER).select_related("person")
    }


def test_merged_communes_get_one_team_led_by_the_largest_teams_leader(merger: Merger) -> None:
    event, target = merge_communes("99901")
    assert services.teams_follow_event(actor=SYSTEM, event=event) == 2
    new_team = Team.objects.get(unit=target)
    assert (new_team.valid_from, new_team.valid_until) == (MERGER, FOREVER)
    assert new_team.name == "Tổ công nghệ số cộng đồng Xã Chiềng La Mới"
    assert new_team.opened_by == event
    roles = open_memberships(new_team)
    assert roles == {
        "Cầm Văn Chung": TeamRole.LEADER,
        "Lò Văn An": TeamRole.DEPUTY,
        "Lò Thị Bình": TeamRole.MEMBER,
        "Cầm Thị Dung": TeamRole.MEMBER,
        "Cầm Văn Giang": TeamRole.MEMBER,
    }
    carried = Membership.objects.filter(team=new_team)
    assert set(carried.values_list("person_id", flat=True)) == merger.people
    assert set(carried.values_list("joined_on", "organisation")) == {
        (MERGER, Organisation.YOUTH_UNION)
    }


def test_the_successor_carrying_a_sources_code_takes_that_sources_team_as_seat(
    merger: Merger,
) -> None:
    event, target = merge_communes("03754")
    services.teams_follow_event(actor=SYSTEM, event=event)
    new_team = Team.objects.get(unit=target)
    roles = open_memberships(new_team)
    assert roles["Lò Văn An"] == TeamRole.LEADER
    assert roles["Cầm Văn Chung"] == TeamRole.DEPUTY
    assert list(new_team.zalo_groups.values_list("invite_link", "valid_from", "valid_until")) == [
        ("https://zalo.me/g/chiengla", MERGER, FOREVER)
    ]


def test_old_teams_close_on_the_event_day_and_keep_their_history(merger: Merger) -> None:
    event, target = merge_communes("99901")
    services.teams_follow_event(actor=SYSTEM, event=event)
    new_team = Team.objects.get(unit=target)
    for old in (merger.chieng_la, merger.muong_khieng):
        old.refresh_from_db()
        assert (old.valid_until, old.closed_by, old.successor) == (MERGER, event, new_team)
        assert set(old.memberships.values_list("joined_on", "left_on")) == {(START, MERGER)}
        assert list(old.zalo_groups.values_list("valid_from", "valid_until")) == [(START, MERGER)]
    assert list(new_team.zalo_groups.values_list("invite_link", "valid_until")) == [
        ("https://zalo.me/g/muongkhieng", FOREVER)
    ]


def test_a_person_on_both_merged_teams_is_kept_once(merger: Merger) -> None:
    services.member_add(
        actor=SYSTEM,
        team=merger.chieng_la,
        full_name="Cầm Thị Dung",
        phone="0912345021",
        joined_on=START,
    )
    event, target = merge_communes("99901")
    services.teams_follow_event(actor=SYSTEM, event=event)
    new_team = Team.objects.get(unit=target)
    dung = Membership.objects.filter(team=new_team, person__full_name="Cầm Thị Dung")
    assert dung.count() == 1
    assert Membership.objects.filter(team=new_team).count() == len(merger.people)


def test_applying_an_event_to_teams_twice_changes_nothing(merger: Merger) -> None:
    event, _target = merge_communes("99901")
    services.teams_follow_event(actor=SYSTEM, event=event)
    counts = (Team.objects.count(), Membership.objects.count(), ZaloGroup.objects.count())
    assert services.teams_follow_event(actor=SYSTEM, event=event) == 0
    assert (Team.objects.count(), Membership.objects.count(), ZaloGroup.objects.count()) == counts


def test_a_commune_divided_into_an_existing_commune_joins_its_team(merger: Merger) -> None:
    event = units.event_record(
        actor=SYSTEM,
        key="test-split-03754",
        kind=EventKind.SPLIT,
        effective=MERGER,
        legal_basis="Nghị quyết thử nghiệm",
    )
    units.unit_split(
        actor=SYSTEM,
        event=event,
        source=unit_today("03754"),
        assignments={},
        end_source=True,
        main=unit_today("03757"),
    )
    assert services.teams_follow_event(actor=SYSTEM, event=event) == 1
    seat = merger.muong_khieng
    seat.refresh_from_db()
    assert seat.valid_until == FOREVER
    roles = open_memberships(seat)
    assert roles["Cầm Văn Chung"] == TeamRole.LEADER
    assert roles["Lò Văn An"] == TeamRole.DEPUTY
    assert [r for r in roles.values() if r == TeamRole.LEADER] == [TeamRole.LEADER]
    # The seat team's own memberships go on untouched, from their first day.
    chung = Membership.objects.get(team=seat, person__full_name="Cầm Văn Chung")
    assert (chung.joined_on, chung.left_on) == (START, FOREVER)
    merger.chieng_la.refresh_from_db()
    assert merger.chieng_la.successor == seat
    assert list(
        ZaloGroup.objects.filter(team=seat, valid_until=FOREVER).values_list("invite_link")
    ) == [("https://zalo.me/g/muongkhieng",)]


def test_village_teams_move_with_their_village_and_stay_open(merger: Merger) -> None:
    village = units.unit_create(
        actor=SYSTEM, name="Bản Nà Lạn", kind=Kind.VILLAGE, parent=unit_today("03754")
    )
    village_team = services.team_create(actor=SYSTEM, unit=village)
    event, _target = merge_communes("99901")
    assert services.teams_follow_event(actor=SYSTEM, event=event) == 2
    village_team.refresh_from_db()
    assert (village_team.valid_until, village_team.successor) == (FOREVER, None)


def test_only_administrators_apply_events_to_teams(world: World, merger: Merger) -> None:
    event, _target = merge_communes("99901")
    with pytest.raises(NotFound):
        services.teams_follow_event(actor=world.province_officer, event=event)
    merger.chieng_la.refresh_from_db()
    assert merger.chieng_la.valid_until == FOREVER


def test_a_member_who_joined_on_the_event_day_is_carried_over(merger: Merger) -> None:
    services.member_add(
        actor=SYSTEM, team=merger.chieng_la, full_name="Lường Văn Hải", joined_on=MERGER
    )
    event, target = merge_communes("99901")
    services.teams_follow_event(actor=SYSTEM, event=event)
    assert "Lường Văn Hải" in open_memberships(Team.objects.get(unit=target))


def test_a_zalo_link_changed_on_the_event_day_is_carried_over(merger: Merger) -> None:
    services.zalo_set(
        actor=SYSTEM,
        team=merger.muong_khieng,
        invite_link="https://zalo.me/g/latest",
        valid_from=MERGER,
    )
    event, target = merge_communes("99901")
    services.teams_follow_event(actor=SYSTEM, event=event)
    new_team = Team.objects.get(unit=target)
    assert list(new_team.zalo_groups.values_list("invite_link", flat=True)) == [
        "https://zalo.me/g/latest"
    ]
