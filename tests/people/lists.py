"""What the import tests share: a small household list with one bad row, and how to run it."""

from datetime import date
from typing import Any

from langso.access import SYSTEM
from langso.indicators.models import Observation, VillageRollup
from langso.people.importing import ImportReport, import_residents
from langso.people.models import Household, Resident
from langso.units.models import Unit, UnitVersion
from tests.people import files
from tests.roles import unit_today


def run(data: bytes, name: str = "ds.xlsx", code: str = "03727", **options: Any) -> ImportReport:
    return import_residents(
        actor=SYSTEM, unit=unit_today(code), data=data, filename=name, **options
    )


def counts() -> tuple[int, int, int, int]:
    return (
        Household.objects.count(),
        Resident.objects.count(),
        Observation.objects.count(),
        VillageRollup.objects.count(),
    )


VILLAGE = "Bản Nà Lừm"
NAME = "B (Họ và tên)"
BIRTH = "C (Ngày sinh)"
SEX = "D (Giới tính)"
ETHNICITY = "E (Dân tộc)"
ID = "F (Số CCCD)"
PHONE = "G (SĐT)"
VILLAGE_COLUMN = "H (Thôn, bản)"
RELATIONSHIP = "I (Quan hệ với chủ hộ)"
MARK = "J (VNeID mức 2)"
BAD_ROW = 7
GOOD_NAMES = {"Lò Văn Pánh", "Lò Thị Xuân", "Vừ A Dế"}


def person(
    name: object = "Lò Văn Tùng",
    birth: object = 2005,
    sex: object = "Nam",
    ethnicity: object = "Thái",
    id_number: object = None,
    phone: object = None,
    village: object = VILLAGE,
    relationship: object = "Con",
    mark: object = "x",
) -> list[object]:
    return [None, name, birth, sex, ethnicity, id_number, phone, village, relationship, mark]


def around(bad: list[object]) -> list[list[object]]:
    """A list with ``bad`` on row 7 between good rows: a household of two above (rows 4 and 5)
    and a household of one below (row 8)."""
    return [
        ["DANH SÁCH HỘ GIA ĐÌNH THÔN NÀ LỪM"],
        [],
        list(files.HEADER),
        person(
            "Lò Văn Pánh",
            date(1978, 3, 12),
            "Nam",
            "Thái",
            "014078001234",
            912345678,
            VILLAGE,
            "Chủ hộ",
        ),
        person(
            "Lò Thị Xuân", "05/06/1982", "Nữ", "Thái", "014182004321", "0987 654 321", VILLAGE, "Vợ"
        ),
        [],
        bad,
        person("Vừ A Dế", date(1990, 11, 30), "Nam", "H'Mông", None, None, VILLAGE, "Chủ hộ"),
    ]


def found(report: ImportReport) -> list[tuple[int, str, str]]:
    return [(problem.row, problem.column, problem.code) for problem in report.errors]


NUMBERED = ["Số hộ", "Họ và tên", "Năm sinh", "Giới tính", "Thôn", "Quan hệ với chủ hộ"]


HOUSEHOLD_MARKS = [
    "Họ và tên",
    "Năm sinh",
    "Thôn",
    "Quan hệ với chủ hộ",
    "Internet cáp quang",
    "Hộ kinh doanh",
    "Thanh toán QR",
]


def village_code(unit: Unit) -> str:
    return UnitVersion.objects.filter(unit=unit).values_list("code", flat=True).get()
