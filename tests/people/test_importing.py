"""Importing household lists: the good rows in, every bad cell named, nothing half-written."""

from typing import Any

import pytest

from langso.indicators.models import Observation, Status, VillageRollup
from langso.people.importing import ImportReport, import_residents
from langso.people.models import Household, Resident
from langso.people.spreadsheet import FileRejected
from tests.people import files
from tests.roles import unit_today

pytestmark = pytest.mark.django_db


def run(data: bytes, name: str = "ds.xlsx", code: str = "03727", **options: Any) -> ImportReport:
    return import_residents(actor=None, unit=unit_today(code), data=data, filename=name, **options)


def counts() -> tuple[int, int, int, int]:
    return (
        Household.objects.count(),
        Resident.objects.count(),
        Observation.objects.count(),
        VillageRollup.objects.count(),
    )


def test_a_commune_list_creates_villages_households_and_residents() -> None:
    report = run(
        files.xlsx(files.household_list(), merged=files.TITLE_MERGES), create_villages=True
    )
    assert report.errors == []
    assert (report.rows, report.created, report.rejected) == (4, 4, 0)
    assert sorted(v["name"] for v in report.villages_created) == ["Bản Nà Lừm", "Bản Pá Sàng"]
    assert Household.objects.count() == 2
    head = Resident.objects.get(full_name="Lò Văn Pánh")
    assert head.is_head and head.household.head_name == "Lò Văn Pánh"
    assert head.id_masked == "0140******34"
    assert Resident.objects.get(full_name="Lò Thị Xuân").household_id == head.household_id
    assert Status.objects.filter(indicator_id="vneid_l2", value=True).count() == 3


def test_importing_the_same_list_twice_changes_nothing() -> None:
    data = files.xlsx(files.household_list())
    run(data, create_villages=True)
    before = counts()
    again = run(data, create_villages=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert again.villages_created == []
    assert counts() == before


def test_the_same_list_as_csv_after_xlsx_changes_nothing() -> None:
    run(files.xlsx(files.household_list()), create_villages=True)
    before = counts()
    again = run(files.csv_file(files.household_list()), name="ds.csv", create_villages=True)
    assert again.unchanged == 4, again.errors
    assert counts() == before


def test_a_dry_run_changes_nothing() -> None:
    before = counts()
    report = run(files.xlsx(files.household_list()), create_villages=True, dry_run=True)
    assert report.created == 4
    assert counts() == before


def test_an_unreadable_file_is_refused_whole() -> None:
    before = counts()
    with pytest.raises(FileRejected) as caught:
        run(files.PDF, name="ds.xlsx")
    assert caught.value.code == "FILE_TYPE_UNSUPPORTED"
    assert counts() == before
