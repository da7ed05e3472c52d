"""Every read of households, residents, their statuses and consent, limited to the actor's scope.

People's data of a village is read by whoever may see the village: its team and the officers
above it. Anything else answers 404, exactly like something that does not exist. Scope is
applied in SQL (the village ids the actor may see today), so a list can never carry a row from
outside it, whatever the caller passes in.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.dates import today, valid_on
from langso.core.errors import NotFound
from langso.core.text import fold
from langso.indicators import rollups
from langso.indicators.models import Indicator, Population, Status
from langso.indicators.selectors import indicator_name
from langso.people.errors import RowError
from langso.people.models import Consent, Household, IdConflict, Resident
from langso.units import selectors as units
from langso.units.models import Level, Unit, UnitVersion

HOUSEHOLD_POPULATIONS = (Population.HOUSEHOLDS, Population.BUSINESSES)


def _visible_villages(actor: Actor) -> Q:
    """Rows whose village the actor may see today (no condition for the system and superusers)."""
    return access.scope_filter(actor, today())


# Villages and the units above them


def village_get(*, actor: Actor, code: str) -> UnitVersion:
    """Today's village with ``code``; 404 when absent, out of scope or not a village."""
    version = units.unit_get(actor=actor, code=code, on=today())
    if version.level != Level.VILLAGE:
        raise NotFound(
            RowError.VILLAGE_UNKNOWN,
            _("%(name)s is not a village: households are listed by village.")
            % {"name": version.name},
            field="code",
        )
    return version


@dataclass(frozen=True)
class ChildUnit:
    """A unit under a commune (or higher), with its households and residents when a village."""

    version: UnitVersion
    households: int | None
    residents: int | None


def child_units(*, actor: Actor, version: UnitVersion) -> list[ChildUnit]:
    """The units under ``version`` today that the actor may see; villages with their counts."""
    kids = units.children(actor=actor, unit=version.unit, on=today())
    villages = [kid.unit_id for kid in kids if kid.level == Level.VILLAGE]
    households = dict(
        Household.objects.filter(village_id__in=villages)
        .values_list("village_id")
        .annotate(n=Count("pk"))
    )
    residents = dict(
        Resident.objects.filter(village_id__in=villages)
        .values_list("village_id")
        .annotate(n=Count("pk"))
    )
    return [
        ChildUnit(
            version=kid,
            households=households.get(kid.unit_id, 0) if kid.level == Level.VILLAGE else None,
            residents=residents.get(kid.unit_id, 0) if kid.level == Level.VILLAGE else None,
        )
        for kid in kids
    ]


# Households


def _residents_head_first() -> QuerySet[Resident]:
    return Resident.objects.order_by("-is_head", "pk")


