"""Correcting households and residents, and life events: every such write (merges are in
``merge_services``).

Nothing is erased. Each corrected field leaves a ``ResidentChange`` or ``HouseholdChange``
(ID and phone numbers only masked), each event a dated ``LifeEvent``, each merge a ``Merge``
that lists every row that changed hands. Roll-ups follow in the same transaction and are booked
on the day the change is recorded: figures already reported for past days stay as they were,
and the day the event happened is kept on its record.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.audit import audit_record
from langso.core.dates import format_date, today, valid_on
from langso.core.errors import Conflict, DomainError
from langso.core.models import AuditAction
from langso.core.text import fold
from langso.core.validators import parse_id_number
from langso.core.vault import vault
from langso.indicators import rollups
from langso.indicators.models import Indicator, Status
from langso.indicators.services import catalog
from langso.people.errors import PeopleError, RowError
from langso.people.household_hooks import (
    households_changed,
)
from langso.people.models import (
    Departure,
    Household,
    HouseholdChange,
    LifeEvent,
    LifeEventKind,
    Resident,
    ResidentChange,
    Sex,
)
from langso.people.services import (
    ID_PURPOSE,
    NOTHING,
    IdClaim,
    ResidentData,
    Sealed,
    _short,
    clean_resident,
    household_subject,
    id_claims_record,
    id_holder_out_of_sight,
    id_lookups_audit,
    resident_move,
    resident_subject,
)
from langso.units.models import Unit, UnitVersion

HEAD = "Chủ hộ"


# Reading the current state under lock -------------------------------------------------------


def _present_resident(resident: Resident) -> Resident:
    """The resident's row, locked, when they are still on the register."""
    fresh = Resident.all_objects.select_for_update().select_related("household").get(pk=resident.pk)
    if fresh.departed:
        raise Conflict(
            PeopleError.RESIDENT_DEPARTED,
            _(
                "%(name)s is no longer on the register (%(why)s since %(day)s): "
                "nothing can be changed."
            )
            % {
                "name": fresh.full_name,
                "why": fresh.get_departed_display(),
                "day": format_date(fresh.departed_on) if fresh.departed_on else "—",
            },
        )
    return fresh


def _present_household(household: Household) -> Household:
    fresh = Household.all_objects.select_for_update().get(pk=household.pk)
    if fresh.merged_into_id is not None:
        raise Conflict(
            PeopleError.HOUSEHOLD_MERGED,
            _("This household was merged into another one: correct that one instead."),
        )
    return fresh


def _statuses(kind: str, subject_id: int) -> dict[str, bool]:
    return dict(
        Status.objects.filter(**{f"{kind}_id": subject_id}).values_list("indicator_id", "value")
    )


def _village_name(village_id: int) -> str:
    version = UnitVersion.objects.filter(valid_on(today()), unit_id=village_id).first()
    return version.name if version is not None else ""


def household_label(household: Household) -> str:
    """A household as a history line names it: its number and its head."""
    if household.number and household.head_name:
        return _("no. %(number)s · %(head)s") % {
            "number": household.number,
            "head": household.head_name,
        }
    if household.number:
        return _("no. %(number)s") % {"number": household.number}
    return household.head_name or f"#{household.pk}"


def birth_text(born: date | None, year: int | None) -> str:
    if born is not None:
        return format_date(born)
    return str(year) if year is not None else ""


def _sex_text(value: str) -> str:
    return str(Sex(value).label) if value in Sex.values else ""


# Corrections ---------------------------------------------------------------------------------


def _record_changes(
    actor: Actor, resident: Resident, changes: Iterable[tuple[str, str, str]]
) -> list[ResidentChange]:
    return ResidentChange.objects.bulk_create(
        ResidentChange(
            resident_id=resident.pk,
            field=field,
            old=old[:200],
            new=new[:200],
            changed_by_id=access.actor_id(actor),
        )
        for field, old, new in changes
    )


