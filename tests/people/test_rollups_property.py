"""Roll-ups equal a recount from scratch after any interleaving of imports and observations.

Hypothesis draws sequences of operations (spreadsheet imports into two villages, single
observations true or false at random past times — so they arrive out of order —, batches of
them recorded at once as a phone's sync does, residents moving between villages, households
added by hand) and after each sequence compares the roll-ups with an oracle written here, from
the residents, households and observations alone (none of the code's population or roll-up
helpers): today's figures of each village, and for every day since the oldest observation the
figures the day-by-day changes give.

The search is derandomized (the same examples on every run and machine) and the clock is fixed,
so a failure found once is found every time; the explicit examples pin observations of one
subject arriving out of order, which a random search reaches only now and then.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from langso.access import SYSTEM
from langso.indicators.models import (
    Indicator,
    Observation,
    Population,
    RollupChange,
    Source,
    VillageRollup,
)
from langso.indicators.services import (
    NewObservation,
    catalog,
    observation_record,
    observations_record_many,
)
from langso.people import recount
from langso.people.importing import import_residents
from langso.people.models import Household, Resident
from langso.people.services import (
    ResidentData,
    household_create,
    resident_create,
    resident_move,
    resident_subject,
)
from langso.units import services as units
from langso.units.models import Kind, Unit, UnitVersion
from tests.people import files
from tests.reform import VIETNAM
from tests.roles import unit_today

pytestmark = pytest.mark.django_db

# The clock is fixed (and ticks from there): ages are taken in 2026 and "today" is 2 March 2026.
NOW = datetime(2026, 3, 2, 9, tzinfo=VIETNAM)
YEAR = 2026
TODAY = date(2026, 3, 2)

INDICATORS = ["smartphone", "vneid_l2"]
HEADER = ["Họ và tên", "Năm sinh", "Thôn, bản", "Quan hệ với chủ hộ", "VNeID mức 2", "ĐTTM"]
# Birth years anywhere, and often right at the age limits of 2026 (18, 17, 15, 14 and 13).
BORN = st.one_of(st.integers(1930, 2024), st.sampled_from([2008, 2009, 2011, 2012, 2013]))

person = st.fixed_dictionaries(
    {"born": BORN, "head": st.booleans(), "vneid": st.booleans(), "phone": st.booleans()}
)
operation = st.one_of(
    st.tuples(st.just("import"), st.integers(0, 1), st.lists(person, min_size=1, max_size=4)),
    # Few residents and indicators, so that observations of one subject often arrive out of
    # the order they were made in. The time is ``hours * 7`` hours ago: up to 58 days.
    st.tuples(
        st.just("observe"),
        st.integers(0, 3),
        st.sampled_from(INDICATORS),
        st.booleans(),
        st.integers(0, 200),
    ),
    # Many at once, in any order, as a phone's sync sends them (observations_record_many).
    st.tuples(
        st.just("batch"),
        st.lists(
            st.tuples(
                st.integers(0, 3),
                st.sampled_from(INDICATORS),
                st.booleans(),
                st.integers(0, 200),
            ),
            min_size=1,
            max_size=6,
        ),
    ),
    st.tuples(st.just("move"), st.integers(0, 50), st.integers(0, 1)),
    st.tuples(st.just("add"), st.integers(0, 1), BORN),
)


# The oracle --------------------------------------------------------------------------------

Key = tuple[str, int, str]  # subject kind, subject id, indicator code
Members = dict[str, list[tuple[Key, int]]]  # indicator → its population, each with its village


def local_day(moment: datetime) -> date:
    return moment.astimezone(VIETNAM).date()


def latest_values(
    observations: Iterable[tuple[Any, Any, str, datetime, bool]], until: date | None = None
) -> dict[Key, bool]:
    """The value of each subject's latest observation (of those made by the end of ``until``).

    ``observations`` come in the order they hold: by time observed, then by the order they were
    recorded in (a batch records its observations at one moment, in the order sent, and their
    ids follow that order), so the last one seen wins.
    """
    found: dict[Key, bool] = {}
    for resident_id, household_id, code, moment, value in observations:
        if until is not None and local_day(moment) > until:
            continue
        if resident_id is not None:
            found[("resident", resident_id, code)] = value
        else:
            found[("household", household_id, code)] = value
    return found


def populations() -> Members:
    """Every subject in each indicator's population today, with the village it lives in.

    Residents belong by age this year (2026 minus the birth year, at least the minimum age);
    households to the household indicators, businesses to the business ones.
    """
    residents = list(Resident.objects.values_list("pk", "village_id", "birth_year"))
    households = list(Household.objects.values_list("pk", "village_id", "is_business"))
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


def expected_today(
    members_of: Members, observations: list[Any]
) -> dict[tuple[int, str], tuple[int, int]]:
    """Each village's (numerator, denominator) per indicator, as the data says now."""
    latest = latest_values(observations)
    figures: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for code, members in members_of.items():
        for key, village in members:
            cell = figures[(village, code)]
            cell[1] += 1
            cell[0] += latest.get(key, False)
    return {key: (n, d) for key, (n, d) in figures.items() if n or d}


