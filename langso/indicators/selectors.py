"""Reading indicator figures for any unit and day, inside the actor's scope.

Today's figures sum the villages' roll-ups; a past day's figures sum the day-by-day changes up
to that day. Either way the villages are those under the unit on the day asked, so a village
counts under whichever commune it belonged to then. A province sums its communes' sums instead
(``communes.py``) whenever the villages under them that day are those summed into them.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Sum
from django.utils.translation import get_language

from langso.access import Actor
from langso.core.dates import today
from langso.core.idlist import id_list
from langso.indicators import communes as communes_figures
from langso.indicators.models import (
    CommuneChange,
    CommuneMonth,
    CommuneRollup,
    Indicator,
    RollupChange,
    RollupMonth,
    VillageRollup,
)
from langso.units import selectors as units
from langso.units import tree
from langso.units.models import Level, UnitVersion


@dataclass(frozen=True)
class Figure:
    indicator: str
    name: str
    numerator: int
    denominator: int
    target: float | None

    @property
    def percent(self) -> float | None:
        if not self.denominator:
            return None
        return round(100 * self.numerator / self.denominator, 1)

    @property
    def reached(self) -> bool | None:
        if self.target is None or self.percent is None:
            return None
        return self.percent >= self.target


def indicator_name(indicator: Indicator) -> str:
    return indicator.name_en if (get_language() or "vi").startswith("en") else indicator.name_vi


def figure_of(indicator: Indicator, numerator: int, denominator: int) -> Figure:
    """The figure of ``indicator`` with these counts, named in the current language."""
    return Figure(
        indicator=indicator.code,
        name=indicator_name(indicator),
        numerator=numerator,
        denominator=denominator,
        target=float(indicator.target_percent) if indicator.target_percent is not None else None,
    )


def _sums(subtree_of: UnitVersion, on: date) -> dict[str, tuple[int, int]]:
    communes = communes_figures.communes_under(subtree_of.unit, on)
    if communes is not None:
        summed = _commune_sums(communes, on, None, by_commune=False).get(0, {})
        return {code: (n, d) for code, (n, d) in summed.items()}
    villages = tree.subtree(subtree_of.unit, on)
    rows: Iterable[tuple[str, int | None, int | None]]
    if on >= today():
        current = VillageRollup.objects.filter(village_id__in=villages).values_list("indicator_id")
        rows = current.annotate(n=Sum("numerator"), d=Sum("denominator"))
    else:
        past = RollupChange.objects.filter(village_id__in=villages, day__lte=on)
        rows = past.values_list("indicator_id").annotate(
            n=Sum("numerator_delta"), d=Sum("denominator_delta")
        )
    return {code: (n or 0, d or 0) for code, n, d in rows}


def _commune_sums(
    communes: list[int], on: date, codes: Collection[str] | None, *, by_commune: bool
) -> dict[int, dict[str, list[int]]]:
    """The figures of ``on`` from the communes' sums (``communes.py``): commune (or 0 for them
    all) → indicator → [numerator, denominator]. Today's rows; a past day's are the whole months
    before its month (``CommuneMonth``) and the days of its month up to it (``CommuneChange``)."""
    keys = ["commune_id", "indicator_id"] if by_commune else ["indicator_id"]
    where: dict[str, object] = {"commune_id__in": id_list(communes)}
    if codes is not None:
        where["indicator_id__in"] = list(codes)
    totals: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    queries: list[Any]
    if on >= today():
        queries = [
            CommuneRollup.objects.filter(**where)
            .values_list(*keys)
            .annotate(n=Sum("numerator"), d=Sum("denominator"))
        ]
    else:
        month = on.replace(day=1)
        queries = [
            model.objects.filter(**where, **bounds)
            .values_list(*keys)
            .annotate(n=Sum("numerator_delta"), d=Sum("denominator_delta"))
            for model, bounds in (
                (CommuneMonth, {"month__lt": month}),
                (CommuneChange, {"day__gte": month, "day__lte": on}),
            )
        ]
    for rows in queries:
        for row in rows:
            commune, code, n, d = row if by_commune else (0, *row)
            cell = totals[commune][code]
            cell[0] += n or 0
            cell[1] += d or 0
    return totals


def figures(*, actor: Actor, code: str, on: date | None = None) -> tuple[UnitVersion, list[Figure]]:
    """Every indicator of the unit with ``code`` on ``on`` (default today)."""
    day = on or today()
    version = units.unit_get(actor=actor, code=code, on=day)
    sums = _sums(version, day)
    return version, [
        figure_of(indicator, *sums.get(indicator.code, (0, 0)))
        for indicator in Indicator.objects.all()
    ]


def figures_by_child(
    *,
    actor: Actor,
    version: UnitVersion,
    on: date,
    indicators: Collection[str] | None = None,
) -> list[tuple[UnitVersion, dict[str, Figure]]]:
    """The same figures for each child of the unit (for ranking and drill-down).

    ``indicators`` limits the work to those codes: ranking a province's communes by one
    indicator then reads one roll-up row per village instead of twelve.
    """
    catalog = [
        indicator
        for indicator in Indicator.objects.all()
        if indicators is None or indicator.code in indicators
    ]
    codes = [indicator.code for indicator in catalog]
    communes = communes_figures.communes_under(version.unit, on)
    if communes is not None:
        # A province: its children are the communes whose sums are kept.
        totals = _commune_sums(communes, on, codes, by_commune=True)
    else:
        totals = _village_sums_by_branch(version, on, codes)
    result = []
    for child in units.children(actor=actor, unit=version.unit, on=on):
        sums = totals.get(child.unit_id, {})
        result.append(
            (
                child,
                {
                    indicator.code: figure_of(indicator, *sums.get(indicator.code, (0, 0)))
                    for indicator in catalog
                },
            )
        )
    return result


def _village_sums_by_branch(
    version: UnitVersion, on: date, codes: list[str]
) -> dict[int, dict[str, list[int]]]:
    """The figures of ``on`` summed from the villages, per child of the unit they lie in."""
    branch_of = {
        b.unit_id: b.branch_id for b in tree.branches(version.unit, on) if b.level == Level.VILLAGE
    }
    totals: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    rows: Iterable[tuple[int, str, int | None, int | None]]
    if on >= today():
        rows = VillageRollup.objects.filter(
            village_id__in=list(branch_of), indicator_id__in=codes
        ).values_list("village_id", "indicator_id", "numerator", "denominator")
    else:
        rows = (
            RollupChange.objects.filter(
                village_id__in=list(branch_of), indicator_id__in=codes, day__lte=on
            )
            .values_list("village_id", "indicator_id")
            .annotate(n=Sum("numerator_delta"), d=Sum("denominator_delta"))
        )
    for village_id, code, numerator, denominator in rows:
        cell = totals[branch_of[village_id]][code]
        cell[0] += numerator or 0
        cell[1] += denominator or 0
    return totals


def trend(*, version: UnitVersion, months: int = 12) -> dict[str, list[tuple[date, int, int]]]:
    """Month by month, the numerator and denominator at each month's end, for the villages
    under the unit today (so the trend of a new commune includes its villages' past)."""
    day = today()
    start = date(day.year, day.month, 1)
    for _ in range(months - 1):
        start = (
            date(start.year - 1, 12, 1)
            if start.month == 1
            else date(start.year, start.month - 1, 1)
        )
    # A province reads its communes' months (75 communes' rows instead of 2,300 villages').
    communes = communes_figures.communes_under(version.unit, day)
    months_of = (
        CommuneMonth.objects.filter(commune_id__in=id_list(communes))
        if communes is not None
        else RollupMonth.objects.filter(village_id__in=tree.subtree(version.unit, day))
    )
    before = {
        code: (n or 0, d or 0)
        for code, n, d in months_of.filter(month__lt=start)
        .values_list("indicator_id")
        .annotate(n=Sum("numerator_delta"), d=Sum("denominator_delta"))
    }
    monthly: dict[str, dict[date, list[int]]] = defaultdict(dict)
    for code, month_start, n, d in (
        months_of.filter(month__gte=start)
        .values_list("indicator_id", "month")
        .annotate(n=Sum("numerator_delta"), d=Sum("denominator_delta"))
    ):
        monthly[code][month_start] = [n or 0, d or 0]
    series: dict[str, list[tuple[date, int, int]]] = {}
    for indicator in Indicator.objects.all():
        numerator, denominator = before.get(indicator.code, (0, 0))
        points = []
        month = start
        for _ in range(months):
            change = monthly[indicator.code].get(month, [0, 0])
            numerator += change[0]
            denominator += change[1]
            points.append((month, numerator, denominator))
            month = (
                date(month.year + 1, 1, 1)
                if month.month == 12
                else date(month.year, month.month + 1, 1)
            )
        series[indicator.code] = points
    return series
