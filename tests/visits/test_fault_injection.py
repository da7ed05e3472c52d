"""Faults on the way and on the server: nothing is lost, nothing is counted twice, and the figures
of past days stay right, not only today's.

On the way: twenty phones push 2,000 events at once, in random order, with batches sent twice
and answers lost (the phone then sends again). Runs on both databases against a live server.

On the server: recording a batch fails half-way (an exception after some of its observations
were written), or PostgreSQL breaks a deadlock by cancelling the batch's transaction, which
``sync_push`` retries. The faults are injected by wrapping ``observations_record_many``, which
recording a batch calls once for all its observations; the events go through the API as a phone
sends them, so nothing here depends on how the push parses them.
"""

import json
import random
import threading
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from langso.access import SYSTEM
from langso.accounts import services as accounts
from langso.accounts.models import Role, User
from langso.indicators import selectors as indicators
from langso.indicators import services as indicator_services
from langso.indicators.models import (
    Observation,
    RollupChange,
    RollupMonth,
    Status,
    VillageRollup,
)
from langso.people import recount
from langso.people.models import Household, Resident
from langso.people.services import ResidentData, household_create, resident_create
from langso.units import services as units
from langso.units.models import Kind, Unit, UnitVersion
from langso.visits import services as visits
from langso.visits.models import Visit
from tests.reform import VIETNAM
from tests.roles import World

PHONES = 20
EVENTS = 2000
INDICATORS = ["smartphone", "vneid_l2", "epayment", "ehealth"]


def setup_village(world: World, number: int) -> tuple[Any, list[tuple[int, list[int]]]]:
    # Placed before the oldest event (30 days ago), so that past days' figures have a village
    # to count under, and its people registered before that event too: an observation counts
    # no earlier than its resident does.
    registered = timezone.localdate() - timedelta(days=35)
    village = units.unit_create(
        actor=SYSTEM,
        name=f"Bản Thử {number}",
        kind=Kind.VILLAGE,
        parent=world.commune_a,
        valid_from=timezone.localdate() - timedelta(days=40),
    )
    homes = []
    for index in range(6):
        household = household_create(
            actor=SYSTEM, village=village, head_name=f"Hộ {index}", day=registered
        )
        residents = [
            resident_create(
                actor=SYSTEM,
                household=household,
                data=ResidentData(
                    full_name=f"Người {number}-{index}-{person}",
                    birth_year=1970 + person,
                    is_head=person == 0,
                ),
                day=registered,
            ).pk
            for person in range(2)
        ]
        homes.append((household.pk, residents))
    return village, homes


def make_events(
    rng: random.Random, homes: list[tuple[int, list[int]]], minutes_ago: Sequence[int]
) -> list[dict[str, Any]]:
    now = timezone.now()
    events = []
    for minutes in minutes_ago:
        household, residents = rng.choice(homes)
        observations = [
            {"resident_id": rng.choice(residents), "indicator": code, "value": rng.random() < 0.7}
            for code in rng.sample(INDICATORS, rng.randint(1, 3))
        ]
        events.append(
            {
                "id": str(uuid.uuid4()),
                "kind": "visit",
                "household_id": household,
                "occurred_at": (now - timedelta(minutes=minutes)).isoformat(),
                "topics": ["vneid"],
                "observations": observations,
                "note": "",
            }
        )
    return events


