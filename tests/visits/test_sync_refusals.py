"""What the sync refuses, and how: every bad event a per-event ``rejected`` with a code and a
message naming the field, never a 500, never a ``duplicate`` for a visit the server does not
keep; a cursor the server did not write, a 400."""

import base64
import hashlib
import importlib
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import DataError, IntegrityError, connection, transaction
from django.test import Client

from langso.indicators.models import Observation
from langso.people.models import Household, Resident
from langso.visits import services
from langso.visits.models import Visit
from tests.roles import World
from tests.visits.test_sync import event, home, push, statuses

pytestmark = pytest.mark.django_db

BIG = [2**63, 2**64, 10**30]


def refused(client: Client, bad: dict[str, Any], household: Household) -> dict[str, Any]:
    """Push ``bad`` with a good event after it: the good one is kept, whatever ``bad`` is."""
    response = push(client, [bad, event(household, None)])
    assert response.status_code == 200, response.content
    first, second = response.json()["results"]
    assert second["status"] == "created"
    assert Visit.objects.count() == 1
    return dict(first)


@pytest.mark.parametrize(
    ("change", "code", "named"),
    [
        ({"location": {"lat": 1e308, "lon": 103.7}}, "LOCATION_INVALID", "location"),
        ({"location": {"lat": -90.5, "lon": 103.7}}, "LOCATION_INVALID", "location"),
        ({"location": {"lat": 21.4, "lon": 180.01}}, "LOCATION_INVALID", "location"),
        ({"location": {"lat": 21.4}}, "LOCATION_INVALID", "location"),
        ({"location": {"lat": True, "lon": 103.7}}, "LOCATION_INVALID", "location"),
        ({"duration_minutes": -1}, "DURATION_INVALID", "duration_minutes"),
        ({"duration_minutes": 24 * 60 + 1}, "DURATION_INVALID", "duration_minutes"),
        ({"duration_minutes": 40_000}, "DURATION_INVALID", "duration_minutes"),
        ({"duration_minutes": 12.5}, "DURATION_INVALID", "duration_minutes"),
        ({"duration_minutes": True}, "DURATION_INVALID", "duration_minutes"),
        ({"household_id": -1}, "EVENT_INVALID", "household_id"),
        ({"household_id": 0}, "EVENT_INVALID", "household_id"),
        ({"household_id": "12"}, "EVENT_INVALID", "household_id"),
        *[({"household_id": big}, "EVENT_INVALID", "household_id") for big in BIG],
        *[({"residents_present": [big]}, "EVENT_INVALID", "residents_present") for big in BIG],
        ({"residents_present": ["x"]}, "EVENT_INVALID", "residents_present"),
        ({"residents_present": 5}, "EVENT_INVALID", "residents_present"),
        (
            # More people than the largest household: at most 100.
            {"residents_present": list(range(1, 102))},
            "EVENT_INVALID",
            "residents_present",
        ),
        (
            {"observations": [{"resident_id": 2**63, "indicator": "vneid_l2", "value": True}]},
            "EVENT_INVALID",
            "",
        ),
        ({"note": "x" * 2001}, "EVENT_INVALID", "2000"),
        ({"note": "Lò\x00Văn"}, "EVENT_INVALID", ""),
        ({"note": 5}, "EVENT_INVALID", ""),
        ({"topics": ["vneid"] * 21}, "EVENT_INVALID", "20"),
        ({"topics": "vneid"}, "TOPIC_UNKNOWN", ""),
        ({"occurred_at": 1_700_000_000}, "EVENT_INVALID", "occurred_at"),
        ({"occurred_at": "2026-02-30T10:00:00"}, "EVENT_INVALID", "occurred_at"),
        ({"occurred_at": "0001-01-01T00:00:00+14:00"}, "EVENT_TOO_OLD", ""),
        ({"occurred_at": "9999-12-31T23:59:59-12:00"}, "EVENT_IN_FUTURE", ""),
    ],
)
def test_a_value_out_of_range_is_refused_with_a_code_naming_the_field(
    world: World, change: dict[str, Any], code: str, named: str
) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    bad = event(household, head, location_consent=True, **change)
    answer = refused(world.client(world.member), bad, household)
    assert (answer["status"], answer["code"]) == ("rejected", code)
    assert answer["id"] == bad["id"]
    assert named in answer["message"]


