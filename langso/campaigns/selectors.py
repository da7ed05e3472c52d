"""Every read of campaigns, limited to what the actor may see (``access.campaigns_filter``)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypedDict

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.accounts.models import MANAGING_ROLES, Role, RoleAssignment
from langso.campaigns.errors import CampaignError
from langso.campaigns.models import Assignment, Campaign, CampaignStatus, Goal, UnitTarget
from langso.core.dates import today, valid_on
from langso.core.errors import NotFound
from langso.indicators.models import Population, Status
from langso.people.models import Household, Resident
from langso.units import tree
from langso.units.models import Unit
from langso.visits.models import FollowUp


def campaigns(
    *, actor: Actor, unit: Unit | None = None, status: str | None = None
) -> QuerySet[Campaign]:
    """The campaigns the actor may see; with ``unit``, those that cover it today (on the unit
    itself or one above it)."""
    found = Campaign.objects.filter(access.campaigns_filter(actor)).select_related("unit")
    if unit is not None:
        found = found.filter(unit_id__in=tree.ancestor_ids(unit, today()))
    if status is not None:
        found = found.filter(status=status)
    return found


def active_for(*, actor: Actor) -> QuerySet[Campaign]:
    """The active campaigns the actor sees, newest first (homes and the field app)."""
    return campaigns(actor=actor, status=CampaignStatus.ACTIVE)


def covers(campaign: Campaign, unit: Unit | int, day: date) -> bool:
    """Whether ``unit`` lies under the campaign's unit (inclusive) on ``day``."""
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    return campaign.unit_id in tree.ancestor_ids(unit_id, access.unit_day(campaign.unit, day))


def goals_of(campaign: Campaign) -> list[Goal]:
    return list(campaign.goals.select_related("indicator"))


@dataclass(frozen=True)
class Target:
    share: Decimal | None
    count: int | None


def raised_targets(campaign: Campaign) -> dict[int, dict[str, Target]]:
    """Unit id → indicator → the target raised there."""
    raised: dict[int, dict[str, Target]] = defaultdict(dict)
    for row in UnitTarget.objects.filter(campaign=campaign):
        raised[row.unit_id][row.indicator_id] = Target(row.target_share, row.target_count)
    return raised


def targets_on_path(
    campaign: Campaign, unit: Unit | int, day: date, *, inclusive: bool = True
) -> dict[str, Target]:
    """The targets in force for ``unit``: the campaign's goals raised along the way down."""
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    raised = raised_targets(campaign)
    path = list(reversed(tree.ancestor_ids(unit_id, access.unit_day(campaign.unit, day))))
    if campaign.unit_id in path:
        path = path[path.index(campaign.unit_id) + 1 :]
    if not inclusive and path and path[-1] == unit_id:
        path = path[:-1]
    result = {}
    for goal in campaign.goals.all():
        code = goal.indicator_id
        if goal.target_share is not None:
            share = goal.target_share
            for step in path:
                own = raised.get(step, {}).get(code)
                if own is not None and own.share is not None:
                    share = max(share, own.share)
            result[code] = Target(share, None)
        elif not path:
            result[code] = Target(None, goal.target_count)
        else:
            # A number of people asked of the campaign's unit is not asked of every unit
            # under it: a unit below has one only when it was given its own.
            own = raised.get(path[-1], {}).get(code)
            result[code] = Target(None, own.count if own is not None else None)
    return result


def parent_share(campaign: Campaign, unit: Unit, indicator: str, day: date) -> Decimal:
    """The share the unit above ``unit`` asks of ``indicator`` (what ``unit`` may not go below)."""
    target = targets_on_path(campaign, unit, day, inclusive=False).get(indicator)
    return target.share if target is not None and target.share is not None else Decimal(0)


def assignable_members(village_id: int, *, leaders: bool = True) -> set[int]:
    """The users who go door to door in the village today: members (and leaders) whose role
    is on the village or a unit above it."""
    day = today()
    roles = [Role.TEAM_MEMBER, Role.TEAM_LEADER] if leaders else [Role.TEAM_MEMBER]
    return set(
        RoleAssignment.objects.filter(
            valid_on(day), role__in=roles, unit_id__in=tree.ancestor_ids(village_id, day)
        ).values_list("user_id", flat=True)
    )


