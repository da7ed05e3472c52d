"""Bad rows and bad units in an import: an error for each bad cell, the good rows still in."""

from datetime import date
from typing import Any

import pytest

from langso.access import SYSTEM
from langso.core.errors import DomainError, NotFound
from langso.indicators.models import Observation, VillageRollup
from langso.people.errors import FileError, RowError
from langso.people.importing import import_residents
from langso.people.models import Household, Resident
from langso.people.spreadsheet import FileRejected
from langso.units import services as unit_services
from langso.units.errors import UnitError
from langso.units.models import Kind, Unit, UnitVersion
from tests.people import files
from tests.people.lists import (
    BAD_ROW,
    BIRTH,
    ETHNICITY,
    GOOD_NAMES,
    HOUSEHOLD_MARKS,
    ID,
    MARK,
    NAME,
    NUMBERED,
    PHONE,
    RELATIONSHIP,
    SEX,
    VILLAGE,
    VILLAGE_COLUMN,
    around,
    counts,
    found,
    person,
    run,
    village_code,
)
from tests.roles import World, unit_today

pytestmark = pytest.mark.django_db


BAD_ROWS: list[Any] = [
    # (id, bad row, format, [(column, code), …])
    ("name-missing", person(name=None), "xlsx", [(NAME, RowError.NAME_REQUIRED)]),
    ("name-blank-spaces", person(name="   "), "csv", [(NAME, RowError.NAME_REQUIRED)]),
    ("name-too-long", person(name="Lò " * 51), "xlsx", [(NAME, RowError.TEXT_TOO_LONG)]),
    ("impossible-date", person(birth="31/02/1990"), "xlsx", [(BIRTH, RowError.BIRTH_INVALID)]),
    ("impossible-date-csv", person(birth="31/02/1990"), "csv", [(BIRTH, RowError.BIRTH_INVALID)]),
    ("birth-not-a-date", person(birth="không rõ"), "ods", [(BIRTH, RowError.BIRTH_INVALID)]),
    ("future-date-cell", person(birth=date(2099, 1, 1)), "xlsx", [(BIRTH, RowError.BIRTH_FUTURE)]),
    ("future-year", person(birth="2099"), "csv", [(BIRTH, RowError.BIRTH_FUTURE)]),
    ("year-before-1900", person(birth=1899), "xls", [(BIRTH, RowError.BIRTH_INVALID)]),
    ("date-before-1900", person(birth="15/03/1850"), "ods", [(BIRTH, RowError.BIRTH_INVALID)]),
    ("unknown-sex", person(sex="Khác"), "xlsx", [(SEX, RowError.SEX_INVALID)]),
    (
        "unknown-ethnicity",
        person(ethnicity="Pháp"),
        "ods",
        [(ETHNICITY, RowError.ETHNICITY_UNKNOWN)],
    ),
    # 11 digits get their lost leading zero back and are then checked like any CCCD.
    (
        "id-11-digits-still-wrong",
        person(id_number=14278009999),
        "xlsx",
        [(ID, RowError.ID_YEAR_MISMATCH)],
    ),
    ("id-10-digits", person(id_number="0142050012"), "csv", [(ID, RowError.ID_INVALID)]),
    ("id-13-digits", person(id_number="0142050012345"), "xlsx", [(ID, RowError.ID_INVALID)]),
    ("id-words", person(id_number="chưa có"), "xlsx", [(ID, RowError.ID_INVALID)]),
    ("id-with-a-letter", person(id_number="01420500123A"), "xls", [(ID, RowError.ID_INVALID)]),
    (
        "id-province-unknown",
        person(id_number="003205001234"),
        "xlsx",
        [(ID, RowError.ID_PROVINCE_UNKNOWN)],
    ),
    (
        "id-century-mismatch",
        person(id_number="014005001234"),
        "xlsx",
        [(ID, RowError.ID_CENTURY_MISMATCH)],
    ),
    (
        "id-year-mismatch",
        person(id_number="014206001234"),
        "csv",
        [(ID, RowError.ID_YEAR_MISMATCH)],
    ),
    ("id-sex-mismatch", person(id_number="014305001234"), "xlsx", [(ID, RowError.ID_SEX_MISMATCH)]),
    ("phone-too-short", person(phone="0912 345"), "xlsx", [(PHONE, RowError.PHONE_INVALID)]),
    ("phone-number-cell", person(phone=12345), "xls", [(PHONE, RowError.PHONE_INVALID)]),
    ("mark-maybe", person(mark="maybe"), "xlsx", [(MARK, RowError.MARK_INVALID)]),
    (
        "village-unknown",
        person(village="Bản Không Có", relationship="Chủ hộ"),
        "xlsx",
        [(VILLAGE_COLUMN, RowError.VILLAGE_UNKNOWN)],
    ),
    (
        "village-empty",
        person(village=None, relationship="Chủ hộ"),
        "xlsx",
        [(VILLAGE_COLUMN, RowError.VILLAGE_REQUIRED)],
    ),
    (
        "several-bad-cells",
        person(birth="31/02/1990", sex="?", ethnicity="Pháp", id_number="0140", phone="123"),
        "xlsx",
        [
            (BIRTH, RowError.BIRTH_INVALID),
            (SEX, RowError.SEX_INVALID),
            (ETHNICITY, RowError.ETHNICITY_UNKNOWN),
            # The ID number is checked last, against the birth and sex of the row.
            (PHONE, RowError.PHONE_INVALID),
            (ID, RowError.ID_INVALID),
        ],
    ),
]


