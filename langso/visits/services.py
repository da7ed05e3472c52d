"""The sync: phones push visits made offline, and pull their villages' households.

Pushes are batches of events, each with a UUID made on the phone. The answer says, per event
and in order, ``created``, ``duplicate`` (already received: sending a batch again after a lost
answer changes nothing) or ``rejected`` with a code; a bad event never blocks the others. The
observations of a visit get ids derived from the visit's id, so they too are recorded once.

Pulls are incremental: the cursor says what the phone has; a pull answers the households and
residents of the member's villages that changed since (a resident whose status changed counts
as changed), a page at a time, and the parts other apps add (``pull_parts``) when they changed.
"""

import base64
import hashlib
import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from django.db import DataError, IntegrityError, OperationalError, transaction
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from langso import access
from langso.access import Actor
from langso.accounts.models import User
from langso.core.bounds import DB_INT_MAX, day_in_range
from langso.core.bulk import chunks
from langso.core.dates import today
from langso.core.errors import Conflict, DomainError
from langso.core.text import one_line
from langso.indicators.models import Population, Source, Status
from langso.indicators.services import NewObservation, catalog, observations_record_many
from langso.people.models import Household, Resident
from langso.people.services import household_subject, resident_correct, resident_subject
from langso.units.models import Level, Unit, UnitVersion
from langso.visits import departures, pull_parts, visit_parts
from langso.visits import events as events_module
from langso.visits.errors import CorrectionError, SyncError
from langso.visits.models import (
    MAX_DURATION,
    Correction,
    CorrectionStatus,
    FieldEvent,
    FollowUp,
    Topic,
    Visit,
)
from langso.visits.schemas import (
    LOCATION_WITHOUT_CONSENT,
    MAX_OBSERVATIONS,
    MAX_PEOPLE,
    MAX_TOPICS,
    NOTE_LENGTH,
    OBSERVATION_REPEATED,
    SKILL_REPEATED,
    VisitEvent,
)
from langso.visits.visit_parts import VisitPart

MAX_EVENTS = 500
RETRYABLE = {"40P01", "40001"}  # deadlock detected, serialization failure
PAGE = 500
# A card's history: the latest visits, each note cut short (the phone keeps every household).
HISTORY = 5
NOTE_SHOWN = 200
CLOCK_SKEW = timedelta(minutes=10)
OLDEST = timedelta(days=400)
# A pull starts a little before the last one ended: a write committed just after that pull read
# the database is then seen by the next one (phones store what they get by id, idempotently).
OVERLAP = timedelta(minutes=5)
# Observation ids are derived from the visit's id, so a visit recorded twice cannot make two.
OBSERVATION_NAMESPACE = uuid.UUID("6f1c7c3e-9a0b-4a8e-8f0d-2c1a4b5d6e7f")

logger = logging.getLogger(__name__)


class BatchTooLarge(DomainError):
    status = 413


@dataclass
class _Event:
    """An event that passed its checks, with the digest of what the phone sent."""

    visit: VisitEvent
    digest: str
    # The id exactly as the phone wrote it: the phone finds its answer by it.
    sent_id: str


@dataclass
class _Refusal(Exception):
    # A sync code, or the code of the app a visit part was handed to (``visit_parts``).
    code: str
    message: str


def _digest(raw: dict[str, Any]) -> str:
    """What tells an event sent again from another event with the same id.

    Taken over everything the phone sent, known fields or not, exactly as it has been since the
    first phone synced: a batch sent again long after must still be answered ``duplicate``.
    """
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_EVENT = TypeAdapter(VisitEvent)


def _parse(raw: Any, now: datetime) -> VisitEvent:
    """One event as the phone sent it, checked for shape and time (scope comes later)."""
    try:
        visit = _EVENT.validate_python(raw)
    except ValidationError as error:
        raise _refusal(error.errors()[0], raw) from None
    if visit.occurred_at > now + CLOCK_SKEW:
        raise _Refusal(
            SyncError.IN_FUTURE,
            _("The visit is dated in the future; check the phone's clock."),
        )
    if visit.occurred_at < now - OLDEST:
        raise _Refusal(SyncError.TOO_OLD, _("The visit is more than 400 days old."))
    if visit.recorded_at is not None:
        _check_backdate(visit.occurred_at, visit.recorded_at, now)
    return visit