def member_names(user_ids: set[int]) -> dict[int, str]:
    from langso.accounts.models import User

    # An account keeps the person's name in ``full_name`` (Django's first and last names stay
    # empty), so that is what a page shows, and the login name only when it is missing.
    return {
        user.pk: user.full_name or user.get_username()
        for user in User.objects.filter(pk__in=user_ids)
    }


def households_in_order(village_id: int) -> list[tuple[int, int]]:
    """The village's households (id, number of people on the register), by household number
    (numerically: "2" before "10"; those without one last)."""
    people = dict(
        Resident.objects.filter(village_id=village_id)
        .values_list("household_id")
        .annotate(n=Count("pk"))
        .values_list("household_id", "n")
    )
    ordered = (
        Household.objects.filter(village_id=village_id)
        .order_by(
            Case(When(number="", then=Value(1)), default=Value(0), output_field=IntegerField()),
            Length("number"),
            "number",
            "pk",
        )
        .values_list("pk", flat=True)
    )
    return [(household, people.get(household, 0)) for household in ordered]


@dataclass
class ToDoPerson:
    id: int
    name: str
    left: list[str]


@dataclass
class ToDoHousehold:
    id: int
    number: str
    head_name: str
    village_id: int
    assigned_at: object
    follow_up_on: date | None
    left: list[str] = field(default_factory=list)
    people: list[ToDoPerson] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.left) + sum(len(person.left) for person in self.people)


def to_do(*, actor: Actor, campaign: Campaign, member_id: int) -> list[ToDoHousehold]:
    """A member's households for the campaign, each with what is still to do: per person the
    campaign's indicators not yet true (for the people old enough to count), and the
    household's own. Most left to do first; the follow-up day the member set, if any."""
    campaign = access.access_campaign(actor, campaign)
    if member_id != access.actor_id(actor) and not access.is_unrestricted(actor):
        # Only who shares out households sees another member's list (for their villages).
        if not access.holds_role(actor, MANAGING_ROLES | {Role.TEAM_LEADER}):
            raise NotFound(
                CampaignError.MEMBER_UNKNOWN, _("There is no such member in your villages.")
            )
        rows = Assignment.objects.filter(
            access.assigners_filter(actor), campaign=campaign, member_id=member_id
        )
    else:
        rows = Assignment.objects.filter(campaign=campaign, member_id=member_id)
    rows = rows.filter(ended_at__isnull=True).select_related("household")
    assigned = {row.household_id: row for row in rows if row.household.merged_into_id is None}
    return _to_do_of(campaign, assigned)


def _to_do_of(campaign: Campaign, assigned: dict[int, Assignment]) -> list[ToDoHousehold]:
    goals = [goal.indicator for goal in goals_of(campaign)]
    year = today().year
    resident_goals = [g for g in goals if g.population == Population.RESIDENTS]
    household_goals = [g for g in goals if g.population != Population.RESIDENTS]
    true_of: dict[tuple[str, int], set[str]] = defaultdict(set)
    ids = list(assigned)
    residents = list(
        Resident.objects.filter(household_id__in=ids)
        .order_by("household_id", "pk")
        .values_list("pk", "household_id", "full_name", "birth_year")
    )
    for resident_id, household_id, code in Status.objects.filter(
        Q(resident_id__in=[r[0] for r in residents]) | Q(household_id__in=ids),
        value=True,
        indicator_id__in=[g.code for g in goals],
    ).values_list("resident_id", "household_id", "indicator_id"):
        if resident_id is not None:
            true_of[("r", resident_id)].add(code)
        else:
            true_of[("h", household_id)].add(code)
    follow = _follow_ups(ids)
    result: dict[int, ToDoHousehold] = {}
    for household_id, row in assigned.items():
        household = row.household
        left = [
            g.code
            for g in household_goals
            if (g.population == Population.HOUSEHOLDS or household.is_business)
            and g.code not in true_of[("h", household_id)]
        ]
        result[household_id] = ToDoHousehold(
            id=household_id,
            number=household.number,
            head_name=household.head_name,
            village_id=household.village_id,
            assigned_at=row.assigned_at,
            follow_up_on=follow.get(household_id),
            left=left,
        )
    for resident_id, household_id, name, birth_year in residents:
        left = [
            g.code
            for g in resident_goals
            if (g.min_age is None or (birth_year is not None and year - birth_year >= g.min_age))
            and g.code not in true_of[("r", resident_id)]
        ]
        result[household_id].people.append(ToDoPerson(id=resident_id, name=name, left=left))
    return sorted(result.values(), key=lambda h: (-h.count, h.follow_up_on or date.max, h.id))


