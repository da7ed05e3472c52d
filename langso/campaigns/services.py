"""Every write of campaigns: creating and activating a plan, raising targets, sharing out
households. Each is one transaction and checks everything before writing anything."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.campaigns import selectors
from langso.campaigns.errors import CampaignError
from langso.campaigns.models import Assignment, Campaign, CampaignStatus, Goal, UnitTarget
from langso.core.dates import format_date, today
from langso.core.errors import DomainError, NotFound
from langso.indicators.models import Indicator
from langso.people.models import Household
from langso.units.models import Level

MAX_GOALS = 12
MAX_COUNT = 10_000_000
# A plan runs for days or months, a programme for a few years; ten years bounds every query
# over its days.
MAX_DAYS = 3660


@dataclass(frozen=True)
class GoalData:
    indicator: str
    target_share: Decimal | None = None
    target_count: int | None = None


def _check_goals(goals: Sequence[GoalData]) -> dict[str, Indicator]:
    if not goals:
        raise DomainError(
            CampaignError.GOALS_REQUIRED, _("A campaign needs at least one goal."), field="goals"
        )
    if len(goals) > MAX_GOALS:
        raise DomainError(
            CampaignError.GOALS_REQUIRED,
            _("A campaign has at most %(count)d goals.") % {"count": MAX_GOALS},
            field="goals",
        )
    catalog = {indicator.code: indicator for indicator in Indicator.objects.all()}
    seen: set[str] = set()
    for index, goal in enumerate(goals):
        where = f"goals[{index}]"
        if goal.indicator not in catalog:
            raise DomainError(
                CampaignError.INDICATOR_UNKNOWN,
                _("Goal %(number)d: there is no indicator %(code)s.")
                % {"number": index + 1, "code": goal.indicator[:40]},
                field=f"{where}.indicator",
            )
        if goal.indicator in seen:
            raise DomainError(
                CampaignError.GOAL_TWICE,
                _("Goal %(number)d: the indicator “%(name)s” is already a goal.")
                % {"number": index + 1, "name": catalog[goal.indicator].name_vi},
                field=f"{where}.indicator",
            )
        seen.add(goal.indicator)
        _check_target(goal, where, index + 1)
    return catalog


def _check_target(goal: GoalData, where: str, number: int) -> None:
    share, count = goal.target_share, goal.target_count
    if (share is None) == (count is None):
        raise DomainError(
            CampaignError.TARGET_INVALID,
            _("Goal %(number)d: give either a target share or a number of people, not both.")
            % {"number": number},
            field=f"{where}.target_share",
        )
    if share is not None and not (Decimal(0) < share <= Decimal(1)):
        raise DomainError(
            CampaignError.TARGET_INVALID,
            _("Goal %(number)d: the target share must be above 0 and at most 1 (100%%).")
            % {"number": number},
            field=f"{where}.target_share",
        )
    if share is not None and share != share.quantize(Decimal("0.0001")):
        raise DomainError(
            CampaignError.TARGET_INVALID,
            _("Goal %(number)d: the target share has at most four decimals (e.g. 0.9 or 0.855).")
            % {"number": number},
            field=f"{where}.target_share",
        )
    if count is not None and not (1 <= count <= MAX_COUNT):
        raise DomainError(
            CampaignError.TARGET_INVALID,
            _("Goal %(number)d: the number of people must be from 1 to %(most)s.")
            % {"number": number, "most": f"{MAX_COUNT:,}".replace(",", ".")},
            field=f"{where}.target_count",
        )


def _write_goals(campaign: Campaign, goals: Sequence[GoalData]) -> None:
    Goal.objects.filter(campaign=campaign).delete()
    Goal.objects.bulk_create(
        Goal(
            campaign=campaign,
            indicator_id=goal.indicator,
            target_share=goal.target_share,
            target_count=goal.target_count,
            position=index,
        )
        for index, goal in enumerate(goals)
    )


@transaction.atomic
def campaign_create(
    *,
    actor: Actor,
    name: str,
    basis_number: str,
    basis_date: date | None,
    unit_code: str,
    starts_on: date,
    ends_on: date,
    goals: Sequence[GoalData],
) -> Campaign:
    """A draft campaign on a province, commune or village the actor manages."""
    day = today()
    version = access.access_unit_by_code(actor, unit_code, day, manage=True)
    if version.unit.level == Level.DISTRICT:
        raise DomainError(
            CampaignError.UNIT_LEVEL,
            _("Campaigns cover a province, a commune or a village, not a district."),
            field="unit",
        )
    name = " ".join(name.split())
    if not name:
        raise DomainError(CampaignError.NAME_REQUIRED, _("Give the campaign a name."), field="name")
    if len(name) > 200:
        raise DomainError(
            CampaignError.NAME_REQUIRED, _("The name has at most 200 characters."), field="name"
        )
    basis_number = " ".join(basis_number.split())
    if not basis_number or len(basis_number) > 60:
        raise DomainError(
            CampaignError.BASIS_REQUIRED,
            _("Give the plan's number and symbol (e.g. 125/KH-UBND), at most 60 characters."),
            field="basis",
        )
    _check_dates(starts_on, ends_on)
    _check_goals(goals)
    campaign = Campaign.objects.create(
        name=name,
        basis_number=basis_number,
        basis_date=basis_date,
        unit=version.unit,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by_id=access.actor_id(actor),
    )
    _write_goals(campaign, goals)
    return campaign


def _check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise DomainError(
            CampaignError.DATE_ORDER,
            _("The end (%(end)s) is before the start (%(start)s).")
            % {"end": format_date(ends_on), "start": format_date(starts_on)},
            field="ends_on",
        )
    if (ends_on - starts_on).days > MAX_DAYS:
        raise DomainError(
            CampaignError.DATE_ORDER,
            _("A campaign lasts at most ten years."),
            field="ends_on",
        )


@transaction.atomic
def campaign_goals_set(*, actor: Actor, campaign: Campaign, goals: Sequence[GoalData]) -> None:
    """Replace a draft's goals. Once active, the goals are frozen: a plan's targets are what
    the People's Committee signed, and the progress measured against them must not move."""
    campaign = access.access_campaign(actor, campaign, manage=True)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.DRAFT:
        raise DomainError(
            CampaignError.GOALS_FROZEN,
            _("The goals of an active or closed campaign cannot be changed."),
            field="goals",
        )
    _check_goals(goals)
    _write_goals(campaign, goals)