def week_start(moment: datetime) -> datetime:
    """Monday 00:00, Vietnam's time, of the week ``moment`` falls in."""
    day = timezone.localtime(moment).date()
    monday = day - timedelta(days=day.weekday())
    return timezone.make_aware(datetime.combine(monday, datetime.min.time()))


def _check_backdate(occurred_at: datetime, recorded_at: datetime, now: datetime) -> None:
    """A visit recorded after it was made: earlier the same week, never later than recorded.

    The week is the one the member recorded it in, not the one the server receives it in: a
    phone offline over a weekend must not lose the visits it holds."""
    if recorded_at > now + CLOCK_SKEW or occurred_at > recorded_at + CLOCK_SKEW:
        raise _Refusal(
            SyncError.IN_FUTURE,
            _("The visit is dated in the future; check the phone's clock."),
        )
    if occurred_at < week_start(recorded_at):
        raise _Refusal(
            SyncError.BACKDATE_TOO_EARLY,
            _("A visit can be dated back to Monday of the same week, not earlier."),
        )


def _refusal(error: ErrorDetails, raw: Any) -> _Refusal:
    """The code and the message, naming the field, of the first problem pydantic found."""
    path = error.get("loc") or ()
    field = str(path[0]) if path else ""
    kind = error.get("type", "")
    too_many = kind == "too_long"
    if kind == LOCATION_WITHOUT_CONSENT:
        return _Refusal(
            SyncError.LOCATION_INVALID,
            _("A location was sent without the household's consent."),
        )
    if not path:
        return _Refusal(SyncError.INVALID, _("An event must be an object."))
    if field == "kind":
        sent = str(raw.get("kind"))[:40]
        return _Refusal(
            SyncError.KIND_UNKNOWN, _("Unknown kind of event “%(kind)s”.") % {"kind": sent}
        )
    if field == "id":
        return _Refusal(SyncError.INVALID, _("The event has no valid id."))
    if field in ("occurred_at", "recorded_at"):
        if field == "recorded_at":
            return _Refusal(
                SyncError.INVALID, _("“recorded_at” must be a date and time (ISO 8601).")
            )
        return _Refusal(SyncError.INVALID, _("“occurred_at” must be a date and time (ISO 8601)."))
    if field == "topics":
        if too_many:
            return _Refusal(
                SyncError.INVALID,
                _("A visit has at most %(limit)s topics.") % {"limit": MAX_TOPICS},
            )
        return _Refusal(SyncError.TOPIC_UNKNOWN, _("A topic of the visit is unknown."))
    if field == "observations":
        if too_many:
            message = _("A visit records at most %(limit)s observations.") % {
                "limit": MAX_OBSERVATIONS
            }
        elif kind == OBSERVATION_REPEATED:
            message = _("An indicator is recorded twice for the same person.")
        else:
            message = _(
                "Each observation needs a resident, an indicator and a value true or false."
            )
        return _Refusal(SyncError.INVALID, message)
    if field == "skills":
        if too_many:
            message = _("A visit records at most %(limit)s skills.") % {"limit": MAX_OBSERVATIONS}
        elif kind == SKILL_REPEATED:
            message = _("A skill is recorded twice for the same person.")
        else:
            message = _("Each skill needs a resident, a skill code and a value true or false.")
        return _Refusal(SyncError.INVALID, message)
    if field == "residents_present":
        return _Refusal(
            SyncError.INVALID,
            _("“residents_present” must be a list of at most %(limit)s residents’ numbers.")
            % {"limit": MAX_PEOPLE},
        )
    if field == "note":
        if too_many:
            return _Refusal(
                SyncError.INVALID,
                _("The note is longer than %(limit)s characters.") % {"limit": NOTE_LENGTH},
            )
        return _Refusal(SyncError.INVALID, _("The note must be plain text."))
    if field in ("location", "location_consent"):
        return _Refusal(
            SyncError.LOCATION_INVALID,
            _(
                "The location must be a latitude from -90 to 90 and a longitude from -180 to "
                "180, sent with the household's consent (“location_consent”: true)."
            ),
        )
    if field == "duration_minutes":
        return _Refusal(
            SyncError.DURATION_INVALID,
            _("“duration_minutes” must be a whole number of minutes from 0 to %(limit)s.")
            % {"limit": MAX_DURATION},
        )
    if field == "household_id":
        return _Refusal(SyncError.INVALID, _("“household_id” must be the number of a household."))
    return _Refusal(SyncError.INVALID, _("“%(field)s” is not valid.") % {"field": field})