def _follow_ups(household_ids: list[int]) -> dict[int, date | None]:
    latest: dict[int, date | None] = {}
    for household_id, day in (
        FollowUp.objects.filter(household_id__in=household_ids)
        .order_by("household_id", "set_at")
        .values_list("household_id", "due_on")
    ):
        latest[household_id] = day
    return latest


@dataclass(frozen=True)
class AssignmentRow:
    household_id: int
    number: str
    head_name: str
    people: int
    member_id: int | None
    since: object


def village_assignments(
    *, actor: Actor, campaign: Campaign, village_id: int
) -> list[AssignmentRow]:
    """Every household of a village with the member who has it now (for the leader's page)."""
    current = {
        row.household_id: row
        for row in Assignment.objects.filter(
            campaign=campaign, village_id=village_id, ended_at__isnull=True
        )
    }
    names = dict(Household.objects.filter(village_id=village_id).values_list("pk", "number"))
    heads = dict(Household.objects.filter(village_id=village_id).values_list("pk", "head_name"))
    return [
        AssignmentRow(
            household_id=household,
            number=names.get(household, ""),
            head_name=heads.get(household, ""),
            people=people,
            member_id=current[household].member_id if household in current else None,
            since=current[household].assigned_at if household in current else None,
        )
        for household, people in households_in_order(village_id)
    ]


def has_assignments(campaign: Campaign, member_id: int | None) -> bool:
    """Whether the member holds households of the campaign now."""
    return (
        member_id is not None
        and Assignment.objects.filter(
            campaign=campaign, member_id=member_id, ended_at__isnull=True
        ).exists()
    )


def assignment_history(*, campaign: Campaign, household_id: int) -> list[Assignment]:
    """Who had the household when, oldest first."""
    return list(
        Assignment.objects.filter(campaign=campaign, household_id=household_id).order_by(
            "assigned_at", "pk"
        )
    )


class FieldCampaign(TypedDict):
    """A campaign as the field app holds it: the phone works out the to-do from the statuses
    it already keeps, so a visit recorded offline moves the list at once."""

    id: int
    name: str
    starts_on: date
    ends_on: date
    # The goals' indicators, in the campaign's order.
    indicators: list[str]
    # The households given to the actor now, by id.
    households: list[int]


def field_assignments(*, actor: Actor) -> list[FieldCampaign]:
    """The actor's active campaigns that have not ended, newest first, each with the households
    given to them now: those still on the register (not merged away) and in the villages the
    actor sees today. A campaign with none given yet is there too, for the member to know of."""
    day = today()
    found = list(active_for(actor=actor).filter(ends_on__gte=day).prefetch_related("goals"))
    given: dict[int, list[int]] = defaultdict(list)
    for campaign_id, household_id in (
        Assignment.objects.filter(
            access.scope_filter(actor, day, "household__village_id"),
            campaign__in=found,
            member_id=access.actor_id(actor),
            ended_at__isnull=True,
            household__merged_into__isnull=True,
        )
        .order_by("household_id")
        .values_list("campaign_id", "household_id")
    ):
        given[campaign_id].append(household_id)
    return [
        FieldCampaign(
            id=campaign.pk,
            name=campaign.name,
            starts_on=campaign.starts_on,
            ends_on=campaign.ends_on,
            indicators=[goal.indicator_id for goal in campaign.goals.all()],
            households=given[campaign.pk],
        )
        for campaign in found
    ]
