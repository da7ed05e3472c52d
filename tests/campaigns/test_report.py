"""A campaign's progress in words (the summary paragraph) and as an XLSX with the official title
block, for a village, a commune and a province, with a share goal and a count goal."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from langso.access import SYSTEM
from langso.campaigns import progress, report, services
from langso.campaigns.models import Campaign
from tests.campaigns.test_views import STARTS, VNEID, at, build_plan, observe, old_village
from tests.homes.pages import problems
from tests.roles import World

pytestmark = pytest.mark.django_db

SCAM = "Người dân được hướng dẫn kỹ năng an toàn trên mạng, phòng chống lừa đảo"


def words(campaign: Campaign, code: str | None = None, on: date | None = None) -> str:
    with translation.override("vi"):
        found = progress.progress(actor=SYSTEM, campaign=campaign, code=code, on=on)
        return report.summary(found)


def test_a_commune_reads_its_goals_gains_targets_and_pace_in_one_paragraph(
    fixture_day: object, world: World
) -> None:
    plan = build_plan(world)
    text = words(plan.campaign)
    assert text.startswith(
        "Sau 14 ngày triển khai, toàn xã Thuận Châu đã có 6 công dân từ 14 tuổi đã kích hoạt "
        "định danh điện tử mức 2 (VNeID) (đạt 37,5% trên tổng số 16), tăng 3 người so với khi "
        "bắt đầu, đạt 40,0% chỉ tiêu 90%; còn thiếu 9 người; với tốc độ 14 ngày qua, dự kiến "
        "đạt chỉ tiêu ngày 26/10/2026, kịp tiến độ."
    ), text
    # The second goal, a number of people to guide, nobody guided yet.
    assert (
        f"Đã có 0 {SCAM[0].lower()}{SCAM[1:]} (đạt 0,0% trên tổng số 16), chưa tăng so với khi "
        "bắt đầu, đạt 0,0% chỉ tiêu tăng thêm 20 người; còn thiếu 20 người, không tăng trong "
        "14 ngày qua: chậm tiến độ."
    ) in text
    assert text.endswith("Cả 2 thôn, bản đều theo kịp tiến độ kế hoạch.")
    assert problems(text) == []


def test_a_village_is_named_without_all_of_and_a_goal_it_has_no_target_for_says_so(
    fixture_day: object, world: World
) -> None:
    plan = build_plan(world)
    text = words(plan.campaign, world.code(world.village_a1))
    assert text.startswith(
        "Sau 14 ngày triển khai, bản Hua Nà đã có 5 công dân từ 14 tuổi đã kích hoạt định danh "
        "điện tử mức 2 (VNeID) (đạt 50,0% trên tổng số 10), tăng 3 người so với khi bắt đầu, "
        "đạt 55,6% chỉ tiêu 90%; còn thiếu 4 người; với tốc độ 14 ngày qua, dự kiến đạt chỉ "
        "tiêu ngày 03/10/2026, kịp tiến độ."
    ), text
    # The commune's number of people is the commune's: the village has none of its own.
    assert text.endswith("(chưa giao chỉ tiêu).")


def test_a_count_goal_reads_as_people_more_and_its_share_of_that_number(
    fixture_day: object, world: World
) -> None:
    plan = build_plan(world)
    for resident in plan.a1[:5] + plan.a2[:3]:
        observe(resident, "scam_aware", at(date(2026, 9, 8)))
    text = words(plan.campaign)
    assert (
        f"Đã có 8 {SCAM[0].lower()}{SCAM[1:]} (đạt 50,0% trên tổng số 16), tăng 8 người so với "
        "khi bắt đầu, đạt 40,0% chỉ tiêu tăng thêm 20 người; còn thiếu 12 người; với tốc độ 14 "
        "ngày qua, dự kiến đạt chỉ tiêu ngày 05/10/2026, kịp tiến độ."
    ) in text


def test_a_province_counts_its_communes_and_says_how_many_have_no_figures(
    fixture_day: object, world: World
) -> None:
    build_plan(world)
    campaign = services.campaign_activate(
        actor=world.province_officer,
        campaign=services.campaign_create(
            actor=world.province_officer,
            name="Chuyển đổi số toàn tỉnh",
            basis_number="300/KH-UBND",
            basis_date=date(2026, 8, 1),
            unit_code="14",
            starts_on=STARTS,
            ends_on=date(2026, 11, 29),
            goals=[services.GoalData(indicator="vneid_l2", target_share=Decimal("0.8"))],
        ),
    )
    text = words(campaign)
    assert text.startswith(
        "Sau 14 ngày triển khai, toàn tỉnh Sơn La đã có 6 công dân từ 14 tuổi"
    ), text
    assert (
        "(đạt 37,5% trên tổng số 16), tăng 3 người so với khi bắt đầu, đạt 46,2% chỉ tiêu 80%"
        in (text)
    )
    communes = progress.progress(actor=SYSTEM, campaign=campaign).children
    empty = len(communes) - 1
    assert text.endswith(
        f"Cả 1 xã, phường, đặc khu đều theo kịp tiến độ kế hoạch; {empty} xã, phường, đặc khu "
        "chưa có số liệu."
    ), text


def test_a_past_day_says_which_day_and_the_last_day_says_the_campaign_ended(
    fixture_day: object, world: World
) -> None:
    village = old_village(world)
    campaign = services.campaign_activate(
        actor=world.commune_officer,
        campaign=services.campaign_create(
            actor=world.commune_officer,
            name="Nà Sản số",
            basis_number="7/KH-UBND",
            basis_date=None,
            unit_code=world.code(village),
            starts_on=STARTS,
            ends_on=date(2026, 11, 29),
            goals=[services.GoalData(indicator="vneid_l2", target_share=Decimal("0.9"))],
        ),
    )
    assert words(campaign, on=date(2026, 9, 10)).startswith(
        "Sau 10 ngày triển khai (tính đến ngày 10/09/2026), bản Nà Sản đã có 2 công dân"
    )
    ended = services.campaign_activate(
        actor=world.commune_officer,
        campaign=services.campaign_create(
            actor=world.commune_officer,
            name="Tuần lễ VNeID",
            basis_number="99/KH-UBND",
            basis_date=None,
            unit_code=world.code(village),
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 9, 7),
            goals=[services.GoalData(indicator="vneid_l2", target_share=Decimal("0.5"))],
        ),
    )
    text = words(ended)
    assert text == (
        "Đến ngày kết thúc (07/09/2026), sau 7 ngày triển khai, bản Nà Sản đã có 2 công dân từ "
        "14 tuổi đã kích hoạt định danh điện tử mức 2 (VNeID) (đạt 50,0% trên tổng số 4), tăng "
        "1 người so với khi bắt đầu, đã đạt chỉ tiêu 50%."
    ), text


def test_the_summary_is_english_in_english(fixture_day: object, world: World) -> None:
    plan = build_plan(world)
    with translation.override("en"):
        found = progress.progress(actor=SYSTEM, campaign=plan.campaign)
        text = report.summary(found)
    assert text.startswith(
        "After 14 days of the campaign, all of xã Thuận Châu has 6 citizens aged 14+ with "
        "level-2 e-ID (VNeID) (37.5% of 16), up 3 people since the start, 40.0% of the target "
        "of 90%; 9 people still to go"
    ), text


def test_the_page_shows_the_summary(fixture_day: object, world: World) -> None:
    plan = build_plan(world)
    html = (
        world.client(world.commune_officer)
        .get(reverse("campaigns:campaign", args=[plan.campaign.pk]))
        .content.decode()
    )
    assert words(plan.campaign)[:80] in html


# The spreadsheet -------------------------------------------------------------------------------


def workbook(world: World, campaign: Campaign, query: str = "") -> openpyxl.Workbook:
    client = world.client(world.commune_officer)
    response = client.get(reverse("campaigns:xlsx", args=[campaign.pk]) + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="chien-dich-')
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows_of(book: openpyxl.Workbook) -> list[list[object]]:
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_xlsx_opens_with_the_title_block_place_and_date_and_the_summary(
    fixture_day: object, world: World
) -> None:
    plan = build_plan(world)
    book = workbook(world, plan.campaign)
    assert book.worksheets[0].title == "Tiến độ"
    rows = rows_of(book)
    assert rows[0][0] == "ỦY BAN NHÂN DÂN"
    assert rows[1][0] == "XÃ THUẬN CHÂU"
    assert rows[0][4] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert rows[1][4] == "Độc lập - Tự do - Hạnh phúc"
    assert rows[2][4] == "Thuận Châu, ngày 14 tháng 09 năm 2026"
    assert rows[3][0] == "BÁO CÁO"
    assert rows[4][0] == "Kết quả thực hiện VNeID mức 2 tại Xã Thuận Châu"
    assert rows[5][0] == "Tính đến ngày 14/09/2026"
    assert rows[7][0] == (
        "Thực hiện Kế hoạch số 125/KH-UBND ngày 25/08/2026, từ ngày 01/09/2026 đến ngày 29/11/2026"
    )
    assert rows[8][0] == words(plan.campaign)


def test_the_xlsx_has_a_row_per_goal_and_per_village_with_the_pages_figures(
    fixture_day: object, world: World
) -> None:
    plan = build_plan(world)
    rows = rows_of(workbook(world, plan.campaign))
    header = rows.index(
        [
            "STT",
            "Chỉ số",
            "Tổng số",
            "Ban đầu",
            "Số đạt",
            "Tăng thêm",
            "Chỉ tiêu",
            "Tỷ lệ (%)",
            "Còn thiếu",
            "Dự kiến đạt",
            "Tiến độ",
        ]
    )
    vneid, scam = rows[header + 1], rows[header + 2]
    assert vneid[:9] == [1, VNEID, 16, 3, 6, 3, "90%", 37.5, 9]
    # A spreadsheet's day is a naive date and time at midnight.
    forecast = vneid[9]
    assert isinstance(forecast, datetime) and forecast.date() == date(2026, 10, 26)
    assert vneid[10] == "kịp tiến độ"
    assert scam[:9] == [2, SCAM, 16, 0, 0, 0, "tăng thêm 20 người", 0.0, 20]
    assert scam[9] is None
    assert scam[10] == "chậm tiến độ"
    title = next(i for i, row in enumerate(rows) if row[0] and str(row[0]).startswith("Các đơn"))
    assert rows[title][0] == "Các đơn vị trực thuộc Xã Thuận Châu, chậm nhất xếp trước"
    assert rows[title + 1][:5] == ["STT", "Đơn vị", VNEID, None, None]
    assert rows[title + 2][2:5] == ["Tỷ lệ (%)", "Chỉ tiêu", "Còn thiếu"]
    villages = rows[title + 3 : title + 5]
    assert [row[:5] for row in villages] == [
        [1, "Tiểu khu 3", round(100 / 6, 1), "90%", 5],
        [2, "Bản Hua Nà", 50.0, "90%", 4],
    ]


def test_the_xlsx_of_a_village_on_a_past_day(fixture_day: object, world: World) -> None:
    plan = build_plan(world)
    a1 = world.code(world.village_a1)
    rows = rows_of(workbook(world, plan.campaign, f"?unit={a1}&on=2026-09-14"))
    assert rows[4][0] == "Kết quả thực hiện VNeID mức 2 tại Bản Hua Nà"
    assert not any(
        row[0] == "Các đơn vị trực thuộc Bản Hua Nà, chậm nhất xếp trước" for row in rows
    )


def test_a_bad_day_for_the_xlsx_is_a_client_error(fixture_day: object, world: World) -> None:
    plan = build_plan(world)
    client = world.client(world.commune_officer)
    url = reverse("campaigns:xlsx", args=[plan.campaign.pk])
    for value in ("hôm qua", "2026-08-01", "9999-12-31"):
        assert client.get(url, {"on": value}).status_code == 400