def _check_kept_id(resident: Resident, data: ResidentData) -> None:
    """A number kept as it is must still agree with a corrected birth date, year or sex."""
    if resident.id_sealed is None:
        return
    number = vault().open(ID_PURPOSE, bytes(resident.id_sealed))
    birth_year = data.birth_date.year if data.birth_date else data.birth_year
    parse_id_number(
        number,
        birth_date=data.birth_date,
        birth_year=birth_year,
        sex=data.sex if data.sex in ("M", "F") else None,  # type: ignore[arg-type]
    )


@transaction.atomic
def resident_edit(
    *,
    actor: Actor,
    resident: Resident,
    data: ResidentData,
    clear_id: bool = False,
    clear_phone: bool = False,
) -> Resident:
    """Correct a resident. An empty ID or phone number in ``data`` keeps the one recorded
    (pages never hold whole numbers to send back); ``clear_id`` and ``clear_phone`` remove it.

    The same checks as adding a resident (and as the importer); each changed field is written
    to the history, numbers masked, and a changed number to the audit log as well.
    """
    access.access_resident_edit(actor, resident)
    resident = _present_resident(resident)
    cleaned, id_sealed, phone_sealed, id_kind = clean_resident(data)
    if not data.id_number.strip() and not clear_id:
        _check_kept_id(resident, data)
    if cleaned.is_head and (
        Resident.objects.filter(household_id=resident.household_id, is_head=True)
        .exclude(pk=resident.pk)
        .exists()
    ):
        raise Conflict(
            RowError.HOUSEHOLD_TWO_HEADS, _("This household already has a head."), field="is_head"
        )
    changes: list[tuple[str, str, str]] = []

    def note(field: str, old: str, new: str) -> None:
        if old != new:
            changes.append((field, old, new))

    note("full_name", resident.full_name, cleaned.full_name)
    note(
        "birth",
        birth_text(resident.birth_date, resident.birth_year),
        birth_text(cleaned.birth_date, cleaned.birth_year),
    )
    note("sex", _sex_text(resident.sex), _sex_text(cleaned.sex))
    note("ethnicity", resident.ethnicity, cleaned.ethnicity)
    note("relationship", resident.relationship, cleaned.relationship)
    sealed_changes: list[tuple[str, str, str]] = []
    claim: int | None = None
    if clear_id and resident.id_sealed is not None:
        sealed_changes.append(("id_number", resident.id_masked, ""))
        new_id, new_kind, new_index = NOTHING, "", None
    elif id_sealed.blind is not None and id_sealed.blind != _id_blind_of(resident):
        claim = id_holder_out_of_sight(actor, id_sealed.blind)
        sealed_changes.append(("id_number", resident.id_masked, id_sealed.masked))
        new_id, new_kind = id_sealed, id_kind
        new_index = None if claim is not None else id_sealed.blind
    else:
        new_id = None  # unchanged
    if clear_phone and resident.phone_sealed is not None:
        sealed_changes.append(("phone", resident.phone_masked, ""))
        new_phone = NOTHING
    elif phone_sealed.blind is not None and phone_sealed.blind != resident.phone_index:
        sealed_changes.append(("phone", resident.phone_masked, phone_sealed.masked))
        new_phone = phone_sealed
    else:
        new_phone = None
    before = resident_subject(resident)
    resident.full_name = cleaned.full_name
    resident.full_name_folded = fold(cleaned.full_name)
    resident.birth_date = cleaned.birth_date
    resident.birth_year = cleaned.birth_year
    resident.sex = cleaned.sex
    resident.ethnicity = cleaned.ethnicity
    resident.relationship = cleaned.relationship
    resident.is_head = cleaned.is_head
    if new_id is not None:
        resident.id_sealed, resident.id_masked = new_id.sealed, new_id.masked
        resident.id_index, resident.id_kind = new_index, new_kind
    if new_phone is not None:
        resident.phone_sealed, resident.phone_masked = new_phone.sealed, new_phone.masked
        resident.phone_index = new_phone.blind
    after = resident_subject(resident)
    indicators: list[Indicator] = []
    if after != before:
        indicators = list(catalog().values())
        if rollups.enters(indicators, before, after):
            # A corrected birth year brings them into a population: counted there from today.
            resident.counted_since = today()
            after = resident_subject(resident)
    resident.save()
    if claim is not None and new_id is not None:
        id_lookups_audit(actor=actor, holder_ids=[claim], where="resident_edit")
        id_claims_record(actor=actor, claims=[IdClaim(resident.pk, claim, new_id, new_kind)])
    if after != before:
        statuses = _statuses("resident", resident.pk)
        deltas = rollups.new_deltas()
        rollups.add_membership(deltas, indicators, before, statuses, today(), sign=-1)
        rollups.add_membership(deltas, indicators, after, statuses, today())
        rollups.apply(deltas)
    _record_changes(actor, resident, changes + sealed_changes)
    for field, old, new in sealed_changes:
        audit_record(
            actor=actor,
            action=AuditAction.EDIT_SEALED,
            object_type="resident",
            object_id=str(resident.pk),
            reason=field,
            detail={"field": field, "old": old, "new": new},
        )
    return resident