def _case(name: str, bad: list[object], file_format: str, expected: list[Any]) -> Any:
    return pytest.param(bad, file_format, expected, id=name)


@pytest.mark.parametrize(("bad", "file_format", "expected"), [_case(*case) for case in BAD_ROWS])
def test_a_bad_row_is_rejected_with_an_error_per_bad_cell_and_the_good_rows_go_in(
    na_lum: Unit, bad: list[object], file_format: str, expected: list[tuple[str, str]]
) -> None:
    report = run(files.in_format(around(bad), file_format), name=f"ds.{file_format}")
    assert found(report) == [(BAD_ROW, column, code) for column, code in expected]
    assert all(problem.message for problem in report.errors)
    assert {problem.sheet for problem in report.errors} == {
        "ds" if file_format == "csv" else "Danh sách"
    }
    assert (report.rows, report.created, report.rejected) == (4, 3, 1)
    # Nothing of the rejected row: its person, household and mark are nowhere.
    assert set(Resident.objects.values_list("full_name", flat=True)) == GOOD_NAMES
    assert Household.objects.count() == 2
    assert not Resident.objects.exclude(village=na_lum).exists()
    assert Observation.objects.filter(indicator_id="vneid_l2").count() == 3
    assert VillageRollup.objects.get(village=na_lum, indicator_id="vneid_l2").denominator == 3


def test_messages_quote_the_cell_as_the_person_sees_it(na_lum: Unit) -> None:
    report = run(files.xlsx(around(person(birth="31/02/1990", id_number="0142050012"))))
    messages = {problem.code: problem.message for problem in report.errors}
    assert "31/02/1990" in messages[RowError.BIRTH_INVALID]
    # A mistyped ID number is still an ID number: reports show it masked.
    assert "0142050012" not in messages[RowError.ID_INVALID]


def test_the_same_id_number_twice_rejects_the_second_row(na_lum: Unit) -> None:
    again = person("Lò Văn Pánh", date(1978, 3, 12), "Nam", "Thái", "014078001234", None, VILLAGE)
    report = run(files.xlsx(around(again)))
    assert found(report) == [(BAD_ROW, ID, RowError.ID_DUPLICATE_IN_FILE)]
    assert "4" in report.errors[0].message
    assert Resident.objects.filter(full_name="Lò Văn Pánh").count() == 1
    assert (report.created, report.rejected) == (3, 1)


