from datetime import date

from ninja import Schema

from langso.teams.models import Organisation, TeamRole


class CoverageOut(Schema):
    unit: str
    name: str
    on: date
    communes_total: int
    communes_with_team: int
    villages_total: int
    villages_with_team: int
    teams: int
    members: int
    members_commune_level: int
    members_village_level: int
    zalo_groups_commune_level: int
    zalo_groups_village_level: int


class MemberOut(Schema):
    id: int
    full_name: str
    phone: str
    role: TeamRole
    organisation: Organisation
    joined_on: date


class TeamOut(Schema):
    id: int
    name: str
    unit: str
    unit_name: str
    valid_from: date
    closed_on: date | None
    zalo_link: str | None
    members: list[MemberOut]


class TeamBriefOut(Schema):
    id: int
    name: str
    unit: str
    unit_name: str
    members: int
    zalo_link: str | None


class MemberIn(Schema):
    full_name: str
    phone: str = ""
    role: TeamRole = TeamRole.MEMBER
    organisation: Organisation = Organisation.OTHER
    joined_on: date | None = None


class ZaloIn(Schema):
    invite_link: str