def _id_blind_of(resident: Resident) -> str | None:
    """The blind index of the resident's number, also when they hold it without the index
    (a claim waiting for an officer)."""
    if resident.id_index is not None:
        return resident.id_index
    if resident.id_sealed is None:
        return None
    return vault().index(ID_PURPOSE, vault().open(ID_PURPOSE, bytes(resident.id_sealed)))


def _move_subjects(
    deltas: rollups.Deltas,
    indicators: list[Indicator],
    moves: Iterable[tuple[rollups.Subject, rollups.Subject, dict[str, bool]]],
) -> None:
    day = today()
    for before, after, statuses in moves:
        rollups.add_membership(deltas, indicators, before, statuses, day, sign=-1)
        rollups.add_membership(deltas, indicators, after, statuses, day)


@transaction.atomic
def household_edit(
    *,
    actor: Actor,
    household: Household,
    number: str,
    address: str,
    village: Unit | None = None,
) -> Household:
    """Correct a household's number and address, or the village it lives in: then its people
    move with it, and the roll-ups of both villages follow."""
    access.access_household_edit(actor, household)
    household = _present_household(household)
    number = _short(number, 30, "number")
    address = _short(address, 200, "address")
    changes: list[tuple[str, str, str]] = []
    if number != household.number:
        changes.append(("number", household.number, number))
    if address != household.address:
        changes.append(("address", household.address, address))
    household.number, household.address = number, address
    moving = village is not None and village.pk != household.village_id
    if moving and village is not None:
        access.access_village_edit(actor, village)
        old_name, new_name = _village_name(household.village_id), _village_name(village.pk)
        changes.append(("village", old_name, new_name))
        indicators = list(catalog().values())
        deltas = rollups.new_deltas()
        people = list(Resident.objects.select_for_update().filter(household=household))
        before_household = household_subject(household)
        # The household and its people count in the other village from today; the figures of
        # the one they left stay as they were.
        day = today()
        household.village = village
        household.counted_since = day
        moves = [
            (
                before_household,
                household_subject(household),
                _statuses("household", household.pk),
            )
        ]
        for person in people:
            before = resident_subject(person)
            person.village_id, person.counted_since = village.pk, day
            moves.append((before, resident_subject(person), _statuses("resident", person.pk)))
        _move_subjects(deltas, indicators, moves)
        Resident.objects.filter(pk__in=[p.pk for p in people]).update(
            village_id=village.pk, counted_since=day, updated_at=timezone.now()
        )
        Status.objects.filter(resident_id__in=[p.pk for p in people]).update(
            village_id=village.pk, changed_at=timezone.now()
        )
        Status.objects.filter(household_id=household.pk).update(
            village_id=village.pk, changed_at=timezone.now()
        )
        for person in people:
            _record_changes(actor, person, [("village", old_name, new_name)])
        rollups.apply(deltas)
    household.save()
    HouseholdChange.objects.bulk_create(
        HouseholdChange(
            household_id=household.pk,
            field=field,
            old=old[:200],
            new=new[:200],
            changed_by_id=access.actor_id(actor),
        )
        for field, old, new in changes
    )
    return household


