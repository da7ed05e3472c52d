"""Households, residents, corrections and follow-ups added on the phone: the same idempotent
push as visits, answered per event, and never applied twice."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from langso.access import SYSTEM
from langso.accounts.services import token_issue
from langso.people import recount
from langso.people.models import Household, Resident
from langso.people.services import ResidentData, household_create, resident_create
from langso.visits.models import Correction, FieldEvent, FollowUp, Visit
from tests.roles import World
from tests.visits.test_fault_injection import (
    DEADLOCK,
    TODAY,
    DatabaseFault,
    Field,
    inject,
    snapshot,
    statuses,
)
from tests.visits.test_fault_injection import clock as clock  # the fixture the batch uses
from tests.visits.test_fault_injection import field as field  # the batch of visits
from tests.visits.test_fault_injection import push as push_batch

pytestmark = pytest.mark.django_db


def phone(world: World, user: Any = None) -> Client:
    token = token_issue(user=user or world.member)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def push(client: Client, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    response = client.post(
        "/api/v1/sync/push",
        {"device_id": "phone-1", "events": events},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def answers(results: list[dict[str, Any]]) -> list[str]:
    return [r["code"] if r["status"] == "rejected" else r["status"] for r in results]


def new_household(village_id: int, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "household_create",
        "id": str(uuid.uuid4()),
        "village_id": village_id,
        "head_name": "Lò Văn Mới",
        "number": "41",
        **extra,
    }


def new_resident(**extra: Any) -> dict[str, Any]:
    return {
        "kind": "resident_create",
        "id": str(uuid.uuid4()),
        "full_name": "Lò Văn Mới",
        "birth_year": 1990,
        "sex": "M",
        "relationship": "Chủ hộ",
        "is_head": True,
        **extra,
    }


def state() -> tuple[Any, ...]:
    return (
        sorted(Household.objects.values_list("pk", "head_name", "number")),
        sorted(Resident.objects.values_list("pk", "full_name", "birth_year", "household_id")),
        sorted(map(str, FieldEvent.objects.values_list("pk", flat=True))),
        sorted(map(str, Correction.objects.values_list("pk", flat=True))),
        sorted(map(str, FollowUp.objects.values_list("pk", flat=True))),
    )


def test_a_household_and_its_head_added_offline_are_created_in_one_batch(world: World) -> None:
    household = new_household(world.village_a1.pk)
    head = new_resident(household_event=household["id"])
    results = push(phone(world), [household, head])
    assert answers(results) == ["created", "created"]
    created = Household.objects.get(pk=results[0]["household_id"])
    assert (created.village_id, created.number, created.head_name) == (
        world.village_a1.pk,
        "41",
        "Lò Văn Mới",
    )
    person = Resident.objects.get(pk=results[1]["resident_id"])
    assert (person.household_id, person.birth_year, person.is_head) == (created.pk, 1990, True)
    assert results[1]["household_id"] == created.pk
    assert recount.differences() == {}


def test_a_batch_sent_again_answers_duplicate_with_the_same_records_and_changes_nothing(
    world: World,
) -> None:
    household = new_household(world.village_a1.pk)
    batch = [household, new_resident(household_event=household["id"])]
    first = push(phone(world), batch)
    before = state()
    again = push(phone(world), batch)
    assert answers(again) == ["duplicate", "duplicate"]
    assert [(r["household_id"], r["resident_id"]) for r in again] == [
        (r["household_id"], r["resident_id"]) for r in first
    ]
    assert state() == before


def test_each_refused_event_has_its_code_and_the_others_go_through(world: World) -> None:
    mine, _head = _home(world)
    household = new_household(world.village_a1.pk)
    batch = [
        new_household(world.village_b1.pk),  # another commune's village
        household,
        new_resident(household_event=household["id"], birth_year=1850),
        new_resident(household_event=household["id"], full_name="  "),
        new_resident(household_id=mine.pk),  # a second head
        new_resident(household_event=str(uuid.uuid4())),  # a household never received
        new_resident(household_id=mine.pk, household_event=household["id"]),
        {"kind": "follow_up", "id": str(uuid.uuid4()), "household_id": mine.pk},
        {"kind": "correction", "id": str(uuid.uuid4()), "resident_id": _head.pk},
    ]
    results = push(phone(world), batch)
    assert answers(results) == [
        "VILLAGE_UNKNOWN",
        "created",
        "BIRTH_YEAR_INVALID",
        "NAME_REQUIRED",
        "HOUSEHOLD_TWO_HEADS",
        "HOUSEHOLD_EVENT_UNKNOWN",
        "EVENT_INVALID",
        "created",
        "EVENT_INVALID",
    ]
    assert all(r["message"] for r in results if r["status"] == "rejected")
    assert Household.objects.filter(village=world.village_b1).count() == 0
    assert Resident.objects.filter(household_id=results[1]["household_id"]).count() == 0
    assert recount.differences() == {}


def test_an_id_sent_again_with_other_content_is_refused_and_changes_nothing(world: World) -> None:
    household = new_household(world.village_a1.pk)
    push(phone(world), [household])
    before = state()
    changed = {**household, "head_name": "Người khác"}
    assert answers(push(phone(world), [changed])) == ["EVENT_ID_REUSED"]
    mine, _head = _home(world)
    visit = {
        "kind": "visit",
        "id": household["id"],
        "household_id": mine.pk,
        "occurred_at": timezone.now().isoformat(),
    }
    assert answers(push(phone(world), [visit])) == ["EVENT_ID_REUSED"]
    assert state()[2:] == before[2:]
    assert not Visit.objects.exists()


def test_a_member_cannot_add_to_or_correct_another_villages_households(world: World) -> None:
    theirs = household_create(actor=SYSTEM, village=world.village_b1, head_name="Quàng Văn Inh")
    person = resident_create(
        actor=SYSTEM, household=theirs, data=ResidentData(full_name="Quàng Văn Inh")
    )
    before = state()
    results = push(
        phone(world),
        [
            new_resident(household_id=theirs.pk, is_head=False),
            {
                "kind": "correction",
                "id": str(uuid.uuid4()),
                "resident_id": person.pk,
                "full_name": "Quàng Văn Ình",
            },
            {
                "kind": "follow_up",
                "id": str(uuid.uuid4()),
                "household_id": theirs.pk,
                "due_on": timezone.localdate().isoformat(),
            },
        ],
    )
    assert answers(results) == ["HOUSEHOLD_UNKNOWN", "RESIDENT_UNKNOWN", "HOUSEHOLD_UNKNOWN"]
    assert state() == before


def test_a_follow_up_date_is_kept_and_can_be_cleared(world: World) -> None:
    mine, _head = _home(world)
    day = timezone.localdate()
    results = push(
        phone(world),
        [
            {
                "kind": "follow_up",
                "id": str(uuid.uuid4()),
                "household_id": mine.pk,
                "due_on": day.isoformat(),
            }
        ],
    )
    assert answers(results) == ["created"]
    assert FollowUp.objects.get().due_on == day
    far = day + timedelta(days=800)
    refused = push(
        phone(world),
        [
            {
                "kind": "follow_up",
                "id": str(uuid.uuid4()),
                "household_id": mine.pk,
                "due_on": far.isoformat(),
            }
        ],
    )
    assert answers(refused) == ["EVENT_INVALID"]
    cleared = push(
        phone(world),
        [{"kind": "follow_up", "id": str(uuid.uuid4()), "household_id": mine.pk, "due_on": None}],
    )
    assert answers(cleared) == ["created"]
    assert FollowUp.objects.latest("set_at").due_on is None


def _home(world: World) -> tuple[Household, Resident]:
    household = household_create(actor=SYSTEM, village=world.village_a1, head_name="Lò Văn Pánh")
    head = resident_create(
        actor=SYSTEM,
        household=household,
        data=ResidentData(full_name="Lò Văn Pánh", birth_year=1980, is_head=True),
    )
    return household, head


# Faults on the server, with the fault-injecting push of the visits' tests ----------------------


def _with_field_events(field: Field) -> list[dict[str, Any]]:
    """The fixture's six visits, after a new household, its head, a correction and a follow-up."""
    household = new_household(field.village.pk)
    person = Resident.objects.filter(village=field.village).order_by("pk").first()
    assert person is not None
    return [
        household,
        new_resident(household_event=household["id"]),
        {
            "kind": "correction",
            "id": str(uuid.uuid4()),
            "resident_id": person.pk,
            "birth_year": 1981,
        },
        {
            "kind": "follow_up",
            "id": str(uuid.uuid4()),
            "household_id": person.household_id,
            "due_on": TODAY.isoformat(),
        },
        *field.batch,
    ]


