"""Reads of teams and their coverage, as of a date and limited to what the actor may see."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Value, When

from langso import access
from langso.access import Actor
from langso.core.dates import today, valid_on
from langso.teams.models import Membership, Person, Team, TeamRole, ZaloGroup
from langso.units import selectors as units
from langso.units import tree
from langso.units.models import Level, UnitVersion


@dataclass
class Coverage:
    """How far teams reach in a unit on a day. Counts come from the data, nothing is stored."""

    unit: str
    name: str
    on: date
    communes_total: int = 0
    communes_with_team: int = 0
    # Communes with at least one village listed: villages are only counted where listed.
    communes_with_villages: int = 0
    villages_total: int = 0
    villages_with_team: int = 0
    teams: int = 0
    members: int = 0
    members_commune_level: int = 0
    members_village_level: int = 0
    zalo_groups_commune_level: int = 0
    zalo_groups_village_level: int = 0


@dataclass
class _Tally:
    communes: set[int] = field(default_factory=set)
    villages: set[int] = field(default_factory=set)
    communes_with_team: set[int] = field(default_factory=set)
    communes_with_villages: set[int] = field(default_factory=set)
    villages_with_team: set[int] = field(default_factory=set)
    teams: int = 0
    people: set[int] = field(default_factory=set)
    people_commune: set[int] = field(default_factory=set)
    people_village: set[int] = field(default_factory=set)
    zalo_commune: int = 0
    zalo_village: int = 0

    def into(self, version: UnitVersion, on: date) -> Coverage:
        return Coverage(
            unit=version.code,
            name=version.name,
            on=on,
            communes_total=len(self.communes),
            communes_with_team=len(self.communes_with_team),
            communes_with_villages=len(self.communes_with_villages),
            villages_total=len(self.villages),
            villages_with_team=len(self.villages_with_team),
            teams=self.teams,
            members=len(self.people),
            members_commune_level=len(self.people_commune),
            members_village_level=len(self.people_village),
            zalo_groups_commune_level=self.zalo_commune,
            zalo_groups_village_level=self.zalo_village,
        )


@dataclass
class CoverageReport:
    total: Coverage
    rows: list[tuple[UnitVersion, Coverage]]


def coverage_report(*, actor: Actor, code: str, on: date | None = None) -> CoverageReport:
    """Coverage of the unit with ``code`` on ``on`` (default today), in total and per child.

    One recursive query finds every unit underneath with the child it lies in; three more read
    the teams, memberships and Zalo groups valid that day. Members are people: someone on two
    teams counts once.
    """
    day = on or today()
    version = units.unit_get(actor=actor, code=code, on=day)
    branches = tree.branches(version.unit, day)
    branch_of = {b.unit_id: b.branch_id for b in branches}
    level_of = {b.unit_id: b.level for b in branches}
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    total = _Tally()

    def both(unit_id: int) -> list[_Tally]:
        branch = branch_of[unit_id]
        return [total] if branch == version.unit_id else [total, tallies[branch]]

    for unit_id, level in level_of.items():
        for tally in both(unit_id):
            if level == Level.COMMUNE:
                tally.communes.add(unit_id)
            elif level == Level.VILLAGE:
                tally.villages.add(unit_id)

    village_parents = UnitVersion.objects.filter(
        valid_on(day), unit_id__in=tree.subtree(version.unit, day), unit__level=Level.VILLAGE
    ).values_list("parent_id", flat=True)
    for parent_id in set(village_parents):
        if level_of.get(parent_id) == Level.COMMUNE:
            for tally in both(parent_id):
                tally.communes_with_villages.add(parent_id)

    teams = dict(
        Team.objects.filter(valid_on(day), unit_id__in=tree.subtree(version.unit, day)).values_list(
            "id", "unit_id"
        )
    )
    for unit_id in teams.values():
        for tally in both(unit_id):
            tally.teams += 1
            if level_of[unit_id] == Level.COMMUNE:
                tally.communes_with_team.add(unit_id)
            elif level_of[unit_id] == Level.VILLAGE:
                tally.villages_with_team.add(unit_id)
    memberships = Membership.objects.filter(
        joined_on__lte=day, left_on__gt=day, team_id__in=list(teams)
    ).values_list("team_id", "person_id")
    for team_id, person_id in memberships:
        unit_id = teams[team_id]
        for tally in both(unit_id):
            tally.people.add(person_id)
            if level_of[unit_id] == Level.COMMUNE:
                tally.people_commune.add(person_id)
            else:
                tally.people_village.add(person_id)
    for team_id in ZaloGroup.objects.filter(valid_on(day), team_id__in=list(teams)).values_list(
        "team_id", flat=True
    ):
        unit_id = teams[team_id]
        for tally in both(unit_id):
            if level_of[unit_id] == Level.COMMUNE:
                tally.zalo_commune += 1
            else:
                tally.zalo_village += 1

    children = units.children(actor=actor, unit=version.unit, on=day)
    return CoverageReport(
        total=total.into(version, day),
        rows=[(child, tallies[child.unit_id].into(child, day)) for child in children],
    )


def team_get(*, actor: Actor, team_id: int) -> Team:
    """A team the actor may see (404 otherwise): visibility follows the team's unit today, or on
    the team's last day when it has closed."""
    return access.access_team(actor, team_id)


