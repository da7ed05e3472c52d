"""Roll-ups equal a recount from scratch after any interleaving of imports and observations.

Hypothesis draws sequences of operations (spreadsheet imports into two villages, single
observations true or false at random past times — so they arrive out of order —, batches of
them recorded at once as a phone's sync does, residents moving between villages, households
added by hand, and days passing between them) and after each sequence compares the roll-ups
with an oracle written here, from the residents, households and observations alone (none of
the code's population or roll-up helpers): today's figures of each village, and the figures
the day-by-day changes give for each village on every day since the oldest observation.

The oracle's rule for past days: a subject counts in a village's population from the day it
arrived there (imported, added or moved in, as the operations showed it) until the day it
left; on each of those days it counts as reached when its latest observation by that day is
true, among the observations recorded while it lived there (one recorded after a move changes
the figures of the village it lives in now, never those of the village it left). So an
observation dated before its subject arrived counts from the day of arrival, and on every day
each village's numerator lies between 0 and its denominator, which is checked on its own too.

The search is derandomized (the same examples on every run and machine) and the clock is fixed
(and moved on only by the operations that let days pass), so a failure found once is found
every time; the explicit examples pin observations of one subject arriving out of order, and
observations dated before their subject was counted, which a random search reaches only now
and then.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from langso.access import SYSTEM
from langso.core.dates import today
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

# The clock is fixed (and ticks from there): ages are taken in 2026 and the first day is
# 2 March 2026; the days that operations let pass (at most 72) never reach another year.
NOW = datetime(2026, 3, 2, 9, tzinfo=VIETNAM)
YEAR = 2026

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
    # Days pass: what follows is recorded later, and observations then arrive about subjects
    # counted since an earlier day, or dated before the day their subject was counted.
    st.tuples(st.just("wait"), st.integers(1, 6)),
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


Subject = tuple[str, int]  # kind, id
Timeline = list[tuple[Any, datetime, bool]]  # (observation id, observed at, value), in order


@dataclass
class Stay:
    """A subject's time in one village, as the operations showed it: from the day of the
    operation that brought it there until the day of the one that took it away (None: it is
    still there). ``known`` holds the observations recorded before it left (None: all)."""

    village: int
    since: date
    until: date | None = None
    known: frozenset[Any] | None = None


@dataclass
class History:
    """Where each subject lived, operation after operation."""

    stays: dict[Subject, list[Stay]] = field(default_factory=dict)
    where: dict[Subject, int] = field(default_factory=dict)

    def look(self, day: date, known: frozenset[Any]) -> None:
        """Note where every subject lives after an operation made on ``day``; ``known`` are
        the observations recorded before that operation."""
        now: dict[Subject, int] = {
            ("resident", pk): village
            for pk, village in Resident.objects.values_list("pk", "village_id")
        }
        now |= {
            ("household", pk): village
            for pk, village in Household.objects.values_list("pk", "village_id")
        }
        for subject, village in now.items():
            if self.where.get(subject) == village:
                continue
            stays = self.stays.setdefault(subject, [])
            if stays:
                stays[-1].until, stays[-1].known = day, known
            stays.append(Stay(village, day))
        for subject in set(self.where) - set(now):
            self.stays[subject][-1].until = day
            self.stays[subject][-1].known = known
        self.where = now


def timelines(
    observations: Iterable[tuple[Any, Any, Any, str, datetime, bool]],
) -> dict[Key, Timeline]:
    """Each subject's observations of each indicator, in the order they hold."""
    found: dict[Key, Timeline] = defaultdict(list)
    for observation_id, resident_id, household_id, code, moment, value in observations:
        key: Key = (
            ("resident", resident_id, code)
            if resident_id is not None
            else ("household", household_id, code)
        )
        found[key].append((observation_id, moment, value))
    return found


def value_on(day: date, timeline: Timeline, known: frozenset[Any] | None) -> bool:
    """The value of the latest observation made by the end of ``day``, of those in ``known``."""
    value = False
    for observation_id, moment, observed in timeline:
        if local_day(moment) > day:
            break
        if known is None or observation_id in known:
            value = observed
    return value