@transaction.atomic
def campaign_activate(*, actor: Actor, campaign: Campaign) -> Campaign:
    campaign = access.access_campaign(actor, campaign, manage=True)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.DRAFT:
        raise DomainError(
            CampaignError.NOT_DRAFT, _("This campaign has already been activated."), field="status"
        )
    if not campaign.goals.exists():
        raise DomainError(
            CampaignError.GOALS_REQUIRED, _("A campaign needs at least one goal."), field="goals"
        )
    campaign.status = CampaignStatus.ACTIVE
    campaign.activated_at = timezone.now()
    campaign.activated_by_id = access.actor_id(actor)
    campaign.save(update_fields=["status", "activated_at", "activated_by"])
    return campaign


@transaction.atomic
def campaign_close(*, actor: Actor, campaign: Campaign) -> Campaign:
    campaign = access.access_campaign(actor, campaign, manage=True)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.ACTIVE:
        raise DomainError(
            CampaignError.NOT_ACTIVE, _("Only an active campaign can be closed."), field="status"
        )
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = timezone.now()
    campaign.closed_by_id = access.actor_id(actor)
    campaign.save(update_fields=["status", "closed_at", "closed_by"])
    return campaign


def _open(campaign: Campaign) -> None:
    if campaign.status == CampaignStatus.CLOSED:
        raise DomainError(CampaignError.CLOSED, _("This campaign is closed."), field="status")


