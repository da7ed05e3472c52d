"""The household and resident lists of a village or a commune: filters, sorting and pages.

One module for what the list pages, their XLSX export and their printable sheets share, so the
three always hold the same rows in the same order. Every function takes ``actor=`` and keeps to
the villages the actor may see today, in SQL, whatever the caller passes in.

Visits build on people (``visits`` imports ``people``, never the reverse), so the last visit of
a household is read through the relation visits keep to it (``Household.visits``) rather than
by importing their model.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Length
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from langso import access
from langso.access import Actor
from langso.core.dates import today, valid_on
from langso.core.text import fold
from langso.indicators import rollups
from langso.indicators.models import Indicator, Population, Status
from langso.indicators.selectors import indicator_name
from langso.people.models import Household, Resident
from langso.units import tree
from langso.units.models import Kind, UnitVersion

PER_PAGE = 50

# Age bands by age in whole years (this year minus the birth year), as the dashboards and the
# roll-ups count age.
AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "0-14": (0, 14),
    "15-17": (15, 17),
    "18-35": (18, 35),
    "36-59": (36, 59),
    "60+": (60, None),
}
AGE_BAND_LABELS = {
    "0-14": _("0–14 years"),
    "15-17": _("15–17 years"),
    "18-35": _("18–35 years"),
    "36-59": _("36–59 years"),
    "60+": _("60 years and over"),
}

HOUSEHOLD_SORTS = {
    "number": _("Household number"),
    "head": _("Head of household's name"),
    "visit": _("Not visited longest first"),
}
RESIDENT_SORTS = {
    "name": _("Full name"),
    "oldest": _("Oldest first"),
    "youngest": _("Youngest first"),
    "household": _("Household number"),
}


def short_name(indicator: Indicator) -> str:
    """A column header for ``indicator``: the name communes give the column in their lists
    ("VNeID mức 2") in Vietnamese, the English name in English."""
    if (get_language() or "vi").startswith("en") or not indicator.column_names:
        return indicator_name(indicator)
    return str(indicator.column_names[0])


@dataclass(frozen=True)
class Catalog:
    """The indicators a list can filter on and shows as columns, in the catalog's order."""

    residents: list[Indicator]
    households: list[Indicator]

    def get(self, code: str) -> Indicator | None:
        return next((i for i in [*self.residents, *self.households] if i.code == code), None)


def catalog() -> Catalog:
    """The catalog (public data: no scope)."""
    found = list(Indicator.objects.all())
    return Catalog(
        residents=[i for i in found if i.population == Population.RESIDENTS],
        households=[i for i in found if i.population != Population.RESIDENTS],
    )


@dataclass(frozen=True)
class ListFilter:
    """What a list is narrowed to and how it is ordered; nothing set is everything."""

    q: str = ""
    village: int | None = None
    lacks: Indicator | None = None
    age_band: str = ""
    not_visited_since: date | None = None
    sort: str = ""

    @property
    def is_set(self) -> bool:
        return bool(self.q or self.village or self.lacks or self.age_band or self.not_visited_since)


# Where a list looks


def list_villages(*, actor: Actor, version: UnitVersion) -> list[UnitVersion]:
    """Today's villages under ``version`` (itself, for a village) that the actor may see, by
    code: the choices of the village filter."""
    day = today()
    return list(
        UnitVersion.objects.filter(
            valid_on(day),
            access.scope_filter(actor, day, "unit_id"),
            unit_id__in=tree.subtree(version.unit, day),
            kind=Kind.VILLAGE,
        ).order_by("code")
    )


def _in_unit(actor: Actor, version: UnitVersion) -> Q:
    """Rows of villages under ``version`` today, within the actor's scope."""
    day = today()
    return Q(village_id__in=tree.subtree(version.unit, day)) & access.scope_filter(actor, day)


def _visits() -> QuerySet[Any]:
    """Every visit, through the relation ``visits`` keeps to households (see the module)."""
    model: Any = Household._meta.get_field("visits").related_model
    return model._default_manager.all()  # type: ignore[no-any-return]


