"""Nobody counts as reached before they count in the population (issue 13, section 1).

A person counts in a village's populations from the day they were recorded there (imported,
added, or moved in): ``counted_since``. An observation dated earlier (a visit from last week
about someone imported today, or made before they moved here) counts from that day too, never
before it, so the indicators API never answers "1 of 0" for a past day. The observation keeps
its own date; only the day the roll-ups book it moves.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from langso.access import SYSTEM
from langso.core.dates import today
from langso.indicators.models import Indicator, Observation, Source
from langso.indicators.services import (
    NewObservation,
    observation_record,
    observations_record_many,
)
from langso.people import edit_services
from langso.people.importing import import_residents
from langso.people.models import Household, Resident
from langso.people.services import ResidentData, household_create, resident_create, resident_subject
from langso.units import services as units
from langso.units.models import Kind, Unit
from tests.people import files
from tests.roles import World

pytestmark = pytest.mark.django_db

HEADER = ["Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "ĐTTM"]


def figures(client: Client, village: Unit, world: World, on: date) -> tuple[int, int]:
    """The village's smartphone figures (numerator, denominator) on ``on``, from the API."""
    response = client.get(f"/api/v1/units/{world.code(village)}/indicators?on={on.isoformat()}")
    assert response.status_code == 200, response.content
    (smartphone,) = [item for item in response.json() if item["indicator"] == "smartphone"]
    return smartphone["numerator"], smartphone["denominator"]


def village(world: World, name: str) -> Unit:
    """A village of Xã Thuận Châu that exists since a month ago, so past days can be asked."""
    return units.unit_create(
        actor=SYSTEM,
        name=name,
        kind=Kind.VILLAGE,
        parent=world.commune_a,
        valid_from=today() - timedelta(days=30),
    )


def imported_today(world: World, into: Unit, *, marked_at: datetime | None = None) -> Resident:
    """An adult imported into ``into`` today: with a smartphone mark observed at
    ``marked_at`` when one is given."""
    rows: list[list[object]] = [
        list(HEADER),
        ["Lò Văn Pánh", 1980, "Chủ hộ", "x" if marked_at else ""],
    ]
    import_residents(
        actor=world.commune_officer,
        unit=into,
        data=files.csv_file(rows),
        filename="ds.csv",
        observed_at=marked_at,
    )
    return Resident.objects.get(village=into)


def one_at_a_time(resident: Resident, at: datetime) -> None:
    observation_record(
        actor=SYSTEM,
        indicator=Indicator.objects.get(code="smartphone"),
        subject=resident_subject(resident),
        value=True,
        observed_at=at,
        source=Source.MANUAL,
    )


def in_a_phones_batch(resident: Resident, at: datetime) -> None:
    observations_record_many(
        [NewObservation(resident_subject(resident), "smartphone", True, at, Source.VISIT)]
    )


RECORDERS: dict[str, Callable[[Resident, datetime], None]] = {
    "one at a time": one_at_a_time,
    "in a phone's batch": in_a_phones_batch,
}


@pytest.mark.parametrize("record", RECORDERS.values(), ids=RECORDERS.keys())
def test_a_visit_from_five_days_ago_about_someone_imported_today_counts_from_today(
    fixture_day: time_machine.Traveller,
    world: World,
    record: Callable[[Resident, datetime], None],
) -> None:
    pa_pao = village(world, "Bản Pá Pao")
    someone = imported_today(world, pa_pao)
    five_days_ago = timezone.localtime() - timedelta(days=5)
    record(someone, five_days_ago)
    client = world.client(world.commune_officer)
    assert figures(client, pa_pao, world, five_days_ago.date()) == (0, 0)
    assert figures(client, pa_pao, world, today() - timedelta(days=1)) == (0, 0)
    assert figures(client, pa_pao, world, today()) == (1, 1)
    # The fact keeps its own date; only the day the roll-ups count it from moved.
    assert Observation.objects.get(resident=someone).observed_at == five_days_ago


def test_an_import_whose_marks_are_dated_back_counts_them_from_the_day_of_the_import(
    fixture_day: time_machine.Traveller, world: World
) -> None:
    pa_pao = village(world, "Bản Pá Pao")
    five_days_ago = timezone.localtime() - timedelta(days=5)
    imported_today(world, pa_pao, marked_at=five_days_ago)
    client = world.client(world.commune_officer)
    assert figures(client, pa_pao, world, five_days_ago.date()) == (0, 0)
    assert figures(client, pa_pao, world, today()) == (1, 1)


def test_an_observation_made_before_a_move_counts_in_the_new_village_from_the_move(
    fixture_day: time_machine.Traveller, world: World
) -> None:
    home_village, new_village = village(world, "Bản Pá Pao"), village(world, "Bản Nà Sản")
    twenty_days_ago = today() - timedelta(days=20)
    home = household_create(actor=SYSTEM, village=home_village, day=twenty_days_ago)
    someone = resident_create(
        actor=SYSTEM,
        household=home,
        data=ResidentData(full_name="Cầm Thị Thoa", birth_year=1990, is_head=True),
        day=twenty_days_ago,
    )
    target: Household = household_create(actor=SYSTEM, village=new_village, day=twenty_days_ago)
    edit_services.resident_relocate(actor=SYSTEM, resident=someone, household=target, on=today())
    someone.refresh_from_db()
    five_days_ago = timezone.localtime() - timedelta(days=5)
    one_at_a_time(someone, five_days_ago)
    client = world.client(world.commune_officer)
    # Five days ago they lived in the old village, counted there without a smartphone known;
    # the new village had nobody.
    assert figures(client, home_village, world, five_days_ago.date()) == (0, 1)
    assert figures(client, new_village, world, five_days_ago.date()) == (0, 0)
    assert figures(client, home_village, world, today()) == (0, 0)
    assert figures(client, new_village, world, today()) == (1, 1)
