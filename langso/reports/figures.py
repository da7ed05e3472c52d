"""The figures of a report: everything its sections say, computed once, as JSON.

Each section is read through the selector that also answers the API for the same question, so
a report's number and the API's agree by construction (``tests/reports/test_figures_api.py``
holds them to it): coverage as ``GET /units/{code}/coverage?on=<end>``, indicators as ``GET
/units/{code}/indicators?on=<day>``, feedback as ``GET /feedback/dashboard?unit=…&start=…&end=…``,
a campaign's goals as ``GET /campaigns/{id}/progress?unit=…&on=<end>``, and the period's work
(visits, members joined and left, scam reports, announcements) as ``GET
/units/{code}/activity?start=…&end=…``, which reads ``activity`` below.

The units are those of the period's end. A village that ended during the period counts under
the village it lives on in (``records.village_branches``); a report of a unit that did not yet
exist at the period's start reads the opening figures of its villages of the end, on the day
before the start.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, Sum

from langso import access
from langso.access import Actor
from langso.accounts.models import RoleAssignment
from langso.campaigns.models import Campaign, CampaignStatus
from langso.campaigns.progress import progress_of
from langso.core.dates import today
from langso.core.idlist import id_list
from langso.feedback import selectors as feedback
from langso.indicators.models import Indicator, RollupChange, RollupMonth, VillageRollup
from langso.indicators.selectors import figure_of, indicator_name
from langso.outreach.models import Announcement, AnnouncementUnit, Delivery, DeliveryStatus
from langso.reports.records import bounds, village_branches, villages_activity
from langso.teams import selectors as teams
from langso.teams.models import Membership, Team
from langso.trust.models import Report as ScamReport
from langso.trust.models import ReportStatus as ScamStatus
from langso.units import tree
from langso.units.models import Level, UnitVersion
from langso.units.selectors import children as child_versions

# The indicators a report's table of units shows per child (the whole catalog is in the
# indicators section): the two the national programme watches first.
KEY_INDICATORS = ("vneid_l2", "dvc_account")


def _percent(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def _rollups(villages: list[int], on: date) -> dict[tuple[int, str], tuple[int, int]]:
    """Each village's numerator and denominator per indicator on ``on`` (as indicators'
    selectors read them: today's roll-up for today and later, the summed changes before).

    Before today, the whole months come from ``RollupMonth`` (twelve rows a village a year) and
    only the days of ``on``'s own month from ``RollupChange``; a period ending on a month's last
    day reads monthly rows alone. The sums are the same (the writers book both together).
    """
    in_villages = id_list(villages)
    if on >= today():
        current = VillageRollup.objects.filter(village_id__in=in_villages).values_list(
            "village_id", "indicator_id", "numerator", "denominator"
        )
        return {(v, code): (n or 0, d or 0) for v, code, n, d in current}
    first = on.replace(day=1)
    month_end = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    months = RollupMonth.objects.filter(village_id__in=in_villages)
    months = months.filter(month__lte=first) if on == month_end else months.filter(month__lt=first)
    parts: list[Iterable[tuple[int, str, int | None, int | None]]] = [
        months.values_list("village_id", "indicator_id").annotate(
            n=Sum("numerator_delta"), d=Sum("denominator_delta")
        )
    ]
    if on != month_end:
        parts.append(
            RollupChange.objects.filter(village_id__in=in_villages, day__gte=first, day__lte=on)
            .values_list("village_id", "indicator_id")
            .annotate(n=Sum("numerator_delta"), d=Sum("denominator_delta"))
        )
    sums: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for rows in parts:
        for village, code, n, d in rows:
            cell = sums[(village, code)]
            cell[0] += n or 0
            cell[1] += d or 0
    return {key: (n, d) for key, (n, d) in sums.items()}


def _figure(indicator: Indicator, numerator: int, denominator: int) -> dict[str, Any]:
    figure = figure_of(indicator, numerator, denominator)
    return {"numerator": numerator, "denominator": denominator, "percent": figure.percent}


def activity(*, version: UnitVersion, start: date, end: date) -> dict[str, Any]:
    """The work of the period in the unit (as of ``end``): visits and what they reached, per
    child too; members who joined and left its teams; scam reports its members sent; the
    announcements addressed to it and their deliveries in its villages."""
    branch_of = village_branches(version.unit, start, end)
    whole, per = villages_activity(branch_of=branch_of, start=start, end=end)
    lower, upper = bounds(start, end)
    team_ids = list(
        Team.objects.filter(
            unit_id__in=tree.subtree(version.unit, end), valid_from__lte=end, valid_until__gt=start
        ).values_list("pk", flat=True)
    )
    memberships = Membership.objects.filter(team_id__in=team_ids)
    joined = memberships.filter(joined_on__gte=start, joined_on__lte=end)
    left = memberships.filter(left_on__gt=start, left_on__lte=end + timedelta(days=1))
    people = {
        "joined": joined.values("person_id").distinct().count(),
        "left": left.values("person_id").distinct().count(),
    }
    # Who works in the unit: its teams' members with a login, and whoever held a role on a
    # unit of it during the period (a member's account and their place on a team are kept
    # apart, and either may be missing).
    reporters = set(
        memberships.filter(joined_on__lte=end, left_on__gt=start, person__user__isnull=False)
        .values_list("person__user_id", flat=True)
        .distinct()
    ) | set(
        RoleAssignment.objects.filter(
            unit_id__in=tree.subtree(version.unit, end), valid_from__lte=end, valid_until__gt=start
        ).values_list("user_id", flat=True)
    )
    scams = ScamReport.objects.filter(
        reporter_id__in=sorted(reporters), created_at__gte=lower, created_at__lt=upper
    )
    scam_counts = Counter(scams.values_list("status", flat=True))
    in_tree = tree.subtree(version.unit, end)
    addressed = (
        AnnouncementUnit.objects.filter(unit_id__in=in_tree)
        .values_list("announcement_id", flat=True)
        .distinct()
    )
    sent = Announcement.objects.filter(
        pk__in=addressed, queued_at__gte=lower, queued_at__lt=upper
    ).count()
    deliveries = Counter(
        dict(
            Delivery.objects.filter(
                village_id__in=id_list(branch_of), created_at__gte=lower, created_at__lt=upper
            )
            .values_list("status")
            .annotate(n=Count("id"))
        )
    )
    reached = deliveries[DeliveryStatus.DELIVERED] + deliveries[DeliveryStatus.SENT]
    return {
        **whole.as_dict(),
        "members_joined": people["joined"],
        "members_left": people["left"],
        "scam_reports": scams.count(),
        "scam_confirmed": scam_counts[ScamStatus.CONFIRMED],
        "announcements": sent,
        "messages": sum(deliveries.values()),
        "messages_reached": reached,
        "messages_failed": deliveries[DeliveryStatus.FAILED],
        "per_child": {branch: item.as_dict() for branch, item in per.items()},
    }


def _coverage(actor: Actor, version: UnitVersion, end: date) -> dict[str, Any]:
    found = teams.coverage_report(actor=actor, code=version.code, on=end)
    total = {k: v for k, v in found.total.__dict__.items() if isinstance(v, int)}
    rows = {
        child.unit_id: {k: v for k, v in row.__dict__.items() if isinstance(v, int)}
        for child, row in found.rows
    }
    return {**total, "per_child": rows}


def _indicators(
    branch_of: dict[int, int], version: UnitVersion, start: date, end: date
) -> tuple[list[dict[str, Any]], dict[int, dict[str, Any]]]:
    villages = list(branch_of)
    opening = _rollups(villages, start - timedelta(days=1))
    closing = _rollups(villages, end)
    catalog = list(Indicator.objects.all())
    whole: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    per: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for (_village, code), (n, d) in opening.items():
        whole[code][0] += n
        whole[code][1] += d
    for (village, code), (n, d) in closing.items():
        whole[code][2] += n
        whole[code][3] += d
        cell = per[branch_of[village]][code]
        cell[0] += n
        cell[1] += d
    rows = []
    for indicator in catalog:
        n0, d0, n1, d1 = whole[indicator.code]
        rows.append(
            {
                "code": indicator.code,
                "name": indicator_name(indicator),
                "population": indicator.population,
                "target": float(indicator.target_percent)
                if indicator.target_percent is not None
                else None,
                "opening": _figure(indicator, n0, d0),
                "closing": _figure(indicator, n1, d1),
            }
        )
    by_code = {indicator.code: indicator for indicator in catalog}
    per_child = {
        branch: {
            code: _figure(by_code[code], *cells.get(code, [0, 0]))
            for code in KEY_INDICATORS
            if code in by_code
        }
        for branch, cells in per.items()
    }
    return rows, per_child


def _feedback(actor: Actor, version: UnitVersion, start: date, end: date) -> dict[str, Any]:
    found = feedback.dashboard(actor=actor, code=version.code, start=start, end=end)
    statuses = {count.code: count.count for count in found.by_status}
    return {
        "received": found.total,
        "resolved": statuses.get("resolved", 0),
        "answered": found.answered,
        "on_time": found.on_time,
        "on_time_percent": round(found.on_time_share, 1)
        if found.on_time_share is not None
        else None,
        "overdue": len(found.overdue),
        "median_days": round(found.median_days, 1) if found.median_days is not None else None,
    }


def campaigns_of(version: UnitVersion, start: date, end: date) -> list[Campaign]:
    """The campaigns that ran in the unit during the period: those of the unit or of a unit
    above it, active or closed, whose days meet the period."""
    above = tree.ancestor_ids(version.unit, end)
    return list(
        Campaign.objects.filter(
            Q(unit_id__in=above),
            status__in=[CampaignStatus.ACTIVE, CampaignStatus.CLOSED],
            starts_on__lte=end,
            ends_on__gte=start,
        ).order_by("starts_on", "pk")
    )


def _campaign(actor: Actor, campaign: Campaign, version: UnitVersion, end: date) -> dict[str, Any]:
    day = min(end, campaign.ends_on)
    found = progress_of(campaign, version, day, children=False, series=False, actor=actor)
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "basis_number": campaign.basis_number,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
        "on": day.isoformat(),
        "goals": [
            {
                "indicator": goal.indicator,
                "name": goal.name,
                "population": goal.population,
                "baseline": goal.baseline,
                "achieved": goal.achieved,
                "gained": goal.gained,
                "target_percent": float(goal.target_share * 100)
                if goal.target_share is not None
                else None,
                "target_count": goal.target_count,
            }
            for goal in found.goals
        ],
    }


def compute(
    *,
    actor: Actor,
    version: UnitVersion,
    start: date,
    end: date,
    sections: list[str],
    campaign: Campaign | None = None,
) -> dict[str, Any]:
    """Every figure the sections need, for the unit (``version``, as of ``end``)."""
    branch_of = village_branches(version.unit, start, end)
    kids = child_versions(actor=access.SYSTEM, unit=version.unit, on=end)
    result: dict[str, Any] = {
        "unit": {"code": version.code, "name": version.name, "level": version.unit.level},
        "start": start.isoformat(),
        "end": end.isoformat(),
        "children": [
            {"id": child.unit_id, "code": child.code, "name": child.name}
            for child in kids
            if child.unit.level in (Level.COMMUNE, Level.VILLAGE, Level.DISTRICT)
        ],
    }
    wanted = set(sections)
    if wanted & {"coverage", "units"}:
        result["coverage"] = _coverage(actor, version, end)
    if wanted & {"activity", "topics", "members", "scams", "outreach", "units", "campaign"}:
        result["activity"] = activity(version=version, start=start, end=end)
    if wanted & {"indicators", "units"}:
        rows, per_child = _indicators(branch_of, version, start, end)
        result["indicators"] = rows
        result["indicators_per_child"] = per_child
    if "feedback" in wanted:
        result["feedback"] = _feedback(actor, version, start, end)
    if "campaigns" in wanted:
        result["campaigns"] = [
            _campaign(actor, found, version, end) for found in campaigns_of(version, start, end)
        ]
    if "campaign" in wanted and campaign is not None:
        result["campaign"] = _campaign(actor, campaign, version, end)
    return dict(_json_keys(result))


def _json_keys(value: Any) -> Any:
    """Integer keys (unit ids) as strings, as JSON keeps them, so a fresh result and one read
    back from the database look alike."""
    if isinstance(value, dict):
        return {str(k): _json_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_keys(v) for v in value]
    return value