def _last_visit(household: str) -> Subquery:
    """When the household at ``household`` (an outer reference) was last visited."""
    latest = _visits().filter(household_id=OuterRef(household)).order_by("-occurred_at")
    return Subquery(latest.values("occurred_at")[:1])


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _not_visited_since(day: date) -> Q:
    return Q(last_visit__isnull=True) | Q(last_visit__lt=_start_of(day))


def _done(indicator: Indicator, subject: str) -> Exists:
    """The subject at ``subject`` (``resident`` or ``household``) has ``indicator`` now."""
    return Exists(
        Status.objects.filter(
            **{f"{subject}_id": OuterRef("pk")}, indicator_id=indicator.code, value=True
        )
    )


def _counts_for(indicator: Indicator, year: int) -> Q:
    """Residents in the indicator's population (``rollups.in_population`` in SQL): old enough
    by birth year; an unknown birth year does not count, as in the roll-ups."""
    if indicator.min_age is None:
        return Q()
    return Q(birth_year__lte=year - indicator.min_age)


def _aged(band: str, year: int) -> Q:
    youngest, oldest = AGE_BANDS[band]
    condition = Q(birth_year__lte=year - youngest)
    if oldest is not None:
        condition &= Q(birth_year__gte=year - oldest)
    return condition


def _residents_matching(filters: ListFilter, year: int) -> QuerySet[Resident] | None:
    """The residents the filters about people ask for (None: no such filter)."""
    lacks = filters.lacks
    wants_lacking = lacks is not None and lacks.population == Population.RESIDENTS
    if not wants_lacking and not filters.age_band:
        return None
    found = Resident.objects.all()
    if lacks is not None and wants_lacking:
        found = found.filter(_counts_for(lacks, year)).filter(~_done(lacks, "resident"))
    if filters.age_band:
        found = found.filter(_aged(filters.age_band, year))
    return found


# Households


def households(*, actor: Actor, version: UnitVersion, filters: ListFilter) -> QuerySet[Household]:
    """The households of the unit's villages that match ``filters``, in the order asked.

    Each carries ``last_visit`` and ``members``. A household matches "lacks X" for a household
    indicator when it counts for X (a business, for business indicators) and has not got it;
    for a resident indicator, when someone in it counts for X and has not got it. An age band
    keeps households with someone of that age (the same person, with "lacks").
    """
    year = today().year
    found = Household.objects.filter(_in_unit(actor, version)).annotate(
        last_visit=_last_visit("pk")
    )
    if filters.village is not None:
        found = found.filter(village_id=filters.village)
    needle = fold(filters.q)
    if needle:
        found = found.filter(
            Exists(
                Resident.objects.filter(household=OuterRef("pk"), full_name_folded__contains=needle)
            )
        )
    lacks = filters.lacks
    if lacks is not None and lacks.population != Population.RESIDENTS:
        if lacks.population == Population.BUSINESSES:
            found = found.filter(is_business=True)
        found = found.filter(~_done(lacks, "household"))
    someone = _residents_matching(filters, year)
    if someone is not None:
        found = found.filter(Exists(someone.filter(household_id=OuterRef("pk"))))
    if filters.not_visited_since is not None:
        found = found.filter(_not_visited_since(filters.not_visited_since))
    return _household_order(found, filters.sort)


def _household_order(found: QuerySet[Household], sort: str) -> QuerySet[Household]:
    # By number, numerically when it is one ("2" before "10"), households without one last.
    by_number: list[str | Combinable] = [
        Case(When(number="", then=Value(1)), default=Value(0), output_field=IntegerField()),
        Length("number"),
        "number",
    ]
    if sort == "head":
        head = Resident.objects.filter(household=OuterRef("pk"), is_head=True)
        found = found.annotate(
            head_folded=Coalesce(Subquery(head.values("full_name_folded")[:1]), "head_name")
        )
        return found.order_by("head_folded", *by_number, "pk")
    if sort == "visit":
        return found.order_by(F("last_visit").asc(nulls_first=True), *by_number, "pk")
    return found.order_by(*by_number, "head_name", "pk")


def _residents_head_first() -> QuerySet[Resident]:
    return Resident.objects.order_by("-is_head", "pk")