def expected_on(
    day: date, members_of: Members, observations: list[Any]
) -> dict[str, tuple[int, int]]:
    """The commune's figures on a past day, summed over its villages (a resident who moved
    since counts where they were then). Everyone was registered today, so no population yet;
    numerators count those whose latest observation by then was true."""
    latest = latest_values(observations, until=day)
    figures = {}
    for code, members in members_of.items():
        reached = sum(latest.get(key, False) for key, _village in members)
        if reached:
            figures[code] = (reached, 0)
    return figures


# What the roll-ups keep -----------------------------------------------------------------------


def kept_today() -> dict[tuple[int, str], tuple[int, int]]:
    return {
        (village, code): (n, d)
        for village, code, n, d in VillageRollup.objects.values_list(
            "village_id", "indicator_id", "numerator", "denominator"
        )
        if n or d
    }


def kept_by_day() -> list[tuple[date, int, str, int, int]]:
    return list(
        RollupChange.objects.order_by("day").values_list(
            "day", "village_id", "indicator_id", "numerator_delta", "denominator_delta"
        )
    )


def kept_until(day: date, changes: list[tuple[date, int, str, int, int]]) -> dict[Any, Any]:
    """The changes up to ``day``, per village and indicator."""
    totals: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for when, village, code, n, d in changes:
        if when <= day:
            totals[(village, code)][0] += n
            totals[(village, code)][1] += d
    return {key: (n, d) for key, (n, d) in totals.items() if n or d}