@transaction.atomic
def targets_set(
    *, actor: Actor, campaign: Campaign, unit_code: str, goals: Sequence[GoalData]
) -> list[UnitTarget]:
    """Raise the targets of a unit under the campaign's unit. A share may only be raised: at
    least what the unit above holds (the campaign's, or one raised there). Goals not named keep
    what they had."""
    campaign = access.access_campaign(actor, campaign)
    _open(campaign)
    day = access.unit_day(campaign.unit, today())
    version = access.access_unit_by_code(actor, unit_code, day, manage=True)
    if version.unit_id == campaign.unit_id or not selectors.covers(campaign, version.unit, day):
        raise DomainError(
            CampaignError.TARGET_UNIT,
            _("%(unit)s is not a unit under this campaign's area.") % {"unit": version.name},
            field="unit",
        )
    own = {goal.indicator_id: goal for goal in campaign.goals.all()}
    seen: set[str] = set()
    for index, goal in enumerate(goals):
        where = f"goals[{index}]"
        if goal.indicator not in own:
            raise DomainError(
                CampaignError.INDICATOR_UNKNOWN,
                _("Goal %(number)d: %(code)s is not a goal of this campaign.")
                % {"number": index + 1, "code": goal.indicator[:40]},
                field=f"{where}.indicator",
            )
        if goal.indicator in seen:
            raise DomainError(
                CampaignError.GOAL_TWICE,
                _("Goal %(number)d: this indicator is given twice.") % {"number": index + 1},
                field=f"{where}.indicator",
            )
        seen.add(goal.indicator)
        _check_target(goal, where, index + 1)
        base = own[goal.indicator]
        if (goal.target_share is None) != (base.target_share is None):
            raise DomainError(
                CampaignError.TARGET_INVALID,
                _("Goal %(number)d: this goal's target is a share") % {"number": index + 1}
                if base.target_share is not None
                else _("Goal %(number)d: this goal's target is a number of people")
                % {"number": index + 1},
                field=f"{where}.target_share",
            )
        if goal.target_share is not None:
            floor = selectors.parent_share(campaign, version.unit, goal.indicator, day)
            if goal.target_share < floor:
                raise DomainError(
                    CampaignError.TARGET_BELOW_PARENT,
                    _(
                        "Goal %(number)d: %(target)s is below the %(floor)s the level above "
                        "asks; a target can be raised, never lowered."
                    )
                    % {
                        "number": index + 1,
                        "target": _percent(goal.target_share),
                        "floor": _percent(floor),
                    },
                    field=f"{where}.target_share",
                )
    written = []
    for goal in goals:
        target, _created = UnitTarget.objects.update_or_create(
            campaign=campaign,
            unit=version.unit,
            indicator_id=goal.indicator,
            defaults={
                "target_share": goal.target_share,
                "target_count": goal.target_count,
                "set_by_id": access.actor_id(actor),
            },
        )
        written.append(target)
    return written


def _percent(share: Decimal) -> str:
    text = f"{share * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')}%"


def _assignable(actor: Actor, campaign: Campaign, village_code: str) -> tuple[Campaign, int]:
    """The campaign (open) and the id of a village of it the actor may share out."""
    campaign = access.access_campaign(actor, campaign)
    _open(campaign)
    return campaign, assignable_village(actor, campaign, village_code)


def assignable_village(actor: Actor, campaign: Campaign, village_code: str) -> int:
    """The id of a village of the campaign that the actor may share out."""
    day = today()
    version = access.access_unit_by_code(actor, village_code, day)
    if version.unit.level != Level.VILLAGE or not selectors.covers(campaign, version.unit, day):
        raise DomainError(
            CampaignError.VILLAGE_OUTSIDE,
            _("%(unit)s is not a village of this campaign.") % {"unit": version.name},
            field="village",
        )
    if not access.may_assign_village(actor, version.unit):
        raise NotFound(
            CampaignError.VILLAGE_OUTSIDE,
            _("%(unit)s is not a village of this campaign.") % {"unit": version.name},
            field="village",
        )
    return version.unit_id


