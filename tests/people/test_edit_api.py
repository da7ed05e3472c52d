"""The corrections, life events and merges through the API: the same services as the pages,
the same refusals, with their codes."""

from datetime import timedelta
from typing import Any

import pytest

from langso.access import SYSTEM
from langso.core.dates import today
from langso.people import recount
from langso.people import services as people
from langso.people.models import Household, LifeEvent, Merge, Resident, ResidentChange
from langso.people.services import ResidentData
from tests.indicators.data import YEAR, People, build_people
from tests.roles import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def folk(world: World) -> People:
    return build_people(world)


def body_of(resident: Resident, **changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "full_name": resident.full_name,
        "birth_year": resident.birth_year,
        "sex": resident.sex,
        "ethnicity": resident.ethnicity,
        "relationship": resident.relationship,
    }
    base.update(changes)
    return base


def test_a_resident_is_corrected_and_the_history_is_read_masked(world: World, folk: People) -> None:
    client = world.client(world.leader)
    # An ID number that agrees with her year of birth (a woman: 1 in the 1900s, 3 after), which
    # the test data reckons from today: the year itself does not change.
    year = folk.xuan.birth_year
    assert year is not None
    id_number = f"014{1 if year < 2000 else 3}{year % 100:02d}001234"
    answer = client.put(
        f"/api/v1/residents/{folk.xuan.pk}",
        body_of(folk.xuan, id_number=id_number, full_name="Lò Thị Xuân Mai"),
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["id_masked"] == "**********34"
    history = client.get(f"/api/v1/residents/{folk.xuan.pk}/history").json()
    assert {entry["field"] for entry in history} == {"full_name", "id_number"}
    assert id_number not in str(history)
    assert answer["Cache-Control"] == "private, no-store"


def test_a_wrong_length_cccd_is_refused_with_its_code(world: World, folk: People) -> None:
    answer = world.client(world.leader).put(
        f"/api/v1/residents/{folk.xuan.pk}",
        body_of(folk.xuan, id_number="0141960012"),
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "ID_INVALID"
    assert not ResidentChange.objects.exists()


def test_a_death_and_a_move_are_recorded_as_events(world: World, folk: People) -> None:
    client = world.client(world.commune_officer)
    died = client.post(
        f"/api/v1/residents/{folk.cuc.pk}/events",
        {"kind": "died", "happened_on": str(today() - timedelta(days=1))},
        content_type="application/json",
    )
    assert died.status_code == 201, died.content
    moved = client.post(
        f"/api/v1/residents/{folk.xuan.pk}/events",
        {"kind": "moved", "happened_on": str(today()), "household_id": folk.household_a2.pk},
        content_type="application/json",
    )
    assert moved.status_code == 201
    assert moved.json()["to_household"] == folk.household_a2.pk
    assert LifeEvent.objects.count() == 2
    assert recount.differences() == {}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"kind": "died", "happened_on": "tomorrow"}, 400, "EVENT_DATE_FUTURE"),
        ({"kind": "moved", "happened_on": "today"}, 400, "MOVE_HOUSEHOLD_REQUIRED"),
        ({"kind": "born", "happened_on": "today"}, 422, "INVALID_INPUT"),
    ],
)
def test_impossible_events_are_refused_with_their_codes(
    world: World, folk: People, body: dict[str, Any], status: int, code: str
) -> None:
    days = {"today": today(), "tomorrow": today() + timedelta(days=1)}
    sent = {**body, "happened_on": str(days[body["happened_on"]])}
    answer = world.client(world.leader).post(
        f"/api/v1/residents/{folk.xuan.pk}/events", sent, content_type="application/json"
    )
    assert (answer.status_code, answer.json()["code"]) == (status, code)
    assert not LifeEvent.objects.exists()


@pytest.mark.parametrize(
    ("who", "village", "code"),
    [
        # A village of another commune is, for this officer, a code that does not exist.
        ("commune_officer", "village_b1", "UNIT_NOT_FOUND"),
        # The leader of A1 sees no other village, not even the commune's next one.
        ("leader", "village_a2", "UNIT_NOT_FOUND"),
    ],
)
def test_a_household_moved_out_of_scope_answers_404(
    world: World, folk: People, who: str, village: str, code: str
) -> None:
    answer = world.client(getattr(world, who)).put(
        f"/api/v1/households/{folk.household_a1.pk}",
        {"number": "1", "address": "", "village": world.code(getattr(world, village))},
        content_type="application/json",
    )
    assert answer.status_code == 404
    assert answer.json()["code"] == code
    assert Household.objects.get(pk=folk.household_a1.pk).number == ""


def test_merges_keep_the_older_record(world: World, folk: People) -> None:
    twin = people.resident_create(
        actor=SYSTEM,
        household=folk.household_a1,
        data=ResidentData(full_name="Lò Thị Xuân", birth_year=YEAR - 30),
    )
    client = world.client(world.leader)
    answer = client.post(
        "/api/v1/merges/residents",
        {"first": twin.pk, "second": folk.xuan.pk},
        content_type="application/json",
    )
    assert answer.status_code == 201
    assert answer.json() == {"kept": folk.xuan.pk, "merged": twin.pk}
    extra = people.household_create(actor=SYSTEM, village=world.village_a1)
    answer = client.post(
        "/api/v1/merges/households",
        {"first": extra.pk, "second": folk.household_a1.pk},
        content_type="application/json",
    )
    assert answer.json() == {"kept": folk.household_a1.pk, "merged": extra.pk}
    assert Merge.objects.count() == 2


@pytest.mark.parametrize("who", ["member", "member_b"])
def test_members_correct_nothing_through_the_api(world: World, folk: People, who: str) -> None:
    client = world.client(getattr(world, who))
    calls = [
        client.put(
            f"/api/v1/residents/{folk.xuan.pk}",
            body_of(folk.xuan, full_name="Ai Đó"),
            content_type="application/json",
        ),
        client.post(
            f"/api/v1/residents/{folk.xuan.pk}/events",
            {"kind": "died", "happened_on": str(today())},
            content_type="application/json",
        ),
        client.post(
            "/api/v1/merges/residents",
            {"first": folk.xuan.pk, "second": folk.an.pk},
            content_type="application/json",
        ),
    ]
    assert [call.status_code for call in calls] == [404, 404, 404]
    assert not ResidentChange.objects.exists() and not LifeEvent.objects.exists()
    assert not Merge.objects.exists()