def team_of_unit(unit_id: int, on: date) -> Team | None:
    return Team.objects.filter(valid_on(on), unit_id=unit_id).first()


# Leader first, then deputies, then members (the codes' alphabetical order would put deputies
# before the leader).
_ROLE_ORDER = Case(
    When(role=TeamRole.LEADER, then=Value(0)),
    When(role=TeamRole.DEPUTY, then=Value(1)),
    default=Value(2),
)


def members(team: Team, on: date) -> list[Membership]:
    return list(
        Membership.objects.filter(team=team, joined_on__lte=on, left_on__gt=on)
        .select_related("person")
        .order_by(_ROLE_ORDER, "person__full_name_folded")
    )


@dataclass(frozen=True)
class MemberRow:
    """A member as one reader sees them: the phone number's masked form only when the member
    lets this reader see it, and whether the reader may ask for the whole number."""

    membership: Membership
    phone_masked: str  # "" when there is none, or when it is not this reader's to see
    may_reveal: bool  # only when there is a number to show
    is_me: bool


def member_row(rights: access.MemberPhoneRights, membership: Membership) -> MemberRow:
    person = membership.person
    shown = person.phone_masked if rights.may_see_masked(person) else ""
    return MemberRow(
        membership=membership,
        phone_masked=shown,
        may_reveal=bool(shown) and rights.may_reveal(person),
        is_me=rights.user_id is not None and person.user_id == rights.user_id,
    )


def member_rows(*, actor: Actor, team: Team) -> list[MemberRow]:
    """The members of a team the actor may see (``team_get``), on the day it is shown as of."""
    rights = access.member_phone_rights(actor, team)
    return [member_row(rights, m) for m in members(team, access.team_day(team))]


def person_of(actor: Actor) -> Person | None:
    """The team member who is the actor (their login linked to a person), if any."""
    user_id = access.actor_id(actor)
    return None if user_id is None else Person.objects.filter(user_id=user_id).first()


def zalo_group(team: Team, on: date) -> ZaloGroup | None:
    return ZaloGroup.objects.filter(valid_on(on), team=team).first()


def teams_in(*, actor: Actor, code: str, on: date | None = None) -> list[tuple[UnitVersion, Team]]:
    """Every team under the unit with ``code`` on ``on``, with its unit's version."""
    day = on or today()
    version = units.unit_get(actor=actor, code=code, on=day)
    found = list(Team.objects.filter(valid_on(day), unit_id__in=tree.subtree(version.unit, day)))
    versions = {
        v.unit_id: v
        for v in UnitVersion.objects.filter(valid_on(day), unit_id__in=[t.unit_id for t in found])
    }
    return sorted(((versions[t.unit_id], t) for t in found), key=lambda pair: pair[0].code)
