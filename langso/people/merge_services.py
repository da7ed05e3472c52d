"""Merging two records of one resident or of one household: the older is kept and takes the
other's people, observations and visits; the other is marked merged into it (kept on file), and
a ``Merge`` lists every row that changed hands. Split from ``edit_services`` (corrections and
life events), whose reading helpers it shares.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.dates import today
from langso.core.errors import Conflict, DomainError
from langso.core.vault import vault
from langso.indicators import rollups
from langso.indicators.models import Observation, Status
from langso.indicators.services import catalog
from langso.people.edit_services import (
    _move_subjects,
    _present_household,
    _present_resident,
    _record_changes,
    _sex_text,
    _statuses,
    birth_text,
    household_label,
)
from langso.people.errors import PeopleError
from langso.people.household_hooks import (
    households_changed,
    households_merged,
    residents_merged,
)
from langso.people.models import (
    Consent,
    Departure,
    Household,
    HouseholdChange,
    IdConflict,
    IdConflictResolution,
    Merge,
    MergeKind,
    Resident,
)
from langso.people.services import (
    ID_PURPOSE,
    household_subject,
    resident_subject,
)

# Merges --------------------------------------------------------------------------------------


def _restatus(kind: str, subject_id: int, village_id: int) -> dict[str, bool]:
    """Rebuild a subject's current statuses from its observations (after a merge gave it
    another's): per indicator, the latest by time observed, then by time recorded."""
    Status.objects.filter(**{f"{kind}_id": subject_id}).delete()
    latest: dict[str, Observation] = {}
    for observation in Observation.objects.filter(**{f"{kind}_id": subject_id}).order_by(
        "indicator_id", "-observed_at", "-recorded_at", "-id"
    ):
        latest.setdefault(observation.indicator_id, observation)
    now = timezone.now()
    Status.objects.bulk_create(
        Status(
            indicator_id=code,
            value=observation.value,
            observed_at=observation.observed_at,
            observation=observation,
            village_id=village_id,
            changed_at=now,
            **{f"{kind}_id": subject_id},
        )
        for code, observation in latest.items()
    )
    return {code: observation.value for code, observation in latest.items()}


def _same_number(kept: Resident, gone: Resident) -> None:
    if kept.id_sealed is None or gone.id_sealed is None:
        return
    box = vault()
    if box.open(ID_PURPOSE, bytes(kept.id_sealed)) != box.open(ID_PURPOSE, bytes(gone.id_sealed)):
        raise Conflict(
            PeopleError.MERGE_ID_DIFFERENT,
            _("These two residents have different ID numbers: they are not the same person."),
        )


def _oldest_first(first: Any, second: Any) -> tuple[Any, Any]:
    if first.pk == second.pk:
        raise DomainError(PeopleError.MERGE_SAME, _("Choose two different records to merge."))
    return (first, second) if first.pk < second.pk else (second, first)


@transaction.atomic
def resident_merge(*, actor: Actor, first: Resident, second: Resident) -> Merge:
    """Two records of one person: the older is kept and takes the other's observations,
    consents and visits; blanks of the kept record are filled from the other; the other is
    marked merged (kept on file). Roll-ups count the person once, with their latest statuses."""
    access.access_resident_edit(actor, first)
    access.access_resident_edit(actor, second)
    kept, gone = _oldest_first(first, second)
    kept, gone = _present_resident(kept), _present_resident(gone)
    _same_number(kept, gone)
    indicators = list(catalog().values())
    deltas = rollups.new_deltas()
    day = today()
    for someone in (kept, gone):
        rollups.add_membership(
            deltas,
            indicators,
            resident_subject(someone),
            _statuses("resident", someone.pk),
            day,
            sign=-1,
        )
    filled: list[tuple[str, str, str]] = []
    if kept.birth_date is None and kept.birth_year is None and gone.birth_year is not None:
        kept.birth_date, kept.birth_year = gone.birth_date, gone.birth_year
        filled.append(("birth", "", birth_text(gone.birth_date, gone.birth_year)))
    for field in ("sex", "ethnicity", "relationship"):
        if not getattr(kept, field) and getattr(gone, field):
            setattr(kept, field, getattr(gone, field))
            shown = _sex_text(gone.sex) if field == "sex" else getattr(gone, field)
            filled.append((field, "", shown))
    gone_index = gone.id_index
    Resident.all_objects.filter(pk=gone.pk).update(
        id_index=None,
        departed=Departure.MERGED,
        departed_on=day,
        merged_into=kept,
        updated_at=timezone.now(),
    )
    if kept.id_sealed is None and gone.id_sealed is not None:
        kept.id_sealed, kept.id_masked, kept.id_kind = gone.id_sealed, gone.id_masked, gone.id_kind
        kept.id_index = gone_index
        filled.append(("id_number", "", gone.id_masked))
    elif kept.id_index is None and gone_index is not None:
        kept.id_index = gone_index  # the same number: the older record now holds its index
    if kept.phone_sealed is None and gone.phone_sealed is not None:
        kept.phone_sealed, kept.phone_masked = gone.phone_sealed, gone.phone_masked
        kept.phone_index = gone.phone_index
        filled.append(("phone", "", gone.phone_masked))
    # The kept record is counted anew from today with both histories: their observations were
    # booked for two subjects (perhaps in two villages) until today, and count as one from now.
    kept.counted_since = day
    kept.save()
    observations = [
        str(pk) for pk in Observation.objects.filter(resident=gone).values_list("pk", flat=True)
    ]
    Observation.objects.filter(resident=gone).update(resident=kept)
    Status.objects.filter(resident=gone).delete()
    statuses = _restatus("resident", kept.pk, kept.village_id)
    consents = list(Consent.objects.filter(resident=gone).values_list("pk", flat=True))
    Consent.objects.filter(resident=gone).update(resident=kept)
    visits = []
    # Visits belong to households (reached through the reverse relation: people does not
    # import visits); those that saw the other record now name the kept one.
    homes = Household.all_objects.filter(pk__in={kept.household_id, gone.household_id})
    for visit in (v for home in homes for v in home.visits.all()):
        present = [int(pk) for pk in visit.residents_present]
        if gone.pk in present:
            visit.residents_present = sorted({kept.pk if pk == gone.pk else pk for pk in present})
            visit.save(update_fields=["residents_present"])
            visits.append(str(visit.pk))
    for conflict in IdConflict.objects.filter(
        resolved_at__isnull=True, claimant__in=[kept, gone], holder__in=[kept, gone]
    ):
        conflict.resolution = (
            IdConflictResolution.HOLDER_KEEPS
            if conflict.holder_id == kept.pk
            else IdConflictResolution.CLAIMANT_GETS
        )
        conflict.resolved_at = timezone.now()
        conflict.resolved_by_id = access.actor_id(actor)
        conflict.save(update_fields=["resolution", "resolved_at", "resolved_by"])
    rollups.add_membership(deltas, indicators, resident_subject(kept), statuses, day)
    rollups.apply(deltas)
    merged = f"{gone.full_name} (#{gone.pk})"
    _record_changes(actor, kept, [("merged", merged, f"#{kept.pk}"), *filled])
    _record_changes(actor, gone, [("merged", merged, f"{kept.full_name} (#{kept.pk})")])
    residents_merged(kept.pk, gone.pk)
    households_changed([kept.household_id, gone.household_id])
    return Merge.objects.create(
        kind=MergeKind.RESIDENTS,
        kept_resident=kept,
        gone_resident=gone,
        moved={"observations": observations, "consents": consents, "visits": visits},
        merged_by_id=access.actor_id(actor),
    )


