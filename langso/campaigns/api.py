from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from langso import access
from langso.campaigns import progress as progress_module
from langso.campaigns import selectors, services
from langso.campaigns.errors import CampaignError
from langso.campaigns.models import Campaign, Goal, UnitTarget
from langso.campaigns.schemas import (
    AssignedOut,
    AssignIn,
    AssignmentsQuery,
    AssignOut,
    CampaignIn,
    CampaignOut,
    CampaignsQuery,
    GoalIn,
    GoalOut,
    GoalsIn,
    HouseholdToDoOut,
    PersonToDoOut,
    ProgressOut,
    ProgressQuery,
    TargetOut,
    TargetsIn,
    VillageAssignmentOut,
)
from langso.core.bounds import DbId
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.indicators.selectors import indicator_name
from langso.units import selectors as units
from langso.units.models import UnitVersion

router = Router(tags=["campaigns"])


def _goals(goals: list[GoalIn]) -> list[services.GoalData]:
    return [
        services.GoalData(
            indicator=goal.indicator,
            target_share=goal.target_share,
            target_count=goal.target_count,
        )
        for goal in goals
    ]


def _goal_out(goal: Goal | UnitTarget) -> GoalOut:
    return GoalOut(
        indicator=goal.indicator_id,
        name=indicator_name(goal.indicator),
        target_share=float(goal.target_share) if goal.target_share is not None else None,
        target_count=goal.target_count,
    )


def _campaign_out(campaign: Campaign) -> CampaignOut:
    version = units.version_of(campaign.unit, access.unit_day(campaign.unit, today()))
    return CampaignOut(
        id=campaign.pk,
        name=campaign.name,
        basis=campaign.basis_number,
        basis_date=campaign.basis_date,
        unit=version.code,
        unit_name=version.name,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        status=campaign.status,  # type: ignore[arg-type]
        goals=[_goal_out(goal) for goal in selectors.goals_of(campaign)],
    )


@router.post("/campaigns", response={201: CampaignOut}, summary="Create a campaign (a draft)")
def campaign_create(request: HttpRequest, payload: CampaignIn) -> Status[CampaignOut]:
    """A province officer creates one for the province or any commune in it, a commune officer
    for the commune or its villages. It starts as a draft; activating it freezes its goals."""
    campaign = services.campaign_create(
        actor=request.user,
        name=payload.name,
        basis_number=payload.basis,
        basis_date=payload.basis_date,
        unit_code=payload.unit,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        goals=_goals(payload.goals),
    )
    return Status(201, _campaign_out(campaign))


@router.get("/campaigns", response=list[CampaignOut], summary="Campaigns")
def campaign_list(request: HttpRequest, query: Query[CampaignsQuery]) -> list[CampaignOut]:
    """The campaigns the caller sees; with ``unit``, those that cover that unit (set on it or
    on a unit above it)."""
    unit = None
    if query.unit is not None:
        unit = access.access_unit_by_code(request.user, query.unit, today()).unit
    found = selectors.campaigns(actor=request.user, unit=unit)[:200]
    return [_campaign_out(campaign) for campaign in found]


@router.get("/campaigns/{campaign_id}", response=CampaignOut, summary="A campaign")
def campaign_get(request: HttpRequest, campaign_id: DbId) -> CampaignOut:
    return _campaign_out(access.access_campaign(request.user, campaign_id))


@router.put("/campaigns/{campaign_id}/goals", response=CampaignOut, summary="A draft's goals")
def campaign_goals(request: HttpRequest, campaign_id: DbId, payload: GoalsIn) -> CampaignOut:
    """Only while a draft: 400 ``CAMPAIGN_GOALS_FROZEN`` once active."""
    campaign = access.access_campaign(request.user, campaign_id, manage=True)
    services.campaign_goals_set(actor=request.user, campaign=campaign, goals=_goals(payload.goals))
    return _campaign_out(campaign)


@router.post("/campaigns/{campaign_id}/activate", response=CampaignOut, summary="Activate")
def campaign_activate(request: HttpRequest, campaign_id: DbId) -> CampaignOut:
    campaign = access.access_campaign(request.user, campaign_id, manage=True)
    return _campaign_out(services.campaign_activate(actor=request.user, campaign=campaign))


@router.post("/campaigns/{campaign_id}/close", response=CampaignOut, summary="Close")
def campaign_close(request: HttpRequest, campaign_id: DbId) -> CampaignOut:
    campaign = access.access_campaign(request.user, campaign_id, manage=True)
    return _campaign_out(services.campaign_close(actor=request.user, campaign=campaign))


@router.put(
    "/campaigns/{campaign_id}/targets/{code}",
    response=TargetOut,
    summary="Raise a unit's targets",
)
def targets_set(
    request: HttpRequest, campaign_id: DbId, code: str, payload: TargetsIn
) -> TargetOut:
    """For a unit under the campaign's unit that the caller manages. A share may be raised,
    never set below the one of the level above (400 ``CAMPAIGN_TARGET_BELOW_PARENT``)."""
    campaign = access.access_campaign(request.user, campaign_id)
    written = services.targets_set(
        actor=request.user, campaign=campaign, unit_code=code, goals=_goals(payload.goals)
    )
    return TargetOut(unit=code.strip(), goals=[_goal_out(target) for target in written])


