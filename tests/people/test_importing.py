"""Importing household lists: the good rows in, every bad cell named, nothing half-written."""

from datetime import date

import pytest

from langso import access
from langso.access import SYSTEM
from langso.core.dates import today
from langso.core.models import AuditAction, AuditEntry
from langso.indicators.models import Indicator, Observation, Population, Status, VillageRollup
from langso.people.errors import FileError, RowError
from langso.people.importing import import_residents
from langso.people.models import Household, IdConflict, Resident
from langso.people.services import ResidentData, household_create, resident_create
from langso.people.spreadsheet import FileRejected
from langso.units.models import Kind, Unit, UnitVersion
from tests.people import files
from tests.people.lists import (
    HOUSEHOLD_MARKS,
    NUMBERED,
    VILLAGE,
    around,
    counts,
    found,
    person,
    run,
)
from tests.roles import World, unit_today
from tests.unchanged import PEOPLE, unchanged

pytestmark = pytest.mark.django_db


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
    assert head.id_masked == "**********34"
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


# Bad rows, one file each ----------------------------------------------------------------------
#
# Every file below has a title row and blank rows, so the row numbers the errors give are the
# sheet's own, not counts of data rows. Columns of files.HEADER: A STT, B Họ và tên, C Ngày sinh,
# D Giới tính, E Dân tộc, F Số CCCD, G SĐT, H Thôn, bản, I Quan hệ với chủ hộ, J VNeID mức 2.


# An ID number that belongs to a resident of another village ----------------------------------
#
# The importer matches a row to a known resident by ID number wherever that resident lives
# (importing.py, _match). A member row then moves the resident into the list's household; a head
# row makes the whole household count as found, so the row is "unchanged" and stays where it was.

SHORT = ["Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Thôn, bản", "Quan hệ với chủ hộ"]
PANH = ["Lò Văn Pánh", 1978, "Nam", "014078001234"]


def short_list(village: str, *rows: list[object]) -> bytes:
    return files.xlsx([SHORT, *[[*row[:4], village, *row[4:]] for row in rows]])


def test_a_member_known_in_another_village_of_the_commune_moves_to_the_lists_household(
    world: World,
) -> None:
    run(short_list("Bản Hua Nà", [*PANH, "Chủ hộ"]), code="03721")
    report = run(
        short_list("Tiểu khu 3", ["Cầm Văn Ơn", 1960, "Nam", None, "Chủ hộ"], [*PANH, "Con"]),
        code="03721",
    )
    assert (report.created, report.updated, report.errors) == (1, 1, [])
    moved = Resident.objects.get(full_name="Lò Văn Pánh")
    assert moved.village == world.village_a2
    assert moved.household == Resident.objects.get(full_name="Cầm Văn Ơn").household
    assert rollup_counts() == recount()


def test_a_head_known_in_another_village_of_the_commune_follows_the_list(world: World) -> None:
    run(short_list("Bản Hua Nà", [*PANH, "Chủ hộ"]), code="03721")
    report = run(short_list("Tiểu khu 3", [*PANH, "Chủ hộ"]), code="03721")
    assert report.unchanged == 0
    assert Resident.objects.get(full_name="Lò Văn Pánh").village == world.village_a2


def test_an_id_number_held_in_sight_outside_the_unit_imported_into_is_taken(
    world: World,
) -> None:
    """The commune officer sees Tiểu khu 3: a list of Bản Hua Nà may not take its people."""
    run(short_list("Tiểu khu 3", [*PANH, "Chủ hộ"]), code="03721")
    report = import_residents(
        actor=world.commune_officer,
        unit=world.village_a1,
        data=short_list("Bản Hua Nà", ["Cầm Văn Ơn", 1960, "Nam", None, "Chủ hộ"], [*PANH, "Con"]),
        filename="ds.xlsx",
    )
    assert found(report) == [(3, "D (Số CCCD)", RowError.ID_TAKEN)]
    assert (report.created, report.updated, report.unchanged) == (1, 0, 0)
    assert Resident.objects.get(full_name="Lò Văn Pánh").village == world.village_a2


