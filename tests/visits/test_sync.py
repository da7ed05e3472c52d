"""The sync API: idempotent pushes of visits made offline, incremental pulls of one's villages."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from langso.access import SYSTEM
from langso.accounts.services import token_issue
from langso.indicators.models import Observation, Status
from langso.people import recount
from langso.people.models import Household, Resident
from langso.people.services import ResidentData, household_create, resident_create
from langso.visits import services
from langso.visits.models import Visit
from tests.roles import World

pytestmark = pytest.mark.django_db


def home(world: World, village: Any, name: str) -> tuple[Household, Resident]:
    household = household_create(actor=SYSTEM, village=village, head_name=name)
    head = resident_create(
        actor=SYSTEM,
        household=household,
        data=ResidentData(full_name=name, birth_year=1980, is_head=True, id_number=""),
    )
    return household, head


def event(household: Household, resident: Resident | None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "kind": "visit",
        "household_id": household.pk,
        "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "topics": ["vneid", "scam_awareness"],
        "observations": []
        if resident is None
        else [{"resident_id": resident.pk, "indicator": "vneid_l2", "value": True}],
        "note": "Hướng dẫn kích hoạt VNeID",
    }
    body.update(extra)
    return body


def push(client: Client, events: list[dict[str, Any]]) -> Any:
    return client.post(
        "/api/v1/sync/push",
        {"device_id": "phone-1", "events": events},
        content_type="application/json",
    )


def statuses(response: Any) -> list[str]:
    return [
        r["status"] if r["status"] != "rejected" else r["code"] for r in response.json()["results"]
    ]


def test_a_pushed_visit_records_its_observations_and_moves_the_rollup(world: World) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    response = push(world.client(world.member), [event(household, head)])
    assert response.status_code == 200
    assert statuses(response) == ["created"]
    visit = Visit.objects.get()
    assert (visit.household_id, visit.member_id, visit.village_id) == (
        household.pk,
        world.member.pk,
        world.village_a1.pk,
    )
    assert Status.objects.get(resident=head, indicator_id="vneid_l2").value is True
    assert Observation.objects.get(resident=head).source_ref == str(visit.id)
    assert recount.differences() == {}


def test_sending_a_batch_again_changes_nothing(world: World) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    batch = [event(household, head), event(household, None, topics=["other"])]
    client = world.client(world.member)
    push(client, batch)
    again = push(client, batch)
    assert statuses(again) == ["duplicate", "duplicate"]
    assert Visit.objects.count() == 2
    assert Observation.objects.count() == 1


def test_the_same_id_with_other_content_is_refused(world: World) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    first = event(household, head)
    client = world.client(world.member)
    push(client, [first])
    changed = {**first, "note": "Khác"}
    assert statuses(push(client, [changed])) == ["EVENT_ID_REUSED"]


def test_a_household_of_another_village_is_refused_like_an_unknown_one(world: World) -> None:
    mine, head = home(world, world.village_a1, "Lò Văn Pánh")
    theirs, _ = home(world, world.village_b1, "Vừ A Dế")
    missing = event(mine, None, household_id=999_999)
    response = push(world.client(world.member), [event(theirs, None), missing, event(mine, head)])
    assert statuses(response) == ["HOUSEHOLD_UNKNOWN", "HOUSEHOLD_UNKNOWN", "created"]
    messages = {r.get("message") for r in response.json()["results"][:2]}
    assert len(messages) == 1
    assert Visit.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"occurred_at": "2999-01-01T00:00:00+07:00"}, "EVENT_IN_FUTURE"),
        ({"occurred_at": "2020-01-01T00:00:00+07:00"}, "EVENT_TOO_OLD"),
        ({"occurred_at": "hôm qua"}, "EVENT_INVALID"),
        ({"kind": "party"}, "EVENT_KIND_UNKNOWN"),
        ({"topics": ["karaoke"]}, "TOPIC_UNKNOWN"),
        ({"id": "not-a-uuid"}, "EVENT_INVALID"),
        (
            {"observations": [{"resident_id": 1, "indicator": "vneid_l2", "value": "yes"}]},
            "EVENT_INVALID",
        ),
        (
            {"observations": [{"resident_id": None, "indicator": "vneid_l2", "value": True}]},
            "EVENT_INVALID",
        ),
        ({"location": {"lat": "north"}, "location_consent": True}, "LOCATION_INVALID"),
        ({"location": {"lat": 21.4, "lon": 103.7}}, "LOCATION_INVALID"),
        ({"location": [21.4, 103.7], "location_consent": True}, "LOCATION_INVALID"),
    ],
)
def test_a_bad_event_is_refused_with_its_code_and_the_others_kept(
    world: World, change: dict[str, Any], code: str
) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    bad = event(household, head, **change)
    response = push(world.client(world.member), [bad, event(household, None)])
    assert statuses(response) == [code, "created"]
    assert Visit.objects.count() == 1


def test_duration_and_a_consented_location_are_kept(world: World) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    placed = event(
        household,
        head,
        location={"lat": 21.43512, "lon": 103.68734},
        location_consent=True,
        duration_minutes=12,
    )
    assert statuses(push(world.client(world.member), [placed])) == ["created"]
    visit = Visit.objects.get()
    assert (float(visit.latitude or 0), float(visit.longitude or 0)) == (21.43512, 103.68734)
    assert visit.duration_minutes == 12


def test_an_unknown_indicator_or_a_resident_of_another_household_is_refused(world: World) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    _other, stranger = home(world, world.village_a1, "Cầm Thị Thoa")
    unknown = event(
        household,
        head,
        observations=[{"resident_id": head.pk, "indicator": "flying", "value": True}],
    )
    foreign = event(household, stranger)
    response = push(world.client(world.member), [unknown, foreign])
    assert statuses(response) == ["INDICATOR_UNKNOWN", "RESIDENT_UNKNOWN"]
    assert not Visit.objects.exists()


def test_a_household_indicator_is_observed_on_the_household(world: World) -> None:
    household, _head = home(world, world.village_a1, "Lò Văn Pánh")
    broadband = event(
        household,
        None,
        observations=[{"resident_id": None, "indicator": "household_broadband", "value": True}],
    )
    assert statuses(push(world.client(world.member), [broadband])) == ["created"]
    assert Status.objects.get(household=household).value is True


def test_an_oversized_batch_is_refused_whole(world: World) -> None:
    household, _head = home(world, world.village_a1, "Lò Văn Pánh")
    batch = [event(household, None) for _ in range(services.MAX_EVENTS + 1)]
    response = push(world.client(world.member), batch)
    assert response.status_code == 413
    assert response.json()["code"] == "SYNC_BATCH_TOO_LARGE"
    assert not Visit.objects.exists()


def test_an_older_visit_arriving_later_never_overrides_a_newer_fact(world: World) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    now = timezone.now()
    newer = event(
        household,
        head,
        occurred_at=(now - timedelta(hours=1)).isoformat(),
        observations=[{"resident_id": head.pk, "indicator": "vneid_l2", "value": False}],
    )
    older = event(household, head, occurred_at=(now - timedelta(days=3)).isoformat())
    client = world.client(world.member)
    push(client, [newer])
    push(client, [older])
    assert Status.objects.get(resident=head, indicator_id="vneid_l2").value is False
    assert recount.differences() == {}


def test_the_api_needs_a_login_or_a_token(world: World) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    assert push(Client(), [event(household, head)]).status_code == 401
    assert not Visit.objects.exists()
    token = token_issue(user=world.member)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert statuses(push(client, [event(household, head)])) == ["created"]
    assert client.get("/api/v1/sync/pull").status_code == 200


# Pull ------------------------------------------------------------------------------------------


def pull(client: Client, cursor: str | None = None) -> dict[str, Any]:
    response = client.get("/api/v1/sync/pull", {"cursor": cursor} if cursor else {})
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def pull_all(client: Client, cursor: str | None = None) -> tuple[dict[str, list[Any]], str]:
    got: dict[str, list[Any]] = {"households": [], "residents": []}
    while True:
        body = pull(client, cursor)
        got["households"] += body["households"]
        got["residents"] += body["residents"]
        cursor = body["cursor"]
        if not body["more"]:
            return got, cursor


def test_a_first_pull_gives_the_members_village_and_nothing_else(world: World) -> None:
    mine, _head = home(world, world.village_a1, "Lò Văn Pánh")
    home(world, world.village_b1, "Vừ A Dế")
    got, _cursor = pull_all(world.client(world.member))
    assert [h["id"] for h in got["households"]] == [mine.pk]
    assert got["households"][0]["village"] == world.code(world.village_a1)
    assert [r["full_name"] for r in got["residents"]] == ["Lò Văn Pánh"]
    assert pull(world.client(world.member))["indicators"][0]["code"] == "smartphone"


def test_residents_come_masked_with_their_status(world: World) -> None:
    household = household_create(actor=SYSTEM, village=world.village_a1, head_name="Lò Văn Pánh")
    head = resident_create(
        actor=SYSTEM,
        household=household,
        data=ResidentData(
            full_name="Lò Văn Pánh",
            birth_year=1978,
            sex="M",
            is_head=True,
            id_number="014078001234",
            phone="0912345678",
        ),
    )
    push(world.client(world.member), [event(household, head)])
    got, _ = pull_all(world.client(world.member))
    row = got["residents"][0]
    assert row["id_masked"] == "**********34" and row["phone_masked"] == "*******678"
    assert row["status"] == {"vneid_l2": True}
    assert "014078001234" not in str(got) and "912345678" not in str(got)


def test_a_later_pull_gives_only_what_changed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the safety overlap, so that "only what changed" is exact.
    monkeypatch.setattr(services, "OVERLAP", timedelta(0))
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    home(world, world.village_a1, "Cầm Thị Thoa")
    client = world.client(world.member)
    _got, cursor = pull_all(client)
    push(client, [event(household, head)])
    got, cursor = pull_all(client, cursor)
    assert [r["id"] for r in got["residents"]] == [head.pk]
    assert got["residents"][0]["status"] == {"vneid_l2": True}
    # The visited household comes again, for its card's last visit; the other does not.
    assert [h["id"] for h in got["households"]] == [household.pk]
    assert got["households"][0]["visits"][0]["member"] == "member"
    again, _ = pull_all(client, cursor)
    assert again == {"households": [], "residents": []}


def test_pulls_come_in_pages(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "PAGE", 2)
    for number in range(5):
        home(world, world.village_a1, f"Người {number}")
    got, _ = pull_all(world.client(world.member))
    assert len(got["households"]) == 5
    assert len({r["id"] for r in got["residents"]}) == 5


def test_a_cursor_not_from_the_server_is_refused(world: World) -> None:
    response = world.client(world.member).get("/api/v1/sync/pull", {"cursor": "garbage!!"})
    assert response.status_code == 400
    assert response.json()["code"] == "SYNC_CURSOR_INVALID"


def test_an_outsider_pulls_nothing(world: World) -> None:
    home(world, world.village_a1, "Lò Văn Pánh")
    got, _ = pull_all(world.client(world.outsider))
    assert got == {"households": [], "residents": []}


def test_a_household_card_carries_the_village_name_last_visits_and_follow_up(
    world: World,
) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    world.member.full_name = "Lò Văn Xuân"
    world.member.save()
    client = world.client(world.member)
    for hours in range(7, 0, -1):
        push(client, [event(household, head, occurred_at=_ago(hours), note=f"lần {hours}")])
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    follow_up = {"kind": "follow_up", "id": str(uuid.uuid4()), "household_id": household.pk}
    push(client, [{**follow_up, "due_on": due}])
    got, _ = pull_all(client)
    [card] = got["households"]
    assert card["village_name"] == "Bản Hua Nà"
    assert card["village_id"] == world.village_a1.pk
    assert card["follow_up"] == due
    # The latest five, newest first, each with the member's full name.
    assert [v["note"] for v in card["visits"]] == [f"lần {h}" for h in range(1, 6)]
    assert {v["member"] for v in card["visits"]} == {"Lò Văn Xuân"}
    assert card["visits"][0]["topics"] == ["vneid", "scam_awareness"]


def test_a_visit_by_another_member_brings_the_household_into_the_next_pull(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "OVERLAP", timedelta(0))
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    theirs, their_head = home(world, world.village_b1, "Vừ A Dế")
    _got, cursor = pull_all(world.client(world.member))
    push(world.client(world.leader), [event(household, head)])
    push(world.client(world.member_b), [event(theirs, their_head)])
    got, _ = pull_all(world.client(world.member), cursor)
    # Only the member's own village: the other commune's visit brings nothing.
    assert [h["id"] for h in got["households"]] == [household.pk]
    assert got["households"][0]["visits"][0]["member"] == "leader"
    everything, _ = pull_all(world.client(world.member))
    assert [h["id"] for h in everything["households"]] == [household.pk]
    assert "Vừ A Dế" not in str(everything)


def _ago(hours: int) -> str:
    return (timezone.now() - timedelta(hours=hours)).isoformat()
