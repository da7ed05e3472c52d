"""Roll-ups equal a recount after any interleaving of observations with corrections, life
events and merges.

The sibling of ``test_rollups_property.py``, with the same oracle (``expected_today``): after
each drawn sequence of additions, observations (one by one and in batches), corrections of a
birth year, moves of a resident to another household, moves of a household to another village,
deaths, withdrawals, reinstatements of those recorded dead or withdrawn in error, and merges of
residents and of households, with days passing between them, today's figures of each village
must equal what the oracle counts, and on no day may a village's numerator run below 0 or above
its denominator: a subject that counts again from the day of such a change (in another village,
in a population its corrected birth year brings it into, as the record kept by a merge, back on
the register) has the observations dated earlier count from that day too.
The oracle decides who counts from the records themselves: a resident whose latest death,
withdrawal or reinstatement event is a death or withdrawal, or merged away by a merge record,
does not; a household merged away does not; an observation counts for the subject it is
attached to now.

Life events and merges are booked on the day they are recorded, so none of them may change any
earlier day's figures: the day-by-day changes before today are compared before and after each.
"""

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from langso.access import SYSTEM
from langso.core.dates import today
from langso.core.errors import Conflict
from langso.indicators.models import Indicator, Observation, Population, Source
from langso.indicators.services import (
    NewObservation,
    catalog,
    observation_record,
    observations_record_many,
)
from langso.people import edit_services as edits
from langso.people import merge_services as merges
from langso.people import recount
from langso.people.models import Household, LifeEvent, Merge, Resident
from langso.people.services import (
    ResidentData,
    household_create,
    resident_create,
    resident_subject,
)
from langso.units import services as units
from langso.units.models import Kind, Unit
from tests.people.test_rollups_property import (
    NOW,
    YEAR,
    Members,
    expected_today,
    kept_by_day,
    kept_today,
    kept_until,
    outside_population,
)
from tests.roles import unit_today

pytestmark = pytest.mark.django_db

INDICATORS = ["smartphone", "vneid_l2"]
BORN = st.one_of(st.integers(1930, 2024), st.sampled_from([2008, 2009, 2011, 2012, 2013]))
WHO = st.integers(0, 30)

operation = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 1), BORN, st.booleans()),
    st.tuples(
        st.just("observe"), WHO, st.sampled_from(INDICATORS), st.booleans(), st.integers(0, 200)
    ),
    st.tuples(
        st.just("batch"),
        st.lists(
            st.tuples(WHO, st.sampled_from(INDICATORS), st.booleans(), st.integers(0, 200)),
            min_size=1,
            max_size=4,
        ),
    ),
    st.tuples(st.just("birth"), WHO, BORN),
    st.tuples(st.just("relocate"), WHO, WHO),
    st.tuples(st.just("household_village"), WHO, st.integers(0, 1)),
    st.tuples(st.just("depart"), WHO, st.sampled_from(["died", "withdrawn"]), st.integers(0, 40)),
    st.tuples(st.just("reinstate"), WHO),
    st.tuples(st.just("merge_residents"), WHO, WHO),
    st.tuples(st.just("merge_households"), WHO, WHO),
    st.tuples(st.just("wait"), st.integers(1, 6)),
)


# The oracle's view of who counts ---------------------------------------------------------------


def populations() -> Members:
    """Every subject in each indicator's population today, from the records alone: departures
    are read from life events and merge records, not from the flags the services set."""
    latest: dict[int, str] = {}
    for resident_id, kind in (
        LifeEvent.objects.filter(kind__in=["died", "withdrawn", "reinstated"])
        .order_by("recorded_at", "pk")
        .values_list("resident_id", "kind")
    ):
        latest[resident_id] = kind
    departed = {pk for pk, kind in latest.items() if kind != "reinstated"} | set(
        Merge.objects.filter(gone_resident__isnull=False).values_list("gone_resident_id", flat=True)
    )
    merged_households = set(
        Merge.objects.filter(gone_household__isnull=False).values_list(
            "gone_household_id", flat=True
        )
    )
    residents = [
        row
        for row in Resident.all_objects.values_list("pk", "village_id", "birth_year")
        if row[0] not in departed
    ]
    households = [
        row
        for row in Household.all_objects.values_list("pk", "village_id", "is_business")
        if row[0] not in merged_households
    ]
    members: Members = {}
    for indicator in Indicator.objects.all():
        code = indicator.code
        if indicator.population == Population.RESIDENTS:
            members[code] = [
                (("resident", pk, code), village)
                for pk, village, born in residents
                if indicator.min_age is None
                or (born is not None and YEAR - born >= indicator.min_age)
            ]
        elif indicator.population == Population.HOUSEHOLDS:
            members[code] = [(("household", pk, code), village) for pk, village, _b in households]
        else:
            members[code] = [
                (("household", pk, code), village)
                for pk, village, business in households
                if business
            ]
    return members


