"""The sync: phones push visits made offline, and pull their villages' households.

Pushes are batches of events, each with a UUID made on the phone. The answer says, per event
and in order, ``created``, ``duplicate`` (already received: sending a batch again after a lost
answer changes nothing) or ``rejected`` with a code; a bad event never blocks the others. The
observations of a visit get ids derived from the visit's id, so they too are recorded once.

Pulls are incremental: the cursor says what the phone has; a pull answers the households and
residents of the member's villages that changed since (a resident whose status changed counts
as changed), a page at a time.
"""

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.indicators.models import Population, Source, Status
from langso.indicators.services import NewObservation, catalog, observations_record_many
from langso.people.models import Household, Resident
from langso.people.services import household_subject, resident_subject
from langso.units.models import Level, Unit, UnitVersion
from langso.visits.errors import SyncError
from langso.visits.models import Topic, Visit

MAX_EVENTS = 500
RETRYABLE = {"40P01", "40001"}  # deadlock detected, serialization failure
PAGE = 500
CLOCK_SKEW = timedelta(minutes=10)
OLDEST = timedelta(days=400)
# A pull starts a little before the last one ended: a write committed just after that pull read
# the database is then seen by the next one (phones store what they get by id, idempotently).
OVERLAP = timedelta(minutes=5)
# Observation ids are derived from the visit's id, so a visit recorded twice cannot make two.
OBSERVATION_NAMESPACE = uuid.UUID("6f1c7c3e-9a0b-4a8e-8f0d-2c1a4b5d6e7f")


class BatchTooLarge(DomainError):
    status = 413


@dataclass
class _Event:
    id: uuid.UUID
    digest: str
    household_id: int
    occurred_at: datetime
    topics: list[str]
    observations: list[tuple[int | None, str, bool]]
    note: str = ""
    present: list[int] = field(default_factory=list)
    latitude: float | None = None
    longitude: float | None = None
    duration: int | None = None


@dataclass
class _Refusal(Exception):
    code: SyncError
    message: str


def _digest(raw: dict[str, Any]) -> str:
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _as_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _Refusal(SyncError.INVALID, _("“%(what)s” must be a number.") % {"what": what})
    try:
        return int(value)
    except ValueError:
        raise _Refusal(
            SyncError.INVALID, _("“%(what)s” must be a number.") % {"what": what}
        ) from None