@pytest.mark.parametrize("relationship", ["Chủ hộ", "Con"])
def test_an_id_number_held_out_of_sight_looks_new_and_waits_for_an_officer(
    world: World, relationship: str
) -> None:
    """The commune officer of Thuận Châu cannot see Bản Búng: the list is imported as if the
    number were new (telling them it is taken would tell them it exists), and the province
    officer, who sees both, is asked who holds it."""
    run(short_list("Bản Búng", [*PANH, "Chủ hộ"]), code="03727")
    holder = Resident.objects.get(full_name="Lò Văn Pánh")
    data = short_list(
        "Bản Hua Nà", ["Cầm Văn Ơn", 1960, "Nam", None, "Chủ hộ"], [*PANH, relationship]
    )
    fresh = ("Lò Thị Hiên", 1979, "Nữ", "014179001235")
    control = short_list(
        "Bản Hua Nà", ["Cầm Văn Ơn", 1960, "Nam", None, "Chủ hộ"], [*fresh, relationship]
    )
    checked = import_residents(
        actor=world.commune_officer,
        unit=world.commune_a,
        data=data,
        filename="ds.xlsx",
        dry_run=True,
    )
    like_new = import_residents(
        actor=world.commune_officer,
        unit=world.commune_a,
        data=control,
        filename="ds.xlsx",
        dry_run=True,
    )
    assert checked.as_dict() == like_new.as_dict()
    report = import_residents(
        actor=world.commune_officer, unit=world.commune_a, data=data, filename="ds.xlsx"
    )
    assert (report.created, report.updated, report.errors) == (2, 0, [])
    claimant = Resident.objects.get(full_name="Lò Văn Pánh", village=world.village_a1)
    assert claimant.id_masked == "**********34" and claimant.id_index is None
    holder.refresh_from_db()
    assert holder.village == world.village_b1 and holder.id_index is not None
    conflict = IdConflict.objects.get()
    assert (conflict.claimant, conflict.holder, conflict.resolved_at) == (claimant, holder, None)
    lookups = AuditEntry.objects.filter(action=AuditAction.ID_CONFLICT, object_id=str(holder.pk))
    assert lookups.count() == 2  # the check and the import each looked the number up
    assert {entry.actor_id for entry in lookups} == {world.commune_officer.pk}
    again = import_residents(
        actor=world.commune_officer, unit=world.commune_a, data=data, filename="ds.xlsx"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert IdConflict.objects.count() == 1
    assert list(IdConflict.objects.filter(access.id_conflicts_filter(world.province_officer))) == [
        conflict
    ]
    assert not IdConflict.objects.filter(access.id_conflicts_filter(world.commune_officer)).exists()


# Rejected rows leave no trace ------------------------------------------------------------------


def test_a_rejected_head_row_leaves_nothing_in_its_household(na_lum: Unit) -> None:
    grid: files.Grid = [
        HOUSEHOLD_MARKS,
        ["Lò Văn Pánh", "31/02/1978", VILLAGE, "Chủ hộ", None, "x", None],
        ["Lò Thị Xuân", 1982, VILLAGE, "Vợ", None, None, None],
    ]
    report = run(files.xlsx(grid))
    assert found(report)[0][2] == RowError.BIRTH_INVALID
    household = Resident.objects.get(full_name="Lò Thị Xuân").household
    assert (household.head_name, household.is_business) == ("", False)


def test_the_members_of_a_rejected_head_still_go_in(na_lum: Unit) -> None:
    grid: files.Grid = [
        HOUSEHOLD_MARKS,
        ["Lò Văn Pánh", "31/02/1978", VILLAGE, "Chủ hộ"],
        ["Lò Thị Xuân", 1982, VILLAGE, "Vợ"],
        ["Lò Văn Tùng", 2005, VILLAGE, "Con"],
    ]
    report = run(files.xlsx(grid))
    assert (report.created, report.rejected) == (2, 1)
    assert Household.objects.count() == 1
    assert not Resident.objects.filter(full_name="Lò Văn Pánh").exists()


# Good lists ------------------------------------------------------------------------------------


def test_a_corrected_list_updates_what_changed_and_nothing_else() -> None:
    run(files.xlsx(files.household_list()), create_villages=True)
    before = dict(Resident.objects.values_list("full_name", "updated_at"))
    grid = household_list()
    grid[8] = [*grid[8][:4], "Mường", grid[8][5], "0977.111.222", *grid[8][7:]]  # Lò Thị Xuân
    grid[10] = [*grid[10][:2], "14/02/2005", *grid[10][3:]]  # Lò Văn Tùng: the full date
    report = run(files.xlsx(grid), create_villages=True)
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 2, 2)
    xuan = Resident.objects.get(full_name="Lò Thị Xuân")
    assert (xuan.ethnicity, xuan.phone_masked) == ("Mường", "*******222")
    assert Resident.objects.get(full_name="Lò Văn Tùng").birth_date == date(2005, 2, 14)
    after = dict(Resident.objects.values_list("full_name", "updated_at"))
    assert after["Lò Văn Pánh"] == before["Lò Văn Pánh"]
    assert after["Vừ A Dế"] == before["Vừ A Dế"]
    assert Resident.objects.count() == 4
    assert rollup_counts() == recount()


