"""Making, issuing, archiving and correcting reports; scheduled drafts; the bad cases.

The fortnight of work (``helpers.py``) is reported by commune A's officer for 1 to 13 September
2026, on the fixture clock.
"""

import hashlib
import io
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
import time_machine
from django.test import Client

from langso.reports import services
from langso.reports.models import Report, ReportFile, ReportStatus
from tests.clock import FIXTURE_MOMENT
from tests.learning.poppler import pdf_pages, pdf_text
from tests.reform import VIETNAM
from tests.reports.helpers import END, START, adult, busy_fortnight, visit
from tests.roles import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(FIXTURE_MOMENT, tick=False):
        yield


def post(client: Client, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(path, body or {}, content_type="application/json")


def make(client: Client, code: str, **changes: Any) -> Any:
    body = {
        "kind": "monthly",
        "unit": code,
        "period_start": START.isoformat(),
        "period_end": END.isoformat(),
        **changes,
    }
    return post(client, "/api/v1/reports", body)


@pytest.fixture
def officer(settled_world: World) -> Client:
    busy_fortnight(settled_world)
    return settled_world.client(settled_world.commune_officer)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_an_issued_report_keeps_its_three_files_and_their_hashes(
    settled_world: World, officer: Client, tmp_path: Path
) -> None:
    code = settled_world.code(settled_world.commune_a)
    draft = make(officer, code).json()
    assert draft["status"] == "draft" and draft["number"] is None
    issued = post(officer, f"/api/v1/reports/{draft['id']}/issue").json()
    assert issued["status"] == "issued"
    assert issued["number"] == "1/BC-UBND"
    kept = {row["format"]: row for row in issued["kept"]}
    assert set(kept) == {"pdf", "docx", "xlsx"}
    for fmt in ("pdf", "docx", "xlsx"):
        response = officer.get(issued["files"][fmt])
        assert response.status_code == 200
        data = response.content
        assert hashlib.sha256(data).hexdigest() == kept[fmt]["sha256"]
        assert len(data) == kept[fmt]["size"]

    pdf = officer.get(issued["files"]["pdf"]).content
    assert len(pdf_pages(pdf, tmp_path)) >= 2
    text = flat(pdf_text(pdf, tmp_path))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "XÃ THUẬN CHÂU" in text
    assert "Số: 1/BC-UBND" in text
    assert "Thuận Châu, ngày 14 tháng 9 năm 2026" in text
    assert "4 lượt đến hộ gia đình" in text
    assert "DỰ THẢO" not in text

    document = docx.Document(io.BytesIO(officer.get(issued["files"]["docx"]).content))
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["STT", "Nội dung hướng dẫn", "Số người"] in cells
    assert ["1", "Định danh điện tử VNeID", "3"] in cells
    book = openpyxl.load_workbook(io.BytesIO(officer.get(issued["files"]["xlsx"]).content))
    numbers = [
        row
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        if row[:3] == (1, "Định danh điện tử VNeID", 3)
    ]
    assert numbers, "the XLSX holds the topics table with numbers as numbers"


def test_an_issued_report_never_changes(settled_world: World, officer: Client) -> None:
    code = settled_world.code(settled_world.commune_a)
    draft = make(officer, code).json()
    post(officer, f"/api/v1/reports/{draft['id']}/issue")
    before = {f.format: bytes(f.content) for f in ReportFile.objects.filter(report_id=draft["id"])}
    figures = Report.objects.get(pk=draft["id"]).figures
    # A visit of the period synced late changes nothing of what was issued.
    resident = adult(settled_world, "Lường Văn Mới")
    visit(settled_world.member, resident, date(2026, 9, 12), minutes=10, topics=[], observed={})
    again = post(officer, f"/api/v1/reports/{draft['id']}/issue")
    assert again.status_code == 409
    assert again.json()["code"] == "REPORT_ALREADY_ISSUED"
    assert post(officer, f"/api/v1/reports/{draft['id']}/refresh").status_code == 409
    after = {f.format: bytes(f.content) for f in ReportFile.objects.filter(report_id=draft["id"])}
    assert after == before
    assert Report.objects.get(pk=draft["id"]).figures == figures


def test_a_correction_is_a_new_version_that_says_what_it_replaces(
    settled_world: World, officer: Client, tmp_path: Path
) -> None:
    code = settled_world.code(settled_world.commune_a)
    first = make(officer, code).json()
    refused = post(officer, f"/api/v1/reports/{first['id']}/correct", {"reason": "x"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "REPORT_NOT_ISSUED"
    post(officer, f"/api/v1/reports/{first['id']}/issue")
    blank = post(officer, f"/api/v1/reports/{first['id']}/correct", {"reason": "   "})
    assert blank.status_code == 400
    assert blank.json()["code"] == "REPORT_REASON_REQUIRED"
    assert blank.json()["field"] == "reason"
    # A late visit: the correction counts it.
    resident = adult(settled_world, "Lường Văn Mới")
    visit(settled_world.member, resident, date(2026, 9, 12), minutes=10, topics=[], observed={})
    second = post(
        officer, f"/api/v1/reports/{first['id']}/correct", {"reason": "Bổ sung lượt đến hộ"}
    )
    assert second.status_code == 201
    body = second.json()
    assert (body["version"], body["replaces"], body["status"]) == (2, first["id"], "draft")
    assert body["figures"]["activity"]["visits"] == 5
    again = post(officer, f"/api/v1/reports/{first['id']}/correct", {"reason": "Lần nữa"})
    assert again.status_code == 409
    assert again.json()["code"] == "REPORT_ALREADY_REPLACED"
    issued = post(officer, f"/api/v1/reports/{body['id']}/issue").json()
    assert issued["number"] == "2/BC-UBND"
    text = flat(pdf_text(officer.get(issued["files"]["pdf"]).content, tmp_path))
    assert "thay thế Báo cáo số 1/BC-UBND ngày 14/09/2026" in text
    assert "Bổ sung lượt đến hộ" in text
    listed = officer.get(f"/api/v1/reports?unit={code}").json()
    assert [(r["version"], r["replaced_by"]) for r in listed] == [(2, None), (1, body["id"])]


@pytest.mark.parametrize(
    ("changes", "status", "code", "field"),
    [
        ({"kind": "weekly"}, 400, "REPORT_KIND_UNKNOWN", "kind"),
        ({"period_end": "2026-08-31"}, 400, "REPORT_PERIOD_INVALID", "period_end"),
        ({"period_end": "2026-09-14"}, 400, "REPORT_PERIOD_IN_FUTURE", "period_end"),
        ({"period_start": "2023-01-01"}, 400, "REPORT_PERIOD_TOO_LONG", "period_end"),
        ({"kind": "campaign_closing"}, 400, "REPORT_CAMPAIGN_REQUIRED", "campaign"),
        ({"period_end": "2026-13-01"}, 422, None, None),
    ],
)
def test_a_bad_request_gets_its_code_and_the_field_at_fault(
    settled_world: World,
    changes: dict[str, str],
    status: int,
    code: str | None,
    field: str | None,
) -> None:
    client = settled_world.client(settled_world.commune_officer)
    response = make(client, settled_world.code(settled_world.commune_a), **changes)
    assert response.status_code == status, response.content
    if code:
        assert response.json()["code"] == code
        assert response.json()["field"] == field
    assert not Report.objects.exists()


def test_a_village_has_no_report(settled_world: World) -> None:
    client = settled_world.client(settled_world.commune_officer)
    response = make(client, settled_world.code(settled_world.village_a1))
    assert response.status_code == 400
    assert response.json()["code"] == "REPORT_UNIT_LEVEL"
    assert "Bản Hua Nà" in response.json()["message"]


def test_the_same_report_twice_is_a_conflict_that_names_the_first(settled_world: World) -> None:
    client = settled_world.client(settled_world.commune_officer)
    code = settled_world.code(settled_world.commune_a)
    first = make(client, code).json()
    second = make(client, code)
    assert second.status_code == 409
    assert second.json()["details"] == {"id": first["id"]}


@pytest.mark.parametrize("who", ["member", "leader", "outsider", "member_b"])
def test_only_officers_of_the_unit_make_and_read_reports(settled_world: World, who: str) -> None:
    code = settled_world.code(settled_world.commune_a)
    made = make(settled_world.client(settled_world.commune_officer), code).json()
    client = settled_world.client(getattr(settled_world, who))
    assert make(client, code, period_start="2026-08-01").status_code == 404
    assert client.get(f"/api/v1/reports/{made['id']}").status_code == 404
    assert client.get(f"/api/v1/reports/{made['id']}/file.pdf").status_code == 404
    assert post(client, f"/api/v1/reports/{made['id']}/issue").status_code == 404
    listed = client.get("/api/v1/reports")
    assert listed.status_code == 404 or listed.json() == []
    assert Report.objects.get(pk=made["id"]).status == ReportStatus.DRAFT


def test_the_province_officer_reads_the_communes_reports(settled_world: World) -> None:
    code = settled_world.code(settled_world.commune_a)
    made = make(settled_world.client(settled_world.commune_officer), code).json()
    client = settled_world.client(settled_world.province_officer)
    assert client.get(f"/api/v1/reports/{made['id']}").status_code == 200
    assert [r["id"] for r in client.get("/api/v1/reports").json()] == [made["id"]]


def test_an_unknown_format_is_refused_in_words(settled_world: World) -> None:
    client = settled_world.client(settled_world.commune_officer)
    made = make(client, settled_world.code(settled_world.commune_a)).json()
    response = client.get(f"/api/v1/reports/{made['id']}/file.odt")
    assert response.status_code == 400
    assert response.json()["code"] == "REPORT_FORMAT_UNKNOWN"


def test_drafts_are_made_on_the_first_working_day_of_each_period(settled_world: World) -> None:
    # Tuesday 1 December 2026: November's monthly report, for commune A and the province.
    with time_machine.travel(datetime.combine(date(2026, 12, 1), time(6), VIETNAM), tick=False):
        made = services.reports_schedule(on=date(2026, 12, 1))
        assert {(r.kind_id, r.period_start, r.period_end) for r in made} == {
            ("monthly", date(2026, 11, 1), date(2026, 11, 30))
        }
        assert {r.unit_id for r in made} == {
            settled_world.commune_a.pk,
            settled_world.province.pk,
        }
        assert all(r.scheduled and r.status == ReportStatus.DRAFT for r in made)
        assert services.reports_schedule(on=date(2026, 12, 1)) == []
    # 1 January 2027 is a holiday (New Year): the year's reports wait for Monday the 4th.
    with time_machine.travel(datetime.combine(date(2027, 1, 4), time(6), VIETNAM), tick=False):
        assert services.reports_schedule(on=date(2027, 1, 1)) == []
        kinds = {r.kind_id for r in services.reports_schedule(on=date(2027, 1, 4))}
    assert kinds == {"monthly", "quarterly", "half_year", "yearly"}
    assert services.period_containing("quarter", date(2026, 11, 5)) == services.Period(
        date(2026, 10, 1), date(2026, 12, 31)
    )
