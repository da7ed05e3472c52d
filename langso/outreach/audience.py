"""Who an announcement reaches: the team members and residents of the units addressed.

An officer chooses units (any level: a province reaches every village under it), the teams
(their leaders and deputies, every member, or none) and the residents (all of them, or those
who lack one of some indicators, optionally from an age up). Residents are reached only when
they gave consent to be contacted (``CONTACT_PURPOSE``: the latest consent row for that purpose
says given) and their phone number has not opted out; officers cannot override either.

Everything is counted and listed in SQL: an announcement to a province reaches hundreds of
thousands of residents, and the composer counts them as the officer types.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from langso.access import Actor, access_unit_by_code
from langso.core.errors import DomainError
from langso.core.idlist import id_list
from langso.indicators.models import Indicator, Population, Status
from langso.outreach.errors import OutreachError
from langso.outreach.models import Channel, OptOut, TeamAudience
from langso.people.models import CONTACT_PURPOSE, Consent, Resident
from langso.teams.models import Membership, TeamRole
from langso.units import tree
from langso.units.models import Unit

LEADING_ROLES = (TeamRole.LEADER, TeamRole.DEPUTY)
MAX_UNITS = 200
MAX_AGE = 120


@dataclass(frozen=True)
class Audience:
    units: tuple[str, ...]
    teams: str = TeamAudience.NONE
    residents_all: bool = False
    lacking: tuple[str, ...] = field(default_factory=tuple)
    min_age: int | None = None

    @property
    def residents(self) -> bool:
        return self.residents_all or bool(self.lacking)

    def as_json(self) -> dict[str, Any]:
        return {
            "units": list(self.units),
            "teams": str(self.teams),
            "residents": {
                "all": self.residents_all,
                "lacking": list(self.lacking),
                "min_age": self.min_age,
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Audience":
        residents = data.get("residents") or {}
        return cls(
            units=tuple(data.get("units") or ()),
            teams=data.get("teams") or TeamAudience.NONE,
            residents_all=bool(residents.get("all")),
            lacking=tuple(residents.get("lacking") or ()),
            min_age=residents.get("min_age"),
        )


def clean(audience: Audience) -> Audience:
    """The audience with its parts checked and tidied (codes stripped, duplicates dropped)."""
    units = tuple(dict.fromkeys(code.strip() for code in audience.units if code.strip()))
    if not units:
        raise DomainError(
            OutreachError.UNIT_REQUIRED, _("Choose at least one unit to send to."), field="units"
        )
    if len(units) > MAX_UNITS:
        raise DomainError(
            OutreachError.UNIT_REQUIRED,
            _("Choose at most %(count)d units; a unit higher up reaches all under it.")
            % {"count": MAX_UNITS},
            field="units",
        )
    if audience.teams not in TeamAudience.values:
        raise DomainError(
            OutreachError.AUDIENCE_EMPTY, _("Choose which team members to send to."), field="teams"
        )
    lacking = tuple(dict.fromkeys(code.strip() for code in audience.lacking if code.strip()))
    known = set(Indicator.objects.filter(code__in=lacking).values_list("code", flat=True))
    unknown = [code for code in lacking if code not in known]
    if unknown:
        raise DomainError(
            OutreachError.INDICATOR_UNKNOWN,
            _("There is no indicator %(code)s.") % {"code": unknown[0]},
            field="lacking",
        )
    if audience.min_age is not None and not 0 <= audience.min_age <= MAX_AGE:
        raise DomainError(
            OutreachError.AGE_INVALID, _("The age must be between 0 and 120."), field="min_age"
        )
    cleaned = Audience(
        units=units,
        teams=audience.teams,
        residents_all=audience.residents_all,
        lacking=lacking,
        min_age=audience.min_age,
    )
    if cleaned.teams == TeamAudience.NONE and not cleaned.residents:
        raise DomainError(
            OutreachError.AUDIENCE_EMPTY,
            _("Choose teams or residents to send to."),
            field="audience",
        )
    return cleaned


def units_addressed(actor: Actor, audience: Audience, on: date) -> list[Unit]:
    """The units named, each in the actor's scope to manage, or ``NotFound`` (404) as for any
    unit out of sight."""
    return [access_unit_by_code(actor, code, on, manage=True).unit for code in audience.units]


def unit_ids(units: Iterable[Unit], on: date) -> list[int]:
    """Every unit under the units addressed (inclusive), once."""
    found: dict[int, None] = {}
    for unit in units:
        for unit_id in tree.subtree_ids(unit, on):
            found[unit_id] = None
    return list(found)


def memberships(audience: Audience, ids: list[int], on: date) -> QuerySet[Membership]:
    """The team memberships an announcement reaches: open on ``on``, in teams open on ``on``
    whose unit lies under the units addressed."""
    if audience.teams == TeamAudience.NONE:
        return Membership.objects.none()
    rows = Membership.objects.filter(
        team__unit_id__in=id_list(ids),
        team__valid_from__lte=on,
        team__valid_until__gt=on,
        joined_on__lte=on,
        left_on__gt=on,
    )
    if audience.teams == TeamAudience.LEADERS:
        rows = rows.filter(role__in=LEADING_ROLES)
    return rows


def residents(audience: Audience, ids: list[int], on: date) -> QuerySet[Resident]:
    """The residents an announcement reaches (present, consenting, not opted out)."""
    if not audience.residents:
        return Resident.objects.none()
    rows = Resident.objects.filter(village_id__in=id_list(ids))
    if audience.min_age is not None:
        rows = rows.filter(birth_year__lte=on.year - audience.min_age)
    if audience.lacking:
        lacks = Q()
        for indicator in Indicator.objects.filter(code__in=audience.lacking):
            # A household indicator (broadband, a shop) is lacked by everyone in the household.
            if indicator.population == Population.RESIDENTS:
                subject = Q(resident_id=OuterRef("pk"))
            else:
                subject = Q(household_id=OuterRef("household_id"))
            has = Status.objects.filter(subject, indicator_id=indicator.code, value=True)
            lacks |= ~Q(Exists(has))
        rows = rows.filter(lacks)
    latest = Consent.objects.filter(resident_id=OuterRef("pk"), purpose=CONTACT_PURPOSE).order_by(
        "-recorded_at", "-id"
    )
    # An opt-out holds until the person gives consent again, in person, after it.
    opted_out = OptOut.objects.filter(
        phone_index=OuterRef("phone_index"), recorded_at__gte=OuterRef("consented_at")
    )
    return (
        rows.annotate(
            contact=Subquery(latest.values("given")[:1]),
            consented_at=Subquery(latest.values("recorded_at")[:1]),
        )
        .filter(contact=True)
        .exclude(Exists(opted_out))
    )


def reach(audience: Audience, ids: list[int], on: date, channels: Iterable[str]) -> dict[str, int]:
    """How many people each channel reaches: members through the field app (those with a
    login), email (a login with an address), SMS and Zalo (a phone number); residents through
    SMS and Zalo (a phone number)."""
    wanted = set(channels)
    members = memberships(audience, ids, on)
    people = residents(audience, ids, on)
    counts: dict[str, int] = {}
    # A person who serves on two teams addressed is one recipient.
    persons = members.values("person_id").distinct()
    if Channel.APP in wanted:
        counts[Channel.APP] = persons.filter(person__user__isnull=False).count()
    if Channel.EMAIL in wanted:
        counts[Channel.EMAIL] = (
            persons.filter(person__user__isnull=False).exclude(person__user__email="").count()
        )
    for phone_channel in (Channel.SMS, Channel.ZALO):
        if phone_channel in wanted:
            counts[phone_channel] = (
                persons.filter(person__phone_sealed__isnull=False).count()
                + people.filter(phone_sealed__isnull=False).count()
            )
    return counts


def resident_rows(audience: Audience, ids: list[int], on: date) -> Iterator[tuple[int, int]]:
    """(resident id, village id) of every resident reached who has a phone number, in id
    order (residents have no login: only a phone reaches them)."""
    rows = residents(audience, ids, on).filter(phone_sealed__isnull=False).order_by("pk")
    yield from rows.values_list("pk", "village_id").iterator(chunk_size=5000)
