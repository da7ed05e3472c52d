"""Progress of a campaign against its plan, for any unit under it and any day, from roll-ups.

Figures come from roll-ups only, never from residents: a province (a unit whose children are
communes) from its communes' sums (``CommuneRollup``, ``CommuneChange``) when the day's tree is
the latest one for them, else from the village roll-ups (today's ``VillageRollup``, the
day-by-day ``RollupChange`` and ``RollupMonth``):

- achieved on a day = today's figure minus the changes after that day (the same figure
  ``GET /api/v1/units/{code}/indicators?on=`` gives, which sums the changes up to it);
- baseline = the figure at the start, i.e. before the start day: today's minus the changes from the
  start day on. An observation dated before the start (however late it arrives) is booked on its
  own day, so it lands in the baseline; one dated inside the campaign lands on its day, in the
  gain.

The villages are those under the unit on the day asked, for the baseline too: a commune merged
into another mid-campaign brings its villages' baselines with their households, so what the
merged commune gained is what its villages gained.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from langso import access
from langso.access import Actor
from langso.campaigns import selectors
from langso.campaigns.models import Campaign
from langso.core.dates import today
from langso.core.idlist import id_list
from langso.indicators import communes as communes_figures
from langso.indicators.models import (
    CommuneChange,
    CommuneRollup,
    Indicator,
    Observation,
    RollupChange,
    RollupMonth,
    Source,
    VillageRollup,
)
from langso.indicators.selectors import indicator_name
from langso.units import tree
from langso.units.models import Level, Unit, UnitVersion
from langso.visits.models import Visit

# The pace behind the forecast: the gain of the last fourteen days.
PACE_DAYS = 14


@dataclass
class GoalProgress:
    indicator: str
    name: str
    population: int
    baseline: int
    achieved: int
    target_share: Decimal | None
    target_count: int | None
    forecast_on: date | None = None
    on_track: bool | None = None
    # (day, achieved, population) from the day before the start to the day asked.
    series: list[tuple[date, int, int]] = field(default_factory=list)

    @property
    def gained(self) -> int:
        return self.achieved - self.baseline

    @property
    def share(self) -> float | None:
        return self.achieved / self.population if self.population else None

    @property
    def target_people(self) -> int | None:
        """How many must hold the indicator for the target to be met (none for a share of
        nobody: a unit with nobody counted has no figures to meet)."""
        if self.target_share is not None:
            if not self.population:
                return None
            return math.ceil(self.target_share * self.population)
        if self.target_count is not None:
            return self.baseline + self.target_count
        return None

    @property
    def gap(self) -> int | None:
        """How many people are still missing (0 once the target is met)."""
        wanted = self.target_people
        return None if wanted is None else max(0, wanted - self.achieved)

    @property
    def reached(self) -> float | None:
        """The part of the target reached (1.0: met), for ranking laggards first."""
        wanted = self.target_people
        if wanted is None:
            return None
        if self.target_count is not None:
            return self.gained / self.target_count if self.target_count else 1.0
        return self.achieved / wanted if wanted else 1.0

    @property
    def percent(self) -> float | None:
        share = self.share
        return None if share is None else round(100 * share, 1)

    @property
    def target_percent(self) -> float | None:
        return None if self.target_share is None else float(self.target_share * 100)


@dataclass
class ChildProgress:
    version: UnitVersion
    goals: list[GoalProgress]

    @property
    def reached(self) -> float:
        parts = [goal.reached for goal in self.goals if goal.reached is not None]
        return min(parts) if parts else math.inf


@dataclass
class Progress:
    campaign: Campaign
    version: UnitVersion
    on: date
    goals: list[GoalProgress]
    children: list[ChildProgress]

    @property
    def day_number(self) -> int:
        """Which day of the campaign ``on`` is (0 before it starts)."""
        return max(0, (min(self.on, self.campaign.ends_on) - self.campaign.starts_on).days + 1)


def default_day(campaign: Campaign) -> date:
    """The day a campaign's page opens on: today, or its last day once it has ended."""
    return min(today(), campaign.ends_on)


