"""A list re-imported with someone who died or was withdrawn: the row is refused, nobody is
brought back to life."""

from datetime import timedelta

import pytest

from langso.access import SYSTEM
from langso.core.dates import format_date, today
from langso.people import edit_services as edits
from langso.people.errors import RowError
from langso.people.models import LifeEvent, LifeEventKind, Resident
from tests.people import files
from tests.people.lists import run

pytestmark = pytest.mark.django_db


def depart(name: str, kind: str) -> Resident:
    resident = Resident.objects.get(full_name=name)
    edits.resident_depart(
        actor=SYSTEM, resident=resident, kind=kind, on=today() - timedelta(days=3)
    )
    return resident


def refusals(report: object) -> list[tuple[int, str, str]]:
    return [(e.row, e.code, e.message) for e in report.errors]  # type: ignore[attr-defined]


def test_a_resident_who_died_is_refused_by_the_id_number_their_departure_kept() -> None:
    data = files.xlsx(files.household_list())
    run(data, create_villages=True)
    depart("Lò Thị Xuân", LifeEventKind.DIED)
    assert LifeEvent.objects.get().id_index is not None
    living = Resident.objects.count()
    report = run(data, create_villages=True)
    day = format_date(today() - timedelta(days=3))
    assert refusals(report) == [
        (
            9,
            RowError.RESIDENT_DEPARTED_IN_FILE,
            f"Người này đã được ghi là đã mất ngày {day}; nếu sai, hãy sửa trên trang nhân khẩu.",
        )
    ]
    assert (report.created, report.unchanged, report.rejected) == (0, 3, 1)
    assert Resident.objects.count() == living
    assert Resident.all_objects.filter(full_name="Lò Thị Xuân").count() == 1


def test_a_withdrawn_resident_without_id_is_refused_by_name_and_birth_in_the_household() -> None:
    data = files.xlsx(files.household_list())
    run(data, create_villages=True)
    depart("Lò Văn Tùng", LifeEventKind.WITHDRAWN)
    report = run(data, create_villages=True)
    assert [(row, code) for row, code, _m in refusals(report)] == [
        (11, RowError.RESIDENT_DEPARTED_IN_FILE)
    ]
    assert "ghi nhầm" in report.errors[0].message
    assert report.created == 0
    assert Resident.all_objects.filter(full_name="Lò Văn Tùng").count() == 1


def test_the_number_of_someone_who_died_given_to_the_right_person_is_not_refused() -> None:
    data = files.xlsx(files.household_list())
    run(data, create_villages=True)
    xuan = depart("Lò Thị Xuân", LifeEventKind.DIED)
    # The number now belongs to someone present: the list's row is that person.
    holder = Resident.objects.get(full_name="Vừ A Dế")
    Resident.objects.filter(pk=holder.pk).update(
        id_index=LifeEvent.objects.get(resident=xuan).id_index
    )
    report = run(data, create_villages=True)
    assert RowError.RESIDENT_DEPARTED_IN_FILE not in {e.code for e in report.errors}


def test_the_same_name_born_another_year_in_the_household_is_a_new_person() -> None:
    run(files.xlsx(files.household_list()), create_villages=True)
    depart("Lò Văn Tùng", LifeEventKind.DIED)
    grid = files.household_list()
    grid[10] = [grid[10][0], "Lò Văn Tùng", 2012, *grid[10][3:]]
    report = run(files.xlsx(grid), create_villages=True)
    assert report.errors == []
    assert report.created == 1
