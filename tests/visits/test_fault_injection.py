"""Twenty phones push 2,000 events at once, in random order, with batches sent twice and answers
lost (the phone then sends again). Afterwards no event is stored twice, none is lost, and every
roll-up equals a recount from scratch. Runs on both databases against a live server.
"""

import json
import random
import threading
import urllib.request
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from langso.access import SYSTEM
from langso.accounts import services as accounts
from langso.accounts.models import Role
from langso.indicators.models import Observation
from langso.people import recount
from langso.people.services import ResidentData, household_create, resident_create
from langso.units import services as units
from langso.units.models import Kind
from langso.visits.models import Visit
from tests.roles import World

pytestmark = pytest.mark.django_db(transaction=True)

PHONES = 20
EVENTS = 2000
INDICATORS = ["smartphone", "vneid_l2", "epayment", "ehealth"]


def setup_village(world: World, number: int) -> tuple[Any, list[tuple[int, list[int]]]]:
    village = units.unit_create(
        actor=SYSTEM, name=f"Bản Thử {number}", kind=Kind.VILLAGE, parent=world.commune_a
    )
    homes = []
    for index in range(6):
        household = household_create(actor=SYSTEM, village=village, head_name=f"Hộ {index}")
        residents = [
            resident_create(
                actor=SYSTEM,
                household=household,
                data=ResidentData(
                    full_name=f"Người {number}-{index}-{person}",
                    birth_year=1970 + person,
                    is_head=person == 0,
                ),
            ).pk
            for person in range(2)
        ]
        homes.append((household.pk, residents))
    return village, homes


def make_events(rng: random.Random, homes: list[tuple[int, list[int]]]) -> list[dict[str, Any]]:
    now = timezone.now()
    events = []
    for _ in range(EVENTS // PHONES):
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
                "occurred_at": (now - timedelta(minutes=rng.randint(1, 60 * 24 * 30))).isoformat(),
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
    for number in range(PHONES):
        village, homes = villages[number % 5]
        user, _ = accounts.user_provision(username=f"phone{number}", password=None)
        accounts.role_grant(user=user, role=Role.TEAM_MEMBER, unit=village)
        events = make_events(rng, homes)
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
