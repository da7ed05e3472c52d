"""Reads behind the pages that share a campaign's households among members and show each
member their to-do (``assign_views``): the villages an actor shares out with their counts, who
visited a household last, what "chia đều" would do before it is done.

Access is decided by ``langso.access`` (``access_campaign``, ``assigners_filter``) and by
``services.assignable_village``; these functions take what those returned.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from langso import access
from langso.access import Actor
from langso.campaigns import selectors
from langso.campaigns.models import Assignment, Campaign, CampaignStatus
from langso.campaigns.services import split_even
from langso.core.dates import format_date, today, valid_on
from langso.people.models import Household
from langso.units import tree
from langso.units.models import Level, Unit, UnitVersion
from langso.visits.models import Visit

# The homes show this many active campaigns at most, newest first: each costs a progress
# reading, and a home is read many times a day.
HOME_CAMPAIGNS = 5


def campaign_day(campaign: Campaign) -> date:
    """The day the campaign's tree is read on: today, or the last day its unit existed."""
    return access.unit_day(campaign.unit, today())


def campaign_start(campaign: Campaign) -> datetime:
    """The first moment of the campaign, in Vietnam's time."""
    return datetime.combine(campaign.starts_on, time.min, tzinfo=timezone.get_current_timezone())


def day_words(campaign: Campaign) -> str:
    """Where the campaign stands in its days, in words ("còn 12 ngày")."""
    day = today()
    if campaign.status == CampaignStatus.CLOSED:
        return _("closed")
    if day < campaign.starts_on:
        return _("starts on %(day)s") % {"day": format_date(campaign.starts_on)}
    left = (campaign.ends_on - day).days
    if left < 0:
        return _("past its end date (%(day)s)") % {"day": format_date(campaign.ends_on)}
    if left == 0:
        return _("last day today")
    return ngettext("%(n)d day left", "%(n)d days left", left) % {"n": left}


# The villages an actor shares out -------------------------------------------------------------


@dataclass(frozen=True)
class VillageShare:
    version: UnitVersion
    households: int
    assigned: int

    @property
    def unassigned(self) -> int:
        return self.households - self.assigned


def shared_villages(*, actor: Actor, campaign: Campaign) -> list[VillageShare]:
    """The campaign's villages (today) that the actor shares among members, by name, each with
    its households and how many of them a member has now. Counted the way the village's page
    lists them (``selectors.village_assignments``): households on the register in the village
    with an open assignment made in that village."""
    day = campaign_day(campaign)
    versions = list(
        UnitVersion.objects.filter(
            valid_on(today()),
            access.assigners_filter(actor, "unit_id"),
            unit__level=Level.VILLAGE,
            unit_id__in=tree.subtree(campaign.unit, day),
        )
        .select_related("unit")
        .order_by("name", "code")
    )
    ids = [version.unit_id for version in versions]
    households = dict(
        Household.objects.filter(village_id__in=ids)
        .values_list("village_id")
        .annotate(n=Count("pk"))
        .values_list("village_id", "n")
    )
    held = Assignment.objects.filter(
        campaign=campaign,
        household_id=OuterRef("pk"),
        village_id=OuterRef("village_id"),
        ended_at__isnull=True,
    )
    assigned = dict(
        Household.objects.filter(Exists(held), village_id__in=ids)
        .values_list("village_id")
        .annotate(n=Count("pk"))
        .values_list("village_id", "n")
    )
    return [
        VillageShare(
            version=version,
            households=households.get(version.unit_id, 0),
            assigned=assigned.get(version.unit_id, 0),
        )
        for version in versions
    ]


def member_to_do_visible(*, actor: Actor, campaign: Campaign, member_id: int) -> bool:
    """Whether the actor may read another member's to-do: only someone who shares out a
    village where that member holds (or held) households of this campaign."""
    if access.is_unrestricted(actor):
        return Assignment.objects.filter(campaign=campaign, member_id=member_id).exists()
    return Assignment.objects.filter(
        access.assigners_filter(actor), campaign=campaign, member_id=member_id
    ).exists()


# One village ---------------------------------------------------------------------------------


def split_members(village_id: int) -> list[int]:
    """Who "chia đều" shares the village among, in the order it gives them runs: the members,
    or the leaders when the village has no members with an account. The same choice
    ``services.assignments_split_even`` makes (a test holds the two together)."""
    return sorted(selectors.assignable_members(village_id, leaders=False)) or sorted(
        selectors.assignable_members(village_id)
    )


