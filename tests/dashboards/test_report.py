"""The dashboard's XLSX: the official title block, the unit's figures, the children's percents."""

import io
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from python_calamine import CalamineWorkbook

from langso.core.dates import today
from tests.indicators.data import People, old_village_with_a_smartphone
from tests.roles import World

pytestmark = pytest.mark.django_db

SMARTPHONE = "Người trưởng thành có điện thoại thông minh"


def download(world: World, code: str, query: str = "", language: str = "vi") -> Any:
    client = world.client(world.province_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("dashboards:xlsx", args=[code]) + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response


def sheets(content: bytes) -> list[list[list[Any]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return [book.get_sheet_by_index(index).to_python() for index in range(2)]


def test_the_sheet_opens_with_the_official_title_block(world: World, people: People) -> None:
    rows = sheets(download(world, "03721").content)[0]
    assert rows[0][0] == "ỦY BAN NHÂN DÂN"
    assert rows[1][0] == "TỈNH SƠN LA"
    assert rows[0][2] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert rows[1][2] == "Độc lập - Tự do - Hạnh phúc"
    assert rows[3][0] == "BÁO CÁO"
    assert "Xã Thuận Châu" in rows[4][0]
    assert rows[5][0] == f"Tính đến ngày {today().strftime('%d/%m/%Y')}"


def test_the_english_sheet_has_the_english_title_block(world: World, people: People) -> None:
    rows = sheets(download(world, "03721", language="en").content)[0]
    assert rows[0][2] == "SOCIALIST REPUBLIC OF VIETNAM"
    assert rows[3][0] == "REPORT"
    assert rows[5][0] == f"As of {today().strftime('%d/%m/%Y')}"


def test_one_row_per_indicator_with_the_figures_the_api_gives(world: World, people: People) -> None:
    rows = sheets(download(world, "03721").content)[0]
    api = world.client(world.province_officer).get("/api/v1/units/03721/indicators").json()
    body = [row for row in rows if isinstance(row[0], float)]
    assert len(body) == len(api)
    for row, item in zip(body, api, strict=True):
        assert row[1] == item["name"]
        assert (int(row[2]), int(row[3])) == (item["numerator"], item["denominator"])
        assert (row[4] if row[4] != "" else None) == item["percent"]
        assert (row[5] if row[5] != "" else None) == item["target"]
    assert body[0] == [1.0, SMARTPHONE, 4.0, 5.0, 80.0, 80.0]


def test_the_second_sheet_has_each_childs_percent_and_the_total(
    world: World, people: People
) -> None:
    rows = sheets(download(world, "03721").content)[1]
    assert rows[0][:4] == ["STT", "Đơn vị", "Mã", f"{SMARTPHONE} (%)"]
    assert [row[1:5] for row in rows[1:]] == [
        ["Bản Hua Nà", world.code(world.village_a1), 66.7, 50.0],
        ["Tiểu khu 3", world.code(world.village_a2), 100.0, 0.0],
        ["Tổng cộng", "03721", 80.0, 33.3],
    ]


def test_a_past_sheet_counts_as_of_that_day(world: World) -> None:
    old_village_with_a_smartphone(world)
    response = download(world, "03769", "?on=2025-03-01")
    assert response["Content-Disposition"].endswith('-2025-03-01.xlsx"')
    first, second = sheets(response.content)
    assert first[5][0] == "Tính đến ngày 01/03/2025"
    smartphone = next(row for row in first if row[1] == SMARTPHONE)
    assert smartphone[2:5] == [1.0, 1.0, 100.0]
    assert [row[1] for row in second[1:-1]] == ["Bản Nà Lạn"]