@transaction.atomic
def household_business_set(*, actor: Actor, household: Household, name: str) -> Household:
    """Count a household as a business (a member registered one it runs): from today it is in
    the population of the business indicators, with what is known of it. Whoever works in its
    village may, as they may add a household that is a business. ``name`` is the business's,
    for the household's history."""
    household = access.access_household(actor, household)
    household = _present_household(household)
    if household.is_business:
        return household
    indicators = list(catalog().values())
    deltas = rollups.new_deltas()
    before = household_subject(household)
    household.is_business = True
    _move_subjects(
        deltas,
        indicators,
        [(before, household_subject(household), _statuses("household", household.pk))],
    )
    rollups.apply(deltas)
    household.save(update_fields=["is_business", "updated_at"])
    HouseholdChange.objects.create(
        household_id=household.pk,
        field="business",
        old="",
        new=name[:200],
        changed_by_id=access.actor_id(actor),
    )
    return household


# Life events ---------------------------------------------------------------------------------


def _event_day(resident: Resident, on: date) -> date:
    if on > today():
        raise DomainError(
            PeopleError.EVENT_FUTURE,
            _("%(day)s is in the future: record what has already happened.")
            % {"day": format_date(on)},
            field="happened_on",
        )
    born = resident.birth_date or (date(resident.birth_year, 1, 1) if resident.birth_year else None)
    if born is not None and on < born:
        raise DomainError(
            PeopleError.EVENT_BEFORE_BIRTH,
            _("%(day)s is before %(name)s was born.")
            % {"day": format_date(on), "name": resident.full_name},
            field="happened_on",
        )
    return on


@transaction.atomic
def resident_relocate(
    *, actor: Actor, resident: Resident, household: Household, on: date, note: str = ""
) -> LifeEvent:
    """A resident moved to another household, in this village or another the actor may
    correct, on ``on``. The roll-ups of both villages follow."""
    access.access_resident_edit(actor, resident)
    target = access.access_household_edit(actor, household)
    resident = _present_resident(resident)
    target = _present_household(target)
    on = _event_day(resident, on)
    note = _short(note, 300, "note")
    if target.pk == resident.household_id:
        raise DomainError(
            PeopleError.MOVE_SAME_HOUSEHOLD,
            _("%(name)s already lives in this household.") % {"name": resident.full_name},
            field="household",
        )
    source = resident.household
    from_village = resident.village_id
    if resident.is_head:
        # The head of the household they leave is not the head of the one they join.
        _record_changes(actor, resident, [("relationship", resident.relationship, "")])
        Resident.objects.filter(pk=resident.pk).update(is_head=False, relationship="")
        resident.is_head, resident.relationship = False, ""
    resident_move(actor=actor, resident=resident, household=target)
    households_changed([source.pk, target.pk])
    return LifeEvent.objects.create(
        resident=resident,
        kind=LifeEventKind.MOVED,
        happened_on=on,
        from_household=source,
        to_household=target,
        from_village_id=from_village,
        to_village_id=target.village_id,
        note=note,
        recorded_by_id=access.actor_id(actor),
    )


@transaction.atomic
def resident_depart(
    *, actor: Actor, resident: Resident, kind: str, on: date, note: str = ""
) -> LifeEvent:
    """A resident died, or was found to be recorded by mistake: they leave every count (today's
    roll-ups lose them as numerator and denominator) and stay on file for the record. Their ID
    number's index is freed, so the number can be given to the right person again."""
    access.access_resident_edit(actor, resident)
    if kind not in (LifeEventKind.DIED, LifeEventKind.WITHDRAWN):
        raise DomainError(PeopleError.EVENT_KIND, _("Choose what happened."), field="kind")
    resident = _present_resident(resident)
    on = _event_day(resident, on)
    note = _short(note, 300, "note")
    deltas = rollups.new_deltas()
    rollups.add_membership(
        deltas,
        catalog().values(),
        resident_subject(resident),
        _statuses("resident", resident.pk),
        today(),
        sign=-1,
    )
    resident.departed = Departure.DIED if kind == LifeEventKind.DIED else Departure.WITHDRAWN
    resident.departed_on = on
    held_index = _id_blind_of(resident)
    resident.id_index = None
    resident.save(update_fields=["departed", "departed_on", "id_index", "updated_at"])
    rollups.apply(deltas)
    households_changed([resident.household_id])
    return LifeEvent.objects.create(
        resident=resident,
        kind=kind,
        happened_on=on,
        from_household_id=resident.household_id,
        from_village_id=resident.village_id,
        note=note,
        id_index=held_index,
        recorded_by_id=access.actor_id(actor),
    )


