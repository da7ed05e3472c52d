"""Building campaigns and what happens in their villages, through the services, on fixed days.

The tests run on the fixture clock (Monday 14 September 2026, ``tests.clock``): residents are
registered that day, a campaign runs from Monday 21 September to 30 November 2026, and each
observation is recorded by travelling to the day it reaches the server (which may be later
than the day it happened, as with a phone that syncs a week late).
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import time_machine

from langso.access import SYSTEM, Actor
from langso.campaigns import services
from langso.campaigns.models import Campaign
from langso.indicators.models import Source
from langso.indicators.services import catalog, observation_record
from langso.people.models import Household, Resident
from langso.people.services import (
    ResidentData,
    household_create,
    resident_create,
    resident_subject,
)
from langso.units.models import Unit, UnitVersion
from tests.reform import VIETNAM

START = date(2026, 9, 21)
END = date(2026, 11, 30)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=VIETNAM)


@contextmanager
def on_day(day: date, hour: int = 11) -> Iterator[None]:
    with time_machine.travel(at(day, hour), tick=False):
        yield


def home(village: Unit, number: str, people: int = 1, born: int = 1980) -> list[Resident]:
    """A household of ``people`` adults (the first is the head)."""
    household = household_create(
        actor=SYSTEM, village=village, head_name=f"Hộ {number}", number=number
    )
    return [
        resident_create(
            actor=SYSTEM,
            household=household,
            data=ResidentData(full_name=f"Người {number}.{i}", birth_year=born, is_head=i == 0),
        )
        for i in range(people)
    ]


def observe(
    resident: Resident,
    value: bool,
    happened: date,
    *,
    indicator: str = "vneid_l2",
    hour: int = 10,
    actor: Actor = SYSTEM,
    source: Source = Source.MANUAL,
) -> None:
    """Record that ``resident`` holds (or not) ``indicator`` since ``happened``, as of the
    clock's now (travel to the day it arrives first)."""
    observation_record(
        actor=actor,
        indicator=catalog()[indicator],
        subject=resident_subject(Resident.objects.get(pk=resident.pk)),
        value=value,
        observed_at=at(happened, hour),
        source=source,
    )


def campaign(
    actor: Actor,
    unit: Unit,
    goals: Sequence[tuple[str, Any]] = (("vneid_l2", "0.9"),),
    *,
    starts_on: date = START,
    ends_on: date = END,
    activate: bool = True,
) -> Campaign:
    made = services.campaign_create(
        actor=actor,
        name="Chiến dịch định danh điện tử",
        basis_number="125/KH-UBND",
        basis_date=date(2026, 9, 10),
        unit_code=code(unit),
        starts_on=starts_on,
        ends_on=ends_on,
        goals=[
            services.GoalData(indicator=indicator, target_share=Decimal(target))
            if isinstance(target, str)
            else services.GoalData(indicator=indicator, target_count=target)
            for indicator, target in goals
        ],
    )
    if activate:
        services.campaign_activate(actor=actor, campaign=made)
    return made


def code(unit: Unit, on: date | None = None) -> str:
    from langso.core.dates import today

    day = on or today()
    version = UnitVersion.objects.filter(
        unit=unit, valid_from__lte=day, valid_until__gt=day
    ).first()
    assert version is not None, (unit, day)
    return version.code


def households(village: Unit) -> list[Household]:
    return list(Household.objects.filter(village=village).order_by("pk"))