def test_a_row_without_an_id_number_is_matched_by_name_and_birth_in_its_household() -> None:
    run(files.xlsx(files.household_list()), create_villages=True)
    grid = household_list()
    grid[10] = [*grid[10][:6], "0912 000 111", *grid[10][7:]]  # Lò Văn Tùng gets a phone
    report = run(files.xlsx(grid), create_villages=True)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    tung = Resident.objects.get(full_name="Lò Văn Tùng")
    assert tung.phone_masked == "*******111"
    assert tung.household == Resident.objects.get(full_name="Lò Văn Pánh").household
    # Vừ A Dế, head of his household and without an ID number, is found by name and birth too.
    assert Household.objects.count() == 2


def test_the_same_name_with_another_birth_year_is_another_person() -> None:
    run(files.xlsx(files.household_list()), create_villages=True)
    grid = household_list()
    grid.insert(11, [5, "Lò Văn Tùng", 2009, "Nam", "Thái", None, None, "Bản Nà Lừm", "Con"])
    report = run(files.xlsx(grid), create_villages=True)
    assert (report.created, report.unchanged) == (1, 4)
    assert Resident.objects.filter(full_name="Lò Văn Tùng").count() == 2


def test_a_household_number_column_forms_the_households_whatever_the_order(na_lum: Unit) -> None:
    grid: files.Grid = [
        NUMBERED,
        [1, "Lò Văn Pánh", 1978, "Nam", VILLAGE, "Chủ hộ"],
        [2, "Vừ A Dế", 1990, "Nam", VILLAGE, "Chủ hộ"],
        [1, "Lò Thị Xuân", 1982, "Nữ", VILLAGE, "Vợ"],
        [2, "Vừ A Sểnh", 2012, "Nam", VILLAGE, "Con"],
        [1, "Lò Văn Tùng", 2005, "Nam", VILLAGE, "Con"],
    ]
    report = run(files.xlsx(grid))
    assert (report.created, report.errors) == (5, [])
    households = {
        number: set(
            Household.objects.get(number=number).residents.values_list("full_name", flat=True)
        )
        for number in ("1", "2")
    }
    assert households == {
        "1": {"Lò Văn Pánh", "Lò Thị Xuân", "Lò Văn Tùng"},
        "2": {"Vừ A Dế", "Vừ A Sểnh"},
    }
    assert Household.objects.get(number="2").head_name == "Vừ A Dế"


def test_a_numbered_household_is_found_again_by_its_number(na_lum: Unit) -> None:
    grid: list[list[object]] = [
        [*NUMBERED],
        [7, "Lò Văn Pánh", 1978, "Nam", VILLAGE, "Chủ hộ"],
        [7, "Lò Thị Xuân", 1982, "Nữ", VILLAGE, "Vợ"],
    ]
    run(files.xlsx(grid))
    grid.append([7, "Lò Văn Tùng", 2005, "Nam", VILLAGE, "Con"])
    report = run(files.csv_file(grid), name="ds.csv")
    assert (report.created, report.unchanged) == (1, 2)
    assert Household.objects.count() == 1


def test_blank_household_numbers_fall_back_to_the_head_rows(na_lum: Unit) -> None:
    grid: files.Grid = [
        NUMBERED,
        [None, "Lò Văn Pánh", 1978, "Nam", VILLAGE, "Chủ hộ"],
        [None, "Lò Thị Xuân", 1982, "Nữ", VILLAGE, "Vợ"],
        [None, "Vừ A Dế", 1990, "Nam", VILLAGE, "Chủ hộ"],
    ]
    run(files.xlsx(grid))
    assert Household.objects.count() == 2


def test_a_household_mark_on_the_heads_row_is_one_household_observation(na_lum: Unit) -> None:
    grid: files.Grid = [
        HOUSEHOLD_MARKS,
        ["Lò Văn Pánh", 1978, VILLAGE, "Chủ hộ", "x"],
        ["Lò Thị Xuân", 1982, VILLAGE, "Vợ", "có"],
        ["Vừ A Dế", 1990, VILLAGE, "Chủ hộ"],
    ]
    report = run(files.xlsx(grid))
    assert report.errors == []
    household = Resident.objects.get(full_name="Lò Văn Pánh").household
    observation = Observation.objects.get(indicator_id="household_broadband")
    assert (observation.household, observation.resident, observation.value) == (
        household,
        None,
        True,
    )
    assert observation.source == "import"
    assert Status.objects.get(indicator_id="household_broadband").household == household
    rollup = VillageRollup.objects.get(village=na_lum, indicator_id="household_broadband")
    assert (rollup.numerator, rollup.denominator) == (1, 2)


