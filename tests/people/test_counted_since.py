"""Each household and resident keeps the day it entered the populations of the village it is in
now (``counted_since``): the day it was recorded, then the day of each change that counts it
anew there. Its observations count from that day (``tests/indicators/test_population_entry.py``
shows it through the API; the property tests check it against their oracle)."""

from datetime import date, timedelta

import pytest
import time_machine

from langso.access import SYSTEM
from langso.core.dates import today
from langso.people import edit_services as edits
from langso.people import merge_services as merges
from langso.people.importing import import_residents
from langso.people.models import Household, Resident
from langso.people.services import (
    ResidentData,
    household_create,
    resident_correct,
    resident_create,
    resident_move,
)
from langso.units.models import Unit
from tests.people import files
from tests.roles import World

pytestmark = pytest.mark.django_db

SHORT = ["Họ và tên", "Năm sinh", "Số CCCD", "Thôn, bản", "Quan hệ với chủ hộ"]
PANH = ["Lò Văn Pánh", 1978, "014078001234"]


def days_later(clock: time_machine.Traveller, days: int) -> date:
    clock.shift(timedelta(days=days))
    return today()


def fresh(row: Resident | Household) -> date:
    model = type(row)
    return model.all_objects.get(pk=row.pk).counted_since


def adult(village: Unit, name: str = "Cầm Thị Thoa", born: int = 1990) -> Resident:
    home = household_create(actor=SYSTEM, village=village)
    return resident_create(
        actor=SYSTEM,
        household=home,
        data=ResidentData(full_name=name, birth_year=born, is_head=True),
    )


def test_what_is_added_by_hand_counts_from_the_day_given_or_else_today(
    fixture_day: time_machine.Traveller, world: World
) -> None:
    week_ago = today() - timedelta(days=7)
    home = household_create(actor=SYSTEM, village=world.village_a1, day=week_ago)
    someone = resident_create(
        actor=SYSTEM, household=home, data=ResidentData(full_name="Lò Thị Xuân"), day=week_ago
    )
    assert (fresh(home), fresh(someone)) == (week_ago, week_ago)
    added = adult(world.village_a1)
    assert (fresh(added), fresh(added.household)) == (today(), today())


def test_an_import_counts_its_rows_from_its_day_and_whoever_it_moves_from_then(
    fixture_day: time_machine.Traveller, world: World
) -> None:
    first_day = today()
    import_residents(
        actor=SYSTEM,
        unit=world.commune_a,
        data=files.xlsx([SHORT, [*PANH, "Bản Hua Nà", "Chủ hộ"]]),
        filename="ds.xlsx",
    )
    panh = Resident.objects.get(full_name="Lò Văn Pánh")
    assert (fresh(panh), fresh(panh.household)) == (first_day, first_day)
    moved_on = days_later(fixture_day, 3)
    import_residents(
        actor=SYSTEM,
        unit=world.commune_a,
        data=files.xlsx(
            [
                SHORT,
                ["Cầm Văn Ơn", 1960, None, "Tiểu khu 3", "Chủ hộ"],
                [*PANH, "Tiểu khu 3", "Con"],
            ]
        ),
        filename="ds.xlsx",
    )
    panh.refresh_from_db()
    assert panh.village == world.village_a2
    assert fresh(panh) == moved_on
    assert fresh(Resident.objects.get(full_name="Cầm Văn Ơn")) == moved_on


def test_a_move_counts_anew_only_in_another_village(
    fixture_day: time_machine.Traveller, world: World
) -> None:
    first_day = today()
    someone = adult(world.village_a1)
    neighbours = household_create(actor=SYSTEM, village=world.village_a1)
    elsewhere = household_create(actor=SYSTEM, village=world.village_a2)
    days_later(fixture_day, 2)
    resident_move(actor=SYSTEM, resident=someone, household=neighbours)
    assert fresh(someone) == first_day
    moved_on = days_later(fixture_day, 2)
    resident_move(actor=SYSTEM, resident=someone, household=elsewhere)
    assert fresh(someone) == moved_on
    assert fresh(neighbours) == first_day


def test_a_household_moved_to_another_village_counts_with_its_people_from_the_move(
    fixture_day: time_machine.Traveller, world: World
) -> None:
    someone = adult(world.village_a1)
    home = someone.household
    moved_on = days_later(fixture_day, 4)
    edits.household_edit(
        actor=SYSTEM, household=home, number="", address="", village=world.village_a2
    )
    assert (fresh(home), fresh(someone)) == (moved_on, moved_on)


def test_a_corrected_birth_year_counts_anew_only_when_it_brings_them_into_a_population(
    fixture_day: time_machine.Traveller, world: World
) -> None:
    first_day = today()
    child = adult(world.village_a1, name="Lò Văn Bình", born=today().year - 10)
    days_later(fixture_day, 1)
    # Still a child (at 11): no population they were not in already.
    resident_correct(actor=SYSTEM, resident=child, birth_year=today().year - 11)
    assert fresh(child) == first_day
    grown_on = days_later(fixture_day, 1)
    # An adult after all: counted among adults from today.
    child.refresh_from_db()
    edits.resident_edit(
        actor=SYSTEM,
        resident=child,
        data=ResidentData(full_name=child.full_name, birth_year=1990, is_head=True),
    )
    assert fresh(child) == grown_on
    days_later(fixture_day, 1)
    # A name corrected, or an adult made older, counts nobody anew.
    child.refresh_from_db()
    edits.resident_edit(
        actor=SYSTEM,
        resident=child,
        data=ResidentData(full_name="Lò Văn Bính", birth_year=1980, is_head=True),
    )
    assert fresh(child) == grown_on


def test_the_record_a_merge_keeps_counts_from_the_merge(
    fixture_day: time_machine.Traveller, world: World
) -> None:
    first_day = today()
    older, newer = adult(world.village_a1, "Cầm Thị Thoa"), adult(world.village_a2, "Cầm Thị Thoa")
    merged_on = days_later(fixture_day, 5)
    merges.resident_merge(actor=SYSTEM, first=newer, second=older)
    assert fresh(older) == merged_on
    assert fresh(newer.household) == first_day
    merges.household_merge(actor=SYSTEM, first=older.household, second=newer.household)
    assert fresh(older.household) == merged_on


def test_someone_reinstated_counts_from_the_day_they_came_back(
    fixture_day: time_machine.Traveller, world: World
) -> None:
    someone = adult(world.village_a1)
    edits.resident_depart(actor=SYSTEM, resident=someone, kind="died", on=today())
    back_on = days_later(fixture_day, 6)
    edits.resident_reinstate(actor=SYSTEM, resident=someone, reason="Ghi nhầm")
    assert fresh(someone) == back_on
