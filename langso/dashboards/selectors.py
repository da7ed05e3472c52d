"""What a unit's dashboard reads: figures (filtered or not), the children ranked, the trend.

Without a filter every figure comes from the village roll-ups, the same figures the API answers
(the fast path: one row per village and indicator). With a filter on ethnicity, sex or age band
the roll-ups cannot help, since they do not know who is who: the figures of resident indicators
are then counted from the residents and their current statuses, in the villages under the unit
today. Statuses are only kept for now, so filtered figures are always today's. Household and
business indicators have no answer under a resident filter.
"""

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from langso import access
from langso.access import Actor
from langso.core.dates import today
from langso.core.errors import CoreError, DomainError
from langso.indicators import selectors as indicators
from langso.indicators.errors import IndicatorError
from langso.indicators.models import Indicator, Population, Status
from langso.indicators.selectors import Figure
from langso.people.ethnicity import ETHNIC_GROUPS, match_ethnicity
from langso.people.models import Resident, Sex
from langso.units import selectors as units
from langso.units import tree
from langso.units.models import Level, UnitVersion

# Age bands by age in whole years (this year minus the birth year, as the roll-ups count it).
AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "0-14": (0, 14),
    "15-17": (15, 17),
    "18-35": (18, 35),
    "36-59": (36, 59),
    "60+": (60, None),
}
AGE_BAND_LABELS = {
    "0-14": gettext_lazy("0–14 years"),
    "15-17": gettext_lazy("15–17 years"),
    "18-35": gettext_lazy("18–35 years"),
    "36-59": gettext_lazy("36–59 years"),
    "60+": gettext_lazy("60 years and over"),
}

# The ethnic groups present under a unit change only when people are registered; counting them
# over a province's residents is the slowest read of the page, so it is kept for a while.
ETHNICITIES_CACHE_SECONDS = 15 * 60


@dataclass(frozen=True)
class ResidentFilter:
    """Which residents to count: all of them when nothing is set."""

    ethnicity: str = ""
    sex: str = ""
    age_band: str = ""

    @property
    def is_set(self) -> bool:
        return bool(self.ethnicity or self.sex or self.age_band)

    def q(self, year: int, prefix: str = "") -> Q:
        """The condition on residents (``prefix``: the path from the model queried to them)."""
        condition = Q()
        if self.ethnicity:
            condition &= Q(**{f"{prefix}ethnicity": self.ethnicity})
        if self.sex:
            condition &= Q(**{f"{prefix}sex": self.sex})
        if self.age_band:
            youngest, oldest = AGE_BANDS[self.age_band]
            condition &= Q(**{f"{prefix}birth_year__lte": year - youngest})
            if oldest is not None:
                condition &= Q(**{f"{prefix}birth_year__gte": year - oldest})
        return condition


def resident_filter(*, ethnicity: str = "", sex: str = "", age_band: str = "") -> ResidentFilter:
    """The filter a page asks for, or a refusal naming the parameter that is wrong.

    An ethnic group may be written any way people write it ("H'Mông"); it is kept under its
    official name, the one residents are stored with.
    """
    official = ""
    if ethnicity.strip():
        found = match_ethnicity(ethnicity)
        if found is None:
            raise DomainError(
                CoreError.INVALID_INPUT,
                _("“%(value)s” is not one of Vietnam's 54 ethnic groups.") % {"value": ethnicity},
                field="ethnicity",
            )
        official = found
    sex = sex.strip()
    if sex and sex not in Sex.values:
        raise DomainError(
            CoreError.INVALID_INPUT,
            _("Parameter “%(name)s” must be one of: %(choices)s.")
            % {"name": "sex", "choices": ", ".join(Sex.values)},
            field="sex",
        )
    age_band = age_band.strip()
    if age_band and age_band not in AGE_BANDS:
        raise DomainError(
            CoreError.INVALID_INPUT,
            _("Parameter “%(name)s” must be one of: %(choices)s.")
            % {"name": "age", "choices": ", ".join(AGE_BANDS)},
            field="age",
        )
    return ResidentFilter(ethnicity=official, sex=sex, age_band=age_band)


def population_q(indicator: Indicator, year: int, prefix: str = "") -> Q:
    """``rollups.in_population`` for residents, as a condition the database can count with.

    A resident is in the population when this year minus the birth year is at least the
    indicator's minimum age, that is when the birth year is at most this year minus that age
    (an unknown birth year compares as unknown, so it stays out, as it does there).
    """
    if indicator.min_age is None:
        return Q()
    return Q(**{f"{prefix}birth_year__lte": year - indicator.min_age})


@dataclass(frozen=True)
class Line:
    """One indicator on the dashboard; ``figure`` is None when the filter does not apply to it."""

    indicator: str
    name: str
    target: float | None
    figure: Figure | None


@dataclass(frozen=True)
class Rank:
    version: UnitVersion
    figure: Figure | None


def _villages_today(actor: Actor, version: UnitVersion) -> tuple[RawSQL, RawSQL | None]:
    """The units under ``version``'s unit today, and the actor's scope today (None: all)."""
    day = today()
    return tree.subtree(version.unit, day), access.scope(actor, day)


def _residents(
    actor: Actor, version: UnitVersion, chosen: ResidentFilter, year: int
) -> QuerySet[Resident]:
    villages, allowed = _villages_today(actor, version)
    residents = Resident.objects.filter(chosen.q(year), village_id__in=villages)
    return residents if allowed is None else residents.filter(village_id__in=allowed)