def test_a_business_household_gets_its_business_indicators(na_lum: Unit) -> None:
    grid: files.Grid = [
        HOUSEHOLD_MARKS,
        ["Lò Văn Pánh", 1978, VILLAGE, "Chủ hộ", None, "x", "x"],
        ["Lò Thị Xuân", 1982, VILLAGE, "Vợ"],
        ["Vừ A Dế", 1990, VILLAGE, "Chủ hộ", None, None, "x"],
    ]
    report = run(files.xlsx(grid))
    assert report.errors == []
    business = Resident.objects.get(full_name="Lò Văn Pánh").household
    assert business.is_business
    assert not Resident.objects.get(full_name="Vừ A Dế").household.is_business
    # A household that is not a business has no place in a business indicator: nothing recorded.
    assert list(
        Observation.objects.filter(indicator_id="business_qr_payment").values_list(
            "household", flat=True
        )
    ) == [business.pk]
    rollup = VillageRollup.objects.get(village=na_lum, indicator_id="business_qr_payment")
    assert (rollup.numerator, rollup.denominator) == (1, 1)


def test_a_blank_or_unticked_mark_records_nothing(na_lum: Unit) -> None:
    grid = around(person(mark=None))
    grid[4][9] = "không"  # Lò Thị Xuân
    grid[7][9] = "0"  # Vừ A Dế
    report = run(files.xlsx(grid))
    assert report.errors == []
    assert list(Status.objects.values_list("resident__full_name", "indicator_id", "value")) == [
        ("Lò Văn Pánh", "vneid_l2", True)
    ]
    assert Observation.objects.count() == 1


def test_the_same_marks_twice_make_no_new_observations() -> None:
    grid = household_list()
    grid[5] = [*grid[5], "Internet cáp quang"]
    grid[7] = [*grid[7], "x"]  # Lò Văn Pánh's household has broadband.
    run(files.xlsx(grid), create_villages=True)
    observed = Observation.objects.count()
    assert observed == 4
    again = run(files.ods(grid), name="ds.ods", create_villages=True)
    assert again.observations == 0
    assert Observation.objects.count() == observed
    grid[10][9] = None  # A mark left out is not a "no": nothing is recorded.
    grid[8] = [*grid[8], "x"]  # Lò Thị Xuân's VNeID, newly ticked.
    third = run(files.xlsx(grid), create_villages=True)
    assert third.observations == 1
    assert Observation.objects.count() == observed + 1
    assert rollup_counts() == recount()


def test_a_dry_run_reports_what_the_real_run_then_does() -> None:
    grid = household_list()
    grid.append([5, "Lò Thị Mai", "31/02/1990", "Nữ", "Thái", None, None, "Bản Nà Lừm", "Con"])
    data = files.xlsx(grid)
    before = counts()
    dry = run(data, create_villages=True, dry_run=True)
    assert counts() == before
    assert UnitVersion.objects.filter(parent=unit_today("03727")).count() == 0
    real = run(data, create_villages=True)
    assert (dry.dry_run, real.dry_run) == (True, False)
    dry_body, real_body = dry.as_dict(), real.as_dict()
    assert [v["code"] for v in dry_body.pop("villages_created")] == ["", ""]
    assert [v["name"] for v in real_body.pop("villages_created")] == ["Bản Nà Lừm", "Bản Pá Sàng"]
    assert dry_body == real_body
    assert (real.rows, real.created, real.rejected) == (5, 4, 1)
    # Against data already there, a dry run sees the same matches as a real run.
    corrected = run(files.xlsx(files.household_list()), create_villages=True, dry_run=True)
    assert (corrected.created, corrected.unchanged) == (0, 4)


def test_created_villages_get_local_codes_under_the_commune() -> None:
    commune = unit_today("03721")
    report = run(files.xlsx(files.household_list()), code="03721", create_villages=True)
    assert report.villages_created == [
        {"code": "03721.001", "name": "Bản Nà Lừm"},
        {"code": "03721.002", "name": "Bản Pá Sàng"},
    ]
    for village in report.villages_created:
        version = UnitVersion.objects.get(code=village["code"])
        assert (version.name, version.kind, version.parent) == (
            village["name"],
            Kind.VILLAGE,
            commune,
        )
        assert Resident.objects.filter(village=version.unit).exists()


def test_rows_naming_a_village_without_its_kind_word_find_it(na_lum: Unit) -> None:
    grid = around(person(village="nà lừm"))
    report = run(files.xlsx(grid))
    assert (report.created, report.errors, report.villages_created) == (4, [], [])
    assert Resident.objects.filter(village=na_lum).count() == 4


