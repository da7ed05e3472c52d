"""The moderation page pages its reports, so the province officer's home count equals the list
however many reports wait."""

import re

import pytest

from langso.access import SYSTEM
from langso.trust import services
from langso.trust.models import Report, ReportStatus
from tests.homes.busy import MODERATION_ROW, counts_on_home, rows_of_list
from tests.roles import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

WAITING = 53


def _waiting_reports(count: int = WAITING) -> list[Report]:
    return [services.report_create(actor=SYSTEM, text=f"lua-dao-{i}.top") for i in range(count)]


def _ids(html: str) -> list[int]:
    return [int(pk) for pk in MODERATION_ROW.findall(html)]


def test_the_home_count_equals_the_waiting_reports_over_all_pages(world: World) -> None:
    _waiting_reports()
    client = world.client(world.province_officer)
    home = dict(counts_on_home(client))
    assert home["/kiem-tra/kiem-duyet"] == WAITING
    assert rows_of_list(client, "/kiem-tra/kiem-duyet") == WAITING


def test_fifty_reports_a_page_the_oldest_first_then_the_rest(world: World) -> None:
    reports = _waiting_reports()
    client = world.client(world.province_officer)
    first = client.get("/kiem-tra/kiem-duyet").content.decode()
    assert _ids(first) == [r.pk for r in reports[:50]]
    assert 'href="?status=pending&amp;page=2"' in first
    assert "1 / 2" in first
    second = client.get("/kiem-tra/kiem-duyet?status=pending&page=2").content.decode()
    assert _ids(second) == [r.pk for r in reports[50:]]


def test_newest_first_keeps_its_order_across_the_pages(world: World) -> None:
    reports = _waiting_reports()
    client = world.client(world.province_officer)
    first = client.get("/kiem-tra/kiem-duyet?order=newest").content.decode()
    assert _ids(first) == [r.pk for r in reversed(reports[3:])]
    assert 'href="?status=pending&amp;order=newest&amp;page=2"' in first
    second = client.get("/kiem-tra/kiem-duyet?order=newest&page=2").content.decode()
    assert _ids(second) == [r.pk for r in reversed(reports[:3])]


def test_the_kind_filter_narrows_the_list_and_the_status_counts(world: World) -> None:
    _waiting_reports(3)
    phone = services.report_create(actor=SYSTEM, text="0912345678")
    client = world.client(world.province_officer)
    html = client.get("/kiem-tra/kiem-duyet?kind=phone").content.decode()
    assert _ids(html) == [phone.pk]
    counts = re.findall(r"\((\d+)\)</a>", html)
    assert counts[0] == "1"


def test_other_statuses_have_their_own_pages(world: World) -> None:
    reports = _waiting_reports(4)
    services.report_moderate(actor=SYSTEM, report_id=reports[0].pk, decision="reject")
    client = world.client(world.province_officer)
    html = client.get("/kiem-tra/kiem-duyet?status=rejected").content.decode()
    assert _ids(html) == [reports[0].pk]
    assert Report.objects.filter(status=ReportStatus.PENDING).count() == 3


@pytest.mark.parametrize(
    "query",
    ["?page=999", "?page=abc", "?page=-1", "?kind=bogus", "?status=bogus", "?order=sideways"],
)
def test_bad_filters_and_page_numbers_show_a_page_not_an_error(world: World, query: str) -> None:
    _waiting_reports(51)
    answer = world.client(world.province_officer).get(f"/kiem-tra/kiem-duyet{query}")
    assert answer.status_code == 200
    assert _ids(answer.content.decode())
