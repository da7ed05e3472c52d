"""A unit that no longer exists on the day asked says what became of it; its history names the
units it came from and went to; codes Làng Số made itself are marked as not official.

The units are the real ones of Sơn La (the session's fixture): Huyện Thuận Châu (119) ended on
1 July 2025 when the district level was abolished; Xã Chiềng Ngàm (03736) was merged into the
new Xã Chiềng La (03754) that day; the new Xã Thuận Châu (03721) was formed from Thị trấn
Thuận Châu (also 03721 until then), Xã Phổng Ly, Xã Thôm Mòn, Xã Tông Lạnh and Xã Chiềng Pấc;
Xã Chiềng Ly (local code L-119-01) was divided on 1 January 2025.
"""

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from langso.access import SYSTEM
from langso.units import services
from langso.units.models import EventKind
from tests.reform import EVE, NOW, REFORM, build_reform
from tests.roles import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def unit_page(world: World, who: str, code: str, on: date | None = None) -> tuple[int, str]:
    query = {"on": on.isoformat()} if isinstance(on, date) else {}
    response = world.client(getattr(world, who)).get(reverse("teams:unit", args=[code]), query)
    return response.status_code, response.content.decode()


def test_the_old_district_today_says_it_ended_with_the_district_level(world: World) -> None:
    status, text = unit_page(world, "province_officer", "119")
    assert status == 200
    assert (
        "Huyện Thuận Châu kết thúc ngày 01/07/2025 khi bỏ cấp huyện; các xã của huyện nay là:"
        in text
    )
    # Each commune of today, linked, with the communes of the district it took over.
    assert f'href="{reverse("teams:unit", args=["03721"])}"' in text
    assert f'href="{reverse("teams:unit", args=["03754"])}"' in text
    assert (
        f'href="{reverse("teams:unit", args=["03721"])}?on=2025-06-30">Thị trấn Thuận Châu</a>'
        in text
    )
    assert "Xã Chiềng Ngàm" in text and "Xã Nong Lay" in text
    # Xã Mường Bám went on as itself, now directly under the province.
    bam = text[text.index(">Xã Mường Bám</a>") :]
    assert bam[: bam.index("</li>")].count("vẫn là đơn vị này, giữ nguyên") == 1
    assert "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 (bỏ cấp huyện)" in text
    assert f"{reverse('units:history', args=['119'])}" in text


def test_on_the_reform_days_the_district_is_a_page_on_the_eve_and_a_story_on_the_first_day(
    world: World,
) -> None:
    build_reform()
    status, eve = unit_page(world, "province_officer", "119", EVE)
    assert status == 200
    assert "kết thúc ngày" not in eve
    assert "Xã Mường Bám" in eve  # a commune of the district that day, in its table
    status, first = unit_page(world, "province_officer", "119", REFORM)
    assert status == 200
    assert "Huyện Thuận Châu kết thúc ngày 01/07/2025 khi bỏ cấp huyện" in first
    # The successors link to the day asked, the day they began.
    assert f'href="{reverse("teams:unit", args=["03754"])}?on=2025-07-01">Xã Chiềng La</a>' in first


def test_a_merged_commune_says_which_commune_it_was_merged_into(world: World) -> None:
    status, text = unit_page(world, "province_officer", "03736")
    assert status == 200
    assert "Xã Chiềng Ngàm kết thúc ngày 01/07/2025 khi sáp nhập vào:" in text
    assert f'href="{reverse("teams:unit", args=["03754"])}">Xã Chiềng La</a>' in text


@pytest.mark.parametrize("who", ["commune_officer", "leader", "member", "member_b", "outsider"])
def test_an_ended_unit_out_of_scope_is_a_plain_404_that_reveals_nothing(
    world: World, who: str
) -> None:
    for code in ("119", "03736", "L-119-01"):
        status, text = unit_page(world, who, code)
        assert status == 404, (who, code)
        assert "Thuận Châu kết thúc" not in text and "Chiềng Ngàm" not in text
        history = world.client(getattr(world, who)).get(reverse("units:history", args=[code]))
        assert history.status_code == 404


def test_a_code_that_never_was_is_still_a_404(world: World) -> None:
    status, _text = unit_page(world, "province_officer", "99999")
    assert status == 404