def test_a_batch_with_new_records_that_fails_half_way_keeps_nothing_and_is_applied_once(
    field: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail_half_way(_call: int, real: Any, arguments: Any) -> Any:
        records, options = arguments
        real(records[:2], **options)
        raise RuntimeError("could not extend file: No space left on device")

    field.batch = _with_field_events(field)
    calls = inject(monkeypatch, fail_half_way)
    before = state(), snapshot()
    assert push_batch(field).status_code == 500
    assert calls == [5]
    assert (state(), snapshot()) == before

    monkeypatch.undo()
    again = push_batch(field)
    assert statuses(again) == ["created"] * 10
    first = again.json()["results"]
    recorded = state(), snapshot()
    assert Household.objects.filter(pk=first[0]["household_id"], village=field.village).exists()
    # The answer was lost: the phone sends the batch a third time, and nothing changes.
    third = push_batch(field)
    assert statuses(third) == ["duplicate"] * 10
    assert third.json()["results"][1]["resident_id"] == first[1]["resident_id"]
    assert (state(), snapshot()) == recorded
    assert recount.differences() == {}


def test_a_batch_with_new_records_cancelled_by_a_deadlock_is_retried_and_applied_once(
    field: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cancelled_once(call: int, real: Any, arguments: Any) -> Any:
        records, options = arguments
        recorded = real(records, **options)
        if call == 1:
            raise OperationalError("deadlock detected") from DatabaseFault(DEADLOCK)
        return recorded

    field.batch = _with_field_events(field)
    calls = inject(monkeypatch, cancelled_once)
    response = push_batch(field)
    assert statuses(response) == ["created"] * 10
    assert calls == [5, 5]
    assert Household.objects.filter(village=field.village, number="41").count() == 1
    assert Resident.objects.filter(full_name="Lò Văn Mới").count() == 1
    assert Correction.objects.count() == 1 and FollowUp.objects.count() == 1
    assert FieldEvent.objects.count() == 4
    assert recount.differences() == {}