def household_choices(*, actor: Actor, village: Unit) -> QuerySet[Household]:
    """The households of ``village`` in list order, without their residents.

    By household number (numerically when it is one: "2" before "10"; households without a
    number last), then the head's name.
    """
    access.access_village(actor, village)
    return (
        Household.objects.filter(village=village)
        .annotate(
            no_number=Case(
                When(number="", then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
            number_length=Length("number"),
        )
        .order_by("no_number", "number_length", "number", "head_name", "pk")
    )


def households(*, actor: Actor, village: Unit, q: str = "") -> QuerySet[Household]:
    """The households of ``village`` in list order, with their residents (head first).

    With ``q``, only households where someone's name contains ``q``, ignoring case and
    diacritics. A lazy query: a page of it costs one query for the households and one for their
    residents.
    """
    qs = household_choices(actor=actor, village=village)
    needle = fold(q)
    if needle:
        qs = qs.filter(
            Exists(
                Resident.objects.filter(household=OuterRef("pk"), full_name_folded__contains=needle)
            )
        )
    return qs.prefetch_related(Prefetch("residents", queryset=_residents_head_first()))


def household_get(*, actor: Actor, household_id: int) -> Household:
    """One household with its village; 404 when absent or out of scope."""
    return access.access_household(actor, household_id)


# Residents


def resident_get(*, actor: Actor, resident_id: int) -> Resident:
    """One resident with their household and village; 404 when absent or out of scope."""
    return access.access_resident(actor, resident_id)


def resident_search(
    *, actor: Actor, q: str, village: Unit | None = None, limit: int = 50
) -> list[Resident]:
    """Residents whose name contains ``q``, ignoring case and diacritics ("lo thi" finds
    "Lò Thị Xuân"), in ``village`` or anywhere the actor may see."""
    needle = fold(q)
    if not needle:
        return []
    qs = Resident.objects.filter(_visible_villages(actor), full_name_folded__contains=needle)
    if village is not None:
        access.access_village(actor, village)
        qs = qs.filter(village=village)
    return list(qs.select_related("household").order_by("full_name_folded", "pk")[:limit])


# Indicators and current statuses


@dataclass(frozen=True)
class Legend:
    """The indicators shown as columns: resident indicators, then household ones."""

    residents: list[Indicator]
    households: list[Indicator]

    @property
    def resident_names(self) -> list[str]:
        return [indicator_name(indicator) for indicator in self.residents]

    @property
    def household_names(self) -> list[str]:
        return [indicator_name(indicator) for indicator in self.households]


def legend() -> Legend:
    """The catalog in its own order. Indicators are public data: no scope here."""
    catalog = list(Indicator.objects.all())
    return Legend(
        residents=[i for i in catalog if i.population == Population.RESIDENTS],
        households=[i for i in catalog if i.population in HOUSEHOLD_POPULATIONS],
    )


def statuses_of_residents(
    *, actor: Actor, resident_ids: Iterable[int]
) -> dict[int, dict[str, bool]]:
    """Resident id → {indicator code: current value}, for residents the actor may see."""
    found: dict[int, dict[str, bool]] = defaultdict(dict)
    rows = Status.objects.filter(
        _visible_villages(actor), resident_id__in=list(resident_ids)
    ).values_list("resident_id", "indicator_id", "value")
    for resident_id, code, value in rows:
        if resident_id is not None:
            found[resident_id][code] = value
    return found


def statuses_of_households(
    *, actor: Actor, household_ids: Iterable[int]
) -> dict[int, dict[str, bool]]:
    """Household id → {indicator code: current value}, for households the actor may see."""
    found: dict[int, dict[str, bool]] = defaultdict(dict)
    rows = Status.objects.filter(
        _visible_villages(actor), household_id__in=list(household_ids)
    ).values_list("household_id", "indicator_id", "value")
    for household_id, code, value in rows:
        if household_id is not None:
            found[household_id][code] = value
    return found


@dataclass(frozen=True)
class CurrentStatus:
    """The latest observation of one indicator, as a page or the API shows it."""

    indicator: str
    name: str
    value: bool
    observed_at: datetime
    source: str
    source_label: str


def _current(statuses: QuerySet[Status]) -> list[CurrentStatus]:
    rows = statuses.select_related("indicator", "observation").order_by(
        "indicator__position", "indicator_id"
    )
    return [
        CurrentStatus(
            indicator=status.indicator_id,
            name=indicator_name(status.indicator),
            value=status.value,
            observed_at=status.observed_at,
            source=status.observation.source,
            source_label=status.observation.get_source_display(),
        )
        for status in rows
    ]


def resident_statuses(*, actor: Actor, resident: Resident) -> list[CurrentStatus]:
    """The resident's current statuses, with when each was observed and where it came from."""
    return _current(Status.objects.filter(_visible_villages(actor), resident_id=resident.pk))


def household_statuses(*, actor: Actor, household: Household) -> list[CurrentStatus]:
    return _current(Status.objects.filter(_visible_villages(actor), household_id=household.pk))


@dataclass(frozen=True)
class Mark:
    """One indicator of one resident or household: its current value, and whether the subject
    counts for it (old enough; a household business for business indicators), as roll-ups do."""

    indicator: Indicator
    value: bool
    counts: bool

    @property
    def name(self) -> str:
        return indicator_name(self.indicator)


@dataclass(frozen=True)
class ResidentRow:
    resident: Resident
    marks: list[Mark]


@dataclass(frozen=True)
class HouseholdRow:
    household: Household
    marks: list[Mark]
    residents: list[ResidentRow]


def _marks(
    indicators: list[Indicator], statuses: dict[str, bool], subject: rollups.Subject
) -> list[Mark]:
    return [
        Mark(i, statuses.get(i.code, False), rollups.in_population(i, subject)) for i in indicators
    ]


def household_rows(
    *, actor: Actor, households: Sequence[Household], legend: Legend
) -> list[HouseholdRow]:
    """One page of households (from ``households()``) with a mark per legend indicator.

    Two queries whatever the page size: one for the residents' statuses, one for the
    households'.
    """
    resident_ids = [r.pk for h in households for r in h.residents.all()]
    by_resident = statuses_of_residents(actor=actor, resident_ids=resident_ids)
    by_household = statuses_of_households(actor=actor, household_ids=[h.pk for h in households])
    return [
        HouseholdRow(
            household=household,
            marks=_marks(
                legend.households,
                by_household.get(household.pk, {}),
                rollups.Subject(
                    kind="household",
                    id=household.pk,
                    village_id=household.village_id,
                    is_business=household.is_business,
                ),
            ),
            residents=[
                ResidentRow(
                    resident=resident,
                    marks=_marks(
                        legend.residents,
                        by_resident.get(resident.pk, {}),
                        rollups.Subject(
                            kind="resident",
                            id=resident.pk,
                            village_id=resident.village_id,
                            birth_year=resident.birth_year,
                        ),
                    ),
                )
                for resident in household.residents.all()
            ],
        )
        for household in households
    ]


# Consent


def consent_history(*, actor: Actor, resident: Resident) -> list[Consent]:
    """Every consent recorded for the resident, newest first (the first is what holds now)."""
    qs = Consent.objects.filter(
        access.scope_filter(actor, today(), "resident__village_id"), resident_id=resident.pk
    )
    return list(qs.select_related("recorded_by").order_by("-recorded_at", "-pk"))


# ID numbers held by two residents


@dataclass(frozen=True)
class IdConflictRow:
    conflict: IdConflict
    claimant_village: str
    holder_village: str


def id_conflicts(*, actor: Actor, open_only: bool = True) -> list[IdConflictRow]:
    """The ID number conflicts the actor decides (both residents in their scope), oldest
    first, with the villages' names today."""
    found = IdConflict.objects.filter(access.id_conflicts_filter(actor))
    if open_only:
        found = found.filter(resolved_at__isnull=True)
    rows = list(
        found.select_related("claimant__household", "holder__household").order_by("created_at")
    )
    day = today()
    names = dict(
        UnitVersion.objects.filter(
            valid_on(day),
            unit_id__in={r.claimant.village_id for r in rows} | {r.holder.village_id for r in rows},
        ).values_list("unit_id", "name")
    )
    return [
        IdConflictRow(
            conflict=row,
            claimant_village=names.get(row.claimant.village_id, ""),
            holder_village=names.get(row.holder.village_id, ""),
        )
        for row in rows
    ]


def id_conflicts_open(*, actor: Actor) -> int:
    return (
        IdConflict.objects.filter(access.id_conflicts_filter(actor), resolved_at__isnull=True)
        .values("pk")
        .count()
    )