def _event_id(raw: Any) -> str:
    return str(raw.get("id", "")) if isinstance(raw, dict) else ""


def _villages_of(actor: Actor) -> set[int]:
    """The villages whose households the actor may see today."""
    day = today()
    allowed = access.scope(actor, day)
    villages = Unit.objects.filter(level=Level.VILLAGE)
    if allowed is not None:
        villages = villages.filter(id__in=allowed)
    return set(villages.values_list("id", flat=True))


def sync_push(*, actor: Actor, device_id: str, events: list[Any]) -> list[dict[str, Any]]:
    """Record a batch of events from a phone; one result per event, in the same order."""
    if len(events) > MAX_EVENTS:
        raise BatchTooLarge(
            SyncError.BATCH_TOO_LARGE,
            _("A batch holds at most %(limit)s events; send the rest in another batch.")
            % {"limit": MAX_EVENTS},
            field="events",
        )
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _push(actor, one_line(device_id)[:64], events)
        except OperationalError as error:
            # PostgreSQL broke a deadlock by cancelling this transaction; nothing was kept, so
            # doing it again is safe. (Locking households in order makes this rare.)
            if attempt == 2 or getattr(error.__cause__, "sqlstate", None) not in RETRYABLE:
                raise
    raise AssertionError("unreachable")