@dataclass(frozen=True)
class SplitShare:
    member_id: int
    name: str
    households: int
    people: int
    first: str
    last: str


@dataclass(frozen=True)
class SplitPreview:
    households: int
    people: int
    shares: list[SplitShare]
    # Households that have a member now and would go to another.
    moved: int

    @property
    def members(self) -> int:
        return len(self.shares)

    @property
    def people_each(self) -> int:
        return round(self.people / len(self.shares)) if self.shares else 0


def split_preview(
    *, village_id: int, rows: list[selectors.AssignmentRow], names: dict[int, str]
) -> SplitPreview:
    """What "chia đều" would give each member, worked out by the split itself."""
    members = split_members(village_id)
    order = [(row.household_id, row.people) for row in rows]
    given = split_even(order, members) if members and order else {}
    per: dict[int, list[selectors.AssignmentRow]] = defaultdict(list)
    for row in rows:
        if row.household_id in given:
            per[given[row.household_id]].append(row)
    shares = [
        SplitShare(
            member_id=member,
            name=names.get(member, ""),
            households=len(per[member]),
            people=sum(row.people for row in per[member]),
            first=per[member][0].number if per[member] else "",
            last=per[member][-1].number if per[member] else "",
        )
        for member in members
    ]
    moved = sum(
        1
        for row in rows
        if row.member_id is not None and given.get(row.household_id) not in (None, row.member_id)
    )
    return SplitPreview(
        households=len(rows),
        people=sum(row.people for row in rows),
        shares=shares,
        moved=moved,
    )


@dataclass(frozen=True)
class LastVisit:
    member_id: int
    at: datetime


def last_visits(*, campaign: Campaign, household_ids: list[int]) -> dict[int, LastVisit]:
    """The latest visit to each household since the campaign started (whoever made it)."""
    found: dict[int, LastVisit] = {}
    for household_id, member_id, at in (
        Visit.objects.filter(
            household_id__in=household_ids, occurred_at__gte=campaign_start(campaign)
        )
        .order_by("household_id", "-occurred_at")
        .values_list("household_id", "member_id", "occurred_at")
    ):
        found.setdefault(household_id, LastVisit(member_id=member_id, at=at))
    return found


def village_names(ids: set[int], day: date) -> dict[int, str]:
    """The names of villages on ``day`` (names are public; the rows were checked before)."""
    return dict(
        UnitVersion.objects.filter(valid_on(day), unit_id__in=ids).values_list("unit_id", "name")
    )


def household_of(*, village_id: int, household_id: int) -> Household | None:
    """A household on the register in the village (None: not one of it)."""
    return Household.objects.filter(pk=household_id, village_id=village_id).first()


@dataclass(frozen=True)
class HouseholdVisit:
    member_id: int
    at: datetime


def household_visits(*, campaign: Campaign, household_id: int) -> list[HouseholdVisit]:
    """The visits made to the household since the campaign started, latest first (at most
    fifty: a household is not visited more often than that in one campaign)."""
    return [
        HouseholdVisit(member_id=member_id, at=at)
        for member_id, at in Visit.objects.filter(
            household_id=household_id, occurred_at__gte=campaign_start(campaign)
        )
        .order_by("-occurred_at")
        .values_list("member_id", "occurred_at")[:50]
    ]


# Homes ----------------------------------------------------------------------------------------


def active_near(*, actor: Actor, unit: Unit) -> tuple[list[Campaign], int]:
    """The active campaigns the actor sees that cover the unit or lie under it, newest first:
    at most ``HOME_CAMPAIGNS`` of them, and how many there are in all."""
    day = today()
    found = selectors.active_for(actor=actor).filter(
        Q(unit_id__in=tree.ancestor_ids(unit, day)) | Q(unit_id__in=tree.subtree(unit, day))
    )
    return list(found[:HOME_CAMPAIGNS]), found.count()


def villages_in(*, campaign: Campaign, unit: Unit) -> list[int]:
    """Today's villages both under the campaign's unit and under ``unit``."""
    return list(
        UnitVersion.objects.filter(
            valid_on(today()),
            unit__level=Level.VILLAGE,
            unit_id__in=tree.subtree(campaign.unit, campaign_day(campaign)),
        )
        .filter(unit_id__in=tree.subtree(unit, today()))
        .values_list("unit_id", flat=True)
    )