def past_days() -> list[tuple[date, int, str, int, int]]:
    return [row for row in kept_by_day() if row[0] < today()]


def check_against_the_oracle() -> None:
    observations = list(
        Observation.objects.order_by("observed_at", "recorded_at", "id").values_list(
            "resident_id", "household_id", "indicator_id", "observed_at", "value"
        )
    )
    assert kept_today() == expected_today(populations(), observations)
    changes = kept_by_day()
    assert kept_until(today(), changes) == kept_today()
    # On every day, in every village, 0 <= numerator <= denominator.
    assert outside_population(changes) == []
    assert recount.differences() == {}


# The operations -------------------------------------------------------------------------------


def _pick(items: list[Any], index: int) -> Any:
    return items[index % len(items)] if items else None


def departed_in_error() -> list[Resident]:
    return list(Resident.all_objects.filter(departed__in=["died", "withdrawn"]).order_by("pk"))


def run(
    villages: list[Unit], operations: list[tuple[Any, ...]], clock: time_machine.Traveller
) -> None:
    indicators = catalog()
    for op in operations:
        if op[0] == "wait":
            clock.shift(timedelta(days=op[1]))
            continue
        now = timezone.now()
        residents = list(Resident.objects.order_by("pk"))
        households = list(Household.objects.order_by("pk"))
        kind = op[0]
        if kind == "add":
            household = household_create(actor=SYSTEM, village=villages[op[1]], is_business=op[3])
            resident_create(
                actor=SYSTEM,
                household=household,
                data=ResidentData(full_name="Người Thêm", birth_year=op[2], is_head=True),
            )
            continue
        if kind == "observe" and residents:
            observation_record(
                actor=SYSTEM,
                indicator=indicators[op[2]],
                subject=resident_subject(_pick(residents, op[1])),
                value=op[3],
                observed_at=now - timedelta(hours=op[4] * 7),
                source=Source.MANUAL,
            )
            continue
        if kind == "batch" and residents:
            observations_record_many(
                [
                    NewObservation(
                        subject=resident_subject(_pick(residents, index)),
                        indicator=code,
                        value=value,
                        observed_at=now - timedelta(hours=hours * 7),
                        source=Source.VISIT,
                    )
                    for index, code, value, hours in op[1]
                ]
            )
            continue
        # Life events, corrections and merges never touch an earlier day's figures.
        before = past_days()
        if kind == "birth" and residents:
            someone = _pick(residents, op[1])
            edits.resident_edit(
                actor=SYSTEM,
                resident=someone,
                data=ResidentData(
                    full_name=someone.full_name,
                    birth_year=op[2],
                    relationship=someone.relationship,
                    is_head=someone.is_head,
                ),
            )
        elif kind == "relocate" and residents and len(households) > 1:
            someone = _pick(residents, op[1])
            target = _pick(households, op[2])
            if target.pk == someone.household_id:
                target = next(h for h in households if h.pk != someone.household_id)
            edits.resident_relocate(actor=SYSTEM, resident=someone, household=target, on=today())
        elif kind == "household_village" and households:
            home = _pick(households, op[1])
            edits.household_edit(
                actor=SYSTEM,
                household=home,
                number=home.number,
                address=home.address,
                village=villages[op[2]],
            )
        elif kind == "depart" and residents:
            someone = _pick(residents, op[1])
            day = max(today() - timedelta(days=op[3]), date(someone.birth_year or 1900, 1, 1))
            edits.resident_depart(actor=SYSTEM, resident=someone, kind=op[2], on=min(day, today()))
        elif kind == "reinstate" and (gone := departed_in_error()):
            someone = _pick(gone, op[1])
            try:
                edits.resident_reinstate(actor=SYSTEM, resident=someone, reason="Ghi nhầm")
            except Conflict as refused:
                # Their household was merged into another while they were off the register.
                assert refused.code == "HOUSEHOLD_MERGED", op
        elif kind == "merge_residents" and len(residents) > 1:
            first, second = _pick(residents, op[1]), _pick(residents, op[2])
            if first.pk == second.pk:
                second = next(r for r in residents if r.pk != first.pk)
            merges.resident_merge(actor=SYSTEM, first=first, second=second)
        elif kind == "merge_households" and len(households) > 1:
            first, second = _pick(households, op[1]), _pick(households, op[2])
            if first.pk == second.pk:
                second = next(h for h in households if h.pk != first.pk)
            merges.household_merge(actor=SYSTEM, first=first, second=second)
        assert past_days() == before, op