def progress(
    *,
    actor: Actor,
    campaign: Campaign,
    code: str | None = None,
    on: date | None = None,
    children: bool = True,
    series: bool = True,
) -> Progress:
    """The progress of ``campaign`` in the unit with ``code`` (default: the campaign's unit or,
    for someone who works under it, their own unit there) on ``on`` (default today). Without
    ``series`` the goals carry no day-by-day series (the API does not send it, and it is the
    costliest read of a province)."""
    campaign = access.access_campaign(actor, campaign)
    day = on or default_day(campaign)
    version = unit_in(actor=actor, campaign=campaign, code=code, on=day)
    return progress_of(campaign, version, day, children=children, series=series, actor=actor)


def unit_in(*, actor: Actor, campaign: Campaign, code: str | None, on: date) -> UnitVersion:
    """The unit asked (visible to the actor and under the campaign's unit on ``on``), or by
    default the campaign's unit, or the highest unit of the actor's under it."""
    scope_day = access.unit_day(campaign.unit, on)
    if code is None:
        if access.may_see_unit(actor, campaign.unit, scope_day):
            found = UnitVersion.objects.filter(
                unit=campaign.unit, valid_from__lte=scope_day, valid_until__gt=scope_day
            ).select_related("unit")
            version = found.first()
            if version is not None:
                return version
        own = access.units_in_sight(actor, tree.subtree_ids(campaign.unit, scope_day), on)
        versions = list(
            UnitVersion.objects.filter(
                unit_id__in=own, valid_from__lte=on, valid_until__gt=on
            ).select_related("unit")
        )
        if not versions:
            raise access.no_campaign()
        return min(versions, key=lambda v: (v.unit.level, v.code))
    version = access.access_unit_by_code(actor, code, on)
    if not selectors.covers(campaign, version.unit, on):
        raise access.no_campaign()
    return version


def progress_of(
    campaign: Campaign,
    version: UnitVersion,
    on: date,
    *,
    children: bool = True,
    series: bool = True,
    actor: Actor,
) -> Progress:
    goals = selectors.goals_of(campaign)
    codes = [goal.indicator_id for goal in goals]
    indicators = {goal.indicator_id: goal.indicator for goal in goals}
    # A unit that has ended (a campaign's commune merged away) is read as it stood on its last
    # day: its villages, with their figures of the day asked.
    tree_day = access.unit_day(version.unit, on)
    start = campaign.starts_on
    # The pace behind the forecast: from the figure PACE_DAYS before the day asked (or the
    # baseline, earlier in the campaign).
    back = max(on - timedelta(days=PACE_DAYS), start - timedelta(days=1))
    source = (_CommuneFigures.of(version.unit, on) if tree_day == on else None) or _VillageFigures(
        version.unit, tree_day
    )
    # Per branch (child unit, or the unit itself for a village) and indicator:
    # [achieved, population, baseline numerator].
    totals = source.totals(codes, start, on)
    whole: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for per_code in totals.values():
        for code, values in per_code.items():
            cell = whole[code]
            for index, value in enumerate(values):
                cell[index] += value
    targets = selectors.targets_on_path(campaign, version.unit, on)
    result = []
    for code in codes:
        achieved, population, baseline = whole[code]
        target = targets[code]
        goal = GoalProgress(
            indicator=code,
            name=indicator_name(indicators[code]),
            population=population,
            baseline=baseline,
            achieved=achieved,
            target_share=target.share,
            target_count=target.count,
        )
        result.append(goal)
    # The day-by-day changes: from the start for the chart and for a goal already met (the day
    # it was met), else only the pace's last days.
    wanted = {
        goal.indicator
        for goal in result
        if series or (goal.target_people is not None and goal.achieved >= goal.target_people)
    }
    daily = source.daily(codes, wanted, start, back, on)
    for goal in result:
        pace = sum(n for day, (n, _d) in daily[goal.indicator].items() if day > back)
        if goal.indicator in wanted:
            goal.series = _series(goal, daily[goal.indicator], campaign, on)
        _forecast(goal, campaign, on, goal.achieved - pace, back)
    ranked: list[ChildProgress] = []
    if children and version.unit.level != Level.VILLAGE:
        raised = selectors.raised_targets(campaign)
        for child in _children(actor, version.unit, tree_day):
            child_goals = []
            for code in codes:
                achieved, population, baseline = totals.get(child.unit_id, {}).get(code, [0, 0, 0])
                target = targets[code]
                own = raised.get(child.unit_id, {}).get(code)
                if target.share is not None:
                    share = max(target.share, own.share) if own and own.share else target.share
                    target = selectors.Target(share, None)
                else:
                    target = selectors.Target(None, own.count if own else None)
                child_goals.append(
                    GoalProgress(
                        indicator=code,
                        name=indicator_name(indicators[code]),
                        population=population,
                        baseline=baseline,
                        achieved=achieved,
                        target_share=target.share,
                        target_count=target.count,
                    )
                )
            ranked.append(ChildProgress(version=child, goals=child_goals))
        ranked.sort(key=lambda c: (c.reached, c.version.name))
    return Progress(campaign=campaign, version=version, on=on, goals=result, children=ranked)


