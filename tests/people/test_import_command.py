"""``manage.py import_residents``: one JSON object to read, an exit status to trust."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from langso.indicators.models import Observation, VillageRollup
from langso.people.models import Household, Resident
from langso.units.models import UnitVersion
from tests.people import files
from tests.roles import unit_today

pytestmark = pytest.mark.django_db

KEYS = {"rows", "created", "updated", "unchanged", "rejected", "villages_created", "errors"}


def command(*args: str) -> str:
    """The command's standard output; raises CommandError as the shell would see a failure."""
    out = []

    class Out:
        def write(self, text: str) -> None:
            out.append(text)

        def flush(self) -> None:
            pass

    call_command("import_residents", *args, stdout=Out())
    return "".join(out)


def counts() -> tuple[int, int, int, int, int]:
    return (
        Household.objects.count(),
        Resident.objects.count(),
        Observation.objects.count(),
        VillageRollup.objects.count(),
        UnitVersion.objects.count(),
    )


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def with_bad_row() -> list[list[object]]:
    grid = files.household_list()
    # Row 15 of the sheet: an impossible date and an unknown sex in one row.
    grid.append([5, "Lò Thị Mai", "31/02/1990", "Nư?", "Thái", None, None, "Bản Pá Sàng", "Con"])
    return grid


def test_json_output_is_one_object_with_the_report(tmp_path: Path) -> None:
    path = write(tmp_path, "ds.xlsx", files.xlsx(with_bad_row()))
    out = command(path, "--unit", "03727", "--create-villages", "--format", "json")
    body = json.loads(out)  # One object and nothing else: json.loads refuses trailing text.
    assert set(body) == KEYS
    assert (body["rows"], body["created"], body["updated"], body["unchanged"]) == (5, 4, 0, 0)
    assert body["rejected"] == 1
    assert body["villages_created"] == [
        {"code": "03727.001", "name": "Bản Nà Lừm"},
        {"code": "03727.002", "name": "Bản Pá Sàng"},
    ]
    assert [{k: e[k] for k in ("sheet", "row", "column", "code")} for e in body["errors"]] == [
        {"sheet": "Danh sách", "row": 15, "column": "C (Ngày sinh)", "code": "BIRTH_INVALID"},
        {"sheet": "Danh sách", "row": 15, "column": "D (Giới tính)", "code": "SEX_INVALID"},
    ]
    assert all(
        set(error) == {"sheet", "row", "column", "code", "message"} for error in body["errors"]
    )
    assert "31/02/1990" in body["errors"][0]["message"]
    assert Resident.objects.count() == 4


def test_json_keeps_vietnamese_letters_as_they_are(tmp_path: Path) -> None:
    path = write(tmp_path, "ds.csv", files.csv_file(with_bad_row()))
    out = command(path, "--unit", "03727", "--create-villages", "--format", "json")
    assert "Bản Nà Lừm" in out
    assert json.loads(out)["errors"][0]["sheet"] == "ds"


def test_a_second_run_reports_everything_unchanged(tmp_path: Path) -> None:
    path = write(tmp_path, "ds.ods", files.ods(files.household_list()))
    command(path, "--unit", "03727", "--create-villages", "--format", "json")
    before = counts()
    body = json.loads(command(path, "--unit", "03727", "--create-villages", "--format", "json"))
    assert (body["created"], body["unchanged"], body["villages_created"]) == (0, 4, [])
    assert counts() == before


def test_a_dry_run_changes_nothing_and_reports_the_same_counts(tmp_path: Path) -> None:
    path = write(tmp_path, "ds.xlsx", files.xlsx(with_bad_row()))
    before = counts()
    dry = json.loads(
        command(path, "--unit", "03727", "--create-villages", "--dry-run", "--format", "json")
    )
    assert counts() == before
    real = json.loads(command(path, "--unit", "03727", "--create-villages", "--format", "json"))
    assert {k: v for k, v in dry.items() if k != "villages_created"} == {
        k: v for k, v in real.items() if k != "villages_created"
    }
    assert [v["name"] for v in dry["villages_created"]] == ["Bản Nà Lừm", "Bản Pá Sàng"]


def test_the_text_output_names_rows_and_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "ds.xlsx", files.xlsx(with_bad_row()))
    out = command(path, "--unit", "03727", "--create-villages")
    assert "5 rows: 4 created, 0 updated, 0 unchanged, 1 rejected." in out
    assert "Danh sách row 15, C (Ngày sinh): [BIRTH_INVALID]" in out