def test_a_code_asked_on_a_day_another_unit_carried_it_shows_that_unit(world: World) -> None:
    status, text = unit_page(world, "province_officer", "03754", REFORM.replace(year=1990))
    assert status == 200  # Xã Nong Lay carried 03754 then
    assert "Xã Nong Lay" in text and "kết thúc ngày" not in text


def test_a_commune_divided_before_the_reform_leads_to_the_commune_of_today(world: World) -> None:
    status, text = unit_page(world, "province_officer", "L-119-01")
    assert status == 200
    assert "Xã Chiềng Ly kết thúc ngày 01/01/2025 khi được chia cho:" in text
    assert f'href="{reverse("teams:unit", args=["03721"])}">Xã Thuận Châu</a>' in text


def test_a_local_code_is_marked_as_not_official_with_a_title_that_says_why(world: World) -> None:
    _status, text = unit_page(world, "province_officer", "L-119-01")
    assert '<code class="unit-code">L-119-01</code> <span class="badge local-code" title="' in text
    assert "không có mã trong danh mục đơn vị hành chính quốc gia" in text
    assert ">mã nội bộ</span>" in text
    _status, official = unit_page(world, "province_officer", "03721")
    assert '<code class="unit-code">03721</code>' in official
    # Its villages carry codes Làng Số made: marked in the table of children.
    assert '03721.001</code> <span class="badge local-code"' in official


def test_the_history_of_a_commune_names_the_units_it_came_from(world: World) -> None:
    client = world.client(world.province_officer)
    text = client.get(reverse("units:history", args=["03721"])).content.decode()
    came_from = text[text.index("Hình thành từ</h3>") :]
    came_from = came_from[: came_from.index("</ul>")]
    for name in (
        "Thị trấn Thuận Châu",
        "Xã Phổng Ly",
        "Xã Thôm Mòn",
        "Xã Tông Lạnh",
        "Xã Chiềng Pấc",
    ):
        assert name in came_from, name
    assert "01/07/2025" in came_from and "nhập vào đơn vị này" in came_from
    assert "Chuyển thành</h3>" not in text  # it goes on today


def test_the_history_of_an_ended_unit_names_where_it_went(world: World) -> None:
    client = world.client(world.province_officer)
    response = client.get(reverse("units:history", args=["03736"]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Đơn vị này không còn tồn tại: đã kết thúc ngày 01/07/2025." in text
    went_to = text[text.index("Chuyển thành</h3>") :]
    assert "Xã Chiềng La" in went_to[: went_to.index("</ul>")]


def test_the_history_of_the_commune_a_divided_one_gave_part_to_names_it(world: World) -> None:
    client = world.client(world.province_officer)
    text = client.get(reverse("units:history", args=["03748"]), {"on": "2025-03-01"})
    page = text.content.decode()
    assert "Xã Chiềng Ly" in page and "L-119-01" in page
    assert "chuyển một phần vào đơn vị này" in page


def test_the_dashboard_of_an_ended_unit_leads_to_what_became_of_it(world: World) -> None:
    url = reverse("dashboards:unit", args=["119"])
    response = world.client(world.province_officer).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('teams:unit', args=['119'])}?on={NOW.date()}"
    for who in ("commune_officer", "member", "outsider"):
        assert world.client(getattr(world, who)).get(url).status_code == 404


def test_a_unit_that_goes_on_under_another_code_says_so_and_links_to_it(world: World) -> None:
    day = NOW.date() + timedelta(days=5)
    event = services.event_record(
        actor=SYSTEM,
        key="test/recode-hua-na",
        kind=EventKind.RENAME,
        effective=day,
        legal_basis="Quyết định của UBND xã",
    )
    services.unit_change(actor=SYSTEM, event=event, unit=world.village_a1, code="03721.101")
    status, text = unit_page(world, "commune_officer", "03721.001", day)
    assert status == 200
    assert f"Từ {day:%d/%m/%Y}, Bản Hua Nà tiếp tục với tên hoặc mã khác:" in text
    assert f'href="{reverse("teams:unit", args=["03721.101"])}?on={day}">Bản Hua Nà</a>' in text
    # Before the change the old code is the village's own page.
    status, before = unit_page(world, "commune_officer", "03721.001", NOW.date())
    assert status == 200 and "tiếp tục với tên hoặc mã khác" not in before
    # Someone outside the commune learns nothing of either code.
    assert unit_page(world, "member_b", "03721.001", day)[0] == 404
