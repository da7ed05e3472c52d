"""Bulk inserts and updates store what the ORM would, on SQLite and PostgreSQL alike."""

import gc
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from django.db import transaction

from langso.access import SYSTEM
from langso.core import bulk, collector
from langso.indicators.models import Observation, Source
from langso.people import services as people
from langso.people.models import Household, Resident
from tests.roles import World

ICT = timezone(timedelta(hours=7))
MOMENT = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
HOUSEHOLD = [
    "id",
    "village_id",
    "number",
    "head_name",
    "is_business",
    "counted_since",
    "created_at",
    "updated_at",
]
COUNTED = date(2026, 3, 4)


def _households(world: World, stamps: list[datetime]) -> list[Household]:
    with transaction.atomic():
        ids = bulk.reserve_ids(Household, len(stamps))
        rows = [
            (new_id, world.village_a1.pk, f"H{i}", "", False, COUNTED, stamp, stamp)
            for i, (new_id, stamp) in enumerate(zip(ids, stamps, strict=True))
        ]
        assert bulk.insert_rows(Household, HOUSEHOLD, rows, batch=3) == len(rows)
    return list(Household.objects.filter(pk__in=ids).order_by("pk"))


@pytest.mark.django_db
def test_one_moment_shared_by_every_row_is_stored_for_each(world: World) -> None:
    households = _households(world, [MOMENT] * 7)
    assert [h.created_at for h in households] == [MOMENT] * 7
    assert [h.number for h in households] == [f"H{i}" for i in range(7)]
    assert [h.counted_since for h in households] == [COUNTED] * 7


@pytest.mark.django_db
def test_moments_that_differ_keep_their_own_time_whatever_their_zone(world: World) -> None:
    stamps = [
        MOMENT,
        MOMENT.astimezone(ICT),  # the same moment, written in Vietnam's time
        MOMENT + timedelta(microseconds=1),
        datetime(2025, 12, 31, 23, 30, tzinfo=ICT),
        MOMENT,
    ]
    households = _households(world, stamps)
    assert [h.created_at for h in households] == stamps


@pytest.mark.django_db
def test_dates_none_and_uuids_round_trip(world: World) -> None:
    household = people.household_create(actor=SYSTEM, village=world.village_a1, number="H1")
    resident = people.resident_create(
        actor=SYSTEM, household=household, data=people.ResidentData(full_name="Lò Thị Xuân")
    )
    keys = [uuid.uuid4() for _ in range(4)]
    fields = [
        "id",
        "indicator_id",
        "resident_id",
        "household_id",
        "village_id",
        "value",
        "observed_at",
        "recorded_at",
        "recorded_by_id",
        "source",
        "source_ref",
    ]
    observed = [MOMENT, MOMENT - timedelta(days=1), MOMENT, MOMENT - timedelta(days=400)]
    codes = ["smartphone", "epayment", "vneid_l2", "ehealth"]
    village = world.village_a1.pk
    rows = [
        (key, code, resident.pk, None, village, i % 2 == 0, at, MOMENT, None, Source.IMPORT, "")
        for i, (key, code, at) in enumerate(zip(keys, codes, observed, strict=True))
    ]
    with transaction.atomic():
        bulk.insert_rows(Observation, fields, rows)
    stored = {o.id: o for o in Observation.objects.filter(id__in=keys)}
    assert [stored[key].observed_at for key in keys] == observed
    assert [stored[key].value for key in keys] == [True, False, True, False]
    assert all(stored[key].household_id is None for key in keys)

    with transaction.atomic():
        bulk.update_rows(
            Resident,
            ["birth_date", "birth_year", "updated_at"],
            [(date(1982, 6, 5), 1982, MOMENT, resident.pk)],
        )
    resident.refresh_from_db()
    assert (resident.birth_date, resident.birth_year, resident.updated_at) == (
        date(1982, 6, 5),
        1982,
        MOMENT,
    )
    with transaction.atomic():
        bulk.update_rows(Resident, ["birth_date"], [(None, resident.pk)])
    resident.refresh_from_db()
    assert resident.birth_date is None


def test_collector_paused_inside_and_as_it_was_after() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.paused():
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled(), "a caller that had paused it keeps it paused"
    finally:
        gc.enable()