def _move(
    *,
    actor: Actor,
    campaign: Campaign,
    village_id: int,
    wanted: Mapping[int, int | None],
) -> list[Assignment]:
    """Give each household in ``wanted`` to its member (None: to nobody). A household already
    with that member keeps its row; one with another member has it ended and a new one made."""
    now = timezone.now()
    user_id = access.actor_id(actor)
    open_rows = {
        row.household_id: row
        for row in Assignment.objects.select_for_update().filter(
            campaign=campaign, household_id__in=list(wanted), ended_at__isnull=True
        )
    }
    ended = [row.pk for household, row in open_rows.items() if wanted[household] != row.member_id]
    Assignment.objects.filter(pk__in=ended).update(ended_at=now, ended_by_id=user_id)
    made = Assignment.objects.bulk_create(
        Assignment(
            campaign=campaign,
            household_id=household,
            village_id=village_id,
            member_id=member,
            assigned_by_id=user_id,
            assigned_at=now,
        )
        for household, member in sorted(wanted.items())
        if member is not None
        and (household not in open_rows or open_rows[household].member_id != member)
    )
    return made


@transaction.atomic
def assignments_give(
    *,
    actor: Actor,
    campaign: Campaign,
    village_code: str,
    member_id: int | None,
    household_ids: Sequence[int],
) -> list[Assignment]:
    """Give households of a village to one member (``None``: take them back from whoever had
    them). Returns the rows made."""
    campaign, village_id = _assignable(actor, campaign, village_code)
    if not household_ids:
        raise DomainError(
            CampaignError.ASSIGNMENT_INVALID,
            _("Choose at least one household."),
            field="households",
        )
    if member_id is not None and member_id not in selectors.assignable_members(village_id):
        raise DomainError(
            CampaignError.MEMBER_UNKNOWN,
            _("This person is not a member of the village's team."),
            field="member",
        )
    wanted_ids = set(household_ids)
    found = set(
        Household.objects.filter(village_id=village_id, pk__in=wanted_ids).values_list(
            "pk", flat=True
        )
    )
    missing = sorted(wanted_ids - found)
    if missing:
        raise DomainError(
            CampaignError.HOUSEHOLD_UNKNOWN,
            _("Household %(id)s is not a household of this village.") % {"id": missing[0]},
            field="households",
        )
    return _move(
        actor=actor,
        campaign=campaign,
        village_id=village_id,
        wanted=dict.fromkeys(found, member_id),
    )


@transaction.atomic
def assignments_split_even(
    *, actor: Actor, campaign: Campaign, village_code: str
) -> list[Assignment]:
    """ "Chia đều": every household of the village, in household-number order, shared among the
    village's members in runs of about the same number of people, each household whole.
    Households that stay with the member they had keep their rows."""
    campaign, village_id = _assignable(actor, campaign, village_code)
    members = sorted(selectors.assignable_members(village_id, leaders=False)) or sorted(
        selectors.assignable_members(village_id)
    )
    if not members:
        raise DomainError(
            CampaignError.NO_MEMBERS,
            _("The village's team has no members with an account to share households among."),
            field="village",
        )
    households = selectors.households_in_order(village_id)
    return _move(
        actor=actor,
        campaign=campaign,
        village_id=village_id,
        wanted=split_even(households, members),
    )


def split_even(households: Sequence[tuple[int, int]], members: Sequence[int]) -> dict[int, int]:
    """Runs of ``households`` (id, people, in order) for each of ``members``, each run about
    the same number of people: a household goes to the member in whose share its middle lies.
    A household with nobody recorded still counts as one, so that it is visited too."""
    weights = [max(people, 1) for _id, people in households]
    total = sum(weights)
    result: dict[int, int] = {}
    running = 0
    for (household, _people), weight in zip(households, weights, strict=True):
        middle = running + weight / 2
        index = min(int(middle * len(members) / total), len(members) - 1)
        result[household] = members[index]
        running += weight
    return result
