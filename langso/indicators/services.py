"""Recording observations: one at a time (visits, forms) or many at once (imports, the demo).

Observations are never changed or deleted. Recording one updates the subject's current status
only when it is the newest, and the village roll-ups by exactly what changed, in the same
transaction. An observation older than the current status still counts for the days between
its time and the next observation: that is what asking "as of" a past day must see. No
observation counts before its subject does (``Subject.since``, see ``rollups.booked_on``): one
dated earlier changes the numerators from the day the subject joined the denominators.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core import bulk
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.core.ids import uuid7
from langso.indicators import rollups
from langso.indicators.errors import IndicatorError
from langso.indicators.models import (
    Indicator,
    Observation,
    Population,
    Source,
    Status,
)
from langso.indicators.rollups import Subject

# Phones' clocks drift; a few minutes ahead is not "in the future".
CLOCK_SKEW = timedelta(minutes=10)


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _local_days() -> Callable[[datetime], date]:
    """``local_day`` remembering its answers for one batch: an import's marks share a moment,
    and converting each of hundreds of thousands of them costs more than the insert."""
    days: dict[datetime, date] = {}

    def day_of(moment: datetime) -> date:
        known = days.get(moment)
        if known is None:
            known = days[moment] = local_day(moment)
        return known

    return day_of


# A subject's history of one indicator, for values worked out from other records (skills, a
# business's checklist): (observed at, order among equal times, value), oldest first.
History = list[tuple[datetime, int, bool]]


def observation_history(indicator: str, **subject: int) -> History:
    """Every observation of ``indicator`` about one subject (``resident_id=`` or
    ``household_id=``), oldest first, later recorded last among equal times."""
    rows = Observation.objects.filter(indicator_id=indicator, **subject).order_by(
        "observed_at", "recorded_at"
    )
    return [(o.observed_at, n, o.value) for n, o in enumerate(rows)]


def value_at(history: History, moment: datetime) -> bool:
    """The value of a history at ``moment``: its latest entry not after it (false before any)."""
    value = False
    for observed_at, _order, entry in history:
        if observed_at > moment:
            break
        value = entry
    return value


def catalog() -> dict[str, Indicator]:
    return {indicator.code: indicator for indicator in Indicator.objects.all()}


def _subject_filter(subject: Subject) -> dict[str, Any]:
    return {f"{subject.kind}_id": subject.id}


def _check(indicator: Indicator, subject: Subject, observed_at: datetime, source: str) -> None:
    if indicator.computed and source != Source.COMPUTED:
        # Worked out from skills (``learning``): a value typed in would contradict them.
        raise DomainError(
            IndicatorError.COMPUTED,
            _("Indicator %(code)s is worked out from the skills observed; it cannot be entered.")
            % {"code": indicator.code},
            field="indicator",
        )
    wants_resident = indicator.population == Population.RESIDENTS
    if wants_resident != (subject.kind == "resident"):
        raise DomainError(
            IndicatorError.WRONG_SUBJECT,
            _("Indicator %(code)s is about %(population)s.")
            % {"code": indicator.code, "population": indicator.get_population_display()},
            field="indicator",
        )
    if observed_at > timezone.now() + CLOCK_SKEW:
        raise DomainError(
            IndicatorError.FUTURE,
            _("An observation cannot be in the future (%(when)s).")
            % {"when": timezone.localtime(observed_at).strftime("%d/%m/%Y %H:%M")},
            field="observed_at",
        )


@transaction.atomic
def observation_record(
    *,
    actor: Actor,
    indicator: Indicator,
    subject: Subject,
    value: bool,
    observed_at: datetime,
    source: Source,
    source_ref: str = "",
    observation_id: uuid.UUID | None = None,
) -> tuple[Observation, bool]:
    """Record one observation. Returns it and whether it was new (a re-sent id is not)."""
    if observation_id is not None:
        existing = Observation.objects.filter(pk=observation_id).first()
        if existing is not None:
            return existing, False
    _check(indicator, subject, observed_at, source)
    if not access.may_see_unit(actor, subject.village_id, today()):
        raise NotFound(IndicatorError.NOT_FOUND, _("There is no such resident or household."))
    observation = Observation.objects.create(
        id=observation_id or uuid.uuid4(),
        indicator=indicator,
        village_id=subject.village_id,
        value=value,
        observed_at=observed_at,
        recorded_by_id=access.actor_id(actor),
        source=source,
        source_ref=source_ref,
        **_subject_filter(subject),
    )
    history = Observation.objects.filter(indicator=indicator, **_subject_filter(subject))
    later = history.filter(observed_at__gt=observed_at).order_by("observed_at").first()
    earlier = (
        history.filter(observed_at__lte=observed_at)
        .exclude(pk=observation.pk)
        .order_by("-observed_at", "-recorded_at")
        .first()
    )
    deltas = rollups.new_deltas()
    before = earlier.value if earlier is not None else False
    if value != before and rollups.in_population(indicator, subject):
        step = 1 if value else -1
        day = rollups.booked_on(local_day(observed_at), subject)
        deltas[(subject.village_id, indicator.code, day)][0] += step
        if later is not None:
            until = rollups.booked_on(local_day(later.observed_at), subject)
            deltas[(subject.village_id, indicator.code, until)][0] -= step
    if later is None:
        Status.objects.update_or_create(
            indicator=indicator,
            **_subject_filter(subject),
            defaults={
                "value": value,
                "observed_at": observed_at,
                "observation": observation,
                "village_id": subject.village_id,
                "changed_at": timezone.now(),
            },
        )
    rollups.apply(deltas)
    return observation, True


@dataclass(slots=True)
class NewObservation:
    subject: Subject
    indicator: str
    value: bool
    observed_at: datetime
    source: Source
    source_ref: str = ""
    id: uuid.UUID = field(default_factory=uuid7)


def _statuses_of(subjects: Iterable[Subject]) -> dict[tuple[str, int, str], Status]:
    by_kind: dict[str, list[int]] = {"resident": [], "household": []}
    for subject in subjects:
        by_kind[subject.kind].append(subject.id)
    found: dict[tuple[str, int, str], Status] = {}
    for kind, ids in by_kind.items():
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            for status in Status.objects.filter(**{f"{kind}_id__in": chunk}):
                subject_id: Any = getattr(status, f"{kind}_id")
                found[(kind, subject_id, status.indicator_id)] = status
    return found


@transaction.atomic
def observations_record_many(
    records: Sequence[NewObservation], *, recorded_by_id: int | None = None
) -> int:
    """Record many observations at once (imports, the demo). Returns how many were recorded.

    The same rules as ``observation_record``, in bulk: one query for the current statuses, bulk
    inserts and updates, one pass over the roll-ups. Observations older than their subject's
    current status rewrite the history between them and the next one (``_record_late``).
    """
    if not records:
        return 0
    indicators = catalog()
    for record in records:
        _check(indicators[record.indicator], record.subject, record.observed_at, record.source)
    statuses = _statuses_of({record.subject for record in records})
    ordered = sorted(records, key=lambda record: record.observed_at)
    now = timezone.now()
    observations: list[tuple[Any, ...]] = []
    fresh: dict[tuple[str, int, str], Status] = {}
    changed: dict[tuple[str, int, str], Status] = {}
    late: list[NewObservation] = []
    deltas = rollups.new_deltas()
    day_of = _local_days()
    for record in ordered:
        subject = record.subject
        key = (subject.kind, subject.id, record.indicator)
        current = fresh.get(key) or changed.get(key) or statuses.get(key)
        if current is not None and record.observed_at < current.observed_at:
            late.append(record)
            continue
        observations.append(_observation_row(record, now, recorded_by_id))
        before = current.value if current is not None else False
        if record.value != before and rollups.in_population(indicators[record.indicator], subject):
            day = rollups.booked_on(day_of(record.observed_at), subject)
            deltas[(subject.village_id, record.indicator, day)][0] += 1 if record.value else -1
        if current is None:
            fresh[key] = Status(
                indicator_id=record.indicator,
                village_id=subject.village_id,
                value=record.value,
                observed_at=record.observed_at,
                observation_id=record.id,
                changed_at=now,
                **_subject_filter(subject),
            )
        else:
            current.value = record.value
            current.observed_at = record.observed_at
            current.observation_id = record.id
            current.changed_at = now
            if current.pk is not None:
                changed[key] = current
    # Plain executemany (COPY on PostgreSQL): bulk_create and bulk_update cost more than the
    # database does, and a phone's sync waits on this.
    bulk.insert_rows(Observation, _OBSERVATION_FIELDS, observations)
    bulk.insert_rows(
        Status,
        _STATUS_FIELDS,
        (
            (
                status.indicator_id,
                status.resident_id,
                status.household_id,
                status.village_id,
                status.value,
                status.observed_at,
                status.observation_id,
                status.changed_at,
            )
            for status in fresh.values()
        ),
    )
    bulk.update_rows(
        Status,
        ["value", "observed_at", "observation_id", "changed_at"],
        (
            (status.value, status.observed_at, status.observation_id, status.changed_at, status.pk)
            for status in changed.values()
        ),
    )
    rollups.apply(deltas)
    return len(observations) + _record_late(late, indicators, recorded_by_id)


def _record_late(
    records: Sequence[NewObservation], indicators: dict[str, Indicator], recorded_by_id: int | None
) -> int:
    """Record observations older than their subject's status (phones syncing out of order).

    Each one changes the history between its time and the next observation: the roll-ups move
    by the difference between the day-by-day flips of the history with and without them. The
    status stays, since a newer observation exists. An id already recorded is skipped.
    """
    if not records:
        return 0
    known = set(
        Observation.objects.filter(pk__in=[r.id for r in records]).values_list("pk", flat=True)
    )
    records = sorted((r for r in records if r.id not in known), key=lambda r: r.observed_at)
    added: dict[tuple[str, int, str], list[tuple[datetime, bool]]] = defaultdict(list)
    subjects: dict[tuple[str, int, str], Subject] = {}
    for record in records:
        key: tuple[str, int, str] = (record.subject.kind, record.subject.id, record.indicator)
        added[key].append((record.observed_at, record.value))
        subjects[key] = record.subject
    history: dict[tuple[str, int, str], list[tuple[datetime, bool]]] = defaultdict(list)
    for kind in ("resident", "household"):
        ids = sorted({key[1] for key in added if key[0] == kind})
        codes = {key[2] for key in added if key[0] == kind}
        for start in range(0, len(ids), 2000):
            rows = (
                Observation.objects.filter(
                    **{f"{kind}_id__in": ids[start : start + 2000]}, indicator_id__in=codes
                )
                .order_by("observed_at", "recorded_at")
                .values_list(f"{kind}_id", "indicator_id", "observed_at", "value")
            )
            for subject_id, code, moment, value in rows:
                if (kind, subject_id, code) in added:
                    history[(kind, subject_id, code)].append((moment, value))
    deltas = rollups.new_deltas()
    day_of = _local_days()
    for key, new in added.items():
        subject = subjects[key]
        if not rollups.in_population(indicators[key[2]], subject):
            continue
        old = history[key]
        # Recorded now, the late ones come after what was known at the same moment.
        merged = sorted(old + new, key=lambda entry: entry[0])
        # Both histories are booked from the subject's ``since``, as each of their
        # observations was when it was recorded: their difference is what the late ones change.
        for timeline, sign in ((old, -1), (merged, 1)):
            before = False
            for moment, value in timeline:
                if value != before:
                    day = rollups.booked_on(day_of(moment), subject)
                    deltas[(subject.village_id, key[2], day)][0] += sign * (1 if value else -1)
                    before = value
    now = timezone.now()
    bulk.insert_rows(
        Observation,
        _OBSERVATION_FIELDS,
        (_observation_row(record, now, recorded_by_id) for record in records),
    )
    rollups.apply(deltas)
    return len(records)


@transaction.atomic
def record_first_observations(
    records: Sequence[NewObservation], *, recorded_by_id: int | None = None
) -> int:
    """Record observations of subjects created in the same transaction (they have no history).

    The fast path of imports and the demo: with no earlier observation to compare with, each
    one simply becomes the subject's status, and the roll-ups change by the true ones in the
    population. Rows are inserted with plain executemany. Returns how many were recorded.
    """
    if not records:
        return 0
    indicators = catalog()
    checked: set[tuple[str, str]] = set()
    latest: dict[tuple[str, int, str], NewObservation] = {}
    for record in records:
        kind = (record.indicator, record.subject.kind)
        if kind not in checked:
            _check(indicators[record.indicator], record.subject, record.observed_at, record.source)
            checked.add(kind)
        key = (record.subject.kind, record.subject.id, record.indicator)
        previous = latest.get(key)
        if previous is None or previous.observed_at <= record.observed_at:
            latest[key] = record
    newest = max(record.observed_at for record in records)
    _check(indicators[records[0].indicator], records[0].subject, newest, records[0].source)
    now = timezone.now()
    year = today().year
    deltas = rollups.new_deltas()
    observation_rows = [_observation_row(record, now, recorded_by_id) for record in records]
    status_rows = []
    in_population = rollups.in_population
    booked_on = rollups.booked_on
    day_of = _local_days()
    for record in latest.values():
        subject = record.subject
        status_rows.append(
            (
                record.indicator,
                *_subject_columns(subject),
                subject.village_id,
                record.value,
                record.observed_at,
                record.id,
                now,
            )
        )
        if record.value and in_population(indicators[record.indicator], subject, year):
            day = booked_on(day_of(record.observed_at), subject)
            deltas[(subject.village_id, record.indicator, day)][0] += 1
    bulk.insert_rows(Observation, _OBSERVATION_FIELDS, observation_rows)
    bulk.insert_rows(Status, _STATUS_FIELDS, status_rows)
    rollups.apply(deltas)
    return len(observation_rows)


def _subject_columns(subject: Subject) -> tuple[int | None, int | None]:
    """The subject as the (resident_id, household_id) columns of a row: one of them is set."""
    return (subject.id, None) if subject.kind == "resident" else (None, subject.id)


def _observation_row(
    record: NewObservation, now: datetime, recorded_by_id: int | None
) -> tuple[Any, ...]:
    """An observation as ``bulk.insert_rows`` takes it, in the order of _OBSERVATION_FIELDS."""
    subject = record.subject
    return (
        record.id,
        record.indicator,
        *_subject_columns(subject),
        subject.village_id,
        record.value,
        record.observed_at,
        now,
        recorded_by_id,
        record.source,
        record.source_ref,
    )


_OBSERVATION_FIELDS = [
    "id",
    "indicator_id",
    "resident_id",
    "household_id",
    "village_id",
    "value",
    "observed_at",
    "recorded_at",
    "recorded_by_id",
    "source",
    "source_ref",
]
_STATUS_FIELDS = [
    "indicator_id",
    "resident_id",
    "household_id",
    "village_id",
    "value",
    "observed_at",
    "observation_id",
    "changed_at",
]