Totals = dict[int, dict[str, list[int]]]
Daily = dict[str, dict[date, list[int]]]


class _VillageFigures:
    """A unit's figures from its villages' roll-ups: any unit, any day (the tree of that day)."""

    def __init__(self, unit: Unit, tree_day: date) -> None:
        self.branch_of = {
            b.unit_id: b.branch_id
            for b in tree.branches(unit, tree_day)
            if b.level == Level.VILLAGE
        }
        # One parameter for the villages, made once for the reads below.
        self.in_villages = id_list(list(self.branch_of))

    def totals(self, codes: list[str], start: date, on: date) -> Totals:
        branch_of, in_villages = self.branch_of, self.in_villages
        # Today's figures, then the changes after the day asked and those from the start to it,
        # summed per village (for the unit and its children): two disjoint ranges of the
        # covering index on (indicator, day, village, deltas), so each change is read once.
        now: dict[tuple[int, str], list[int]] = {}
        for village, code, n, d in VillageRollup.objects.filter(
            village_id__in=in_villages, indicator_id__in=codes
        ).values_list("village_id", "indicator_id", "numerator", "denominator"):
            now[(village, code)] = [n, d]
        changes = RollupChange.objects.filter(village_id__in=in_villages, indicator_id__in=codes)
        self.changes = changes
        later: dict[tuple[int, str], tuple[int, int]] = {
            (village, code): (n or 0, d or 0)
            for village, code, n, d in changes.filter(day__gt=on)
            .values_list("village_id", "indicator_id")
            .annotate(n=Sum("numerator_delta"), d=Sum("denominator_delta"))
            .values_list("village_id", "indicator_id", "n", "d")
        }
        # From the start to the day asked: whole months from the monthly roll-up (one row per
        # village and month), the days of the months it cuts into from the daily changes.
        first_month, after_months = _whole_months(start, on)
        during: dict[tuple[int, str], int] = defaultdict(int)
        if first_month < after_months:
            for village, code, n in (
                RollupMonth.objects.filter(
                    village_id__in=in_villages,
                    indicator_id__in=codes,
                    month__gte=first_month,
                    month__lt=after_months,
                )
                .values_list("village_id", "indicator_id")
                .annotate(n=Sum("numerator_delta"))
                .values_list("village_id", "indicator_id", "n")
            ):
                during[(village, code)] += n or 0
            # Two queries, not one with OR: each is then a range of the index.
            edges = [Q(day__gte=start, day__lt=first_month), Q(day__gte=after_months, day__lte=on)]
        else:
            edges = [Q(day__gte=start, day__lte=on)]
        for edge in edges:
            for village, code, n in (
                changes.filter(edge)
                .values_list("village_id", "indicator_id")
                .annotate(n=Sum("numerator_delta"))
                .values_list("village_id", "indicator_id", "n")
            ):
                during[(village, code)] += n or 0
        totals: Totals = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
        for key in set(now) | set(later) | set(during):
            village, code = key
            today_n, today_d = now.get(key, [0, 0])
            later_n, later_d = later.get(key, (0, 0))
            cell = totals[branch_of[village]][code]
            cell[0] += today_n - later_n
            cell[1] += today_d - later_d
            cell[2] += today_n - later_n - during.get(key, 0)
        return totals

    def daily(self, codes: list[str], wanted: set[str], start: date, back: date, on: date) -> Daily:
        """Each day's change from the start to ``on`` of the ``wanted`` goals, and of the others
        after ``back`` (the pace)."""
        daily: Daily = defaultdict(dict)
        days = self.changes.filter(day__gte=start, day__lte=on)
        # Only the pace's days when no series is wanted: a narrower range of the index (and no
        # OR when every goal's series is, which SQLite could not read as a range).
        if not wanted:
            days = days.filter(day__gt=back)
        elif wanted != set(codes):
            days = days.filter(Q(indicator_id__in=wanted) | Q(day__gt=back))
        for code, day, n, d in (
            days.values_list("indicator_id", "day")
            .annotate(n=Sum("numerator_delta"), d=Sum("denominator_delta"))
            .values_list("indicator_id", "day", "n", "d")
        ):
            daily[code][day] = [n or 0, d or 0]
        return daily