def test_a_bad_mark_is_reported_in_its_column_on_its_row(na_lum: Unit) -> None:
    """The row, column letter and code of a bad mark."""
    report = run(files.xlsx(around(person(sex="?", mark="maybe"))))
    assert [(p.row, p.column[:2], p.code) for p in report.errors] == [
        (BAD_ROW, "D ", RowError.SEX_INVALID),
        (BAD_ROW, "J ", RowError.MARK_INVALID),
    ]
    assert "maybe" in report.errors[1].message
    assert report.rejected == 1
    assert set(Resident.objects.values_list("full_name", flat=True)) == GOOD_NAMES


def test_a_member_before_any_head_is_rejected(na_lum: Unit) -> None:
    grid = around(person())
    # Lò Văn Tùng ("Con") comes first, on row 4, before the head of his household.
    grid[3:5] = [grid[6], grid[3], grid[4]]
    del grid[7]
    report = run(files.xlsx(grid))
    assert found(report) == [(4, RELATIONSHIP, RowError.NO_HEAD)]
    assert "Lò Văn Tùng" not in set(Resident.objects.values_list("full_name", flat=True))
    assert (report.created, report.rejected) == (3, 1)


def test_a_second_head_in_a_numbered_household_is_rejected(na_lum: Unit) -> None:
    grid: files.Grid = [
        NUMBERED,
        [1, "Lò Văn Pánh", 1978, "Nam", VILLAGE, "Chủ hộ"],
        [1, "Lò Thị Xuân", 1982, "Nữ", VILLAGE, "Vợ"],
        [1, "Lò Văn Tùng", 1975, "Nam", VILLAGE, "Chủ hộ"],
        [2, "Vừ A Dế", 1990, "Nam", VILLAGE, "Chủ hộ"],
    ]
    report = run(files.xlsx(grid))
    assert found(report) == [(4, "F (Quan hệ với chủ hộ)", RowError.HOUSEHOLD_TWO_HEADS)]
    assert "2" in report.errors[0].message
    assert set(Resident.objects.values_list("full_name", flat=True)) == GOOD_NAMES
    assert Resident.objects.filter(is_head=True).count() == 2


def test_a_household_number_over_30_characters_is_rejected(na_lum: Unit) -> None:
    grid: files.Grid = [
        NUMBERED,
        ["H" * 31, "Lò Văn Pánh", 1978, "Nam", VILLAGE, "Chủ hộ"],
        [2, "Vừ A Dế", 1990, "Nam", VILLAGE, "Chủ hộ"],
    ]
    report = run(files.ods(grid), name="ds.ods")
    assert found(report) == [(2, "A (Số hộ)", RowError.TEXT_TOO_LONG)]
    assert list(Resident.objects.values_list("full_name", flat=True)) == ["Vừ A Dế"]


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        (["có lẽ", None, None], "E (Internet cáp quang)"),
        ([None, "đang làm", None], "F (Hộ kinh doanh)"),
        ([None, "x", "?"], "G (Thanh toán QR)"),
    ],
    ids=["household-indicator", "business-column", "business-indicator"],
)
def test_a_bad_household_mark_rejects_its_row(
    na_lum: Unit, cells: list[object], column: str
) -> None:
    grid: files.Grid = [
        HOUSEHOLD_MARKS,
        ["Lò Văn Pánh", 1978, VILLAGE, "Chủ hộ", *cells],
        ["Vừ A Dế", 1990, VILLAGE, "Chủ hộ", "x", "x", "x"],
    ]
    report = run(files.xlsx(grid))
    assert [(p.row, p.column[:2], p.code) for p in report.errors] == [
        (2, column[:2], RowError.MARK_INVALID)
    ]
    assert list(Resident.objects.values_list("full_name", flat=True)) == ["Vừ A Dế"]
    assert Household.objects.count() == 1
    assert Observation.objects.filter(household__isnull=False).count() == 2


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        (["có lẽ", None, None], "E (Internet cáp quang)"),
        ([None, "đang làm", None], "F (Hộ kinh doanh)"),
        ([None, "x", "?"], "G (Thanh toán QR)"),
    ],
    ids=["household-indicator", "business-column", "business-indicator"],
)
def test_a_bad_mark_names_its_column_by_the_header(
    na_lum: Unit, cells: list[object], column: str
) -> None:
    grid: files.Grid = [HOUSEHOLD_MARKS, ["Lò Văn Pánh", 1978, VILLAGE, "Chủ hộ", *cells]]
    assert [p.column for p in run(files.xlsx(grid)).errors] == [column]
    assert not Household.objects.exists()
    assert not Resident.objects.exists()
    assert not Observation.objects.exists()


