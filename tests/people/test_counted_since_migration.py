"""The migration that gives households and residents the day they are counted from, run on a
database that has some: the day they were recorded, in Vietnam's time, or the day of the last
recorded change that counted them again."""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from langso.people.models import Household, Resident

BEFORE = [("people", "0007_lifeevent_id_index")]
AFTER = [("people", "0008_counted_since")]

# 20:30 on 1 March in UTC is already 2 March in Vietnam (UTC+7).
RECORDED = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)
# 18:00 on 10 March in UTC is 11 March in Vietnam.
LATER = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
EVEN_LATER = datetime(2026, 3, 20, 3, 0, tzinfo=UTC)
HAPPENED = date(2026, 3, 1)


def migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before(transactional_db: None) -> Iterator[Any]:
    try:
        yield migrate(BEFORE)
    finally:
        executor = MigrationExecutor(connection)
        migrate(executor.loader.graph.leaf_nodes())


def test_rows_are_counted_from_the_day_they_were_recorded_or_last_counted_again(
    before: Any,
) -> None:
    unit = before.get_model("units", "Unit").objects.create(level=4)
    household_model = before.get_model("people", "Household")
    resident_model = before.get_model("people", "Resident")

    def household(number: str) -> Any:
        made = household_model.objects.create(village_id=unit.pk, number=number)
        household_model.objects.filter(pk=made.pk).update(created_at=RECORDED)
        return made

    def resident(home: Any, name: str) -> Any:
        made = resident_model.objects.create(
            household_id=home.pk, village_id=unit.pk, full_name=name, full_name_folded=name
        )
        resident_model.objects.filter(pk=made.pk).update(created_at=RECORDED)
        return made

    stayed, moved = household("1"), household("2")
    still = resident(stayed, "a")
    relocated = resident(stayed, "b")
    brought = resident(moved, "c")
    died = resident(stayed, "d")
    corrected = resident(stayed, "e")
    events = before.get_model("people", "LifeEvent")
    for person, kind, when in (
        (relocated, "moved", LATER),
        (relocated, "moved", EVEN_LATER),
        (died, "died", LATER),
    ):
        event = events.objects.create(resident_id=person.pk, kind=kind, happened_on=HAPPENED)
        events.objects.filter(pk=event.pk).update(recorded_at=when)
    changes = before.get_model("people", "ResidentChange")
    for person, field in ((brought, "village"), (corrected, "full_name")):
        change = changes.objects.create(resident_id=person.pk, field=field)
        changes.objects.filter(pk=change.pk).update(changed_at=LATER)
    household_changes = before.get_model("people", "HouseholdChange")
    for home, field in ((moved, "village"), (stayed, "address")):
        change = household_changes.objects.create(household_id=home.pk, field=field)
        household_changes.objects.filter(pk=change.pk).update(changed_at=LATER)

    migrate(AFTER)

    households = dict(Household.all_objects.values_list("pk", "counted_since"))
    assert households == {stayed.pk: date(2026, 3, 2), moved.pk: date(2026, 3, 11)}
    residents = dict(Resident.all_objects.values_list("pk", "counted_since"))
    assert residents == {
        still.pk: date(2026, 3, 2),
        relocated.pk: date(2026, 3, 20),
        brought.pk: date(2026, 3, 11),
        died.pk: date(2026, 3, 2),
        corrected.pk: date(2026, 3, 2),
    }
