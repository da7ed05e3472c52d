from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status

from langso import access
from langso.access import Actor
from langso.core.bounds import Day, DbId
from langso.core.dates import FOREVER, today
from langso.teams import selectors, services
from langso.teams.models import Organisation, PhoneVisibility, Team, TeamRole
from langso.teams.schemas import (
    CoverageOut,
    MemberIn,
    MemberOut,
    PhoneOut,
    PhoneVisibilityIn,
    PhoneVisibilityOut,
    RevealIn,
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


# Answers that carry members' numbers, even masked, are kept by no cache on the way.
NO_STORE = "private, no-store"


def _member_out(row: selectors.MemberRow) -> MemberOut:
    m = row.membership
    return MemberOut(
        id=m.pk,
        person_id=m.person_id,
        full_name=m.person.full_name,
        phone_masked=row.phone_masked,
        phone_revealable=row.may_reveal,
        phone_visibility=PhoneVisibility(m.person.phone_visibility) if row.is_me else None,
        role=TeamRole(m.role),
        organisation=Organisation(m.organisation),
        joined_on=m.joined_on,
    )


def _team_out(actor: Actor, team: Team) -> TeamOut:
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
        members=[_member_out(row) for row in selectors.member_rows(actor=actor, team=team)],
    )


@router.get("/teams/{team_id}", response=TeamOut, summary="A team with its members")
def team_detail(request: HttpRequest, team_id: DbId, response: HttpResponse) -> TeamOut:
    """Members' phone numbers come masked, and only as far as each member lets the caller see
    them; ``phone_revealable`` says whose whole number the caller may ask for."""
    response["Cache-Control"] = NO_STORE
    return _team_out(request.user, selectors.team_get(actor=request.user, team_id=team_id))


@router.post("/teams/{team_id}/members", response={201: MemberOut}, summary="Add a member")
def member_add(
    request: HttpRequest, team_id: DbId, payload: MemberIn, response: HttpResponse
) -> Status[MemberOut]:
    """The phone number is stored sealed; the answer carries its masked form only."""
    response["Cache-Control"] = NO_STORE
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
    rights = access.member_phone_rights(request.user, team)
    return Status(201, _member_out(selectors.member_row(rights, membership)))


@router.post(
    "/teams/{team_id}/members/{person_id}/reveal-phone",
    response=PhoneOut,
    summary="A member's whole phone number, written to the audit log",
)
def member_phone_reveal(
    request: HttpRequest, team_id: DbId, person_id: DbId, payload: RevealIn, response: HttpResponse
) -> PhoneOut:
    """For those who manage the team (its officers and its leader), for a fellow member when
    the member chose to let the team see it (``team``), and for the member themself. Anyone
    else gets 404 ``MEMBER_NOT_FOUND``, as for a person who is not on the team (and a team the
    caller cannot see, 404 ``TEAM_NOT_FOUND``). ``reason`` is required (422 without it) and is
    written to the audit log with the caller and the time, whether or not a number is recorded."""
    response["Cache-Control"] = NO_STORE
    phone = services.member_phone_reveal(
        actor=request.user, team=team_id, person=person_id, reason=payload.reason
    )
    return PhoneOut(phone=phone or None)


@router.put(
    "/members/me/phone-visibility",
    response=PhoneVisibilityOut,
    summary="What my teams see of my phone number",
)
def phone_visibility_set(request: HttpRequest, payload: PhoneVisibilityIn) -> PhoneVisibilityOut:
    """The caller's own choice, for every team they serve on: ``hidden``, ``masked`` (the
    default) or ``team``. Whoever manages a team may still ask for the whole number with a
    reason. 404 ``MEMBER_NOT_FOUND`` when the caller's login is not linked to a team member."""
    person = access.access_own_person(request.user, selectors.person_of(request.user))
    person = services.member_phone_visibility_set(
        actor=request.user, person=person, visibility=payload.visibility
    )
    return PhoneVisibilityOut(
        visibility=PhoneVisibility(person.phone_visibility), phone_masked=person.phone_masked
    )


@router.put("/teams/{team_id}/zalo", response=TeamOut, summary="Set the team's Zalo group")
def zalo_set(request: HttpRequest, team_id: DbId, payload: ZaloIn) -> TeamOut:
    team = selectors.team_get(actor=request.user, team_id=team_id)
    services.zalo_set(actor=request.user, team=team, invite_link=payload.invite_link)
    return _team_out(request.user, team)
