"""Reading visits: per village and member, households left unvisited, a team's activity."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from langso import access
from langso.access import Actor
from langso.core.dates import today
from langso.people.models import Household
from langso.teams.models import Membership, Team
from langso.units import tree
from langso.units.models import UnitVersion
from langso.visits.models import Correction, CorrectionStatus, Visit


def visits_in(
    *, actor: Actor, version: UnitVersion, since: date, member: int | None = None
) -> QuerySet[Visit]:
    """Visits in the unit's villages (as they are today) since a day, newest first."""
    villages = tree.subtree(version.unit, today())
    found = Visit.objects.filter(
        village_id__in=villages,
        occurred_at__gte=timezone.make_aware(datetime.combine(since, datetime.min.time())),
    )
    allowed = access.scope(actor, today())
    if allowed is not None:
        found = found.filter(village_id__in=allowed)
    if member is not None:
        found = found.filter(member_id=member)
    # Not the coordinates, which the pages do not show: a value SQLite holds but Django cannot
    # make a decimal of (one stored before the database checked them) would stop the page.
    return (
        found.select_related("household", "member")
        .defer("latitude", "longitude")
        .order_by("-occurred_at")
    )


@dataclass(frozen=True)
class Unvisited:
    household: Household
    village: str
    last_visit: datetime | None


def unvisited(
    *, actor: Actor, version: UnitVersion, days: int, limit: int = 500
) -> list[Unvisited]:
    """Households of the unit not visited in ``days`` days (never visited first)."""
    villages = tree.subtree(version.unit, today())
    allowed = access.scope(actor, today())
    households = Household.objects.filter(village_id__in=villages)
    if allowed is not None:
        households = households.filter(village_id__in=allowed)
    cutoff = timezone.now() - timedelta(days=days)
    rows = (
        households.annotate(last=Max("visits__occurred_at"))
        .filter(Q(last__isnull=True) | Q(last__lt=cutoff))
        .order_by("last", "head_name")[:limit]
    )
    names = dict(
        UnitVersion.objects.filter(
            unit_id__in={h.village_id for h in rows},
            valid_from__lte=today(),
            valid_until__gt=today(),
        ).values_list("unit_id", "name")
    )
    return [Unvisited(h, names.get(h.village_id, ""), h.last) for h in rows]


@dataclass(frozen=True)
class Activity:
    member: str
    user_id: int | None
    visits: int
    households: int
    people: int
    observations: int
    last_visit: datetime | None


def team_activity(*, team: Team, since: date) -> list[Activity]:
    """For each member of the team: visits made since a day, households and people reached,
    observations recorded (what they moved on the indicators)."""
    members = Membership.objects.filter(team=team, left_on__gt=today()).select_related("person")
    users = {m.person.user_id: m.person.full_name for m in members if m.person.user_id}
    start = timezone.make_aware(datetime.combine(since, datetime.min.time()))
    figures: dict[int, dict[str, Any]] = {
        row["member_id"]: dict(row)
        for row in Visit.objects.filter(member_id__in=list(users), occurred_at__gte=start)
        .values("member_id")
        .annotate(
            visits=Count("id"),
            households=Count("household_id", distinct=True),
            observations=Sum("observations"),
            last=Max("occurred_at"),
        )
    }
    people: dict[int, set[int]] = {user: set() for user in users}
    for member_id, present in Visit.objects.filter(
        member_id__in=list(users), occurred_at__gte=start
    ).values_list("member_id", "residents_present"):
        people[member_id].update(present or [])
    result = []
    for user, name in users.items():
        row = figures.get(user, {})
        result.append(
            Activity(
                member=name,
                user_id=user,
                visits=row.get("visits", 0),
                households=row.get("households", 0),
                people=len(people[user]),
                observations=row.get("observations") or 0,
                last_visit=row.get("last"),
            )
        )
    without_login = [
        Activity(m.person.full_name, None, 0, 0, 0, 0, None)
        for m in members
        if not m.person.user_id
    ]
    return sorted(result, key=lambda a: (-a.visits, a.member)) + without_login


def corrections_waiting(*, actor: Actor) -> QuerySet[Correction]:
    """Corrections sent from the field app and not yet decided, that the actor decides, oldest
    first (the member waits longest for those)."""
    return (
        Correction.objects.filter(access.corrections_filter(actor), status=CorrectionStatus.PENDING)
        .select_related("resident__household", "resident__village", "member")
        .order_by("created_at")
    )