def test_a_number_json_reads_as_infinite_is_refused_in_its_event(world: World) -> None:
    """1e400 is valid JSON that Python reads as infinity; NaN is no JSON at all."""
    household, _head = home(world, world.village_a1, "Lò Văn Pánh")
    good = json.dumps(event(household, None))
    bad = json.dumps(event(household, None, location_consent=True)).replace(
        '"location_consent"', '"location": {"lat": 1e400, "lon": 103.7}, "location_consent"'
    )
    client = world.client(world.member)
    body = f'{{"device_id": "p", "events": [{bad}, {good}]}}'
    response = client.post("/api/v1/sync/push", body, content_type="application/json")
    assert statuses(response) == ["LOCATION_INVALID", "created"]
    not_json = body.replace("1e400", "NaN")
    response = client.post("/api/v1/sync/push", not_json, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "BODY_INVALID")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_a_non_finite_coordinate_is_refused(world: World, value: float) -> None:
    household, _head = home(world, world.village_a1, "Lò Văn Pánh")
    bad = event(household, None, location={"lat": value, "lon": 103.7}, location_consent=True)
    [answer] = services.sync_push(actor=world.member, device_id="p", events=[bad])
    assert answer["code"] == "LOCATION_INVALID"
    assert not Visit.objects.exists()


@pytest.mark.parametrize("raw", [[], 1, "x", None, True])
def test_an_event_that_is_not_an_object_is_refused(world: World, raw: Any) -> None:
    household, _head = home(world, world.village_a1, "Lò Văn Pánh")
    answer = refused(world.client(world.member), raw, household)
    assert (answer["id"], answer["code"]) == ("", "EVENT_INVALID")


def test_a_negative_duration_is_refused_not_answered_duplicate(world: World) -> None:
    """It was answered ``duplicate`` (the database refused it), and the phone then deleted a
    visit the server never kept."""
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    answer = refused(
        world.client(world.member), event(household, head, duration_minutes=-5), household
    )
    assert answer["status"] == "rejected"


def test_the_same_indicator_twice_for_one_person_is_refused_not_lost(world: World) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    twice = [{"resident_id": head.pk, "indicator": "vneid_l2", "value": v} for v in (True, False)]
    answer = refused(
        world.client(world.member), event(household, head, observations=twice), household
    )
    assert answer["code"] == "EVENT_INVALID"