@dataclass(frozen=True)
class Mark:
    """One indicator of a resident or a household: whether the subject counts for it (old
    enough; a business, for business indicators) and whether it has it now."""

    indicator: Indicator
    counts: bool
    value: bool

    @property
    def name(self) -> str:
        return indicator_name(self.indicator)

    @property
    def short(self) -> str:
        return short_name(self.indicator)

    @property
    def lacking(self) -> bool:
        return self.counts and not self.value


@dataclass(frozen=True)
class ResidentRow:
    resident: Resident
    marks: list[Mark]
    village: str = ""
    village_code: str = ""
    last_visit: datetime | None = None

    @property
    def age(self) -> int | None:
        born = self.resident.birth_year
        return None if born is None else today().year - born

    @property
    def lacking(self) -> list[Mark]:
        return [mark for mark in self.marks if mark.lacking]


@dataclass(frozen=True)
class HouseholdRow:
    household: Household
    village: str
    village_code: str
    last_visit: datetime | None
    marks: list[Mark]
    residents: list[ResidentRow] = field(default_factory=list)

    @property
    def lacking(self) -> list[Mark]:
        return [mark for mark in self.marks if mark.lacking]

    @property
    def people_lacking(self) -> int:
        """How many people in the household still lack at least one indicator they count for."""
        return sum(1 for row in self.residents if row.lacking)

    @property
    def lacking_by_indicator(self) -> list[tuple[str, list[str]]]:
        """Each resident indicator someone here still lacks, with who: what a member going to
        the door needs to know, in the catalog's order."""
        found: dict[str, tuple[str, list[str]]] = {}
        for row in self.residents:
            for mark in row.lacking:
                found.setdefault(mark.indicator.code, (mark.short, []))[1].append(
                    row.resident.full_name
                )
        return list(found.values())

    def who_lacks(self, focus: Indicator | None) -> list[str]:
        """Lines saying who still lacks what ("Lò Thị Xuân: VNeID mức 2, Chữ ký số"), or only
        ``focus`` when a list is about one resident indicator."""
        lines = []
        for row in self.residents:
            marks = [m for m in row.lacking if focus is None or m.indicator.code == focus.code]
            if marks:
                lines.append(f"{row.resident.full_name}: {', '.join(m.short for m in marks)}")
        return lines


def _statuses(subject: str, ids: Sequence[int], actor: Actor) -> dict[int, dict[str, bool]]:
    """Subject id → {indicator: value now}, for ``subject`` ``resident`` or ``household``."""
    found: dict[int, dict[str, bool]] = {}
    rows = Status.objects.filter(
        access.scope_filter(actor, today()), **{f"{subject}_id__in": list(ids)}
    ).values_list(f"{subject}_id", "indicator_id", "value")
    for subject_id, code, value in rows:
        found.setdefault(subject_id, {})[code] = value
    return found


def _marks(
    indicators: list[Indicator], done: dict[str, bool], subject: Any, year: int
) -> list[Mark]:
    return [
        Mark(i, rollups.in_population(i, subject, year), done.get(i.code, False))
        for i in indicators
    ]


def _resident_subject(resident: Resident) -> rollups.Subject:
    return rollups.Subject(
        kind="resident",
        id=resident.pk,
        village_id=resident.village_id,
        birth_year=resident.birth_year,
    )