@transaction.atomic
def resident_reinstate(*, actor: Actor, resident: Resident, reason: str) -> LifeEvent:
    """A death or a withdrawal recorded in error is undone: a dated ``reinstated`` event (the
    departure's own event stays), the resident counts again from today, and their ID number's
    index is taken again under the same rules as a correction (a holder in sight makes it
    ID_TAKEN; one out of sight gets a claim, and the number waits without its index). A merged
    record is not reinstated here: the merge holds its observations and visits now."""
    access.access_resident_edit(actor, resident)
    reason = _short(reason, 300, "note")
    if not reason:
        raise DomainError(
            RowError.REASON_REQUIRED,
            _("Say why the record was wrong: it is kept with the event."),
            field="reason",
        )
    fresh = Resident.all_objects.select_for_update().select_related("household").get(pk=resident.pk)
    if fresh.departed not in (Departure.DIED, Departure.WITHDRAWN):
        raise Conflict(
            PeopleError.REINSTATE_NOT_DEPARTED,
            _("%(name)s is on the register or was merged into another record: nothing to undo.")
            % {"name": fresh.full_name},
        )
    household = access.access_household_edit(actor, fresh.household)
    household = _present_household(household)
    changes: list[tuple[str, str, str]] = []
    claim: int | None = None
    blind = _id_blind_of(fresh)
    if blind is not None:
        claim = id_holder_out_of_sight(actor, blind)
        fresh.id_index = None if claim is not None else blind
    if fresh.is_head and Resident.objects.filter(household_id=household.pk, is_head=True).exists():
        # The household found another head meanwhile: they come back as a member.
        changes.append(("relationship", fresh.relationship, ""))
        fresh.is_head, fresh.relationship = False, ""
    if fresh.village_id != household.village_id:
        # The household moved while they were off the register: they come back where it is.
        changes.append(
            ("village", _village_name(fresh.village_id), _village_name(household.village_id))
        )
        fresh.village_id = household.village_id
        Status.objects.filter(resident_id=fresh.pk).update(
            village_id=household.village_id, changed_at=timezone.now()
        )
    fresh.departed, fresh.departed_on = "", None
    # Counted again from today: observations made while they were off the register, or
    # before, count from today too, and the days they were off stay as they were reported.
    fresh.counted_since = today()
    fresh.save()
    if claim is not None and fresh.id_sealed is not None:
        sealed = Sealed(sealed=bytes(fresh.id_sealed), blind=blind, masked=fresh.id_masked)
        id_lookups_audit(actor=actor, holder_ids=[claim], where="resident_reinstate")
        id_claims_record(actor=actor, claims=[IdClaim(fresh.pk, claim, sealed, fresh.id_kind)])
    deltas = rollups.new_deltas()
    rollups.add_membership(
        deltas,
        catalog().values(),
        resident_subject(fresh),
        _statuses("resident", fresh.pk),
        today(),
    )
    rollups.apply(deltas)
    _record_changes(actor, fresh, changes)
    households_changed([household.pk])
    return LifeEvent.objects.create(
        resident=fresh,
        kind=LifeEventKind.REINSTATED,
        happened_on=today(),
        from_household_id=household.pk,
        to_village_id=household.village_id,
        note=reason,
        recorded_by_id=access.actor_id(actor),
    )
