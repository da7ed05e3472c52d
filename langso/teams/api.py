from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from langso import access
from langso.core.bounds import Day, DbId
from langso.core.dates import FOREVER, today
from langso.teams import selectors, services
from langso.teams.models import Organisation, Team, TeamRole
from langso.teams.schemas import (
    CoverageOut,
    MemberIn,
    MemberOut,
    TeamBriefOut,
    TeamOut,
    ZaloIn,
)
from langso.units import selectors as units

router = Router(tags=["teams"])


class OnQuery(Schema):
    on: Day | None = None


@router.get(
    "/units/{code}/coverage", response=CoverageOut, summary="Teams, members and Zalo groups"
)
def coverage(request: HttpRequest, code: str, query: Query[OnQuery]) -> CoverageOut:
    """How many communes and villages of the unit have a team, with how many members and Zalo
    groups, as of ``on`` (default today). Counted from the data; nothing is stored."""
    report = selectors.coverage_report(actor=request.user, code=code, on=query.on)
    return CoverageOut(**report.total.__dict__)


@router.get("/units/{code}/teams", response=list[TeamBriefOut], summary="Teams under a unit")
def unit_teams(request: HttpRequest, code: str, query: Query[OnQuery]) -> list[TeamBriefOut]:
    day = query.on or today()
    result = []
    for version, team in selectors.teams_in(actor=request.user, code=code, on=day):
        group = selectors.zalo_group(team, day)
        result.append(
            TeamBriefOut(
                id=team.pk,
                name=team.name,
                unit=version.code,
                unit_name=version.name,
                members=len(selectors.members(team, day)),
                zalo_link=group.invite_link if group else None,
            )
        )
    return result


def _team_out(team: Team) -> TeamOut:
    day = access.team_day(team)
    version = units.version_on(team.unit, day)
    group = selectors.zalo_group(team, day)
    return TeamOut(
        id=team.pk,
        name=team.name,
        unit=version.code if version else "",
        unit_name=version.name if version else "",
        valid_from=team.valid_from,
        closed_on=None if team.valid_until == FOREVER else team.valid_until,
        zalo_link=group.invite_link if group else None,
        members=[
            MemberOut(
                id=m.pk,
                full_name=m.person.full_name,
                phone=m.person.phone,
                role=TeamRole(m.role),
                organisation=Organisation(m.organisation),
                joined_on=m.joined_on,
            )
            for m in selectors.members(team, day)
        ],
    )


@router.get("/teams/{team_id}", response=TeamOut, summary="A team with its members")
def team_detail(request: HttpRequest, team_id: DbId) -> TeamOut:
    return _team_out(selectors.team_get(actor=request.user, team_id=team_id))


@router.post("/teams/{team_id}/members", response={201: MemberOut}, summary="Add a member")
def member_add(request: HttpRequest, team_id: DbId, payload: MemberIn) -> Status[MemberOut]:
    team = selectors.team_get(actor=request.user, team_id=team_id)
    membership = services.member_add(
        actor=request.user,
        team=team,
        full_name=payload.full_name,
        phone=payload.phone,
        role=payload.role,
        organisation=payload.organisation,
        joined_on=payload.joined_on,
    )
    return Status(
        201,
        MemberOut(
            id=membership.pk,
            full_name=membership.person.full_name,
            phone=membership.person.phone,
            role=payload.role,
            organisation=payload.organisation,
            joined_on=membership.joined_on,
        ),
    )


@router.put("/teams/{team_id}/zalo", response=TeamOut, summary="Set the team's Zalo group")
def zalo_set(request: HttpRequest, team_id: DbId, payload: ZaloIn) -> TeamOut:
    team = selectors.team_get(actor=request.user, team_id=team_id)
    services.zalo_set(actor=request.user, team=team, invite_link=payload.invite_link)
    return _team_out(team)