def test_roll_ups_after_imports_equal_a_recount() -> None:
    grid = household_list()
    grid[5] = [*grid[5], "Internet cáp quang", "Hộ kinh doanh", "Thanh toán QR", "Smartphone"]
    grid[7] = [*grid[7], "x", "x", "x", "x"]
    grid[13] = [*grid[13], None, None, "x", "x"]  # Not a business: no QR payment observation.
    # An old 9-digit CMND says nothing about the birth year, so a corrected year keeps the match.
    hoa = [5, "Cầm Thị Hoa", 2015, "Nữ", "Thái", "050123456", None, "Bản Nà Lừm", "Con", "x"]
    grid.insert(12, hoa)
    run(files.xlsx(grid), create_villages=True)
    assert rollup_counts() == recount()
    village = village_of("Lò Văn Pánh")
    assert rollup_counts()[(village, "vneid_l2")] == (2, 3)
    # The corrected list: Cầm Thị Hoa was born in 2010 (old enough for VNeID, 14+), Lò Thị Xuân
    # has VNeID, Vừ A Dế's household has broadband, and a baby is added to it.
    grid[12] = [*hoa[:2], 2010, *hoa[3:]]
    grid[8] = [*grid[8], "x"]
    grid[14] = [*grid[14][:10], "x"]
    grid.append([6, "Vừ A Tủa", 2024, "Nam", "Mông", None, None, "Bản Pá Sàng", "Con"])
    report = run(files.csv_file(grid), name="ds.csv", create_villages=True)
    # Updated: Cầm Thị Hoa's birth year, and Lò Thị Xuân's new VNeID mark.
    assert (report.created, report.updated, report.unchanged) == (1, 2, 3), report.errors
    assert rollup_counts() == recount()
    assert rollup_counts()[(village, "vneid_l2")] == (4, 4)
    assert rollup_counts()[(village_of("Vừ A Dế"), "household_broadband")] == (1, 1)


# Helpers ---------------------------------------------------------------------------------------


def household_list() -> list[list[object]]:
    """files.household_list() with rows of its own: files.RESIDENTS is shared by every test."""
    return [list(row) for row in files.household_list()]


def village_of(name: str) -> int:
    return Resident.objects.get(full_name=name).village_id


def rollup_counts() -> dict[tuple[int, str], tuple[int, int]]:
    return {
        (village, indicator): (numerator, denominator)
        for village, indicator, numerator, denominator in VillageRollup.objects.values_list(
            "village_id", "indicator_id", "numerator", "denominator"
        )
        if numerator or denominator
    }


def recount() -> dict[tuple[int, str], tuple[int, int]]:
    """Every village's numerator and denominator counted from residents, households and
    statuses, the way someone checking by hand would."""
    year = today().year
    figures: dict[tuple[int, str], tuple[int, int]] = {}
    villages = set(Household.objects.values_list("village_id", flat=True))
    for indicator in Indicator.objects.all():
        for village in villages:
            if indicator.population == Population.RESIDENTS:
                people = Resident.objects.filter(village_id=village)
                if indicator.min_age is not None:
                    people = people.filter(birth_year__lte=year - indicator.min_age)
                held = Status.objects.filter(resident__in=people)
                population = people.count()
            else:
                homes = Household.objects.filter(village_id=village)
                if indicator.population == Population.BUSINESSES:
                    homes = homes.filter(is_business=True)
                held = Status.objects.filter(household__in=homes)
                population = homes.count()
            yes = held.filter(indicator=indicator, value=True).count()
            if yes or population:
                figures[(village, indicator.code)] = (yes, population)
    return figures


def test_control_characters_in_a_name_are_dropped_not_stored(na_lum: Unit) -> None:
    """A NUL, which PostgreSQL cannot store, can come through the API or a form; a CSV
    holding one is refused as not a spreadsheet."""
    household = household_create(actor=SYSTEM, village=na_lum, head_name="Lò\x00 Văn Pánh")
    resident = resident_create(
        actor=SYSTEM, household=household, data=ResidentData(full_name="Lò Văn\x00 Tùng\x07")
    )
    assert household.head_name == "Lò Văn Pánh"
    assert Resident.objects.get(pk=resident.pk).full_name == "Lò Văn Tùng"
    with unchanged(*PEOPLE), pytest.raises(FileRejected) as refused:
        run(files.csv_file([list(files.HEADER), person(name="Lò\x00 Tùng")]), name="ds.csv")
    assert refused.value.code == FileError.TYPE_UNSUPPORTED