@transaction.atomic
def household_merge(*, actor: Actor, first: Household, second: Household) -> Merge:
    """Two records of one household: the older is kept and takes the other's people,
    observations and visits; the other is marked merged into it (kept on file)."""
    access.access_household_edit(actor, first)
    access.access_household_edit(actor, second)
    kept, gone = _oldest_first(first, second)
    kept, gone = _present_household(kept), _present_household(gone)
    indicators = list(catalog().values())
    deltas = rollups.new_deltas()
    day = today()
    for home in (kept, gone):
        rollups.add_membership(
            deltas,
            indicators,
            household_subject(home),
            _statuses("household", home.pk),
            day,
            sign=-1,
        )
    has_head = Resident.objects.filter(household=kept, is_head=True).exists()
    people = list(Resident.objects.select_for_update().filter(household=gone).order_by("pk"))
    moves = []
    for person in people:
        before = resident_subject(person)
        person.household, person.village_id = kept, kept.village_id
        if person.village_id != before.village_id:
            person.counted_since = day
        if person.is_head and has_head:
            _record_changes(actor, person, [("relationship", person.relationship, "")])
            person.is_head, person.relationship = False, ""
        has_head = has_head or person.is_head
        moves.append((before, resident_subject(person), _statuses("resident", person.pk)))
        person.save(
            update_fields=[
                "household",
                "village",
                "counted_since",
                "is_head",
                "relationship",
                "updated_at",
            ]
        )
        _record_changes(
            actor, person, [("household", household_label(gone), household_label(kept))]
        )
    _move_subjects(deltas, indicators, moves)
    Status.objects.filter(resident_id__in=[p.pk for p in people]).update(
        village_id=kept.village_id, changed_at=timezone.now()
    )
    observations = [
        str(pk) for pk in Observation.objects.filter(household=gone).values_list("pk", flat=True)
    ]
    Observation.objects.filter(household=gone).update(household=kept)
    Status.objects.filter(household=gone).delete()
    visits = [str(pk) for pk in gone.visits.values_list("pk", flat=True)]
    gone.visits.update(household=kept)
    changes: list[tuple[str, str, str]] = []
    for field in ("number", "head_name", "address"):
        if not getattr(kept, field) and getattr(gone, field):
            setattr(kept, field, getattr(gone, field))
            changes.append((field, "", getattr(gone, field)))
    # As for residents: the kept household counts anew from today, with both histories. A
    # business of either makes the kept one a business (its businesses come with it).
    kept.counted_since = day
    kept.is_business = kept.is_business or gone.is_business
    kept.save()
    households_merged(kept.pk, gone.pk)
    Household.all_objects.filter(pk=gone.pk).update(merged_into=kept, updated_at=timezone.now())
    statuses = _restatus("household", kept.pk, kept.village_id)
    rollups.add_membership(deltas, indicators, household_subject(kept), statuses, day)
    rollups.apply(deltas)
    HouseholdChange.objects.bulk_create(
        HouseholdChange(
            household_id=home.pk,
            field=field,
            old=old[:200],
            new=new[:200],
            changed_by_id=access.actor_id(actor),
        )
        for home, field, old, new in [
            (kept, "merged", household_label(gone), household_label(kept)),
            (gone, "merged", household_label(gone), household_label(kept)),
            *((kept, f, o, n) for f, o, n in changes),
        ]
    )
    households_changed([kept.pk])
    return Merge.objects.create(
        kind=MergeKind.HOUSEHOLDS,
        kept_household=kept,
        gone_household=gone,
        moved={
            "residents": [p.pk for p in people],
            "observations": observations,
            "visits": visits,
        },
        merged_by_id=access.actor_id(actor),
    )