class _CommuneFigures:
    """A unit's figures from its communes' sums (``indicators.communes``): for a unit whose
    children are communes (a province), on a day whose tree is the latest one for them. A
    province reads 75 communes' rows instead of 2,300 villages'."""

    def __init__(self, communes: list[int]) -> None:
        self.communes = communes
        self.in_communes = id_list(communes)
        self.days: Daily = defaultdict(dict)

    @classmethod
    def of(cls, unit: Unit, tree_day: date) -> "_CommuneFigures | None":
        communes = communes_figures.communes_under(unit, tree_day)
        return None if communes is None else cls(communes)

    def totals(self, codes: list[str], start: date, on: date) -> Totals:
        totals: Totals = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
        for commune, code, n, d in CommuneRollup.objects.filter(
            commune_id__in=self.in_communes, indicator_id__in=codes
        ).values_list("commune_id", "indicator_id", "numerator", "denominator"):
            cell = totals[commune][code]
            cell[0] += n
            cell[1] += d
            cell[2] += n
        for commune, code, day, n, d in CommuneChange.objects.filter(
            commune_id__in=self.in_communes, indicator_id__in=codes, day__gte=start
        ).values_list("commune_id", "indicator_id", "day", "numerator_delta", "denominator_delta"):
            cell = totals[commune][code]
            if day > on:
                # Changes after the day asked: not yet there, neither in the figure nor in the
                # baseline.
                cell[0] -= n
                cell[1] -= d
                cell[2] -= n
            else:
                cell[2] -= n
                per_day = self.days[code].setdefault(day, [0, 0])
                per_day[0] += n
                per_day[1] += d
        return totals

    def daily(self, codes: list[str], wanted: set[str], start: date, back: date, on: date) -> Daily:
        return self.days


def _whole_months(start: date, on: date) -> tuple[date, date]:
    """The whole calendar months from ``start`` to ``on`` (inclusive) as [first, after): empty
    (first >= after) when the span holds none."""
    first = start if start.day == 1 else _next_month(start)
    after = _next_month(on) if _next_month(on) - timedelta(days=1) == on else on.replace(day=1)
    return first, after


def _next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def _children(actor: Actor, unit: Unit, on: date) -> list[UnitVersion]:
    from langso.units import selectors as units

    return units.children(actor=actor, unit=unit, on=on)


def _series(
    goal: GoalProgress, changes: dict[date, list[int]], campaign: Campaign, on: date
) -> list[tuple[date, int, int]]:
    """Day by day from the day before the start (the baseline) to ``on``: walked back from the
    figures of ``on`` by each day's change."""
    first = campaign.starts_on - timedelta(days=1)
    if on < first:
        return []
    points = []
    achieved, population = goal.achieved, goal.population
    day = on
    while day >= first:
        points.append((day, achieved, population))
        n, d = changes.get(day, [0, 0])
        achieved -= n
        population -= d
        day -= timedelta(days=1)
    points.reverse()
    return points