def _parse(raw: Any, now: datetime) -> _Event:
    """One event as the phone sent it, checked for shape and time (scope comes later)."""
    if not isinstance(raw, dict):
        raise _Refusal(SyncError.INVALID, _("An event must be an object."))
    if raw.get("kind", "visit") != "visit":
        raise _Refusal(
            SyncError.KIND_UNKNOWN,
            _("Unknown kind of event “%(kind)s”.") % {"kind": raw.get("kind")},
        )
    moment = parse_datetime(str(raw.get("occurred_at", "")))
    if moment is None:
        raise _Refusal(SyncError.INVALID, _("“occurred_at” must be a date and time (ISO 8601)."))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > now + CLOCK_SKEW:
        raise _Refusal(
            SyncError.IN_FUTURE,
            _("The visit is dated in the future; check the phone's clock."),
        )
    if moment < now - OLDEST:
        raise _Refusal(SyncError.TOO_OLD, _("The visit is more than 400 days old."))
    topics = raw.get("topics") or []
    if not isinstance(topics, list) or any(t not in Topic.values for t in topics):
        raise _Refusal(SyncError.TOPIC_UNKNOWN, _("A topic of the visit is unknown."))
    observations = []
    for item in raw.get("observations") or []:
        if not isinstance(item, dict) or not isinstance(item.get("value"), bool):
            raise _Refusal(
                SyncError.INVALID,
                _("Each observation needs a resident, an indicator and a value true or false."),
            )
        resident = item.get("resident_id")
        observations.append(
            (
                None if resident is None else _as_int(resident, "resident_id"),
                str(item.get("indicator", "")),
                bool(item["value"]),
            )
        )
    location = raw.get("location") or {}
    if not isinstance(location, dict):
        raise _Refusal(SyncError.INVALID, _("The location is not a pair of numbers."))
    if location and raw.get("location_consent") is not True:
        raise _Refusal(SyncError.INVALID, _("A location was sent without the household's consent."))
    try:
        latitude = float(location["lat"]) if "lat" in location else None
        longitude = float(location["lon"]) if "lon" in location else None
    except (TypeError, ValueError):
        raise _Refusal(SyncError.INVALID, _("The location is not a pair of numbers.")) from None
    return _Event(
        id=uuid.UUID(str(raw["id"])),
        digest=_digest(raw),
        household_id=_as_int(raw.get("household_id"), "household_id"),
        occurred_at=moment,
        topics=list(dict.fromkeys(topics)),
        observations=observations,
        note=str(raw.get("note") or "")[:2000],
        present=[_as_int(r, "residents_present") for r in raw.get("residents_present") or []],
        latitude=latitude,
        longitude=longitude,
        duration=_as_int(raw["duration_minutes"], "duration_minutes")
        if raw.get("duration_minutes") is not None
        else None,
    )


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
                return _push(actor, device_id[:64], events)
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
    for raw in events:
        try:
            parsed.append(_parse(raw, now))
            results.append({"id": _event_id(raw), "status": "created"})
        except (_Refusal, KeyError, ValueError) as refusal:
            parsed.append(None)
            code, message = (
                (refusal.code, refusal.message)
                if isinstance(refusal, _Refusal)
                else (SyncError.INVALID, _("The event has no valid id."))
            )
            results.append(_rejected(_event_id(raw), code, message))
    good = [event for event in parsed if event is not None]
    existing = dict(Visit.objects.filter(id__in=[e.id for e in good]).values_list("id", "digest"))
    households = {h.pk: h for h in Household.objects.filter(pk__in={e.household_id for e in good})}
    resident_ids = {r for e in good for r, _code, _value in e.observations if r is not None}
    residents = {r.pk: r for r in Resident.objects.filter(pk__in=resident_ids)}
    villages = _villages_of(actor)
    indicators = catalog()
    accepted: list[_Event] = []
    seen: dict[uuid.UUID, str] = {}
    for index, event in enumerate(parsed):
        if event is None:
            continue
        known = existing.get(event.id) or seen.get(event.id)
        if known is not None:
            results[index] = (
                {"id": str(event.id), "status": "duplicate"}
                if known == event.digest
                else _rejected(
                    str(event.id),
                    SyncError.ID_REUSED,
                    _("Another event was already received with this id."),
                )
            )
            continue
        household = households.get(event.household_id)
        problem = _check_scope(event, household, villages, residents, indicators)
        if problem is not None:
            results[index] = _rejected(str(event.id), problem.code, problem.message)
            continue
        seen[event.id] = event.digest
        accepted.append(event)
    # Pushes about the same households wait for each other here, in household order: their
    # statuses then never deadlock, and the second sees what the first recorded. Pushes about
    # other households go on at the same time. (SQLite serialises all writes anyway.)
    list(
        Household.objects.select_for_update()
        .filter(pk__in=sorted({event.household_id for event in accepted}))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    try:
        with transaction.atomic():
            _record(actor, device_id, accepted, households, residents, indicators)
    except IntegrityError:
        # Another request recorded some of these events a moment ago: go one by one.
        for event in accepted:
            index = next(i for i, e in enumerate(parsed) if e is not None and e.id == event.id)
            try:
                with transaction.atomic():
                    _record(actor, device_id, [event], households, residents, indicators)
            except IntegrityError:
                results[index] = {"id": str(event.id), "status": "duplicate"}
    return results


def _rejected(event_id: str, code: SyncError, message: str) -> dict[str, Any]:
    return {"id": event_id, "status": "rejected", "code": str(code), "message": message}


def _check_scope(
    event: _Event,
    household: Household | None,
    villages: set[int],
    residents: dict[int, Resident],
    indicators: dict[str, Any],
) -> _Refusal | None:
    # A household out of scope is answered exactly like one that does not exist.
    if household is None or household.village_id not in villages:
        return _Refusal(SyncError.HOUSEHOLD_UNKNOWN, _("There is no such household."))
    for resident_id, code, _value in event.observations:
        indicator = indicators.get(code)
        if indicator is None:
            return _Refusal(
                SyncError.INDICATOR_UNKNOWN,
                _("Unknown indicator “%(code)s”.") % {"code": code},
            )
        about_people = indicator.population == Population.RESIDENTS
        if about_people != (resident_id is not None):
            return _Refusal(
                SyncError.INVALID,
                _("Indicator %(code)s is about %(population)s.")
                % {"code": code, "population": indicator.get_population_display()},
            )
        if resident_id is not None and (
            resident_id not in residents or residents[resident_id].household_id != household.pk
        ):
            return _Refusal(SyncError.RESIDENT_UNKNOWN, _("There is no such resident here."))
    return None


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
    Visit.objects.bulk_create(
        [
            Visit(
                id=event.id,
                member_id=actor.pk or 0,
                household_id=event.household_id,
                village_id=households[event.household_id].village_id,
                occurred_at=event.occurred_at,
                topics=event.topics,
                residents_present=event.present,
                observations=len(event.observations),
                note=event.note,
                latitude=event.latitude,
                longitude=event.longitude,
                duration_minutes=event.duration,
                device_id=device_id,
                digest=event.digest,
            )
            for event in events
        ]
    )
    records = []
    for event in events:
        for resident_id, code, value in event.observations:
            subject = (
                resident_subject(residents[resident_id])
                if resident_id is not None
                else household_subject(households[event.household_id])
            )
            records.append(
                NewObservation(
                    subject=subject,
                    indicator=code,
                    value=value,
                    observed_at=event.occurred_at,
                    source=Source.VISIT,
                    source_ref=str(event.id),
                    id=uuid.uuid5(OBSERVATION_NAMESPACE, f"{event.id}/{resident_id}/{code}"),
                )
            )
    observations_record_many(records, recorded_by_id=actor.pk)


# Pull ---------------------------------------------------------------------------------------


@dataclass
class PullState:
    since: datetime | None
    until: datetime
    phase: str = "households"
    after: int = 0

    def encode(self) -> str:
        body = {
            "v": 1,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat(),
            "phase": self.phase,
            "after": self.after,
        }
        return base64.urlsafe_b64encode(json.dumps(body).encode()).decode().rstrip("=")


def _decode(cursor: str | None, now: datetime) -> PullState:
    if not cursor:
        return PullState(since=None, until=now)
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        body = json.loads(base64.urlsafe_b64decode(padded.encode()))
        since = parse_datetime(body["since"]) if body.get("since") else None
        until = parse_datetime(body["until"]) if body.get("until") else None
        phase = body.get("phase", "households")
        if phase not in ("households", "residents") or body.get("v") != 1:
            raise ValueError(phase)
        if until is None:
            # A finished pull: the next one starts from where it ended (minus the overlap).
            return PullState(since=since, until=now)
        return PullState(since=since, until=until, phase=phase, after=int(body.get("after", 0)))
    except (ValueError, KeyError, TypeError, json.JSONDecodeError):
        raise DomainError(
            SyncError.CURSOR_INVALID,
            _("The sync cursor is not one this server gave; pull again without a cursor."),
            field="cursor",
        ) from None


def sync_pull(*, actor: Actor, cursor: str | None) -> dict[str, Any]:
    """What changed in the actor's villages since ``cursor``, a page at a time."""
    now = timezone.now()
    state = _decode(cursor, now)
    villages = _villages_of(actor)
    codes = dict(
        UnitVersion.objects.filter(
            unit_id__in=villages, valid_from__lte=today(), valid_until__gt=today()
        ).values_list("unit_id", "code")
    )
    body: dict[str, Any] = {"households": [], "residents": [], "indicators": [], "topics": []}
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
        ]
        body["topics"] = [{"code": value, "name": str(label)} for value, label in Topic.choices]
    window = Q(updated_at__lte=state.until)
    if state.since is not None:
        window &= Q(updated_at__gt=state.since)
    if state.phase == "households":
        page = list(
            Household.objects.filter(window, village_id__in=villages, pk__gt=state.after).order_by(
                "pk"
            )[: PAGE + 1]
        )
        body["households"] = [
            {
                "id": h.pk,
                "village": codes.get(h.village_id, ""),
                "head_name": h.head_name,
                "number": h.number,
                "is_business": h.is_business,
            }
            for h in page[:PAGE]
        ]
        next_state = (
            PullState(state.since, state.until, "households", page[PAGE - 1].pk)
            if len(page) > PAGE
            else PullState(state.since, state.until, "residents", 0)
        )
        return {**body, "more": True, "cursor": next_state.encode()}
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
        following = PullState(state.since, state.until, "residents", shown[-1].pk)
        return {**body, "more": True, "cursor": following.encode()}
    done = PullState(state.until - OVERLAP, state.until)
    return {**body, "more": False, "cursor": _finished(done)}


def _finished(state: PullState) -> str:
    body = {"v": 1, "since": state.since.isoformat() if state.since else None, "until": None}
    return base64.urlsafe_b64encode(json.dumps(body).encode()).decode().rstrip("=")
