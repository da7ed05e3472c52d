"""Counting every village's figures from scratch, to check (and if need be mend) the roll-ups.

The roll-ups are kept change by change; this counts what the data says now: every resident and
household in each indicator's population, and those whose current status is true. The two must
agree; ``manage.py recount_rollups`` reports any difference and, with ``--repair``, books the
difference as today's change. Ages move on: at the turn of the year people join populations
by age, which only a recount sees, so the command belongs in a yearly cron job.

Today's figures do not depend on when each subject started to count (``counted_since`` is
never after today); the figures of past days do, and the property tests count those from the
rule itself (tests/people/test_rollups_property.py).
"""

from collections import defaultdict
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Sum

from langso.core.dates import today
from langso.indicators import communes, rollups
from langso.indicators.models import RollupChange, Status, VillageRollup
from langso.indicators.services import catalog
from langso.people.models import Household, Resident

Figures = dict[tuple[int, str], tuple[int, int]]


def counted(year: int | None = None) -> Figures:
    """(village, indicator) → (numerator, denominator), counted from residents and statuses."""
    indicators = list(catalog().values())
    when = year or today().year
    true_of: dict[tuple[str, int], set[str]] = defaultdict(set)
    for resident_id, household_id, code in Status.objects.filter(value=True).values_list(
        "resident_id", "household_id", "indicator_id"
    ):
        if resident_id is not None:
            true_of[("resident", resident_id)].add(code)
        else:
            true_of[("household", household_id)].add(code)
    totals: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    subjects = [
        rollups.Subject("resident", pk, village, birth_year=year_of_birth, since=since)
        for pk, village, year_of_birth, since in Resident.objects.values_list(
            "pk", "village_id", "birth_year", "counted_since"
        )
    ] + [
        rollups.Subject("household", pk, village, is_business=business, since=since)
        for pk, village, business, since in Household.objects.values_list(
            "pk", "village_id", "is_business", "counted_since"
        )
    ]
    for subject in subjects:
        held = true_of.get((subject.kind, subject.id), set())
        for indicator in indicators:
            if rollups.in_population(indicator, subject, when):
                cell = totals[(subject.village_id, indicator.code)]
                cell[1] += 1
                if indicator.code in held:
                    cell[0] += 1
    return {key: (n, d) for key, (n, d) in totals.items() if n or d}


def kept() -> Figures:
    """Today's roll-ups as stored."""
    return {
        (village, code): (n, d)
        for village, code, n, d in VillageRollup.objects.values_list(
            "village_id", "indicator_id", "numerator", "denominator"
        )
        if n or d
    }


def kept_until(day: date) -> Figures:
    """The figures of ``day`` as the day-by-day changes give them."""
    rows = (
        RollupChange.objects.filter(day__lte=day)
        .values_list("village_id", "indicator_id")
        .annotate(n=Sum("numerator_delta"), d=Sum("denominator_delta"))
    )
    return {(village, code): (n, d) for village, code, n, d in rows if n or d}


def differences() -> dict[tuple[Any, ...], tuple[tuple[int, int], tuple[int, int]]]:
    """Where the roll-ups disagree with a recount: (village, indicator) → (kept, counted); and
    where the communes' sums are not their villages' (``indicators.communes.differences``, keyed
    by what, commune, indicator and day)."""
    now, truth = kept(), counted()
    found: dict[tuple[Any, ...], tuple[tuple[int, int], tuple[int, int]]] = {
        key: (now.get(key, (0, 0)), truth.get(key, (0, 0)))
        for key in set(now) | set(truth)
        if now.get(key, (0, 0)) != truth.get(key, (0, 0))
    }
    found.update(communes.differences())
    return found


@transaction.atomic
def repair() -> int:
    """Book every difference as today's change, so the roll-ups equal the recount again."""
    deltas = rollups.new_deltas()
    found = differences()
    day = today()
    for key, ((n, d), (true_n, true_d)) in found.items():
        if len(key) == 2:
            village, code = key
            deltas[(village, code, day)] = [true_n - n, true_d - d]
    rollups.apply(deltas)
    if len(found) > len(deltas):
        # The communes' sums are counted again from the villages', now mended.
        communes.rebuild()
    return len(found)