def test_row_errors_alone_exit_with_success(tmp_path: Path) -> None:
    # A header and one row without a name.
    grid: files.Grid = [files.HEADER, ["", "", "", "Nam"]]
    path = write(tmp_path, "ds.xlsx", files.xlsx(grid))
    body = json.loads(command(path, "--unit", "03727", "--format", "json"))
    assert (body["rows"], body["rejected"], body["errors"][0]["code"]) == (1, 1, "NAME_REQUIRED")


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("ds.xlsx", files.PDF, "FILE_TYPE_UNSUPPORTED"),
        ("ds.xlsx", b"", "FILE_EMPTY"),
        ("ds.xlsx", files.xlsx([["Tên", "Tuổi"], ["Lò Văn Pánh", 46]]), "FILE_HEADER_NOT_FOUND"),
    ],
    ids=["pdf-renamed-xlsx", "empty", "no-header"],
)
def test_a_file_that_cannot_be_imported_fails_the_command(
    tmp_path: Path, name: str, data: bytes, code: str
) -> None:
    path = write(tmp_path, name, data)
    before = counts()
    with pytest.raises(CommandError, match=code):
        command(path, "--unit", "03727", "--format", "json")
    assert counts() == before


def test_a_truncated_workbook_fails_the_command(tmp_path: Path) -> None:
    data = files.xlsx(files.household_list())
    path = write(tmp_path, "ds.xlsx", data[: len(data) // 2])
    before = counts()
    with pytest.raises(CommandError, match="FILE_UNREADABLE"):
        command(path, "--unit", "03727", "--create-villages")
    assert counts() == before


def test_the_json_of_a_refused_file_says_why(tmp_path: Path) -> None:
    path = write(tmp_path, "ds.xlsx", files.PDF)
    out: list[str] = []

    class Out:
        def write(self, text: str) -> None:
            out.append(text)

        def flush(self) -> None:
            pass

    before = counts()
    with pytest.raises(CommandError):
        call_command("import_residents", path, "--unit", "03727", "--format", "json", stdout=Out())
    assert json.loads("".join(out))["code"] == "FILE_TYPE_UNSUPPORTED"
    assert counts() == before


def test_an_unknown_unit_code_fails_the_command(tmp_path: Path) -> None:
    path = write(tmp_path, "ds.xlsx", files.xlsx(files.household_list()))
    before = counts()
    with pytest.raises(CommandError, match="UNIT_NOT_FOUND"):
        command(path, "--unit", "99999", "--format", "json")
    assert counts() == before


def test_a_province_unit_fails_the_command(tmp_path: Path) -> None:
    path = write(tmp_path, "ds.xlsx", files.xlsx(files.household_list()))
    before = counts()
    with pytest.raises(CommandError, match="FILE_UNIT_LEVEL"):
        command(path, "--unit", "14", "--create-villages")
    assert counts() == before


def test_a_commune_list_without_village_column_fails_the_command(tmp_path: Path) -> None:
    grid = [row[:7] + row[8:] for row in files.household_list()]
    path = write(tmp_path, "ds.xlsx", files.xlsx(grid))
    before = counts()
    with pytest.raises(CommandError, match="FILE_COLUMN_MISSING"):
        command(path, "--unit", "03727")
    assert counts() == before


def test_a_missing_file_fails_the_command(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        command(str(tmp_path / "khong-co.xlsx"), "--unit", "03727")


def test_a_village_code_imports_into_that_village(tmp_path: Path) -> None:
    command(
        write(tmp_path, "a.xlsx", files.xlsx(files.household_list())),
        "--unit",
        "03727",
        "--create-villages",
    )
    village = UnitVersion.objects.get(code="03727.002").unit
    grid = [files.HEADER, [1, "Vừ Thị Dua", 1993, "Nữ", "Mông", None, None, None, "Chủ hộ"]]
    body = json.loads(
        command(
            write(tmp_path, "b.csv", files.csv_file(grid)),
            "--unit",
            "03727.002",
            "--format",
            "json",
        )
    )
    assert (body["created"], body["errors"]) == (1, [])
    assert Resident.objects.get(full_name="Vừ Thị Dua").village == village
    assert unit_today("03727.002") == village