def test_rows_numbered_in_advance_but_left_empty_are_not_rows(na_lum: Unit) -> None:
    grid = around(person())
    grid += [[9], [10], [11]]
    report = run(files.xlsx(grid))
    assert (report.rows, report.rejected, report.errors) == (4, 0, [])


# Files refused whole by the importer ----------------------------------------------------------


def test_importing_into_a_province_is_refused_whole(na_lum: Unit) -> None:
    before = counts()
    with pytest.raises(FileRejected) as caught:
        run(files.xlsx(around(person())), code="14")
    assert caught.value.code == FileError.UNIT_NOT_VILLAGE_OR_COMMUNE
    assert "Tỉnh Sơn La" in str(caught.value.message)
    assert counts() == before


def test_importing_into_a_district_is_refused_whole(na_lum: Unit) -> None:
    district = unit_services.unit_create(
        actor=SYSTEM, name="Huyện Thử", kind=Kind.DISTRICT, parent=unit_today("14"), code="999"
    )
    before = counts()
    with pytest.raises(FileRejected) as caught:
        import_residents(
            actor=SYSTEM, unit=district, data=files.xlsx(around(person())), filename="ds.xlsx"
        )
    assert caught.value.code == FileError.UNIT_NOT_VILLAGE_OR_COMMUNE
    assert counts() == before


def test_importing_into_a_district_abolished_in_2025_says_it_no_longer_exists(
    na_lum: Unit,
) -> None:
    old = UnitVersion.objects.get(code="119", valid_until=date(2025, 7, 1)).unit
    with pytest.raises(DomainError) as caught:
        import_residents(
            actor=SYSTEM, unit=old, data=files.xlsx(around(person())), filename="ds.xlsx"
        )
    assert caught.value.code == UnitError.NOT_VALID_ON
    assert Resident.objects.count() == 0


def test_a_commune_list_without_a_village_column_is_refused_whole(na_lum: Unit) -> None:
    grid = [row[:7] + row[8:] for row in around(person())]
    with pytest.raises(FileRejected) as caught:
        run(files.xlsx(grid))
    assert caught.value.code == FileError.COLUMN_MISSING
    assert Resident.objects.count() == 0


def test_a_village_list_needs_no_village_column(na_lum: Unit) -> None:
    grid = [row[:7] + row[8:] for row in around(person())]
    report = run(files.xlsx(grid), code=village_code(na_lum))
    assert (report.created, report.errors) == (4, [])
    assert Resident.objects.filter(village=na_lum).count() == 4


def test_a_unit_outside_the_actors_scope_is_refused_as_if_absent(world: World) -> None:
    with pytest.raises(NotFound) as caught:
        import_residents(
            actor=world.member_b,
            unit=world.commune_a,
            data=files.xlsx(around(person())),
            filename="ds.xlsx",
        )
    assert caught.value.code == UnitError.NOT_FOUND
    assert "Thuận Châu" not in str(caught.value.message)
    assert Resident.objects.count() == 0
