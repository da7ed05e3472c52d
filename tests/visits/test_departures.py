"""Phones and the register's departures: a pull tells the phone what to drop, and visits made
before a merge or a death reached the phone are redirected or refused item by item."""

from typing import Any

import pytest
from django.test import Client

from langso.access import SYSTEM
from langso.core.dates import today
from langso.people import edit_services as edits
from langso.people import merge_services as merges
from langso.people import recount
from langso.people.models import Household, LifeEventKind, Resident
from langso.visits.models import Visit
from tests.roles import World
from tests.visits.test_fault_injection import (
    TODAY,
    Field,
    clock,
    field,
    inject,
    push,
    snapshot,
)
from tests.visits.test_sync import home, pull, pull_all

pytestmark = pytest.mark.django_db
__all__ = ["clock", "field"]  # fixtures shared with the fault-injection tests


def gone(client: Client, cursor: str) -> dict[str, list[Any]]:
    """The tombstones of an incremental pull, over all its pages."""
    got: dict[str, list[Any]] = {"gone_households": [], "gone_residents": [], "residents": []}
    while True:
        body = pull(client, cursor)
        for key in got:
            got[key] += body[key]
        cursor = body["cursor"]
        if not body["more"]:
            return got


def test_a_pull_tells_the_phone_to_drop_a_resident_who_died_or_was_withdrawn(
    world: World,
) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    wife = Resident.objects.create(
        household=household, village=world.village_a1, full_name="Lò Thị Ón", birth_year=1982
    )
    client = world.client(world.member)
    _got, cursor = pull_all(client)
    edits.resident_depart(actor=SYSTEM, resident=head, kind=LifeEventKind.DIED, on=today())
    edits.resident_depart(actor=SYSTEM, resident=wife, kind=LifeEventKind.WITHDRAWN, on=today())
    got = gone(client, cursor)
    assert got["gone_residents"] == [
        {"id": head.pk, "why": "died", "into": None},
        {"id": wife.pk, "why": "withdrawn", "into": None},
    ]
    assert got["gone_households"] == []
    assert not {head.pk, wife.pk} & {r["id"] for r in got["residents"]}


def test_a_pull_drops_a_merged_household_naming_the_one_kept(world: World) -> None:
    older, _panh = home(world, world.village_a1, "Lò Văn Pánh")
    newer, cham = home(world, world.village_a1, "Lò Văn Chăm")
    client = world.client(world.member)
    _got, cursor = pull_all(client)
    merges.household_merge(actor=SYSTEM, first=newer, second=older)
    got = gone(client, cursor)
    assert got["gone_households"] == [{"id": newer.pk, "into": older.pk}]
    # Its people come again, now in the household kept.
    assert {(r["id"], r["household_id"]) for r in got["residents"]} >= {(cham.pk, older.pk)}


def test_a_pull_drops_a_resident_who_moved_out_of_the_members_villages(world: World) -> None:
    household, _head = home(world, world.village_a1, "Lò Văn Pánh")
    son = Resident.objects.create(
        household=household, village=world.village_a1, full_name="Lò Văn Tùng", birth_year=2005
    )
    elsewhere, _other = home(world, world.village_b1, "Vừ A Dế")
    client = world.client(world.member)
    _got, cursor = pull_all(client)
    edits.resident_relocate(actor=SYSTEM, resident=son, household=elsewhere, on=today())
    got = gone(client, cursor)
    assert got["gone_residents"] == [{"id": son.pk, "why": "moved", "into": None}]
    assert son.pk not in {r["id"] for r in got["residents"]}


def test_nobody_out_of_the_members_villages_is_named_in_a_pull(world: World) -> None:
    _household, far = home(world, world.village_b1, "Vừ A Dế")
    client = world.client(world.member)
    _got, cursor = pull_all(client)
    edits.resident_depart(actor=SYSTEM, resident=far, kind=LifeEventKind.DIED, on=today())
    assert gone(client, cursor)["gone_residents"] == []


def merge_and_depart(field: Field) -> tuple[Household, Household, Resident]:
    """Household 2 merged into household 1 after the phone's visits were made, and Lò Thị Ón
    died: the batch still names household 2 and observes Ón."""
    first, second = (Household.objects.get(pk=e["household_id"]) for e in field.batch[::3])
    merges.household_merge(actor=SYSTEM, first=first, second=second)
    on = Resident.objects.get(full_name="Lò Thị Ón")
    edits.resident_depart(actor=SYSTEM, resident=on, kind=LifeEventKind.DIED, on=TODAY)
    return first, second, on


def test_visits_to_a_merged_household_go_to_the_one_kept_through_faults_and_resends(
    field: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept, merged, _on = merge_and_depart(field)

    def fail_half_way(_call: int, real: Any, arguments: Any) -> Any:
        records, options = arguments
        real(records[:2], **options)
        raise RuntimeError("could not extend file: No space left on device")

    inject(monkeypatch, fail_half_way)
    before = snapshot()
    assert push(field).status_code == 500
    assert snapshot() == before

    monkeypatch.undo()
    answer = push(field).json()["results"]
    assert [(r["status"], r.get("household_id"), r.get("code")) for r in answer] == [
        ("created", None, None),
        ("rejected", None, "RESIDENT_DEPARTED"),
        ("created", None, None),
        ("created", kept.pk, None),
        ("created", kept.pk, None),
        ("created", kept.pk, None),
    ]
    assert answer[1]["message"] == (
        "Lò Thị Ón không còn trong danh sách nhân khẩu (đã mất hoặc ghi nhầm); hãy bỏ những gì "
        "đã ghi về người này rồi gửi lại lần thăm."
    )
    assert set(Visit.objects.values_list("household_id", flat=True)) == {kept.pk}
    assert not Visit.objects.filter(household=merged).exists()
    assert recount.differences() == {}
    # The answer was lost: the resend changes nothing.
    recorded = snapshot()
    again = push(field).json()["results"]
    assert [r["status"] for r in again] == ["duplicate", "rejected", "duplicate"] + [
        "duplicate"
    ] * 3
    assert snapshot() == recorded


def test_a_follow_up_for_a_merged_household_is_set_on_the_one_kept(world: World) -> None:
    older, _panh = home(world, world.village_a1, "Lò Văn Pánh")
    newer, _cham = home(world, world.village_a1, "Lò Văn Chăm")
    merges.household_merge(actor=SYSTEM, first=older, second=newer)
    response = world.client(world.member).post(
        "/api/v1/sync/push",
        {
            "device_id": "phone-1",
            "events": [
                {
                    "id": "0b7d2a52-2f7e-4a55-9d0e-6f3b0f1d9c11",
                    "kind": "follow_up",
                    "household_id": newer.pk,
                    "due_on": today().isoformat(),
                }
            ],
        },
        content_type="application/json",
    )
    [result] = response.json()["results"]
    assert (result["status"], result["household_id"]) == ("created", older.pk)


def test_a_pull_drops_a_household_moved_to_a_village_out_of_the_members_sight(
    world: World,
) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    client = world.client(world.member)
    _got, cursor = pull_all(client)
    edits.household_edit(
        actor=SYSTEM, household=household, number="", address="", village=world.village_a2
    )
    got = gone(client, cursor)
    assert got["gone_households"] == [{"id": household.pk, "into": None}]
    assert got["gone_residents"] == [{"id": head.pk, "why": "moved", "into": None}]
