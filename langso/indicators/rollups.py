"""Keeping village roll-ups equal to what the data says, change by change.

A subject (a resident, or a household) belongs to the population of an indicator when it is the
right kind and old enough (age by birth year, this year). It counts in the numerator when it is
in the population and its current status is true. Every write that changes either passes the
difference here, as deltas per (village, indicator, day): added to ``VillageRollup`` (today's
figures) and to ``RollupChange`` (the figures of any past day), and the same sums to the
village's commune (``communes``: what a province reads). All are plain additions (upserts), so
writers never lose an update; writers in one commune queue on its rows, writers in different
communes never wait for each other.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Literal, NamedTuple

from django.db import connection

from langso.core.dates import today
from langso.indicators import communes
from langso.indicators.models import (
    Indicator,
    Population,
    RollupChange,
    RollupMonth,
    VillageRollup,
)

Key = tuple[int, str, date]  # village id, indicator code, day
Deltas = dict[Key, list[int]]  # [numerator delta, denominator delta]


class Subject(NamedTuple):
    """What the roll-ups need to know about a resident or a household.

    A named tuple rather than a frozen dataclass: an import makes one per resident, and a tuple
    is built several times faster.
    """

    kind: Literal["resident", "household"]
    id: int
    village_id: int
    birth_year: int | None = None
    is_business: bool = False
    # The day the subject entered the populations it is in now, in the village it is in now
    # (``counted_since`` of its row): its observations are booked no earlier (``booked_on``).
    # None where a subject is built only to ask ``in_population``.
    since: date | None = None


def booked_on(day: date, subject: Subject) -> date:
    """The day an observation made on ``day`` changes the subject's numerators.

    A subject counts in a village's denominators from its ``since``; an observation dated
    before then (a visit from last week about someone imported today, or made before a move to
    this village) counts from that day too, never before it: on every day, a village's
    numerator stays within its denominator. The observation itself keeps its date.
    """
    since = subject.since
    return day if since is None or day >= since else since


def in_population(indicator: Indicator, subject: Subject, year: int | None = None) -> bool:
    if indicator.population == Population.RESIDENTS:
        if subject.kind != "resident":
            return False
        if indicator.min_age is None:
            return True
        return subject.birth_year is not None and (year or today().year) - subject.birth_year >= (
            indicator.min_age
        )
    if subject.kind != "household":
        return False
    return indicator.population == Population.HOUSEHOLDS or subject.is_business


def enters(indicators: Iterable[Indicator], before: Subject, after: Subject) -> bool:
    """Whether ``after`` counts somewhere ``before`` did not: in another village, or in a
    population its corrected birth year brings it into. Its ``since`` is then the day of the
    change: the denominators it joins have it from that day only."""
    if after.village_id != before.village_id:
        return True
    return any(
        in_population(indicator, after) and not in_population(indicator, before)
        for indicator in indicators
    )


def new_deltas() -> Deltas:
    return defaultdict(lambda: [0, 0])


def add_membership(
    deltas: Deltas,
    indicators: Iterable[Indicator],
    subject: Subject,
    statuses: Mapping[str, bool],
    day: date,
    sign: int = 1,
) -> None:
    """Count ``subject`` in (sign +1) or out of (sign -1) every population it belongs to."""
    for indicator in indicators:
        if in_population(indicator, subject):
            cell = deltas[(subject.village_id, indicator.code, day)]
            cell[1] += sign
            if statuses.get(indicator.code, False):
                cell[0] += sign


def add_new_subjects(
    deltas: Deltas,
    indicators: Iterable[Indicator],
    groups: Mapping[tuple[str, int, int | None, bool], int],
    day: date,
    year: int | None = None,
) -> None:
    """Count new subjects into their populations by group (kind, village, birth year, business)
    rather than one by one: 200,000 new residents make only a few thousand such groups.

    The change is booked on ``day``; ages are taken in ``year`` (default: this year), so
    that today's figures equal a recount even when ``day`` lies in an earlier year.
    """
    year = year or today().year
    for (kind, village_id, birth_year, business), count in groups.items():
        probe = Subject(
            kind="resident" if kind == "resident" else "household",
            id=0,
            village_id=village_id,
            birth_year=birth_year,
            is_business=business,
        )
        for indicator in indicators:
            if in_population(indicator, probe, year):
                deltas[(village_id, indicator.code, day)][1] += count


def apply(deltas: Mapping[Key, list[int]]) -> None:
    """Add the deltas to today's roll-ups and to the day-by-day changes, atomically per row,
    in the villages and in their communes.

    One upsert per table (INSERT … ON CONFLICT DO UPDATE with an addition, the same SQL on
    SQLite and PostgreSQL): a missing row is created, an existing one is added to in place.
    """
    live = {key: cell for key, cell in deltas.items() if cell[0] or cell[1]}
    if not live:
        return
    pairs: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for (village, code, _day), (numerator, denominator) in live.items():
        pairs[(village, code)][0] += numerator
        pairs[(village, code)][1] += denominator
    months: dict[tuple[int, str, date], list[int]] = defaultdict(lambda: [0, 0])
    for (village, code, day), (numerator, denominator) in live.items():
        cell = months[(village, code, day.replace(day=1))]
        cell[0] += numerator
        cell[1] += denominator
    # The communes' sums first (``communes``): writers in one commune queue on its rows.
    communes.writers_lock()
    communes.book(pairs, live)
    rollup = VillageRollup._meta.db_table
    change = RollupChange._meta.db_table
    month = RollupMonth._meta.db_table
    day_value = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {rollup} (village_id, indicator_id, numerator, denominator) "  # noqa: S608
            "VALUES (%s, %s, %s, %s) ON CONFLICT (village_id, indicator_id) DO UPDATE SET "
            f"numerator = {rollup}.numerator + excluded.numerator, "
            f"denominator = {rollup}.denominator + excluded.denominator",
            # In key order: concurrent writers then lock rows in the same order (no deadlock).
            [(v, c, n, d) for (v, c), (n, d) in sorted(pairs.items()) if n or d],
        )
        cursor.executemany(
            f"INSERT INTO {change} (village_id, indicator_id, day, numerator_delta, "  # noqa: S608
            "denominator_delta) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (village_id, indicator_id, day) DO UPDATE SET "
            f"numerator_delta = {change}.numerator_delta + excluded.numerator_delta, "
            f"denominator_delta = {change}.denominator_delta + excluded.denominator_delta",
            [(v, c, day_value(d), n, dd) for (v, c, d), (n, dd) in sorted(live.items())],
        )
        cursor.executemany(
            f"INSERT INTO {month} (village_id, indicator_id, month, numerator_delta, "  # noqa: S608
            "denominator_delta) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (village_id, indicator_id, month) DO UPDATE SET "
            f"numerator_delta = {month}.numerator_delta + excluded.numerator_delta, "
            f"denominator_delta = {month}.denominator_delta + excluded.denominator_delta",
            [(v, c, day_value(m), n, d) for (v, c, m), (n, d) in sorted(months.items()) if n or d],
        )