def summed(figures: dict[tuple[int, str], tuple[int, int]]) -> dict[str, tuple[int, int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (_village, code), (n, d) in figures.items():
        totals[code][0] += n
        totals[code][1] += d
    return {code: (n, d) for code, (n, d) in totals.items() if n or d}


def check_against_the_oracle() -> None:
    observations = list(
        Observation.objects.order_by("observed_at", "recorded_at", "id").values_list(
            "resident_id", "household_id", "indicator_id", "observed_at", "value"
        )
    )
    members_of = populations()
    assert kept_today() == expected_today(members_of, observations)
    changes = kept_by_day()
    assert kept_until(TODAY, changes) == kept_today()
    if observations:
        day = local_day(observations[0][3]) - timedelta(days=1)
        while day < TODAY:
            assert summed(kept_until(day, changes)) == expected_on(day, members_of, observations), (
                day
            )
            day += timedelta(days=1)
    # The yearly recount (``manage.py recount_rollups``) agrees too.
    assert recount.differences() == {}


# The operations -------------------------------------------------------------------------------


def _import(village_names: list[str], index: int, people: list[dict[str, Any]]) -> None:
    rows: list[list[object]] = [list(HEADER)]
    for number, someone in enumerate(people):
        rows.append(
            [
                f"Người {someone['born']} {number}",
                someone["born"],
                village_names[index],
                "Chủ hộ" if someone["head"] or number == 0 else "Con",
                "x" if someone["vneid"] else None,
                "x" if someone["phone"] else None,
            ]
        )
    # CSV rather than XLSX: the property is about roll-ups, and writing an XLSX file costs
    # more than the import itself.
    import_residents(
        actor=SYSTEM, unit=unit_today("03721"), data=files.csv_file(rows), filename="ds.csv"
    )


def run(villages: list[Unit], operations: list[tuple[Any, ...]]) -> None:
    names = [UnitVersion.objects.get(unit=village).name for village in villages]
    indicators = catalog()
    now = timezone.now()
    for op in operations:
        residents = list(Resident.objects.order_by("pk"))
        if op[0] == "import":
            _import(names, op[1], op[2])
        elif op[0] == "observe" and residents:
            resident = residents[op[1] % len(residents)]
            observation_record(
                actor=SYSTEM,
                indicator=indicators[op[2]],
                subject=resident_subject(resident),
                value=op[3],
                observed_at=now - timedelta(hours=op[4] * 7),
                source=Source.MANUAL,
            )
        elif op[0] == "batch" and residents:
            observations_record_many(
                [
                    NewObservation(
                        subject=resident_subject(residents[index % len(residents)]),
                        indicator=code,
                        value=value,
                        observed_at=now - timedelta(hours=hours * 7),
                        source=Source.VISIT,
                    )
                    for index, code, value, hours in op[1]
                ]
            )
        elif op[0] == "move" and residents:
            resident = residents[op[1] % len(residents)]
            target = Household.objects.filter(village=villages[op[2]]).first()
            if target is not None:
                resident_move(actor=SYSTEM, resident=resident, household=target)
        elif op[0] == "add":
            household = household_create(actor=SYSTEM, village=villages[op[1]])
            resident_create(
                actor=SYSTEM,
                household=household,
                data=ResidentData(full_name="Người Thêm", birth_year=op[2], is_head=True),
            )


@pytest.fixture
def villages(db: None) -> list[Unit]:
    """Two villages of Xã Thuận Châu, made once for all the examples (each example rolls back
    what it did, and making villages is a fair share of an example's time)."""
    with time_machine.travel(NOW):
        commune = unit_today("03721")
        return [
            units.unit_create(actor=SYSTEM, name=name, kind=Kind.VILLAGE, parent=commune)
            for name in ("Bản Một", "Bản Hai")
        ]


# One adult observed three times, at t0 < t1 < t2 (about 29, 17 and 6 days ago). Hours are
# multiplied by 7 in ``run``.
T0, T1, T2, T3 = 100, 60, 20, 5
ADULT = ("add", 0, 1980)


@settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, min_size=1, max_size=12))
# Two observations of one resident made at the same moment in one batch, true then false.
@example(
    operations=[
        ("add", 1, 1958),
        ("batch", [(0, "smartphone", True, 176), (0, "smartphone", False, 176)]),
    ]
)
# Three observations arriving one by one as t2, t0, t1: the last one lies between the other two.
@example(
    operations=[
        ADULT,
        ("observe", 0, "smartphone", True, T2),
        ("observe", 0, "smartphone", True, T0),
        ("observe", 0, "smartphone", False, T1),
    ]
)
# Arriving as t1, t0, t2: the newest one's previous value is t1's (false), not t0's (true).
@example(
    operations=[
        ADULT,
        ("observe", 0, "smartphone", False, T1),
        ("observe", 0, "smartphone", True, T0),
        ("observe", 0, "smartphone", False, T2),
    ]
)
# Four arriving as t3, t0, t1, t2: t2 lies before t3, and its previous value is t1's (false),
# not the oldest's (true); only the days between t2 and t3 can tell.
@example(
    operations=[
        ADULT,
        ("observe", 0, "smartphone", True, T3),
        ("observe", 0, "smartphone", True, T0),
        ("observe", 0, "smartphone", False, T1),
        ("observe", 0, "smartphone", False, T2),
    ]
)
# The same three in one phone's batch, sent as t2, t0, t1 after a status from t3.
@example(
    operations=[
        ADULT,
        ("observe", 0, "smartphone", False, T3),
        (
            "batch",
            [
                (0, "smartphone", True, T2),
                (0, "smartphone", True, T0),
                (0, "smartphone", False, T1),
            ],
        ),
    ]
)
# A batch of t1 and t2 after t0 was recorded alone, then t0's day told again.
@example(
    operations=[
        ADULT,
        ("observe", 0, "smartphone", True, T0),
        ("batch", [(0, "smartphone", False, T2), (0, "smartphone", True, T1)]),
        ("observe", 0, "smartphone", False, T0),
    ]
)
# The moment of an earlier observation told again, late, in a batch: the one sent later wins.
@example(
    operations=[
        ADULT,
        ("observe", 0, "smartphone", True, T3),
        ("observe", 0, "smartphone", True, T0),
        ("batch", [(0, "smartphone", False, T0)]),
    ]
)
# At the age limits: 13, 17 and exactly 18 this year (born 2013, 2009, 2008), with smartphones
# and VNeID (14+), now and late. Only the 18-year-old is an adult.
@example(
    operations=[
        ("add", 0, 2013),
        ("add", 1, 2009),
        ("add", 1, 2008),
        ("observe", 0, "smartphone", True, T2),
        ("observe", 1, "smartphone", True, T1),
        ("observe", 1, "smartphone", False, T0),
        ("batch", [(2, "smartphone", True, T2), (0, "vneid_l2", True, T1)]),
        ("observe", 2, "smartphone", False, T0),
    ]
)
def test_rollups_equal_a_recount_after_any_interleaving(
    villages: list[Unit], operations: list[tuple[Any, ...]]
) -> None:
    with time_machine.travel(NOW), transaction.atomic():
        run(villages, operations)
        check_against_the_oracle()
        transaction.set_rollback(True)