def _forecast(
    goal: GoalProgress, campaign: Campaign, on: date, achieved_back: int, back: date
) -> None:
    """When the target will be met at the pace of the last 14 days, and whether that is by the
    end date. Met already: the day it was met. No pace: no date, and not on track."""
    wanted = goal.target_people
    if wanted is None:
        return
    if goal.achieved >= wanted:
        met = next(
            (
                day
                for day, achieved, population in goal.series
                if achieved >= _wanted_on(goal, population)
            ),
            on,
        )
        goal.forecast_on = max(met, campaign.starts_on)
        goal.on_track = True
        return
    days = (on - back).days
    pace = (goal.achieved - achieved_back) / days if days > 0 else 0
    if pace <= 0:
        goal.forecast_on = None
        goal.on_track = False
        return
    goal.forecast_on = on + timedelta(days=math.ceil((wanted - goal.achieved) / pace))
    goal.on_track = goal.forecast_on <= campaign.ends_on


def _wanted_on(goal: GoalProgress, population: int) -> int:
    if goal.target_share is not None:
        return math.ceil(goal.target_share * population)
    return goal.baseline + (goal.target_count or 0)


def target_line(goal: GoalProgress, campaign: Campaign, day: date) -> float | None:
    """The straight line from the baseline (before the start) to the target (at the end)."""
    wanted = goal.target_people
    if wanted is None:
        return None
    length = (campaign.ends_on - campaign.starts_on).days + 1
    done = (day - campaign.starts_on).days + 1
    return goal.baseline + (wanted - goal.baseline) * max(0, min(done, length)) / length


@dataclass
class MemberGain:
    member_id: int
    name: str
    village_id: int
    visits: int
    people: int


def member_gains(*, campaign: Campaign, villages: list[int], on: date) -> list[MemberGain]:
    """Per member and village, from the start to ``on``: visits made and the people (or
    households) a member's visit moved to true on one of the campaign's indicators. Read from
    visits and observations, so only for a commune or a village (a province's page does not
    scan them)."""
    zone = timezone.get_current_timezone()
    begin = datetime.combine(campaign.starts_on, time.min, tzinfo=zone)
    end = datetime.combine(on + timedelta(days=1), time.min, tzinfo=zone)
    visits: dict[tuple[int, int], int] = {
        (member, village): n
        for member, village, n in Visit.objects.filter(
            village_id__in=villages, occurred_at__gte=begin, occurred_at__lt=end
        )
        .values_list("member_id", "village_id")
        .annotate(n=Count("pk"))
        .values_list("member_id", "village_id", "n")
    }
    codes = list(campaign.goals.values_list("indicator_id", flat=True))
    window = Observation.objects.filter(
        village_id__in=villages,
        indicator_id__in=codes,
        source=Source.VISIT,
        observed_at__gte=begin,
        observed_at__lt=end,
    )
    residents = set(window.filter(resident__isnull=False).values_list("resident_id", flat=True))
    households = set(window.filter(household__isnull=False).values_list("household_id", flat=True))
    moved: dict[tuple[int, int], set[tuple[str, int]]] = defaultdict(set)
    for kind, ids in (("resident", residents), ("household", households)):
        id_list = sorted(ids)
        for chunk in range(0, len(id_list), 2000):
            history = (
                Observation.objects.filter(
                    **{f"{kind}_id__in": id_list[chunk : chunk + 2000]},
                    indicator_id__in=codes,
                    observed_at__lt=end,
                )
                .order_by(f"{kind}_id", "indicator_id", "observed_at", "recorded_at")
                .values_list(
                    f"{kind}_id",
                    "indicator_id",
                    "value",
                    "observed_at",
                    "source",
                    "recorded_by_id",
                    "village_id",
                )
            )
            state: dict[tuple[int, str], bool] = {}
            for subject, code, value, moment, source, member, village in history:
                before = state.get((subject, code), False)
                state[(subject, code)] = value
                if (
                    value
                    and not before
                    and moment >= begin
                    and source == Source.VISIT
                    and member is not None
                ):
                    moved[(member, village)].add((kind, subject))
    keys = set(visits) | set(moved)
    names = selectors.member_names({member for member, _village in keys})
    gains = [
        MemberGain(
            member_id=member,
            name=names.get(member, ""),
            village_id=village,
            visits=visits.get((member, village), 0),
            people=len(moved.get((member, village), ())),
        )
        for member, village in keys
    ]
    return sorted(gains, key=lambda g: (g.village_id, -g.people, -g.visits, g.name))


def indicators_of(campaign: Campaign) -> list[Indicator]:
    return [goal.indicator for goal in selectors.goals_of(campaign)]