def _progress_goal(goal: progress_module.GoalProgress) -> dict[str, Any]:
    # Plain dicts, validated once by the response schema: building ``GoalProgressOut`` objects
    # here would have them validated twice (225 of them for a province's 75 communes).
    return {
        "indicator": goal.indicator,
        "name": goal.name,
        "population": goal.population,
        "baseline": goal.baseline,
        "achieved": goal.achieved,
        "gained": goal.gained,
        "target_share": float(goal.target_share) if goal.target_share is not None else None,
        "target_count": goal.target_count,
        "share": round(goal.share, 4) if goal.share is not None else None,
        "gap": goal.gap,
        "forecast_on": goal.forecast_on,
        "on_track": goal.on_track,
    }


@router.get(
    "/campaigns/{campaign_id}/progress", response=ProgressOut, summary="Progress against the plan"
)
def campaign_progress(
    request: HttpRequest, campaign_id: DbId, query: Query[ProgressQuery]
) -> dict[str, Any]:
    """Each goal in ``unit`` (default: the campaign's unit) on ``on`` (default today, or the
    last day once the campaign has ended), read from the roll-ups: population, baseline (the
    figure before the start), achieved, gained, the share, the gap in people, the forecast at
    the pace of the last 14 days; and the same per child unit, laggards first."""
    campaign = access.access_campaign(request.user, campaign_id)
    found = progress_module.progress(
        actor=request.user, campaign=campaign, code=query.unit, on=query.on, series=False
    )
    return {
        "unit": found.version.code,
        "name": found.version.name,
        "on": found.on,
        "goals": [_progress_goal(goal) for goal in found.goals],
        "children": [
            {
                "unit": child.version.code,
                "name": child.version.name,
                "goals": [_progress_goal(goal) for goal in child.goals],
            }
            for child in found.children
        ],
    }


@router.post(
    "/campaigns/{campaign_id}/assignments",
    response=AssignOut,
    summary="Share out a village's households",
)
def assignments_make(request: HttpRequest, campaign_id: DbId, payload: AssignIn) -> AssignOut:
    """``{village, split: "even"}`` shares every household among the village's members in
    household-number order, each about the same number of people; ``{village, member,
    households}`` gives those households to that member (``member: null`` takes them back).
    For the village's team leader and the officers above it."""
    campaign = access.access_campaign(request.user, campaign_id)
    if payload.split == "even":
        if payload.households is not None or payload.member is not None:
            raise DomainError(
                CampaignError.ASSIGNMENT_INVALID,
                _split_or_hand(),
                field="split",
            )
        made = services.assignments_split_even(
            actor=request.user, campaign=campaign, village_code=payload.village
        )
    else:
        if payload.households is None:
            raise DomainError(
                CampaignError.ASSIGNMENT_INVALID, _split_or_hand(), field="households"
            )
        made = services.assignments_give(
            actor=request.user,
            campaign=campaign,
            village_code=payload.village,
            member_id=payload.member,
            household_ids=payload.households,
        )
    return AssignOut(
        village=payload.village,
        assigned=[AssignedOut(household=row.household_id, member=row.member_id) for row in made],
    )


def _split_or_hand() -> str:
    from django.utils.translation import gettext as _

    return _('Send either split: "even", or a member and the households to give them.')


@router.get(
    "/campaigns/{campaign_id}/assignments",
    response=list[HouseholdToDoOut],
    summary="A member's to-do",
)
def assignments_to_do(
    request: HttpRequest, campaign_id: DbId, query: Query[AssignmentsQuery]
) -> list[HouseholdToDoOut]:
    """The households given to the member (``me`` by default), each with what is left to do:
    per person the campaign's indicators not yet true, the household's own, the follow-up day;
    most left to do first. Someone else's to-do only for who shares out their village."""
    campaign = access.access_campaign(request.user, campaign_id)
    member = access.actor_id(request.user) if query.member == "me" else query.member
    rows = selectors.to_do(actor=request.user, campaign=campaign, member_id=int(member or 0))
    codes = _village_codes({row.village_id for row in rows})
    return [
        HouseholdToDoOut(
            id=row.id,
            number=row.number,
            head_name=row.head_name,
            village=codes.get(row.village_id, ""),
            assigned_at=row.assigned_at,  # type: ignore[arg-type]
            follow_up_on=row.follow_up_on,
            left=row.left,
            residents=[
                PersonToDoOut(id=person.id, name=person.name, left=person.left)
                for person in row.people
            ],
            count=row.count,
        )
        for row in rows
    ]


def _village_codes(ids: set[int]) -> dict[int, str]:
    day = today()
    return dict(
        UnitVersion.objects.filter(
            unit_id__in=ids, valid_from__lte=day, valid_until__gt=day
        ).values_list("unit_id", "code")
    )


@router.get(
    "/campaigns/{campaign_id}/villages/{code}/assignments",
    response=list[VillageAssignmentOut],
    summary="Who has which household of a village",
)
def village_assignments(
    request: HttpRequest, campaign_id: DbId, code: str
) -> list[VillageAssignmentOut]:
    """Every household of the village with the member who has it now, for the village's
    leader and the officers above it."""
    campaign = access.access_campaign(request.user, campaign_id)
    village_id = services.assignable_village(request.user, campaign, code)
    rows = selectors.village_assignments(
        actor=request.user, campaign=campaign, village_id=village_id
    )
    names = selectors.member_names({row.member_id for row in rows if row.member_id})
    return [
        VillageAssignmentOut(
            household=row.household_id,
            number=row.number,
            head_name=row.head_name,
            people=row.people,
            member=row.member_id,
            member_name=names.get(row.member_id) if row.member_id else None,
            since=row.since,  # type: ignore[arg-type]
        )
        for row in rows
    ]
