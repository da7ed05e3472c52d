"""The field app's events other than visits: a household or a resident added at the door, a
name or a year of birth found wrong, the day to come back.

They travel in the same pushes as visits and are answered the same way, per event and in
order: ``created``, ``duplicate`` (the id was received before with the same content: nothing is
done again, and the answer names what the first one created) or ``rejected`` with a code. Each
is applied in a savepoint of its own, in the order sent, so that a resident may name a household
added earlier in the same batch, and one refused event leaves the others alone.

Apps above ``visits`` add kinds of their own (a household's business, a step of its checklist)
through ``event_kinds``; they are read, answered and kept here the same way.
"""

import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from pydantic import TypeAdapter, ValidationError

from langso.access import Actor
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.people.models import Household, Resident
from langso.people.services import ResidentData, household_create, resident_create
from langso.units.models import Unit
from langso.visits import departures, event_kinds
from langso.visits.errors import SyncError
from langso.visits.models import Correction, FieldEvent, FieldEventKind, FollowUp, Visit
from langso.visits.schemas import CorrectionEvent, FollowUpEvent, HouseholdEvent, ResidentEvent

# Those of apps above ``visits`` among them (``event_kinds.REGISTRABLE``).
KINDS = frozenset(FieldEventKind.values)
OLDEST_BIRTH_YEAR = 1900
# A follow-up is for the coming weeks; a year either way covers a phone long offline.
FOLLOW_UP_REACH = 366

_SCHEMAS: dict[str, TypeAdapter[Any]] = {
    FieldEventKind.HOUSEHOLD: TypeAdapter(HouseholdEvent),
    FieldEventKind.RESIDENT: TypeAdapter(ResidentEvent),
    FieldEventKind.CORRECTION: TypeAdapter(CorrectionEvent),
    FieldEventKind.FOLLOW_UP: TypeAdapter(FollowUpEvent),
}

Event = HouseholdEvent | ResidentEvent | CorrectionEvent | FollowUpEvent


class Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _registered(kind: str) -> event_kinds.EventKind | None:
    """The app's kind that applies events of ``kind``, or None for the sync's own kinds."""
    if kind not in event_kinds.REGISTRABLE:
        return None
    registered = event_kinds.kind(kind)
    if registered is None:
        # No app applies them on this server: refused, not dropped, so nothing is lost.
        raise Refused(
            SyncError.KIND_UNKNOWN,
            _("This server does not record events of the kind “%(kind)s”.") % {"kind": kind},
        )
    return registered


def _parse(raw: dict[str, Any], adapter: TypeAdapter[Any]) -> Any:
    try:
        event = adapter.validate_python(raw)
    except ValidationError as error:
        first = error.errors()[0]
        path = first.get("loc") or ()
        field = str(path[0]) if path else ""
        if field == "id":
            raise Refused(SyncError.INVALID, _("The event has no valid id.")) from None
        if field == "birth_year":
            raise _bad_year() from None
        if first.get("type") == "household_ref":
            raise Refused(
                SyncError.INVALID,
                _("Name the household by its number or by the event that added it."),
            ) from None
        if first.get("type") == "correction_empty":
            raise Refused(
                SyncError.INVALID, _("A correction needs a new name or a new year of birth.")
            ) from None
        if first.get("type") == "string_too_long":
            raise Refused(
                SyncError.INVALID, _("“%(field)s” is too long.") % {"field": field}
            ) from None
        raise Refused(
            SyncError.INVALID, _("“%(field)s” is not valid.") % {"field": field}
        ) from None
    return event


def _bad_year() -> Refused:
    return Refused(
        SyncError.BIRTH_YEAR_INVALID,
        _("The year of birth must be between %(first)s and %(last)s.")
        % {"first": OLDEST_BIRTH_YEAR, "last": today().year},
    )


def _check_year(year: int | None) -> None:
    if year is not None and not OLDEST_BIRTH_YEAR <= year <= today().year:
        raise _bad_year()