def test_an_event_the_database_refuses_is_rejected_not_duplicate(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A constraint the checks do not know of (here, provoked): only a visit stored under the
    event's id makes a ``duplicate``."""
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    store = Visit.objects.bulk_create

    def spoiling(visits: list[Visit], *args: Any, **kwargs: Any) -> list[Visit]:
        for visit in visits:
            if visit.note == "hỏng":
                visit.duration_minutes = -5
        return store(visits, *args, **kwargs)

    monkeypatch.setattr(Visit.objects, "bulk_create", spoiling)
    batch = [event(household, head, note="hỏng"), event(household, None)]
    response = push(world.client(world.member), batch)
    assert statuses(response) == ["EVENT_NOT_STORED", "created"]
    assert response.json()["results"][0]["message"]
    assert Visit.objects.count() == 1
    assert not Observation.objects.exists()


def test_an_event_stored_meanwhile_is_still_a_duplicate(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another request recorded it between our look and our write."""
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    sent = event(household, head)
    client = world.client(world.member)
    push(client, [sent])
    look = Visit.objects.filter

    def blind(*args: Any, **kwargs: Any) -> Any:
        # The look for ids already received sees nothing, as if the other request had not
        # committed yet; the look after the database's refusal sees what is there.
        return Visit.objects.none() if "id__in" in kwargs else look(*args, **kwargs)

    monkeypatch.setattr(Visit.objects, "filter", blind)
    assert statuses(push(client, [sent])) == ["duplicate"]
    assert statuses(push(client, [{**sent, "note": "Khác"}])) == ["EVENT_ID_REUSED"]


# The digest ------------------------------------------------------------------------------------


def digest_since_the_first_phone(raw: dict[str, Any]) -> str:
    """How the digest of an event has been made since the sync began."""
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_the_digest_of_an_event_is_what_it_always_was() -> None:
    raw = {
        "id": "0b6f7a4e-3c1d-4e8a-9f2b-5d6c7e8f9a0b",
        "kind": "visit",
        "household_id": 3066,
        "occurred_at": "2026-03-02T09:15:00.000Z",
        "topics": ["vneid", "scam_awareness"],
        "residents_present": [7001, 7002],
        "observations": [{"resident_id": 7001, "indicator": "vneid_l2", "value": True}],
        "note": "Hướng dẫn kích hoạt VNeID",
        "duration_minutes": 12,
        "location": {"lat": 21.43512, "lon": 103.68734},
        "location_consent": True,
    }
    expected = "90d7871fe9077e525e64dec7cb303d90da39461a653c21e29d5cb3dae6b81cbb"
    assert services._digest(raw) == digest_since_the_first_phone(raw) == expected


def test_a_batch_recorded_before_the_checks_is_still_a_duplicate(world: World) -> None:
    """A phone sending again, today, a batch the server recorded before events had a schema."""
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    old = event(
        household,
        head,
        residents_present=[head.pk],
        duration_minutes=12,
        location={"lat": 21.43512, "lon": 103.68734},
        location_consent=True,
        # A field this server does not know: part of the digest all the same.
        app_version="2026.1",
    )
    Visit.objects.create(
        id=uuid.UUID(old["id"]),
        member=world.member,
        household=household,
        village_id=household.village_id,
        occurred_at=old["occurred_at"],
        topics=old["topics"],
        digest=digest_since_the_first_phone(old),
    )
    client = world.client(world.member)
    assert statuses(push(client, [old])) == ["duplicate"]
    assert statuses(push(client, [{**old, "app_version": "2026.2"}])) == ["EVENT_ID_REUSED"]


# Who was there ---------------------------------------------------------------------------------


def test_only_the_households_own_people_can_be_present(world: World) -> None:
    """Otherwise any resident's id would count among the people a member reached."""
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    _neighbour, next_door = home(world, world.village_a1, "Cầm Thị Thoa")
    _far, elsewhere = home(world, world.village_b1, "Vừ A Dế")
    missing = Resident.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1
    batch = [
        event(household, head, residents_present=[head.pk, other])
        for other in (next_door.pk, elsewhere.pk, missing)
    ]
    response = push(world.client(world.member), [*batch, event(household, head)])
    assert statuses(response) == ["RESIDENT_UNKNOWN"] * 3 + ["created"]
    assert len({answer["message"] for answer in response.json()["results"][:3]}) == 1
    assert Visit.objects.get().residents_present == []


def test_people_present_twice_are_counted_once(world: World) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    sent = event(household, head, residents_present=[head.pk, head.pk])
    assert statuses(push(world.client(world.member), [sent])) == ["created"]
    assert Visit.objects.get().residents_present == [head.pk]


# The pull cursor -------------------------------------------------------------------------------


def cursor_of(body: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(body).encode()).decode().rstrip("=")


MOMENT = "2026-03-02T09:15:00+07:00"


@pytest.mark.parametrize(
    "cursor",
    [
        cursor_of([]),
        cursor_of(1),
        cursor_of("x"),
        cursor_of(None),
        base64.urlsafe_b64encode(b'{"v": 1, "after": 1e400}').decode(),
        base64.urlsafe_b64encode(b'{"v": 1, "after": NaN}').decode(),
        cursor_of({"v": 1, "until": MOMENT, "after": 10**30}),
        cursor_of({"v": 1, "until": MOMENT, "after": 2**63}),
        cursor_of({"v": 1, "until": MOMENT, "after": -1}),
        cursor_of({"v": 1, "until": MOMENT, "after": "5"}),
        cursor_of({"v": 1, "until": MOMENT, "after": 1.5}),
        cursor_of({"v": 1, "until": "2026-13-01T00:00:00+07:00"}),
        cursor_of({"v": 1, "until": "0001-01-01T00:00:00+00:00"}),
        cursor_of({"v": 1, "since": "9999-12-31T23:59:59+00:00", "until": None}),
        cursor_of({"v": 1, "until": "2026-03-02T09:15:00"}),
        cursor_of({"v": 1, "until": 1_700_000_000}),
        cursor_of({"v": 1, "until": MOMENT, "phase": "visits"}),
        cursor_of({"v": 2, "until": MOMENT}),
        cursor_of({"until": MOMENT}),
        cursor_of({"v": 1, "until": MOMENT, "and": "more"}),
        "garbage!!",
        "",
    ],
)
def test_a_cursor_the_server_did_not_write_is_refused(world: World, cursor: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.member)
    response = client.get("/api/v1/sync/pull", {"cursor": cursor or "="})
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("SYNC_CURSOR_INVALID", "cursor")


def test_a_cursor_the_server_wrote_still_reads(world: World) -> None:
    home(world, world.village_a1, "Lò Văn Pánh")
    client = world.client(world.member)
    for body in (
        {"v": 1, "since": None, "until": MOMENT, "phase": "residents", "after": 0},
        {"v": 1, "since": MOMENT, "until": None},
    ):
        assert client.get("/api/v1/sync/pull", {"cursor": cursor_of(body)}).status_code == 200


# What is stored --------------------------------------------------------------------------------


@contextmanager
def without_checks(*constraints: str) -> Iterator[None]:
    """Store what the database's checks would refuse, as rows written before them were."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:
            # Foreign keys are checked at commit: check them now, as ALTER TABLE requires.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name in constraints:
                cursor.execute(f"ALTER TABLE visits_visit DROP CONSTRAINT IF EXISTS {name}")
        try:
            yield
        finally:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA ignore_check_constraints = OFF")


def bad_latitude() -> str:
    # PostgreSQL's numeric(8, 5) holds no 1e308, but it holds NaN, which orders above 90.
    return "1e308" if connection.vendor == "sqlite" else "'NaN'"


def test_the_database_refuses_a_coordinate_or_a_duration_out_of_range(world: World) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    push(world.client(world.member), [event(household, head)])
    for change in (
        {"latitude": 1e308},
        {"latitude": 90.5},
        {"longitude": -181},
        {"duration_minutes": 24 * 60 + 1},
    ):
        with pytest.raises((IntegrityError, DataError)), transaction.atomic():
            Visit.objects.update(**change)


def test_the_visits_pages_open_whatever_coordinates_were_stored(world: World) -> None:
    """A latitude of 1e308 stored on SQLite made the visits pages of its village, commune and
    province fail for everyone: the page read coordinates it does not even show."""
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    push(world.client(world.member), [event(household, head)])
    with without_checks("visit_latitude_range"), connection.cursor() as cursor:
        cursor.execute(f"UPDATE visits_visit SET latitude = {bad_latitude()}")  # noqa: S608
    client = world.client(world.province_officer)
    for code in (world.code(world.village_a1), "03721", "14"):
        page = client.get(f"/units/{code}/visits/")
        assert page.status_code == 200, code
        assert "Lò Văn Pánh" in page.content.decode()


def test_the_migration_sets_stored_values_out_of_range_to_null(world: World) -> None:
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    good = event(household, head, location={"lat": 21.4, "lon": 103.7}, location_consent=True)
    push(world.client(world.member), [good, event(household, None, duration_minutes=30)])
    spoilt = Visit.objects.exclude(id=good["id"]).get()
    longitude = "'Infinity'" if connection.vendor == "sqlite" else "'NaN'"
    with (
        without_checks("visit_latitude_range", "visit_longitude_range", "visit_duration_range"),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"UPDATE visits_visit SET latitude = {bad_latitude()}, longitude = {longitude}, "  # noqa: S608
            "duration_minutes = 5000 WHERE id = %s",
            [spoilt.id.hex if connection.vendor == "sqlite" else spoilt.id],
        )
    migration = importlib.import_module("langso.visits.migrations.0002_visit_value_ranges")
    migration.repair(apps, SimpleNamespace(connection=connection))
    repaired = Visit.objects.values("latitude", "longitude", "duration_minutes").get(id=spoilt.id)
    assert repaired == {"latitude": None, "longitude": None, "duration_minutes": None}
    kept = Visit.objects.get(id=good["id"])
    assert (float(kept.latitude or 0), float(kept.longitude or 0)) == (21.4, 103.7)


def test_a_batch_naming_more_people_than_a_query_may_hold_is_answered(world: World) -> None:
    """330 events of 100 people each: more ids than one query takes (SQLite's default limit is
    32,766 parameters; this machine's is larger, so this guards rather than reproduces)."""
    household, head = home(world, world.village_a1, "Lò Văn Pánh")
    batch = [
        event(household, head, residents_present=list(range(start, start + 100)))
        for start in range(1_000_000, 1_033_000, 100)
    ]
    response = push(world.client(world.member), batch)
    assert statuses(response) == ["RESIDENT_UNKNOWN"] * 330