def _true_statuses(
    actor: Actor, version: UnitVersion, chosen: ResidentFilter, year: int
) -> QuerySet[Status]:
    villages, allowed = _villages_today(actor, version)
    statuses = Status.objects.filter(
        chosen.q(year, prefix="resident__"),
        village_id__in=villages,
        resident__isnull=False,
        value=True,
    )
    return statuses if allowed is None else statuses.filter(village_id__in=allowed)


def _filtered_figures(
    actor: Actor, version: UnitVersion, chosen: ResidentFilter, catalog: list[Indicator]
) -> dict[str, Figure]:
    """Each resident indicator counted from the residents the filter keeps: two queries."""
    year = today().year
    about_residents = [i for i in catalog if i.population == Population.RESIDENTS]
    if not about_residents:
        return {}
    denominators = _residents(actor, version, chosen, year).aggregate(
        **{
            f"d_{indicator.code}": Count("id", filter=population_q(indicator, year))
            for indicator in about_residents
        }
    )
    numerators = _true_statuses(actor, version, chosen, year).aggregate(
        **{
            f"n_{indicator.code}": Count(
                "id",
                filter=Q(indicator_id=indicator.code)
                & population_q(indicator, year, prefix="resident__"),
            )
            for indicator in about_residents
        }
    )
    return {
        indicator.code: indicators.figure_of(
            indicator, numerators[f"n_{indicator.code}"], denominators[f"d_{indicator.code}"]
        )
        for indicator in about_residents
    }


def lines(
    *, actor: Actor, code: str, on: date, chosen: ResidentFilter
) -> tuple[UnitVersion, list[Line]]:
    """Every indicator of the unit with ``code``: as of ``on`` without a filter, today with one."""
    if not chosen.is_set:
        version, figures = indicators.figures(actor=actor, code=code, on=on)
        return version, [Line(f.indicator, f.name, f.target, f) for f in figures]
    version = units.unit_get(actor=actor, code=code, on=on)
    catalog = list(Indicator.objects.all())
    counted = _filtered_figures(actor, version, chosen, catalog)
    result = []
    for indicator in catalog:
        named = indicators.figure_of(indicator, 0, 0)
        result.append(Line(named.indicator, named.name, named.target, counted.get(indicator.code)))
    return version, result


def indicator_choice(code: str) -> Indicator:
    """The indicator ``?indicator=`` names; the first of the catalog when it names none."""
    catalog = list(Indicator.objects.all())
    code = code.strip()
    if not code:
        return catalog[0]
    for indicator in catalog:
        if indicator.code == code:
            return indicator
    raise DomainError(
        IndicatorError.UNKNOWN,
        _("There is no indicator with code %(code)s.") % {"code": code},
        field="indicator",
    )


def _by_key(rank: Rank) -> tuple[int, float, str]:
    percent = rank.figure.percent if rank.figure is not None else None
    return (percent is None, -(percent or 0.0), rank.version.name)


def ranking(
    *,
    actor: Actor,
    version: UnitVersion,
    on: date,
    indicator: Indicator,
    chosen: ResidentFilter,
) -> list[Rank]:
    """The children of the unit, best first by ``indicator``'s percent (none last, then by name).

    Without a filter as of ``on`` from the roll-ups; with one from the residents, today.
    """
    if not chosen.is_set:
        children = indicators.figures_by_child(
            actor=actor, version=version, on=on, indicators=[indicator.code]
        )
        ranks = [Rank(child, figures[indicator.code]) for child, figures in children]
        return sorted(ranks, key=_by_key)
    day = today()
    visible = units.children(actor=actor, unit=version.unit, on=day)
    if indicator.population != Population.RESIDENTS:
        return sorted((Rank(child, None) for child in visible), key=_by_key)
    branch_of = {
        b.unit_id: b.branch_id for b in tree.branches(version.unit, day) if b.level == Level.VILLAGE
    }
    year = day.year
    denominators = (
        _residents(actor, version, chosen, year)
        .filter(population_q(indicator, year))
        .values_list("village_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    numerators = (
        _true_statuses(actor, version, chosen, year)
        .filter(population_q(indicator, year, prefix="resident__"), indicator_id=indicator.code)
        .values_list("village_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    totals: dict[int, list[int]] = {}
    for position, counts in ((1, denominators), (0, numerators)):
        for village_id, count in counts:
            branch = branch_of.get(village_id)
            if branch is not None:
                totals.setdefault(branch, [0, 0])[position] += count
    ranks = [
        Rank(child, indicators.figure_of(indicator, *totals.get(child.unit_id, (0, 0))))
        for child in visible
    ]
    return sorted(ranks, key=_by_key)


def ethnicities(*, actor: Actor, version: UnitVersion) -> list[str]:
    """The official names of the ethnic groups of residents under the unit today, in the
    official order."""
    key = f"dashboards:ethnicities:{version.unit_id}:{access.actor_id(actor) or 0}:{today()}"
    found: list[str] | None = cache.get(key)
    if found is None:
        present = set(
            _residents(actor, version, ResidentFilter(), today().year)
            .exclude(ethnicity="")
            .values_list("ethnicity", flat=True)
            .distinct()
            .order_by()
        )
        found = [name for name in ETHNIC_GROUPS if name in present]
        cache.set(key, found, ETHNICITIES_CACHE_SECONDS)
    return found


@dataclass(frozen=True)
class TrendPoint:
    month: date
    figure: Figure


def trend(*, version: UnitVersion, indicator: Indicator, months: int = 12) -> list[TrendPoint]:
    """The figure of ``indicator`` at the end of each of the last ``months`` months (the last
    one is this month so far, so it ends with today's figure)."""
    series = indicators.trend(version=version, months=months)[indicator.code]
    return [
        TrendPoint(month, indicators.figure_of(indicator, numerator, denominator))
        for month, numerator, denominator in series
    ]
