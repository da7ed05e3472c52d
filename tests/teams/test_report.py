"""The coverage report in words (numbers written the reader's way) and as an XLSX sheet."""

import io
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from python_calamine import CalamineWorkbook

from langso.access import SYSTEM
from langso.core.dates import today
from langso.teams import report, selectors, services
from langso.teams.selectors import Coverage
from tests.roles import World

pytestmark = pytest.mark.django_db

THUAN_CHAU_2023 = Coverage(
    unit="119",
    name="Huyện Thuận Châu",
    on=date(2023, 12, 31),
    communes_total=29,
    communes_with_team=29,
    villages_total=336,
    villages_with_team=336,
    teams=365,
    members=2228,
    members_commune_level=230,
    members_village_level=1998,
    zalo_groups_commune_level=29,
    zalo_groups_village_level=336,
)


def sheet_rows(content: bytes) -> list[list[Any]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    rows: list[list[Any]] = book.get_sheet_by_index(0).to_python()
    return rows


def download(world: World, code: str, language: str = "vi") -> list[list[Any]]:
    client = world.client(world.commune_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("teams:coverage_xlsx", args=[code]))
    assert response.status_code == 200
    return sheet_rows(response.content)


# The summary paragraph


def test_the_vietnamese_summary_writes_thousands_with_a_dot() -> None:
    with translation.override("vi"):
        text = report.summary(THUAN_CHAU_2023)
    assert "2.228" in text
    assert "1.998" in text
    assert "2,228" not in text


def test_the_vietnamese_summary_reads_like_the_provinces_reports() -> None:
    with translation.override("vi"):
        text = report.summary(THUAN_CHAU_2023)
    assert text.startswith("Tính đến ngày 31/12/2023, toàn huyện Thuận Châu có 365 Tổ công nghệ số")
    assert "29/29 đơn vị cấp xã đã thành lập tổ (230 thành viên)" in text
    assert "336/336 thôn, bản, tiểu khu đã thành lập tổ (1.998 thành viên)" in text


def test_the_english_summary_writes_thousands_with_a_comma() -> None:
    with translation.override("en"):
        text = report.summary(THUAN_CHAU_2023)
    assert "2,228" in text
    assert "1,998" in text
    assert "2.228" not in text


def test_the_summary_names_the_area_inside_the_sentence_and_the_day() -> None:
    with translation.override("vi"):
        text = report.summary(THUAN_CHAU_2023)
    assert "huyện Thuận Châu" in text
    assert "31/12/2023" in text


def test_the_summary_gives_every_figure() -> None:
    with translation.override("en"):
        text = report.summary(THUAN_CHAU_2023)
    assert text.startswith("On 31/12/2023, across huyện Thuận Châu there were 365 ")
    for figure in ("365", "2,228", "29 of 29", "(230 members)", "336 of 336", "(1,998 members)"):
        assert figure in text
    assert text.endswith(".")


def test_the_summary_of_today_speaks_in_the_present() -> None:
    with translation.override("en"):
        text = report.summary(replace(THUAN_CHAU_2023, on=today(), teams=1))
    assert text.startswith("Across huyện Thuận Châu there is now 1 community digital")
    assert str(today().year) not in text


def test_the_summary_leaves_out_communes_where_there_are_none() -> None:
    village = replace(
        THUAN_CHAU_2023,
        name="Bản Hua Nà",
        communes_total=0,
        communes_with_team=0,
        villages_total=1,
        villages_with_team=1,
        teams=1,
        members=7,
        members_commune_level=0,
        members_village_level=7,
    )
    with translation.override("en"):
        village_text = report.summary(village)
        district_text = report.summary(THUAN_CHAU_2023)
    assert "commune-level units" not in village_text
    assert "1 of 1 villages" in village_text
    assert "29 of 29 commune-level units" in district_text


# The XLSX sheet


def test_the_sheet_opens_with_the_national_title_block(world: World) -> None:
    rows = download(world, "03721")
    assert rows[0][0] == "ỦY BAN NHÂN DÂN"
    assert rows[0][5] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert rows[1][5] == "Độc lập - Tự do - Hạnh phúc"
    assert rows[3][0] == "BÁO CÁO"
    assert rows[1][0] == "TỈNH SƠN LA"
    title_text = " ".join(str(cell) for row in rows[:7] for cell in row)
    assert "Xã Thuận Châu" in title_text
    assert today().strftime("%d/%m/%Y") in title_text


def test_the_english_sheet_has_the_english_title_block(world: World) -> None:
    rows = download(world, "03721", language="en")
    assert rows[0][5] == "SOCIALIST REPUBLIC OF VIETNAM"
    assert rows[3][0] == "REPORT"


def test_the_sheet_has_a_row_per_child_and_a_total_matching_the_report(world: World) -> None:
    services.zalo_set(actor=SYSTEM, team=world.team_a2, invite_link="zalo.me/g/tieukhu3")
    services.member_add(actor=SYSTEM, team=world.team_commune_a, full_name="Hà Thị Mai")
    rows = download(world, "03721")
    expected = selectors.coverage_report(actor=world.commune_officer, code="03721")
    keys = [key for key, _label in report.COLUMNS]
    codes = [version.code for version, _row in expected.rows]
    body = [row for row in rows if row[2] in codes]
    assert [row[1] for row in body] == ["Bản Hua Nà", "Tiểu khu 3"]
    assert [int(row[0]) for row in body] == [1, 2]
    for row, (_version, coverage) in zip(body, expected.rows, strict=True):
        assert [int(value) for value in row[3 : 3 + len(keys)]] == [
            getattr(coverage, key) for key in keys
        ]
    total = next(row for row in rows if row[2] == "03721")
    assert rows.index(total) == rows.index(body[-1]) + 1
    assert [int(value) for value in total[3 : 3 + len(keys)]] == [
        getattr(expected.total, key) for key in keys
    ]
    assert (int(total[8]), int(total[9]), int(total[13])) == (3, 3, 1)


def test_the_sheet_ends_with_the_summary_paragraph(world: World) -> None:
    rows = download(world, "03721", language="en")
    expected = selectors.coverage_report(actor=world.commune_officer, code="03721").total
    with translation.override("en"):
        paragraph = report.summary(expected)
    assert any(row[0] == paragraph for row in rows)


def test_a_past_sheet_counts_as_of_that_day(world: World) -> None:
    response = world.client(world.province_officer).get(
        reverse("teams:coverage_xlsx", args=["119"]) + "?on=2023-12-31"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2023-12-31.xlsx"')
    rows = sheet_rows(response.content)
    total = next(row for row in rows if row[2] == "119")
    expected = selectors.coverage_report(
        actor=world.province_officer, code="119", on=date(2023, 12, 31)
    )
    assert int(total[3]) == expected.total.communes_total > 0
    assert sum(1 for row in rows if isinstance(row[0], float)) == len(expected.rows)
