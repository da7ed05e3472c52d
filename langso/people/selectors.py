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
from langso.people.models import (
    Consent,
    Household,
    HouseholdChange,
    IdConflict,
    LifeEvent,
    Resident,
    ResidentChange,
)
from langso.units import selectors as units
from langso.units import tree
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


# Corrections, life events, merges and likely duplicates -------------------------------------


def resident_history(*, actor: Actor, resident: Resident) -> list[ResidentChange]:
    """Every correction of the resident, newest first (numbers in it are masked)."""
    access.access_resident(actor, resident)
    return list(
        ResidentChange.objects.filter(resident_id=resident.pk)
        .select_related("changed_by")
        .order_by("-changed_at", "-pk")
    )


def household_history(*, actor: Actor, household: Household) -> list[HouseholdChange]:
    access.access_household(actor, household)
    return list(
        HouseholdChange.objects.filter(household_id=household.pk)
        .select_related("changed_by")
        .order_by("-changed_at", "-pk")
    )


def life_events(*, actor: Actor, resident: Resident) -> list[LifeEvent]:
    """What happened to the resident, newest first."""
    access.access_resident(actor, resident)
    return list(
        LifeEvent.objects.filter(resident_id=resident.pk)
        .select_related("recorded_by", "from_household", "to_household")
        .order_by("-happened_on", "-pk")
    )


def household_members(
    *, actor: Actor, household: Household
) -> tuple[list[Resident], list[Resident]]:
    """The household's residents (head first), and those no longer on the register."""
    access.access_household(actor, household)
    everyone = list(
        Resident.all_objects.filter(household_id=household.pk).order_by("-is_head", "pk")
    )
    return [r for r in everyone if not r.departed], [r for r in everyone if r.departed]


def _commune_of(village_id: int) -> int | None:
    version = UnitVersion.objects.filter(valid_on(today()), unit_id=village_id).first()
    return version.parent_id if version is not None else None


def editable_villages(*, actor: Actor, village: Unit) -> list[tuple[int, str]]:
    """The villages of ``village``'s commune today that the actor may correct, by name: where
    a household of ``village`` may be moved (``village`` itself first)."""
    commune = _commune_of(village.pk)
    found = UnitVersion.objects.filter(
        valid_on(today()), parent_id=commune, unit__level=Level.VILLAGE
    ).order_by("name", "code")
    choices = [
        (version.unit_id, version.name)
        for version in found
        if access.may_edit_village(actor, version.unit_id)
    ]
    choices.sort(key=lambda choice: choice[0] != village.pk)
    return choices


def household_choice_label(household: Household) -> str:
    name = household.head_name or _("(no head yet)")
    return f"{household.number} · {name}" if household.number else str(name)


def move_targets(*, actor: Actor, resident: Resident) -> list[tuple[str, list[tuple[int, str]]]]:
    """The households a resident may be moved to, grouped by village: those of the villages
    of the commune the actor may correct, except the resident's own."""
    villages = editable_villages(actor=actor, village=resident.village)
    homes = Household.objects.filter(village_id__in=[pk for pk, _name in villages]).exclude(
        pk=resident.household_id
    )
    by_village: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for home in homes.order_by("number", "head_name", "pk"):
        by_village[home.village_id].append((home.pk, household_choice_label(home)))
    return [(name, by_village[pk]) for pk, name in villages if by_village.get(pk)]


def merge_candidates(*, actor: Actor, household: Household) -> list[tuple[int, str]]:
    """Other households of the same village, which this one may be merged with."""
    access.access_household_edit(actor, household)
    return [
        (home.pk, household_choice_label(home))
        for home in Household.objects.filter(village_id=household.village_id)
        .exclude(pk=household.pk)
        .order_by("number", "head_name", "pk")
    ]


@dataclass(frozen=True)
class ResidentPair:
    first: Resident
    second: Resident
    same_id: bool  # the same ID number (a claim on a number the other holds)

    @property
    def both(self) -> tuple[Resident, Resident]:
        return self.first, self.second


@dataclass(frozen=True)
class HouseholdPair:
    first: Household
    second: Household

    @property
    def both(self) -> tuple[Household, Household]:
        return self.first, self.second


@dataclass(frozen=True)
class Duplicates:
    residents: list[ResidentPair]
    households: list[HouseholdPair]
    village_names: dict[int, str]


DUPLICATE_GROUPS = 200


def duplicates(*, actor: Actor, commune: UnitVersion) -> Duplicates:
    """Residents and households of a commune that are likely the same: residents with the same
    ID number (one holds it, the other claims it), or the same name (folded: no case, no
    diacritics) and year of birth; households of a village with the same number. At most
    ``DUPLICATE_GROUPS`` groups of each, oldest records first."""
    access.access_duplicates_desk(actor, commune.code)
    day = today()
    villages = tree.subtree(commune.unit, day)
    present = Resident.objects.filter(_visible_villages(actor), village_id__in=villages)
    groups = (
        present.filter(birth_year__isnull=False)
        .values("full_name_folded", "birth_year")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("full_name_folded", "birth_year")[:DUPLICATE_GROUPS]
    )
    keys = [(group["full_name_folded"], group["birth_year"]) for group in groups]
    by_key: dict[tuple[str, int], list[Resident]] = defaultdict(list)
    if keys:
        condition = Q(pk__in=[])
        for name, year in keys:
            condition |= Q(full_name_folded=name, birth_year=year)
        for someone in present.filter(condition).select_related("household").order_by("pk"):
            by_key[(someone.full_name_folded, someone.birth_year or 0)].append(someone)
    pairs = [
        ResidentPair(first=group[0], second=other, same_id=False)
        for group in by_key.values()
        for other in group[1:]
    ]
    claims = IdConflict.objects.filter(
        resolved_at__isnull=True,
        claimant__in=present,
        holder__in=present,
    ).select_related("claimant__household", "holder__household")
    for claim in claims.order_by("pk")[:DUPLICATE_GROUPS]:
        first, second = sorted((claim.holder, claim.claimant), key=lambda r: r.pk)
        pairs.append(ResidentPair(first=first, second=second, same_id=True))
    homes = Household.objects.filter(_visible_villages(actor), village_id__in=villages).exclude(
        number=""
    )
    numbered = (
        homes.values("village_id", "number")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("village_id", "number")[:DUPLICATE_GROUPS]
    )
    household_pairs: list[HouseholdPair] = []
    if numbered:
        condition = Q(pk__in=[])
        for group in numbered:
            condition |= Q(village_id=group["village_id"], number=group["number"])
        same: dict[tuple[int, str], list[Household]] = defaultdict(list)
        for home in homes.filter(condition).order_by("pk"):
            same[(home.village_id, home.number)].append(home)
        household_pairs = [
            HouseholdPair(first=group[0], second=other)
            for group in same.values()
            for other in group[1:]
        ]
    shown = {pair.first.village_id for pair in pairs} | {pair.second.village_id for pair in pairs}
    shown |= {pair.first.village_id for pair in household_pairs}
    names = dict(
        UnitVersion.objects.filter(valid_on(day), unit_id__in=shown).values_list("unit_id", "name")
    )
    return Duplicates(residents=pairs, households=household_pairs, village_names=names)