def _village_names(village_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Village id → (name, code) today."""
    found = UnitVersion.objects.filter(valid_on(today()), unit_id__in=village_ids)
    return {
        unit_id: (name, code)
        for unit_id, name, code in found.values_list("unit_id", "name", "code")
    }


def household_rows(
    *, actor: Actor, households: Sequence[Household], marks: Catalog
) -> list[HouseholdRow]:
    """A page of ``households()`` with their residents (head first) and every mark.

    Four queries whatever the page's size: the residents, their statuses, the households'
    statuses and the villages' names.
    """
    ids = [h.pk for h in households]
    people: dict[int, list[Resident]] = {pk: [] for pk in ids}
    for resident in _residents_head_first().filter(household_id__in=ids):
        people[resident.household_id].append(resident)
    by_resident = _statuses("resident", [r.pk for rs in people.values() for r in rs], actor)
    by_household = _statuses("household", ids, actor)
    names = _village_names({h.village_id for h in households})
    year = today().year
    rows = []
    for household in households:
        subject = rollups.Subject(
            kind="household",
            id=household.pk,
            village_id=household.village_id,
            is_business=household.is_business,
        )
        rows.append(
            HouseholdRow(
                household=household,
                village=names.get(household.village_id, ("", ""))[0],
                village_code=names.get(household.village_id, ("", ""))[1],
                last_visit=getattr(household, "last_visit", None),
                marks=_marks(marks.households, by_household.get(household.pk, {}), subject, year),
                residents=[
                    ResidentRow(
                        resident=resident,
                        marks=_marks(
                            marks.residents,
                            by_resident.get(resident.pk, {}),
                            _resident_subject(resident),
                            year,
                        ),
                    )
                    for resident in people[household.pk]
                ],
            )
        )
    return rows


# Residents


def residents(*, actor: Actor, version: UnitVersion, filters: ListFilter) -> QuerySet[Resident]:
    """The residents of the unit's villages that match ``filters``, in the order asked, each
    with their household and its ``last_visit``. "Lacks X" keeps those who count for X (old
    enough) and have not got it; "not visited since" is about their household's visits."""
    year = today().year
    found = (
        Resident.objects.filter(_in_unit(actor, version))
        .select_related("household")
        .annotate(last_visit=_last_visit("household_id"))
    )
    if filters.village is not None:
        found = found.filter(village_id=filters.village)
    needle = fold(filters.q)
    if needle:
        found = found.filter(full_name_folded__contains=needle)
    lacks = filters.lacks
    if lacks is not None and lacks.population == Population.RESIDENTS:
        found = found.filter(_counts_for(lacks, year)).filter(~_done(lacks, "resident"))
    if filters.age_band:
        found = found.filter(_aged(filters.age_band, year))
    if filters.not_visited_since is not None:
        found = found.filter(_not_visited_since(filters.not_visited_since))
    return _resident_order(found, filters.sort)


def _resident_order(found: QuerySet[Resident], sort: str) -> QuerySet[Resident]:
    if sort == "oldest":
        return found.order_by(
            F("birth_year").asc(nulls_last=True),
            F("birth_date").asc(nulls_last=True),
            "full_name_folded",
            "pk",
        )
    if sort == "youngest":
        return found.order_by(
            F("birth_year").desc(nulls_last=True),
            F("birth_date").desc(nulls_last=True),
            "full_name_folded",
            "pk",
        )
    if sort == "household":
        return found.order_by(
            Case(
                When(household__number="", then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            Length("household__number"),
            "household__number",
            "household_id",
            "-is_head",
            "pk",
        )
    return found.order_by("full_name_folded", "pk")


def resident_rows(
    *, actor: Actor, residents: Sequence[Resident], marks: Catalog
) -> list[ResidentRow]:
    """A page of ``residents()`` with their marks and villages: two queries for any size."""
    by_resident = _statuses("resident", [r.pk for r in residents], actor)
    names = _village_names({r.village_id for r in residents})
    year = today().year
    return [
        ResidentRow(
            resident=resident,
            marks=_marks(
                marks.residents,
                by_resident.get(resident.pk, {}),
                _resident_subject(resident),
                year,
            ),
            village=names.get(resident.village_id, ("", ""))[0],
            village_code=names.get(resident.village_id, ("", ""))[1],
            last_visit=getattr(resident, "last_visit", None),
        )
        for resident in residents
    ]


# Pages


@dataclass(frozen=True)
class ListPage:
    """One page of a list and whether the page asked for was past the end (then the last one
    is shown, and the page says so)."""

    page: Page[Any]
    asked: int | None
    past_end: bool


def page_of(found: QuerySet[Any], raw: str, per_page: int = PER_PAGE) -> ListPage:
    """The page ``raw`` (``?page=``) of ``found``. Anything but a whole number from 1 gives the
    first page; a number past the end gives the last one, with ``past_end`` set."""
    paginator = Paginator(found, per_page)
    asked = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None
    number = asked if asked and asked >= 1 else 1
    past_end = number > paginator.num_pages
    return ListPage(
        page=paginator.page(min(number, paginator.num_pages)),
        asked=asked,
        past_end=past_end and paginator.count > 0,
    )