@pytest.fixture
def villages(db: None) -> list[Unit]:
    with time_machine.travel(NOW):
        commune = unit_today("03721")
        return [
            units.unit_create(actor=SYSTEM, name=name, kind=Kind.VILLAGE, parent=commune)
            for name in ("Bản Ba", "Bản Bốn")
        ]


ADULT = ("add", 0, 1980, False)


@settings(
    max_examples=80,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, min_size=1, max_size=10))
# Two adults with smartphones observed at different times, merged: counted once, with the
# later observation's value.
@example(
    operations=[
        ADULT,
        ("add", 1, 1985, False),
        ("observe", 0, "smartphone", True, 100),
        ("observe", 1, "smartphone", False, 20),
        ("merge_residents", 0, 1),
    ]
)
# A resident observed, moved to the other village, then dead.
@example(
    operations=[
        ADULT,
        ("add", 1, 1990, True),
        ("observe", 0, "smartphone", True, 5),
        ("relocate", 0, 1),
        ("depart", 0, "died", 3),
    ]
)
# A business household with people moved to the other village, then merged into an older one.
@example(
    operations=[
        ADULT,
        ("add", 0, 2009, True),
        ("observe", 1, "vneid_l2", True, 10),
        ("household_village", 1, 1),
        ("merge_households", 1, 0),
    ]
)
# A minor observed with a smartphone, whose birth year is corrected to make them an adult.
@example(
    operations=[("add", 0, 2012, False), ("observe", 0, "smartphone", True, 8), ("birth", 0, 1990)]
)
# A resident observed, dead, moved with their household to the other village, then reinstated:
# counted again, in the village the household lives in now.
@example(
    operations=[
        ADULT,
        ("observe", 0, "smartphone", True, 5),
        ("depart", 0, "withdrawn", 2),
        ("household_village", 0, 1),
        ("reinstate", 0),
        ("depart", 0, "died", 0),
        ("reinstate", 0),
    ]
)
# A minor observed without a smartphone, days later corrected to an adult, then an observation
# of a smartphone five days back arrives: they count among adults from the correction, and so
# does that observation (not five days back, when no adult was counted).
@example(
    operations=[
        ("add", 0, 2012, False),
        ("wait", 10),
        ("observe", 0, "smartphone", False, 3),
        ("birth", 0, 1990),
        ("observe", 0, "smartphone", True, 17),
    ]
)
# Two records of one adult in two villages, merged days later into the one of the first
# village, then an observation from before the merge arrives: it counts from the merge.
@example(
    operations=[
        ADULT,
        ("add", 1, 1985, False),
        ("observe", 1, "smartphone", True, 100),
        ("wait", 5),
        ("merge_residents", 0, 1),
        ("observe", 0, "smartphone", False, 10),
    ]
)
# Recorded dead by mistake, reinstated days later, then a visit made while they were off the
# register arrives: it counts from the day they came back.
@example(
    operations=[
        ADULT,
        ("depart", 0, "died", 0),
        ("wait", 4),
        ("reinstate", 0),
        ("observe", 0, "smartphone", True, 7),
    ]
)
# A household moved to the other village (where only a child lives), then an observation of
# its adult made before the move arrives: it counts in the new village from the move.
@example(
    operations=[
        ADULT,
        ("add", 1, 2012, True),
        ("wait", 4),
        ("household_village", 0, 1),
        ("observe", 0, "smartphone", True, 7),
    ]
)
def test_rollups_equal_a_recount_after_life_events_corrections_and_merges(
    villages: list[Unit], operations: list[tuple[Any, ...]]
) -> None:
    with time_machine.travel(NOW) as clock, transaction.atomic():
        run(villages, operations, clock)
        check_against_the_oracle()
        transaction.set_rollback(True)