def post(url: str, token: str, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310 - the test's own live server
        f"{url}/api/v1/sync/push",
        data=json.dumps({"device_id": "fault", "events": batch}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
        results: list[dict[str, Any]] = json.loads(answer.read())["results"]
        return results


def phone(
    url: str, token: str, events: list[dict[str, Any]], seed: int, problems: list[str]
) -> None:
    rng = random.Random(seed)
    pending = events[:]
    rng.shuffle(pending)
    while pending:
        size = rng.randint(5, 40)
        batch, pending = pending[:size], pending[size:]
        try:
            sends = 2 if rng.random() < 0.3 else 1
            for _ in range(sends):
                results = post(url, token, batch)
            while rng.random() < 0.1:
                # The answer was lost on the way back: the phone sends the batch again.
                results = post(url, token, batch)
            bad = [r for r in results if r["status"] not in ("created", "duplicate")]
            if bad:
                problems.append(json.dumps(bad[:2]))
        except Exception as error:
            problems.append(repr(error))


def reached_by(day: date, events: list[dict[str, Any]]) -> dict[str, int]:
    """Per indicator, the residents whose latest observation by the end of ``day`` (in
    Vietnam) was true, counted from the events the phones sent."""
    latest: dict[tuple[int, str], tuple[datetime, bool]] = {}
    for event in events:
        moment = datetime.fromisoformat(event["occurred_at"])
        if moment.astimezone(VIETNAM).date() > day:
            continue
        for observation in event["observations"]:
            key = (observation["resident_id"], observation["indicator"])
            if key not in latest or latest[key][0] < moment:
                latest[key] = (moment, observation["value"])
    counts = {code: 0 for code in INDICATORS}
    for (_resident, code), (_moment, value) in latest.items():
        counts[code] += value
    return counts


def numerators(village: Unit, day: date) -> dict[str, int]:
    code = UnitVersion.objects.get(unit=village).code
    _version, figures = indicators.figures(actor=SYSTEM, code=code, on=day)
    return {
        figure.indicator: figure.numerator for figure in figures if figure.indicator in INDICATORS
    }


@pytest.mark.django_db(transaction=True)
def test_concurrent_phones_with_resends_and_lost_answers_lose_and_double_nothing(
    world: World, live_server: Any
) -> None:
    rng = random.Random(2025)
    threads = []
    problems: list[str] = []
    expected_events: set[str] = set()
    expected_observations = 0
    # Four phones per village: their events touch the same households and residents at once.
    villages = [setup_village(world, number) for number in range(5)]
    # No two events at the same minute: which of two facts of one moment holds is decided by
    # the order they were recorded in, which phones racing each other do not fix, and the past
    # figures below are counted from the events as sent.
    moments = rng.sample(range(1, 60 * 24 * 30), EVENTS)
    sent: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for number in range(PHONES):
        village, homes = villages[number % 5]
        user, _ = accounts.user_provision(username=f"phone{number}", password=None)
        accounts.role_grant(user=user, role=Role.TEAM_MEMBER, unit=village)
        share = EVENTS // PHONES
        events = make_events(rng, homes, moments[number * share : (number + 1) * share])
        sent[village.pk] += events
        expected_events.update(event["id"] for event in events)
        expected_observations += sum(len(event["observations"]) for event in events)
        token = accounts.token_issue(user=user)
        threads.append(
            threading.Thread(target=phone, args=(live_server.url, token, events, number, problems))
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert problems == []
    assert set(str(pk) for pk in Visit.objects.values_list("id", flat=True)) == expected_events
    assert Observation.objects.filter(source="visit").count() == expected_observations
    assert recount.differences() == {}
    assert recount.kept_until(timezone.localdate()) == recount.kept()
    # Past days: everyone was registered before the oldest event, so the numerators are those
    # the events as sent give.
    today = timezone.localdate()
    for village, _homes in villages:
        for day in (today, today - timedelta(days=1), today - timedelta(days=7)):
            assert numerators(village, day) == reached_by(day, sent[village.pk]), day


# Faults on the server -------------------------------------------------------------------------

# A fixed clock: 10 March 2026, 10:00 in Vietnam. Yesterday is 9 March, a week ago 3 March.
NOW = datetime(2026, 3, 10, 10, tzinfo=VIETNAM)
TODAY = NOW.date()
YESTERDAY = date(2026, 3, 9)
WEEK_AGO = date(2026, 3, 3)
REGISTERED = date(2026, 2, 1)


class DatabaseFault(Exception):
    """What psycopg raises for an error PostgreSQL reports, with its SQLSTATE; Django wraps it
    in its own ``OperationalError`` and keeps it as the cause."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


DEADLOCK = "40P01"  # deadlock detected
SERIALIZATION = "40001"  # could not serialize access
DISK_FULL = "53100"  # could not extend file


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def at(day: date, hour: int) -> str:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VIETNAM).isoformat()


def visit(household: Household, when: str, *observed: tuple[Resident, bool]) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "kind": "visit",
        "household_id": household.pk,
        "occurred_at": when,
        "topics": ["vneid"],
        "observations": [
            {"resident_id": resident.pk, "indicator": "smartphone", "value": value}
            for resident, value in observed
        ],
        "note": "",
    }


@dataclass
class Field:
    """A member of Bản Co Sản (a village since 1 January), the village and a batch of visits."""

    member: User
    village: Unit
    batch: list[dict[str, Any]]


@pytest.fixture
def field(clock: None, world: World) -> Field:
    """Three adults of Bản Co Sản registered on 1 February, and six visits to them.

    ====================  ==========  ==================================================
    resident              household   smartphone
    ====================  ==========  ==================================================
    Lò Văn Pánh           1           yes on 1 March; no today (10 March) at 06:00, which
                                      is still yesterday in UTC
    Lò Thị Ón             1           yes yesterday (9 March) at 15:00
    Lò Văn Chăm           2           no on 28 February; yes on 7 March (sent first)
    ====================  ==========  ==================================================

    Smartphone in the village: a week ago (3 March) 1 of 3, yesterday 3 of 3, today 2 of 3.
    """
    village = units.unit_create(
        actor=SYSTEM,
        name="Bản Co Sản",
        kind=Kind.VILLAGE,
        parent=world.commune_a,
        valid_from=date(2026, 1, 1),
    )
    member, _ = accounts.user_provision(username="thanh_vien_co_san", password=None)
    accounts.role_grant(user=member, role=Role.TEAM_MEMBER, unit=village)

    def adult(household: Household, name: str, head: bool) -> Resident:
        return resident_create(
            actor=SYSTEM,
            household=household,
            data=ResidentData(full_name=name, birth_year=1980, is_head=head),
            day=REGISTERED,
        )

    first = household_create(actor=SYSTEM, village=village, day=REGISTERED)
    second = household_create(actor=SYSTEM, village=village, day=REGISTERED)
    panh = adult(first, "Lò Văn Pánh", True)
    on = adult(first, "Lò Thị Ón", False)
    cham = adult(second, "Lò Văn Chăm", True)
    return Field(
        member=member,
        village=village,
        batch=[
            visit(first, at(date(2026, 3, 1), 9), (panh, True)),
            visit(first, at(YESTERDAY, 15), (on, True)),
            visit(first, at(TODAY, 6), (panh, False)),
            visit(second, at(date(2026, 3, 7), 9), (cham, True)),
            visit(second, at(date(2026, 2, 28), 9), (cham, False)),
            visit(second, at(YESTERDAY, 10)),  # a visit that observed nothing
        ],
    )


def push(field: Field) -> Any:
    """Push as the field app does: a bearer token, the events as JSON; a server error is an
    answer (500), as the phone sees it, not an exception in the test."""
    client = Client(
        raise_request_exception=False,
        HTTP_AUTHORIZATION=f"Bearer {accounts.token_issue(user=field.member)}",
    )
    return client.post(
        "/api/v1/sync/push",
        {"device_id": "phone-1", "events": field.batch},
        content_type="application/json",
    )


def statuses(response: Any) -> list[str]:
    return [result["status"] for result in response.json()["results"]]


def snapshot() -> tuple[list[Any], ...]:
    """Everything a push may write: visits, observations, statuses and the three roll-ups."""
    return (
        sorted(map(str, Visit.objects.values_list("id", flat=True))),
        sorted(map(str, Observation.objects.values_list("id", flat=True))),
        sorted(Status.objects.values_list("resident_id", "indicator_id", "value", "observed_at")),
        sorted(
            VillageRollup.objects.values_list(
                "village_id", "indicator_id", "numerator", "denominator"
            )
        ),
        sorted(
            RollupChange.objects.values_list(
                "village_id", "indicator_id", "day", "numerator_delta", "denominator_delta"
            )
        ),
        sorted(
            RollupMonth.objects.values_list(
                "village_id", "indicator_id", "month", "numerator_delta", "denominator_delta"
            )
        ),
    )


def smartphone(field: Field, day: date) -> tuple[int, int]:
    """The village's figure on ``day``, read as the dashboard and the API read it."""
    code = UnitVersion.objects.get(unit=field.village).code
    _version, figures = indicators.figures(actor=SYSTEM, code=code, on=day)
    figure = next(figure for figure in figures if figure.indicator == "smartphone")
    return figure.numerator, figure.denominator


def assert_recorded_once(field: Field) -> None:
    assert sorted(map(str, Visit.objects.values_list("id", flat=True))) == sorted(
        event["id"] for event in field.batch
    )
    assert Observation.objects.filter(source="visit").count() == 5
    assert smartphone(field, WEEK_AGO) == (1, 3)
    assert smartphone(field, YESTERDAY) == (3, 3)
    assert smartphone(field, TODAY) == (2, 3)
    assert recount.differences() == {}
    assert recount.kept_until(TODAY) == recount.kept()


def inject(monkeypatch: pytest.MonkeyPatch, fault: Callable[[int, Any, Any], Any]) -> list[int]:
    """Wrap ``observations_record_many`` (wherever the push finds it) with ``fault``, which
    gets the call's number, the real function and the call's arguments; returns the list of
    calls made, so a test can tell that the fault was reached."""
    real = indicator_services.observations_record_many
    calls: list[int] = []

    def wrapped(records: Any, **options: Any) -> Any:
        calls.append(len(records))
        return fault(len(calls), real, (records, options))

    monkeypatch.setattr(indicator_services, "observations_record_many", wrapped)
    monkeypatch.setattr(visits, "observations_record_many", wrapped, raising=False)
    return calls


@pytest.mark.django_db
def test_a_batch_that_fails_half_way_leaves_nothing_and_is_recorded_once_when_sent_again(
    field: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail_half_way(_call: int, real: Any, arguments: Any) -> Any:
        records, options = arguments
        real(records[:2], **options)  # written, then the disk fills up
        raise RuntimeError("could not extend file: No space left on device")

    calls = inject(monkeypatch, fail_half_way)
    before = snapshot()
    assert push(field).status_code == 500
    assert calls == [5]
    assert snapshot() == before
    assert smartphone(field, YESTERDAY) == (0, 3)

    monkeypatch.undo()
    again = push(field)
    assert again.status_code == 200
    assert statuses(again) == ["created"] * 6
    assert_recorded_once(field)
    # The answer to the resend was lost too: the third time changes nothing.
    recorded = snapshot()
    third = push(field)
    assert statuses(third) == ["duplicate"] * 6
    assert snapshot() == recorded


@pytest.mark.django_db
@pytest.mark.parametrize("sqlstate", [DEADLOCK, SERIALIZATION])
def test_a_batch_cancelled_by_a_deadlock_is_retried_and_recorded_once(
    field: Field, monkeypatch: pytest.MonkeyPatch, sqlstate: str
) -> None:
    def cancelled_once(call: int, real: Any, arguments: Any) -> Any:
        records, options = arguments
        recorded = real(records, **options)
        if call == 1:
            # PostgreSQL cancels the transaction after the batch wrote its rows.
            raise OperationalError("deadlock detected") from DatabaseFault(sqlstate)
        return recorded

    calls = inject(monkeypatch, cancelled_once)
    response = push(field)
    assert response.status_code == 200
    assert statuses(response) == ["created"] * 6
    assert calls == [5, 5]
    assert_recorded_once(field)


@pytest.mark.django_db
def test_a_deadlock_that_keeps_coming_back_answers_an_error_and_keeps_nothing(
    field: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    def always(_call: int, real: Any, arguments: Any) -> Any:
        records, options = arguments
        real(records, **options)
        raise OperationalError("deadlock detected") from DatabaseFault(DEADLOCK)

    calls = inject(monkeypatch, always)
    before = snapshot()
    assert push(field).status_code == 500
    assert calls == [5, 5, 5]  # three attempts, then the phone keeps the batch to send later
    assert snapshot() == before


@pytest.mark.django_db
def test_a_database_error_other_than_a_deadlock_is_not_retried(
    field: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Doing again what failed for want of disk space only fails again, holding the phone's
    request and the households' locks for longer."""

    def disk_full(_call: int, real: Any, arguments: Any) -> Any:
        records, options = arguments
        real(records, **options)
        raise OperationalError("could not extend file") from DatabaseFault(DISK_FULL)

    calls = inject(monkeypatch, disk_full)
    before = snapshot()
    assert push(field).status_code == 500
    assert calls == [5]
    assert snapshot() == before