def expected_on(
    day: date, history: History, members_of: Members, observed: dict[Key, Timeline]
) -> dict[tuple[int, str], tuple[int, int]]:
    """Each village's (numerator, denominator) per indicator on ``day``: the subjects that lived
    there that day, reached when their latest observation by then, among those recorded while
    they lived there, was true. An observation dated before they arrived counts from then."""
    figures: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for code, members in members_of.items():
        for key, _village in members:
            for stay in history.stays.get((key[0], key[1]), []):
                if stay.since <= day and (stay.until is None or day < stay.until):
                    cell = figures[(stay.village, code)]
                    cell[1] += 1
                    cell[0] += value_on(day, observed.get(key, []), stay.known)
    return {key: (n, d) for key, (n, d) in figures.items() if n or d}


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


def outside_population(
    changes: list[tuple[date, int, str, int, int]],
) -> list[tuple[date, int, str, int, int]]:
    """Every (day, village, indicator, numerator, denominator) where the day-by-day changes
    give a numerator below 0 or above its denominator: nobody is reached who is not counted."""
    totals: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    by_day: dict[date, list[tuple[int, str, int, int]]] = defaultdict(list)
    for day, village, code, n, d in changes:
        by_day[day].append((village, code, n, d))
    found = []
    for day in sorted(by_day):
        for village, code, n, d in by_day[day]:
            totals[(village, code)][0] += n
            totals[(village, code)][1] += d
        found += [
            (day, village, code, n, d)
            for (village, code), (n, d) in totals.items()
            if not 0 <= n <= d
        ]
    return found


def check_against_the_oracle(history: History) -> None:
    rows = list(
        Observation.objects.order_by("observed_at", "recorded_at", "id").values_list(
            "id", "resident_id", "household_id", "indicator_id", "observed_at", "value"
        )
    )
    members_of = populations()
    assert kept_today() == expected_today(members_of, [row[1:] for row in rows])
    changes = kept_by_day()
    last = today()
    assert kept_until(last, changes) == kept_today()
    # On every day, in every village, 0 <= numerator <= denominator.
    assert outside_population(changes) == []
    observed = timelines(rows)
    days = [local_day(row[4]) for row in rows] + [
        stay.since for stays in history.stays.values() for stay in stays
    ]
    day = min(days, default=last) - timedelta(days=1)
    while day <= last:
        assert kept_until(day, changes) == expected_on(day, history, members_of, observed), day
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


def run(
    villages: list[Unit], operations: list[tuple[Any, ...]], clock: time_machine.Traveller
) -> History:
    """Run the operations; returns where each subject lived, operation after operation."""
    names = [UnitVersion.objects.get(unit=village).name for village in villages]
    indicators = catalog()
    history = History()
    for op in operations:
        if op[0] == "wait":
            clock.shift(timedelta(days=op[1]))
            continue
        known = frozenset(Observation.objects.values_list("id", flat=True))
        day, now = today(), timezone.now()
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
        history.look(day, known)
    return history


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
# An adult in an imported list, with no marks; a week ago, in hours divided by 7.
ADULT_ROW = {"born": 1980, "head": True, "vneid": False, "phone": False}
WEEK = 24


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
# Someone imported today, then a visit from a week ago about them arrives in a phone's batch:
# it counts from today, the day they joined the population, not a week ago (then "1 of 0").
@example(operations=[("import", 0, [ADULT_ROW]), ("batch", [(0, "smartphone", True, WEEK)])])
# Someone imported, moved to the other village five days later, then an observation made two
# days before the move arrives: the village they live in now counts it from the day of the
# move, and the figures of the village they left stay as they were for the days before.
@example(
    operations=[
        ("add", 1, 1970),
        ("import", 0, [ADULT_ROW]),
        ("wait", 5),
        ("move", 1, 1),
        ("observe", 1, "smartphone", True, 7),
    ]
)
def test_rollups_equal_a_recount_after_any_interleaving(
    villages: list[Unit], operations: list[tuple[Any, ...]]
) -> None:
    with time_machine.travel(NOW) as clock, transaction.atomic():
        history = run(villages, operations, clock)
        check_against_the_oracle(history)
        transaction.set_rollback(True)
