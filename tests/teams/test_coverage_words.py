"""A province's coverage says how many of its communes have listed their villages at all: the
world's "3/3 villages with a team" lie in 2 of Sơn La's 75 communes, and must not read as full
coverage of the province."""

import pytest
from django.urls import reverse

from langso.core.dates import today
from langso.teams import report, selectors
from langso.units import selectors as units
from tests.roles import World

pytestmark = pytest.mark.django_db


def test_the_coverage_of_the_province_counts_the_communes_with_a_village_list(
    world: World,
) -> None:
    total = selectors.coverage_report(actor=world.province_officer, code="14").total
    assert (total.communes_total, total.communes_with_villages) == (75, 2)
    assert (total.villages_total, total.villages_with_team) == (3, 3)
    lists = units.village_lists(world.province, today())
    assert (lists.communes, lists.communes_with_villages, lists.villages) == (75, 2, 3)
    assert lists.partial


def test_a_commune_with_villages_counts_itself_as_listed(world: World) -> None:
    total = selectors.coverage_report(actor=world.commune_officer, code="03721").total
    assert (total.communes_total, total.communes_with_villages, total.villages_total) == (1, 1, 2)
    assert not units.village_lists(world.commune_a, today()).partial


def test_the_province_page_says_villages_are_listed_in_2_of_75_communes(world: World) -> None:
    text = world.client(world.province_officer).get(reverse("teams:unit", args=["14"]))
    page = text.content.decode()
    assert '<span class="num">2/75</span> <span class="lbl">Xã đã có danh sách thôn</span>' in page
    assert (
        '<span class="num">3/3</span> <span class="lbl">Thôn, bản, tiểu khu có tổ, trong 2 xã '
        "đã có danh sách thôn</span>" in page
    )
    assert "mới có 2 trên 75 đơn vị cấp xã lập danh sách thôn, bản" in page


def test_the_summary_of_a_fully_listed_commune_says_nothing_of_lists(world: World) -> None:
    coverage = selectors.coverage_report(actor=world.commune_officer, code="03721").total
    assert "danh sách thôn" not in report.summary(coverage)
    page = world.client(world.commune_officer).get(reverse("teams:unit", args=["03721"]))
    text = page.content.decode()
    assert "Xã đã có danh sách thôn" not in text
    assert '<span class="lbl">Thôn, bản, tiểu khu có tổ</span>' in text


def test_the_province_dashboard_says_over_which_villages_it_counts(world: World) -> None:
    client = world.client(world.province_officer)
    page = client.get(reverse("dashboards:unit", args=["14"])).content.decode()
    assert "Tính trên 3 thôn, bản đã có danh sách, thuộc 2 trên 75 đơn vị cấp xã." in page
    commune = client.get(reverse("dashboards:unit", args=["03721"])).content.decode()
    assert "đã có danh sách, thuộc" not in commune