def _push(actor: Actor, device_id: str, events: list[Any]) -> list[dict[str, Any]]:
    now = timezone.now()
    results: list[dict[str, Any]] = []
    parsed: list[_Event | None] = []
    villages = _villages_of(actor)
    for raw in events:
        sent_id = _event_id(raw)
        if isinstance(raw, dict) and raw.get("kind") in events_module.KINDS:
            # Applied at once, in the order sent: a resident may name a household added by an
            # event just before it.
            parsed.append(None)
            results.append(
                events_module.record(
                    actor=actor,
                    device_id=device_id,
                    raw=raw,
                    digest=_digest(raw),
                    villages=villages,
                )
            )
            continue
        try:
            parsed.append(_Event(_parse(raw, now), _digest(raw), sent_id))
            results.append({"id": sent_id, "status": "created"})
        except _Refusal as refusal:
            parsed.append(None)
            results.append(_rejected(sent_id, refusal.code, refusal.message))
    _follow_merges(parsed, results)
    good = [event for event in parsed if event is not None]
    ids = [e.visit.id for e in good]
    existing = dict(Visit.objects.filter(id__in=ids).values_list("id", "digest"))
    # An id already taken by another kind of event answers as reused, whatever its content.
    existing.update(dict(FieldEvent.objects.filter(id__in=ids).values_list("id", "kind")))
    households = {
        h.pk: h for h in Household.objects.filter(pk__in={e.visit.household_id for e in good})
    }
    # In slices: a batch may name more people than one query may hold (SQLite's default limit
    # is 32,766 parameters).
    people = sorted({r for e in good for r in _people(e)})
    # Also those who left the register: a visit made before may name them (see _check_scope).
    residents = {
        r.pk: r for part in chunks(people) for r in Resident.all_objects.filter(pk__in=part)
    }
    indicators = catalog()
    accepted: dict[int, _Event] = {}
    seen: dict[uuid.UUID, str] = {}
    for index, event in enumerate(parsed):
        if event is None:
            continue
        known = existing.get(event.visit.id) or seen.get(event.visit.id)
        if known is not None:
            results[index] = _again(event, known)
            continue
        household = households.get(event.visit.household_id)
        problem = _check_scope(actor, event.visit, household, villages, residents, indicators)
        if problem is not None:
            results[index] = _rejected(event.sent_id, problem.code, problem.message)
            continue
        seen[event.visit.id] = event.digest
        accepted[index] = event
    # Pushes about the same households wait for each other here, in household order: their
    # statuses then never deadlock, and the second sees what the first recorded. Pushes about
    # other households go on at the same time. (SQLite serialises all writes anyway.)
    list(
        Household.objects.select_for_update()
        .filter(pk__in=sorted({event.visit.household_id for event in accepted.values()}))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    try:
        with transaction.atomic():
            _record(actor, device_id, list(accepted.values()), households, residents, indicators)
    except (IntegrityError, DataError):
        # The database refused something in the batch: another request may have recorded one
        # of these events a moment ago, or a value got past the checks. One by one, to tell.
        for index, event in accepted.items():
            try:
                with transaction.atomic():
                    _record(actor, device_id, [event], households, residents, indicators)
            except (IntegrityError, DataError):
                results[index] = _not_recorded(event)
    return results


def _follow_merges(parsed: list[_Event | None], results: list[dict[str, Any]]) -> None:
    """Point visits made before a merge reached the phone at the household and the residents
    kept; the answer names the household the visit went to."""
    events = [event for event in parsed if event is not None]
    households = departures.kept_households({e.visit.household_id for e in events})
    people = departures.kept_residents({r for e in events for r in _people(e)})
    if not households and not people:
        return
    for index, event in enumerate(parsed):
        if event is None:
            continue
        visit = event.visit
        if visit.household_id not in households and not (_people(event) & set(people)):
            continue
        kept = households.get(visit.household_id, visit.household_id)
        observations = [
            o.model_copy(update={"resident_id": people.get(o.resident_id, o.resident_id)})
            if o.resident_id is not None
            else o
            for o in visit.observations
        ]
        present = [people.get(r, r) for r in visit.residents_present]
        skills = [
            s.model_copy(update={"resident_id": people.get(s.resident_id, s.resident_id)})
            for s in visit.skills
        ]
        event.visit = visit.model_copy(
            update={
                "household_id": kept,
                "observations": observations,
                "residents_present": present,
                "skills": skills,
            }
        )
        if results[index]["status"] == "created" and kept != visit.household_id:
            results[index]["household_id"] = kept


def _people(event: _Event) -> set[int]:
    """Every resident an event names: those observed and those present."""
    observed = {o.resident_id for o in event.visit.observations if o.resident_id is not None}
    skilled = {s.resident_id for s in event.visit.skills}
    return observed | skilled | set(event.visit.residents_present)


def _again(event: _Event, digest: str) -> dict[str, Any]:
    """The answer to an event whose id was already received, with ``digest``."""
    if digest == event.digest:
        return {"id": event.sent_id, "status": "duplicate"}
    return _rejected(
        event.sent_id, SyncError.ID_REUSED, _("Another event was already received with this id.")
    )


def _not_recorded(event: _Event) -> dict[str, Any]:
    """The answer to an event the database refused to store.

    Only a visit stored under its id is a duplicate (or a reused id): anything else is a
    refusal, which the phone shows to the member, never a ``duplicate`` that would make it
    drop a visit the server does not have.
    """
    stored = Visit.objects.filter(id=event.visit.id).values_list("digest", flat=True).first()
    if stored is not None:
        return _again(event, stored)
    logger.exception("The database refused visit %s", event.visit.id)
    return _rejected(
        event.sent_id,
        SyncError.NOT_STORED,
        _("The server could not store this visit; tell the commune office."),
    )


def _rejected(event_id: str, code: str, message: str) -> dict[str, Any]:
    return {"id": event_id, "status": "rejected", "code": str(code), "message": message}


def _check_scope(
    actor: Actor,
    visit: VisitEvent,
    household: Household | None,
    villages: set[int],
    residents: dict[int, Resident],
    indicators: dict[str, Any],
) -> _Refusal | None:
    # A household out of scope is answered exactly like one that does not exist.
    if household is None or household.village_id not in villages:
        return _Refusal(SyncError.HOUSEHOLD_UNKNOWN, _("There is no such household."))
    # So is a resident of another household, whether observed or present: a visit may only
    # name the people of the household visited (the activity figures count those present).
    if any(_stranger(r, household, residents) for r in visit.residents_present):
        return _Refusal(SyncError.RESIDENT_UNKNOWN, _("There is no such resident here."))
    for observed in visit.observations:
        indicator = indicators.get(observed.indicator)
        if indicator is None:
            return _Refusal(
                SyncError.INDICATOR_UNKNOWN,
                _("Unknown indicator “%(code)s”.") % {"code": observed.indicator},
            )
        if indicator.computed:
            return _Refusal(
                SyncError.INDICATOR_COMPUTED,
                _(
                    "Indicator %(code)s is worked out from the skills observed; record the "
                    "skills instead."
                )
                % {"code": observed.indicator},
            )
        about_people = indicator.population == Population.RESIDENTS
        if about_people != (observed.resident_id is not None):
            return _Refusal(
                SyncError.INVALID,
                _("Indicator %(code)s is about %(population)s.")
                % {"code": observed.indicator, "population": indicator.get_population_display()},
            )
        if observed.resident_id is not None and _stranger(
            observed.resident_id, household, residents
        ):
            return _Refusal(SyncError.RESIDENT_UNKNOWN, _("There is no such resident here."))
        person = residents.get(observed.resident_id or 0)
        if person is not None and person.departed:
            # Present at the visit, perhaps, but no longer counted: nothing is observed of them.
            return _Refusal(
                SyncError.RESIDENT_DEPARTED,
                _(
                    "%(name)s is no longer on the register (died or recorded by mistake); "
                    "remove what was noted about them and send the visit again."
                )
                % {"name": person.full_name},
            )
    return _check_skills(actor, visit, household, residents)


def _skill_part(visit: VisitEvent, residents: dict[int, Resident], actor: Actor) -> VisitPart:
    return VisitPart(
        actor=actor,
        visit_id=visit.id,
        occurred_at=visit.occurred_at,
        items=list(visit.skills),
        residents={s.resident_id: residents[s.resident_id] for s in visit.skills},
    )


def _check_skills(
    actor: Actor, visit: VisitEvent, household: Household, residents: dict[int, Resident]
) -> _Refusal | None:
    """The people a visit's skills name are of the household and on the register; what the
    skills are is for the app that registered for them."""
    if not visit.skills:
        return None
    for seen in visit.skills:
        if _stranger(seen.resident_id, household, residents):
            return _Refusal(SyncError.RESIDENT_UNKNOWN, _("There is no such resident here."))
        person = residents[seen.resident_id]
        if person.departed:
            return _Refusal(
                SyncError.RESIDENT_DEPARTED,
                _(
                    "%(name)s is no longer on the register (died or recorded by mistake); "
                    "remove what was noted about them and send the visit again."
                )
                % {"name": person.full_name},
            )
    handler = visit_parts.handler("skills")
    if handler is None:
        # No app records skills on this server: refused, not dropped, so nothing is lost.
        return _Refusal(SyncError.PART_UNKNOWN, _("This server does not record skills."))
    refusal = handler.check(_skill_part(visit, residents, actor))
    return None if refusal is None else _Refusal(refusal.code, refusal.message)


def _stranger(resident_id: int, household: Household, residents: dict[int, Resident]) -> bool:
    """Whether the resident is unknown, or not of the household."""
    return resident_id not in residents or residents[resident_id].household_id != household.pk


def _visit_row(
    actor: Actor, device_id: str, event: _Event, households: dict[int, Household]
) -> Visit:
    visit = event.visit
    return Visit(
        id=visit.id,
        member_id=actor.pk or 0,
        household_id=visit.household_id,
        village_id=households[visit.household_id].village_id,
        occurred_at=visit.occurred_at,
        topics=list(dict.fromkeys(str(topic) for topic in visit.topics)),
        residents_present=list(dict.fromkeys(visit.residents_present)),
        observations=len(visit.observations),
        note=visit.note,
        latitude=visit.location.lat if visit.location else None,
        longitude=visit.location.lon if visit.location else None,
        duration_minutes=visit.duration_minutes,
        device_id=device_id,
        digest=event.digest,
    )


def _record(
    actor: Actor,
    device_id: str,
    events: list[_Event],
    households: dict[int, Household],
    residents: dict[int, Resident],
    indicators: dict[str, Any],
) -> None:
    if not events:
        return
    Visit.objects.bulk_create([_visit_row(actor, device_id, event, households) for event in events])
    records = []
    for event in events:
        visit = event.visit
        for observed in visit.observations:
            resident_id, code = observed.resident_id, observed.indicator
            subject = (
                resident_subject(residents[resident_id])
                if resident_id is not None
                else household_subject(households[visit.household_id])
            )
            records.append(
                NewObservation(
                    subject=subject,
                    indicator=code,
                    value=observed.value,
                    observed_at=visit.occurred_at,
                    source=Source.VISIT,
                    source_ref=str(visit.id),
                    id=uuid.uuid5(OBSERVATION_NAMESPACE, f"{visit.id}/{resident_id}/{code}"),
                )
            )
    observations_record_many(records, recorded_by_id=actor.pk)
    handler = visit_parts.handler("skills")
    for event in events:
        if event.visit.skills and handler is not None:
            handler.record(_skill_part(event.visit, residents, actor))


# Corrections from the field ------------------------------------------------------------------


@transaction.atomic
def correction_decide(*, actor: Actor, correction: Correction, accept: bool) -> Correction:
    """An officer accepts a correction (applied to the resident, through the people services)
    or refuses it; either way it is decided once."""
    locked = Correction.objects.select_for_update().get(pk=correction.pk)
    if locked.status != CorrectionStatus.PENDING:
        raise Conflict(CorrectionError.DECIDED, _("This correction was already decided."))
    if accept:
        resident_correct(
            actor=actor,
            resident=Resident.objects.get(pk=locked.resident_id),
            full_name=locked.full_name,
            birth_year=locked.birth_year,
        )
    locked.status = CorrectionStatus.ACCEPTED if accept else CorrectionStatus.REFUSED
    locked.decided_by_id = actor.pk
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return locked


# Pull ---------------------------------------------------------------------------------------


def _in_range(moment: datetime) -> datetime:
    # Far enough from the ends of the calendar for the overlap to be taken off.
    if not day_in_range(moment.date()):
        raise PydanticCustomError("day_out_of_range", "a moment of our time")
    return moment


@dataclass
class PullState:
    since: datetime | None
    until: datetime
    phase: str = "households"
    after: int = 0
    # The digest of each part (``pull_parts``) as the phone holds it once this round is done.
    parts: dict[str, str] = field(default_factory=dict)

    def encode(self) -> str:
        body = {
            "v": 1,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat(),
            "phase": self.phase,
            "after": self.after,
            "parts": self.parts,
        }
        return base64.urlsafe_b64encode(json.dumps(body).encode()).decode().rstrip("=")


class _Cursor(BaseModel):
    """A cursor as this server writes it (``PullState.encode``, ``_finished``)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    v: Literal[1]
    since: Annotated[AwareDatetime, AfterValidator(_in_range)] | None = None
    until: Annotated[AwareDatetime, AfterValidator(_in_range)] | None = None
    phase: Literal["households", "residents"] = "households"
    after: Annotated[int, Field(ge=0, le=DB_INT_MAX)] = 0
    parts: Annotated[
        dict[
            Annotated[str, StringConstraints(pattern=pull_parts.NAME.pattern)],
            Annotated[str, StringConstraints(pattern=pull_parts.DIGEST.pattern)],
        ],
        Field(max_length=pull_parts.MAX_PARTS),
    ] = {}


def _decode(cursor: str | None, now: datetime) -> PullState:
    if not cursor:
        return PullState(since=None, until=now)
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        body = _Cursor.model_validate_json(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, ValidationError):
        raise DomainError(
            SyncError.CURSOR_INVALID,
            _("The sync cursor is not one this server gave; pull again without a cursor."),
            field="cursor",
        ) from None
    if body.until is None:
        # A finished pull: the next one starts from where it ended (minus the overlap).
        return PullState(since=body.since, until=now, parts=body.parts)
    return PullState(
        since=body.since, until=body.until, phase=body.phase, after=body.after, parts=body.parts
    )


def sync_pull(*, actor: Actor, cursor: str | None) -> dict[str, Any]:
    """What changed in the actor's villages since ``cursor``, a page at a time."""
    now = timezone.now()
    state = _decode(cursor, now)
    villages = _villages_of(actor)
    versions = {
        unit_id: (code, name)
        for unit_id, code, name in UnitVersion.objects.filter(
            unit_id__in=villages, valid_from__lte=today(), valid_until__gt=today()
        ).values_list("unit_id", "code", "name")
    }
    body: dict[str, Any] = {
        "households": [],
        "residents": [],
        # What the phone holds and must drop (see ``departures``), on the first page of people.
        "gone_households": [],
        "gone_residents": [],
        "indicators": [],
        "topics": [],
        "parts": {},
        "member": str(actor),
    }
    if state.phase == "households" and state.after == 0:
        body["indicators"] = [
            {
                "code": i.code,
                "name": i.name_vi,
                "name_en": i.name_en,
                # The name lists use for the column: short enough for a phone's badge.
                "short": i.column_names[0] if i.column_names else i.name_vi,
                "population": i.population,
                "min_age": i.min_age,
            }
            for i in catalog().values()
            # Worked out on the server (from skills): nothing a member ticks.
            if not i.computed
        ]
        body["topics"] = [{"code": value, "name": str(label)} for value, label in Topic.choices]
        # Whole, when changed since the phone was last sent them; the round's cursors then
        # carry their new digests to the end of the round.
        body["parts"], state.parts = pull_parts.parts_read(actor, state.parts)
    window = Q(updated_at__lte=state.until)
    if state.since is not None:
        window &= Q(updated_at__gt=state.since)
    if state.phase == "households":
        touched = Q(window)
        if state.since is not None:
            # A visit or a follow-up changes the household's card, not its row.
            moment = {"__gt": state.since, "__lte": state.until}
            touched |= Q(
                pk__in=Visit.objects.filter(
                    village_id__in=villages,
                    **{f"received_at{k}": v for k, v in moment.items()},
                ).values("household_id")
            )
            touched |= Q(
                pk__in=FollowUp.objects.filter(
                    **{f"set_at{k}": v for k, v in moment.items()}
                ).values("household_id")
            )
            # So does what is known of the household itself (broadband, a business's sales).
            touched |= Q(
                pk__in=Status.objects.filter(
                    village_id__in=villages,
                    household__isnull=False,
                    **{f"changed_at{k}": v for k, v in moment.items()},
                ).values("household_id")
            )
        page = list(
            Household.objects.filter(touched, village_id__in=villages, pk__gt=state.after).order_by(
                "pk"
            )[: PAGE + 1]
        )
        cards = household_cards([h.pk for h in page[:PAGE]])
        body["households"] = [
            {
                "id": h.pk,
                "village": versions.get(h.village_id, ("", ""))[0],
                "village_id": h.village_id,
                "village_name": versions.get(h.village_id, ("", ""))[1],
                "head_name": h.head_name,
                "number": h.number,
                "is_business": h.is_business,
                **cards[h.pk],
            }
            for h in page[:PAGE]
        ]
        next_state = (
            PullState(state.since, state.until, "households", page[PAGE - 1].pk, state.parts)
            if len(page) > PAGE
            else PullState(state.since, state.until, "residents", 0, state.parts)
        )
        return {**body, "more": True, "cursor": next_state.encode()}
    if state.since is not None and state.after == 0:
        body.update(
            departures.tombstones(
                villages=villages,
                village_names={name for _code, name in versions.values()},
                since=state.since,
                until=state.until,
            )
        )
    changed = Q(window)
    if state.since is not None:
        statuses = Status.objects.filter(
            village_id__in=villages,
            resident__isnull=False,
            changed_at__gt=state.since,
            changed_at__lte=state.until,
        ).values("resident_id")
        changed |= Q(pk__in=statuses)
    people = list(
        Resident.objects.filter(changed, village_id__in=villages, pk__gt=state.after).order_by(
            "pk"
        )[: PAGE + 1]
    )
    shown = people[:PAGE]
    status_of: dict[int, dict[str, bool]] = {r.pk: {} for r in shown}
    for resident_id, code, value in Status.objects.filter(
        resident_id__in=list(status_of)
    ).values_list("resident_id", "indicator_id", "value"):
        status_of[resident_id][code] = value
    body["residents"] = [
        {
            "id": r.pk,
            "household_id": r.household_id,
            "full_name": r.full_name,
            "relationship": r.relationship,
            "birth_year": r.birth_year,
            "sex": r.sex,
            "id_masked": r.id_masked,
            "phone_masked": r.phone_masked,
            "status": status_of[r.pk],
        }
        for r in shown
    ]
    if len(people) > PAGE:
        following = PullState(state.since, state.until, "residents", shown[-1].pk, state.parts)
        return {**body, "more": True, "cursor": following.encode()}
    done = PullState(state.until - OVERLAP, state.until, parts=state.parts)
    return {**body, "more": False, "cursor": _finished(done)}


def household_cards(household_ids: list[int]) -> dict[int, dict[str, Any]]:
    """What a household's card shows beside its people: its latest visits (when, by whom, about
    what), the day a member means to come back, if one was set, and the status of the
    household's own indicators (about households and household businesses)."""
    cards: dict[int, dict[str, Any]] = {
        pk: {"visits": [], "follow_up": None, "status": {}} for pk in household_ids
    }
    rows = []
    for part in chunks(household_ids):
        # Only the latest few of each household: a village visited for years has many more.
        rows += list(
            Visit.objects.filter(household_id__in=part)
            .annotate(
                rank=Window(
                    RowNumber(), partition_by=[F("household_id")], order_by=F("occurred_at").desc()
                )
            )
            .filter(rank__lte=HISTORY)
            .order_by("household_id", "-occurred_at")
            .values_list("household_id", "occurred_at", "member_id", "topics", "note")
        )
    members = {
        user.pk: str(user)
        for user in User.objects.filter(pk__in={row[2] for row in rows}).only(
            "username", "full_name"
        )
    }
    for household_id, occurred_at, member_id, topics, note in rows:
        cards[household_id]["visits"].append(
            {
                "at": occurred_at.isoformat(),
                "member": members.get(member_id, ""),
                "topics": topics or [],
                "note": note[:NOTE_SHOWN],
            }
        )
    for part in chunks(household_ids):
        for household_id, due_on in (
            FollowUp.objects.filter(household_id__in=part)
            .order_by("set_at")
            .values_list("household_id", "due_on")
        ):
            cards[household_id]["follow_up"] = due_on.isoformat() if due_on else None
        for household_id, code, value in Status.objects.filter(household_id__in=part).values_list(
            "household_id", "indicator_id", "value"
        ):
            cards[household_id]["status"][code] = value
    return cards


def _finished(state: PullState) -> str:
    body = {
        "v": 1,
        "since": state.since.isoformat() if state.since else None,
        "until": None,
        "parts": state.parts,
    }
    return base64.urlsafe_b64encode(json.dumps(body).encode()).decode().rstrip("=")
