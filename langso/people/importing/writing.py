"""Writing an import: households, residents, roll-ups and the marks as observations, in bulk."""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from langso import access
from langso.access import Actor
from langso.core import bulk
from langso.core.text import fold
from langso.indicators import rollups
from langso.indicators.models import Population, Source, Status
from langso.indicators.services import (
    NewObservation,
    observations_record_many,
    record_first_observations,
)
from langso.people.importing.households import Plan, changes
from langso.people.importing.rows import Row, village_key
from langso.people.models import Household, Resident
from langso.people.services import IdClaim, id_claims_record, resident_subject
from langso.units.models import Unit


@dataclass(frozen=True)
class _HouseholdRef:
    id: int
    village_id: int
    is_business: bool
    since: date

    def subject(self) -> rollups.Subject:
        return rollups.Subject(
            kind="household",
            id=self.id,
            village_id=self.village_id,
            is_business=self.is_business,
            since=self.since,
        )


HOUSEHOLD_FIELDS = [
    "id",
    "village_id",
    "number",
    "head_name",
    "is_business",
    "counted_since",
    "created_at",
    "updated_at",
]
RESIDENT_FIELDS = [
    "id",
    "household_id",
    "village_id",
    "full_name",
    "full_name_folded",
    "birth_date",
    "birth_year",
    "sex",
    "ethnicity",
    "relationship",
    "is_head",
    "id_kind",
    "id_sealed",
    "id_index",
    "id_masked",
    "phone_sealed",
    "phone_index",
    "phone_masked",
    "counted_since",
    "created_at",
    "updated_at",
]
# What a corrected list may change of a known resident: everything the import writes but the
# key and the timestamps (by field name, as bulk_update takes them). ``counted_since`` moves on
# only when the list moves them to another village or into a population (``_update_existing``).
UPDATED_FIELDS = [
    name.removesuffix("_id")
    for name in RESIDENT_FIELDS
    if name not in ("id", "created_at", "updated_at")
]


def write(
    rows: list[Row],
    groups: list[list[Row]],
    plan: Plan,
    village_of: dict[str, Unit | None],
    indicators: dict[str, Any],
    moment: datetime,
    day: date,
    actor: Actor,
) -> int:
    catalog_values = list(indicators.values())
    deltas = rollups.new_deltas()
    now = timezone.now()
    households: dict[int, _HouseholdRef] = {
        number: _HouseholdRef(h.pk, h.village_id, h.is_business, h.counted_since)
        for number, h in plan.households.items()
    }
    # New households: groups with at least one good row and no household matched.
    pending = []
    for number, members in enumerate(groups):
        village = village_of.get(village_key(members[0].village)) if members else None
        if number in households or village is None or not any(row.ok for row in members):
            continue
        pending.append((number, members, village))
    new_subjects: dict[tuple[str, int, int | None, bool], int] = defaultdict(int)
    household_rows = []
    for (number, members, village), new_id in zip(
        pending, bulk.reserve_ids(Household, len(pending)), strict=True
    ):
        head = next((row for row in members if row.is_head and row.ok), None)
        business = any(row.business for row in members if row.ok)
        household_rows.append(
            (
                new_id,
                village.pk,
                members[0].household_no,
                head.full_name if head else "",
                business,
                day,
                now,
                now,
            )
        )
        households[number] = _HouseholdRef(new_id, village.pk, business, day)
        new_subjects[("household", village.pk, None, business)] += 1
    bulk.insert_rows(Household, HOUSEHOLD_FIELDS, household_rows)
    # A known household whose head this list brings (one rejected before, now corrected) or
    # renames takes the head's name.
    for number, known in plan.households.items():
        head = next((row for row in groups[number] if row.is_head and row.ok), None)
        if head is not None and known.head_name != head.full_name:
            Household.objects.filter(pk=known.pk).update(head_name=head.full_name, updated_at=now)
    # Residents: new ones in bulk, changed ones through the ORM (they are few).
    fresh_rows = [
        row
        for row in rows
        if row.ok and row.group in households and row.number not in plan.existing
    ]
    resident_ids: dict[int, rollups.Subject] = {}
    resident_rows = []
    for row, new_id in zip(fresh_rows, bulk.reserve_ids(Resident, len(fresh_rows)), strict=True):
        household = households[row.group]
        resident_rows.append(
            (
                new_id,
                household.id,
                household.village_id,
                row.full_name,
                row.folded,
                row.birth_date,
                row.birth_year,
                row.sex,
                row.ethnicity,
                row.relationship,
                row.is_head,
                row.id_kind,
                row.id_sealed.sealed,
                None if row.number in plan.claims else row.id_sealed.blind,
                row.id_sealed.masked,
                row.phone_sealed.sealed,
                row.phone_sealed.blind,
                row.phone_sealed.masked,
                day,
                now,
                now,
            )
        )
        resident_ids[row.number] = rollups.Subject(
            kind="resident",
            id=new_id,
            village_id=household.village_id,
            birth_year=row.birth_year,
            since=day,
        )
        new_subjects[("resident", household.village_id, row.birth_year, False)] += 1
    bulk.insert_rows(Resident, RESIDENT_FIELDS, resident_rows)
    rollups.add_new_subjects(deltas, catalog_values, new_subjects, day)
    changed_subjects = _update_existing(rows, plan, households, catalog_values, deltas, day)
    rollups.apply(deltas)
    by_number = {row.number: row for row in rows}
    id_claims_record(
        actor=actor,
        claims=[
            IdClaim(
                (resident_ids.get(number) or changed_subjects[number]).id,
                holder_id,
                by_number[number].id_sealed,
                by_number[number].id_kind,
            )
            for number, holder_id in plan.claims.items()
            if number in resident_ids or number in changed_subjects
        ],
    )
    return _observe(
        rows, households, plan, resident_ids, changed_subjects, indicators, moment, actor
    )