def _answer(sent_id: str, status: str, done: FieldEvent | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {"id": sent_id, "status": status}
    if done is not None:
        answer["household_id"] = done.household_id
        answer["resident_id"] = done.resident_id
    return answer


def _again(sent_id: str, known: FieldEvent, digest: str) -> dict[str, Any]:
    if known.digest == digest:
        return _answer(sent_id, "duplicate", known)
    return {
        "id": sent_id,
        "status": "rejected",
        "code": str(SyncError.ID_REUSED),
        "message": _("Another event was already received with this id."),
    }


def record(
    *, actor: Actor, device_id: str, raw: dict[str, Any], digest: str, villages: set[int]
) -> dict[str, Any]:
    """Apply one event (or recognise it as received before); its answer."""
    sent_id = str(raw.get("id", ""))
    try:
        registered = _registered(str(raw["kind"]))
        event = _parse(raw, registered.adapter if registered else _SCHEMAS[raw["kind"]])
        known = FieldEvent.objects.filter(id=event.id).first()
        if known is not None:
            return _again(sent_id, known, digest)
        if Visit.objects.filter(id=event.id).exists():
            raise Refused(
                SyncError.ID_REUSED, _("Another event was already received with this id.")
            )
        try:
            with transaction.atomic():
                done = (
                    _apply_registered(actor, registered, event, villages)
                    if registered
                    else _apply(actor, event, villages)
                )
                done.id, done.kind, done.digest = event.id, event.kind, digest
                done.member_id, done.device_id = actor.pk or 0, device_id
                done.save(force_insert=True)
        except IntegrityError:
            # Another request recorded the same event a moment ago.
            known = FieldEvent.objects.filter(id=event.id).first()
            if known is None:
                raise
            return _again(sent_id, known, digest)
    except Refused as refusal:
        return {
            "id": sent_id,
            "status": "rejected",
            "code": refusal.code,
            "message": refusal.message,
        }
    except DomainError as error:
        # The people services' own checks (a name missing, a second head…), and those of the
        # apps that apply their own kinds, with their codes.
        return {
            "id": sent_id,
            "status": "rejected",
            "code": str(error.code),
            "message": str(error.message),
        }
    return _answer(sent_id, "created", done)


def _household(household_id: int, villages: set[int]) -> Household:
    # Merged into another after the phone last pulled: the event goes to the one kept (and the
    # answer names it).
    household_id = departures.kept_households({household_id}).get(household_id, household_id)
    found = Household.objects.filter(pk=household_id, village_id__in=villages).first()
    if found is None:
        raise Refused(SyncError.HOUSEHOLD_UNKNOWN, _("There is no such household."))
    return found


def _household_named(
    household_id: int | None,
    household_event: uuid.UUID | None,
    villages: set[int],
    waiting: str,
) -> Household:
    """A household by its number, or by the event that added it on a phone (``waiting``: what
    to say when that event has not reached the server)."""
    if household_id is not None:
        return _household(household_id, villages)
    added = (
        FieldEvent.objects.filter(id=household_event, kind=FieldEventKind.HOUSEHOLD).first()
        if household_event is not None
        else None
    )
    if added is None or added.household_id is None:
        raise Refused(SyncError.HOUSEHOLD_EVENT_UNKNOWN, waiting)
    return _household(added.household_id, villages)


def _apply_registered(
    actor: Actor, registered: event_kinds.EventKind, event: Any, villages: set[int]
) -> FieldEvent:
    def household(household_id: int | None, household_event: uuid.UUID | None) -> Household:
        return _household_named(
            household_id,
            household_event,
            villages,
            _("The household it is about has not reached the server yet."),
        )

    concerned = registered.apply(
        event_kinds.Applying(actor=actor, event=event, household=household)
    )
    return FieldEvent(household=concerned)


def _apply(actor: Actor, event: Event, villages: set[int]) -> FieldEvent:
    """What the event does; the ledger row to keep for it (filled in by the caller)."""
    if isinstance(event, HouseholdEvent):
        village = Unit.objects.filter(pk=event.village_id, id__in=villages).first()
        if village is None:
            raise Refused(SyncError.VILLAGE_UNKNOWN, _("There is no such village."))
        household = household_create(
            actor=actor,
            village=village,
            number=event.number,
            head_name=event.head_name,
            is_business=event.is_business,
        )
        return FieldEvent(household=household)
    if isinstance(event, ResidentEvent):
        _check_year(event.birth_year)
        household = _household_named(
            event.household_id,
            event.household_event,
            villages,
            _("The household this person belongs to has not reached the server yet."),
        )
        resident = resident_create(
            actor=actor,
            household=household,
            data=ResidentData(
                full_name=event.full_name,
                birth_year=event.birth_year,
                sex=event.sex,
                relationship=event.relationship,
                is_head=event.is_head,
            ),
        )
        return FieldEvent(household=household, resident=resident)
    if isinstance(event, CorrectionEvent):
        _check_year(event.birth_year)
        resident_id = departures.kept_residents({event.resident_id}).get(
            event.resident_id, event.resident_id
        )
        person = Resident.all_objects.filter(pk=resident_id, village_id__in=villages).first()
        if person is not None and person.departed:
            raise Refused(
                SyncError.RESIDENT_DEPARTED,
                _(
                    "%(name)s is no longer on the register (died or recorded by mistake); "
                    "the correction was not sent."
                )
                % {"name": person.full_name},
            )
        if person is None:
            raise Refused(SyncError.RESIDENT_UNKNOWN, _("There is no such resident here."))
        Correction.objects.create(
            id=event.id,
            resident=person,
            member_id=actor.pk or 0,
            full_name=event.full_name.strip(),
            birth_year=event.birth_year,
            old_full_name=person.full_name,
            old_birth_year=person.birth_year,
        )
        return FieldEvent(resident=person)
    household = _household(event.household_id, villages)
    if event.due_on is not None and abs((event.due_on - today()).days) > FOLLOW_UP_REACH:
        raise Refused(
            SyncError.INVALID, _("The day to come back must be within a year from today.")
        )
    FollowUp.objects.create(
        id=event.id, household=household, due_on=event.due_on, member_id=actor.pk or 0
    )
    return FieldEvent(household=household)