def _update_existing(
    rows: list[Row],
    plan: Plan,
    households: dict[int, _HouseholdRef],
    catalog_values: list[Any],
    deltas: rollups.Deltas,
    day: date,
) -> dict[int, rollups.Subject]:
    """Residents the list knew already: update what changed; roll-ups follow the change."""
    changed: list[Resident] = []
    moved: list[tuple[rollups.Subject, Resident]] = []
    for row in rows:
        if not row.ok or row.number not in plan.existing or row.group not in households:
            continue
        resident = plan.existing[row.number]
        household = households[row.group]
        updates = changes(resident, row, household.id, row.number in plan.claims)
        if not updates:
            continue
        before = resident_subject(resident)
        for name, value in updates.items():
            setattr(resident, name, value)
        if "id_index" in updates or "id_masked" in updates:
            resident.id_sealed, resident.id_masked = row.id_sealed.sealed, row.id_sealed.masked
            resident.id_kind = row.id_kind
        if "phone_index" in updates:
            resident.phone_sealed = row.phone_sealed.sealed
            resident.phone_masked = row.phone_sealed.masked
        resident.full_name_folded = fold(resident.full_name)
        resident.village_id = household.village_id
        if rollups.enters(catalog_values, before, resident_subject(resident)):
            # Moved to another village, or into a population by a corrected birth year:
            # counted there from the day of this import.
            resident.counted_since = day
        changed.append(resident)
        moved.append((before, resident))
    if changed:
        Resident.objects.bulk_update(
            changed,
            UPDATED_FIELDS,
            batch_size=1000,
        )
    statuses = _current(list({resident.pk for _before, resident in moved}))
    for before, resident in moved:
        held = statuses.get(resident.pk, {})
        rollups.add_membership(deltas, catalog_values, before, held, day, sign=-1)
        rollups.add_membership(deltas, catalog_values, resident_subject(resident), held, day)
        if before.village_id != resident.village_id:
            Status.objects.filter(resident=resident).update(
                village_id=resident.village_id, changed_at=timezone.now()
            )
    return {
        row.number: resident_subject(plan.existing[row.number])
        for row in rows
        if row.ok and row.number in plan.existing
    }


def _current(resident_ids: list[int]) -> dict[int, dict[str, bool]]:
    held: dict[int, dict[str, bool]] = defaultdict(dict)
    for start in range(0, len(resident_ids), 5000):
        for resident_id, code, value in Status.objects.filter(
            resident_id__in=resident_ids[start : start + 5000]
        ).values_list("resident_id", "indicator_id", "value"):
            held[resident_id][code] = value
    return held


def _observe(
    rows: list[Row],
    households: dict[int, _HouseholdRef],
    plan: Plan,
    fresh: dict[int, rollups.Subject],
    known_residents: dict[int, rollups.Subject],
    indicators: dict[str, Any],
    moment: datetime,
    actor: Actor,
) -> int:
    """Marks become observations (true ones only: a blank cell is not a fact), unless the
    subject's current status already says so."""
    source_ref = uuid.uuid4().hex[:12]
    held = _current([subject.id for subject in known_residents.values()])
    first: list[NewObservation] = []
    more: list[NewObservation] = []
    household_marks: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        subject = fresh.get(row.number) or known_residents.get(row.number)
        if subject is None:
            continue
        for code in row.marks:
            if indicators[code].population != Population.RESIDENTS:
                household_marks[row.group].add(code)
            elif row.number in fresh:
                first.append(NewObservation(subject, code, True, moment, Source.IMPORT, source_ref))
            elif not held.get(subject.id, {}).get(code):
                more.append(NewObservation(subject, code, True, moment, Source.IMPORT, source_ref))
    matched = {households[group].id for group in plan.households if group in households}
    have: dict[int, set[str]] = defaultdict(set)
    for household_id, code in Status.objects.filter(
        household_id__in=list(matched), value=True
    ).values_list("household_id", "indicator_id"):
        have[household_id].add(code)
    for group, codes in household_marks.items():
        household = households[group]
        for code in sorted(codes - have[household.id]):
            if indicators[code].population == Population.BUSINESSES and not household.is_business:
                continue
            record = NewObservation(
                household.subject(), code, True, moment, Source.IMPORT, source_ref
            )
            (more if household.id in matched else first).append(record)
    user_id = access.actor_id(actor)
    return record_first_observations(first, recorded_by_id=user_id) + observations_record_many(
        more, recorded_by_id=user_id
    )
