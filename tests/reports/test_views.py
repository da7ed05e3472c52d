"""The officers' report pages: the list, a new report (presets, bad periods), a report read as
it prints, issued, corrected and discarded, its files; 404 for everyone but its officers.

The fortnight of work (``helpers.py``) is reported by commune A's officer for 1 to 13 September
2026, on the fixture clock (Monday 14 September 2026).
"""

import hashlib
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from langso.accounts import services as accounts
from langso.accounts.models import Role
from langso.reports import services
from langso.reports.models import Report, ReportFile, ReportStatus
from tests.clock import FIXTURE_MOMENT
from tests.homes.pages import problems, visible_text
from tests.reports.helpers import END, START, busy_fortnight
from tests.roles import PASSWORD, World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(FIXTURE_MOMENT, tick=False):
        yield


@pytest.fixture
def officer(settled_world: World) -> Client:
    busy_fortnight(settled_world)
    return settled_world.client(settled_world.commune_officer)


def draft(world: World, start: date = START, end: date = END) -> Report:
    return services.report_create(
        actor=world.commune_officer,
        kind="monthly",
        unit=world.code(world.commune_a),
        period_start=start,
        period_end=end,
    )


def new_report(client: Client, world: World, **changes: str) -> Any:
    body = {
        "kind": "monthly",
        "unit": world.code(world.commune_a),
        "preset": "custom",
        "period_start": START.isoformat(),
        "period_end": END.isoformat(),
        "campaign": "",
        **changes,
    }
    return client.post("/reports/new/", body)


def field_block(html: str, name: str) -> str:
    """The form's block of field ``name``: its label, input, errors and help."""
    for block in html.split('<div class="field')[1:]:
        if f'id="id_{name}"' in block:
            return block
    raise AssertionError(f"no field {name}")


def flat(text: str) -> str:
    return " ".join(text.split())


# The list ---------------------------------------------------------------------------------------


def test_an_officer_lists_the_reports_of_the_commune_with_their_status(
    settled_world: World, officer: Client
) -> None:
    issued = services.report_issue(
        actor=settled_world.commune_officer, report_id=draft(settled_world).pk
    )
    draft(settled_world, date(2026, 8, 1), date(2026, 8, 31))
    html = officer.get("/reports/").content.decode()
    text = flat(visible_text(html))
    assert html.count("data-row") == 2
    assert "Báo cáo tháng" in text
    assert "Tháng 8 năm 2026" in text
    # content.period_text names a period that starts on the 1st by its month.
    assert "Tháng 9 năm 2026" in text
    assert "Xã Thuận Châu" in text
    assert issued.number in text
    assert f'href="/reports/{issued.pk}/"' in html
    assert problems(text) == []

    only_drafts = officer.get("/reports/?status=draft").content.decode()
    assert only_drafts.count("data-row") == 1
    assert f'href="/reports/{issued.pk}/"' not in only_drafts


def test_the_list_pages_by_25(settled_world: World, officer: Client) -> None:
    unit = settled_world.code(settled_world.commune_a)
    for offset in range(26):
        day = date(2026, 9, 13) - timedelta(days=offset)
        services.report_create(
            actor=settled_world.commune_officer,
            kind="monthly",
            unit=unit,
            period_start=day,
            period_end=day,
        )
    first = officer.get("/reports/").content.decode()
    assert first.count("data-row") == 25
    assert "page=2" in first
    assert officer.get("/reports/?page=2").content.decode().count("data-row") == 1


def test_an_unknown_filter_shows_every_report_and_says_so(
    settled_world: World, officer: Client
) -> None:
    draft(settled_world)
    response = officer.get("/reports/?unit=99999&status=lost")
    assert response.status_code == 200
    assert response.content.decode().count("data-row") == 1
    assert 'class="alert"' in response.content.decode()


def test_drafts_made_at_the_start_of_the_period_are_pointed_out(
    settled_world: World, officer: Client
) -> None:
    services.reports_schedule(on=services.first_working_day(date(2026, 9, 1)))
    assert Report.objects.filter(scheduled=True, status=ReportStatus.DRAFT).exists()
    html = officer.get("/reports/").content.decode()
    note = re.search(r'<p class="note" role="status">(.*?)</p>', html, re.S)
    assert note is not None
    assert "/reports/?status=draft" in note.group(1)


# A new report -----------------------------------------------------------------------------------


def test_the_form_offers_the_last_whole_periods_and_fills_the_kinds_own(
    settled_world: World, officer: Client
) -> None:
    html = officer.get("/reports/new/").content.decode()
    assert re.search(r'<option value="month"[^>]*selected>[^<]*tháng 8 năm 2026', html)
    assert re.search(r'<option value="quarter"[^>]*>[^<]*quý II năm 2026', html)
    assert re.search(r'<option value="half"[^>]*>[^<]*6 tháng đầu năm 2026', html)
    assert re.search(r'<option value="year"[^>]*>[^<]*năm 2025', html)
    assert 'value="2026-08-01"' in field_block(html, "period_start")
    assert 'value="2026-08-31"' in field_block(html, "period_end")
    # The commune reports; its villages do not.
    unit = field_block(html, "unit")
    assert settled_world.code(settled_world.commune_a) in unit
    assert settled_world.code(settled_world.village_a1) not in unit

    quarterly = officer.get("/reports/new/?kind=quarterly").content.decode()
    assert re.search(r'<option value="quarter"[^>]*selected>', quarterly)
    assert 'value="2026-04-01"' in field_block(quarterly, "period_start")
    assert 'value="2026-06-30"' in field_block(quarterly, "period_end")


def test_an_officer_makes_a_report_for_days_they_choose(
    settled_world: World, officer: Client
) -> None:
    response = new_report(officer, settled_world)
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{report.pk}/"
    assert (report.period_start, report.period_end) == (START, END)
    assert report.status == ReportStatus.DRAFT
    assert report.created_by == settled_world.commune_officer


def test_a_preset_gives_its_own_days_whatever_was_typed(
    settled_world: World, officer: Client
) -> None:
    response = new_report(officer, settled_world, preset="month", period_end="2030-01-01")
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.period_start, report.period_end) == (date(2026, 8, 1), date(2026, 8, 31))


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2026-09-13", "2026-09-01", "Kỳ báo cáo kết thúc trước khi bắt đầu."),
        ("2026-09-01", "2026-09-14", "Kỳ báo cáo phải đã kết thúc"),
    ],
    ids=["ends-before-it-starts", "not-ended-yet"],
)
def test_a_bad_period_is_refused_next_to_its_last_day_and_nothing_is_saved(
    settled_world: World, officer: Client, start: str, end: str, words: str
) -> None:
    response = new_report(officer, settled_world, period_start=start, period_end=end)
    assert response.status_code == 400
    html = response.content.decode()
    assert words in field_block(html, "period_end")
    assert words not in field_block(html, "period_start")
    # What was typed comes back.
    assert f'value="{end}"' in field_block(html, "period_end")
    assert not Report.objects.exists()


def test_other_days_need_both_days(settled_world: World, officer: Client) -> None:
    response = new_report(officer, settled_world, period_start="", period_end="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "errorlist" in field_block(html, "period_start")
    assert "errorlist" in field_block(html, "period_end")
    assert not Report.objects.exists()


def test_a_day_that_is_not_a_date_is_refused_on_its_field(
    settled_world: World, officer: Client
) -> None:
    response = new_report(officer, settled_world, period_start="31/02/2026")
    assert response.status_code == 400
    assert "errorlist" in field_block(response.content.decode(), "period_start")
    assert not Report.objects.exists()


def test_a_unit_not_offered_is_refused_on_its_field(settled_world: World, officer: Client) -> None:
    response = new_report(officer, settled_world, unit=settled_world.code(settled_world.commune_b))
    assert response.status_code == 400
    assert "errorlist" in field_block(response.content.decode(), "unit")
    assert not Report.objects.exists()


def test_a_closing_report_without_its_campaign_is_refused_on_the_campaign(
    settled_world: World, officer: Client
) -> None:
    response = new_report(officer, settled_world, kind="campaign_closing", preset="campaign")
    assert response.status_code == 400
    assert "errorlist" in field_block(response.content.decode(), "campaign")
    assert not Report.objects.exists()


def test_the_same_report_twice_links_to_the_one_made(settled_world: World, officer: Client) -> None:
    made = draft(settled_world)
    response = new_report(officer, settled_world)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Báo cáo của kỳ này đã được lập (lần 1)." in html
    assert f'href="/reports/{made.pk}/"' in html
    assert Report.objects.count() == 1


# A report ---------------------------------------------------------------------------------------


def test_the_report_is_previewed_with_its_topics_table_in_vietnamese_figures(
    settled_world: World, officer: Client
) -> None:
    report = draft(settled_world)
    html = officer.get(f"/reports/{report.pk}/").content.decode()
    text = flat(visible_text(html))
    assert "ỦY BAN NHÂN DÂN" in text
    assert "XÃ THUẬN CHÂU" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "DỰ THẢO" in text
    assert "Số người được hướng dẫn theo nội dung" in text
    topics = report.figures["activity"]["topics"]
    assert topics["vneid"] == 3
    row = re.search(r"<tr><td[^>]*>1</td><td>Định danh điện tử VNeID</td><td[^>]*>(\d+)</td>", html)
    assert row is not None and row.group(1) == "3"
    # The tables scroll inside their box on a phone.
    assert 'class="table-wrap rep-table"' in html
    assert problems(text) == []


def test_an_officer_issues_a_draft_and_its_files_are_kept_with_their_hashes(
    settled_world: World, officer: Client
) -> None:
    report = draft(settled_world)
    response = officer.post(f"/reports/{report.pk}/issue/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ISSUED
    assert report.number == "1/BC-UBND"
    html = officer.get(f"/reports/{report.pk}/").content.decode()
    for kept in ReportFile.objects.filter(report=report):
        assert kept.sha256 in html
    assert "Số: 1/BC-UBND" in flat(visible_text(html))
    assert f"/reports/{report.pk}/issue/" not in html
    assert f"/reports/{report.pk}/correct/" in html

    again = officer.post(f"/reports/{report.pk}/issue/", follow=True)
    assert again.status_code == 200
    assert "Báo cáo" in again.content.decode()
    assert ReportFile.objects.filter(report=report).count() == 3


def test_a_correction_needs_a_reason_and_makes_the_next_version(
    settled_world: World, officer: Client
) -> None:
    report = services.report_issue(
        actor=settled_world.commune_officer, report_id=draft(settled_world).pk
    )
    refused = officer.post(f"/reports/{report.pk}/correct/", {"reason": "   "})
    assert refused.status_code == 400
    assert "Hãy ghi lý do điều chỉnh báo cáo." in field_block(refused.content.decode(), "reason")
    assert Report.objects.count() == 1

    response = officer.post(f"/reports/{report.pk}/correct/", {"reason": "Thiếu số liệu bản A2"})
    correction = Report.objects.get(replaces=report)
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{correction.pk}/"
    assert correction.version == 2 and correction.status == ReportStatus.DRAFT
    assert correction.reason == "Thiếu số liệu bản A2"
    new_page = officer.get(f"/reports/{correction.pk}/").content.decode()
    assert f'href="/reports/{report.pk}/"' in new_page
    assert "Thiếu số liệu bản A2" in new_page
    old_page = officer.get(f"/reports/{report.pk}/").content.decode()
    assert f'href="/reports/{correction.pk}/"' in old_page
    assert f"/reports/{report.pk}/correct/" not in old_page

    # A second correction of the same report is refused with a message, not a server error.
    twice = officer.post(f"/reports/{report.pk}/correct/", {"reason": "Lần nữa"}, follow=True)
    assert twice.status_code == 200
    assert Report.objects.count() == 2


def test_a_draft_is_discarded_and_an_issued_report_is_not(
    settled_world: World, officer: Client
) -> None:
    thrown = draft(settled_world, date(2026, 8, 1), date(2026, 8, 31))
    response = officer.post(f"/reports/{thrown.pk}/discard/")
    assert response.status_code == 302 and response["Location"] == "/reports/"
    assert not Report.objects.filter(pk=thrown.pk).exists()

    kept = services.report_issue(
        actor=settled_world.commune_officer, report_id=draft(settled_world).pk
    )
    refused = officer.post(f"/reports/{kept.pk}/discard/", follow=True)
    assert refused.status_code == 200
    assert 'role="alert"' in refused.content.decode()
    assert Report.objects.filter(pk=kept.pk).exists()


def test_a_draft_is_counted_again(settled_world: World, officer: Client) -> None:
    report = draft(settled_world)
    later = FIXTURE_MOMENT + timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        response = officer.post(f"/reports/{report.pk}/refresh/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.computed_at == later
    assert report.status == ReportStatus.DRAFT


def test_the_files_download_as_attachments_the_same_bytes_as_kept(
    settled_world: World, officer: Client
) -> None:
    report = draft(settled_world)
    pdf = officer.get(f"/reports/{report.pk}/file.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert pdf["Cache-Control"] == "private, no-store"
    assert pdf.content.startswith(b"%PDF")

    services.report_issue(actor=settled_world.commune_officer, report_id=report.pk)
    for fmt in ("pdf", "docx", "xlsx"):
        response = officer.get(f"/reports/{report.pk}/file.{fmt}")
        kept = ReportFile.objects.get(report=report, format=fmt)
        assert hashlib.sha256(response.content).hexdigest() == kept.sha256
        assert response["Content-Disposition"].endswith(f'.{fmt}"')


def test_an_unknown_format_is_a_clear_refusal(settled_world: World, officer: Client) -> None:
    report = draft(settled_world)
    response = officer.get(f"/reports/{report.pk}/file.txt")
    assert response.status_code == 400
    assert "Báo cáo có dạng PDF, DOCX hoặc XLSX." in response.content.decode()


# Who may ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "leader", "outsider", "other_commune"])
def test_everyone_but_the_officers_gets_404(settled_world: World, who: str) -> None:
    report = draft(settled_world)
    if who == "other_commune":
        user, _ = accounts.user_provision(username="xa_b", password=PASSWORD, full_name="Cán bộ B")
        accounts.role_grant(user=user, role=Role.COMMUNE_OFFICER, unit=settled_world.commune_b)
    else:
        user = getattr(settled_world, who)
    client = settled_world.client(user)
    pages = [f"/reports/{report.pk}/", f"/reports/{report.pk}/file.pdf"]
    if who != "other_commune":
        pages += ["/reports/", "/reports/new/"]
    for page in pages:
        assert client.get(page).status_code == 404, page
    for action in ("refresh", "issue", "correct", "discard"):
        assert client.post(f"/reports/{report.pk}/{action}/", {"reason": "x"}).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_the_province_officer_reads_the_communes_report(settled_world: World) -> None:
    report = draft(settled_world)
    client = settled_world.client(settled_world.province_officer)
    assert client.get(f"/reports/{report.pk}/").status_code == 200
    assert client.get("/reports/").content.decode().count("data-row") == 1


def test_the_other_communes_officer_sees_none_of_it_in_the_list(settled_world: World) -> None:
    draft(settled_world)
    user, _ = accounts.user_provision(username="xa_b", password=PASSWORD, full_name="Cán bộ B")
    accounts.role_grant(user=user, role=Role.COMMUNE_OFFICER, unit=settled_world.commune_b)
    html = settled_world.client(user).get("/reports/").content.decode()
    assert "data-row" not in html


# The menu and the home --------------------------------------------------------------------------


def test_the_officers_menu_and_home_lead_to_the_drafts(
    settled_world: World, officer: Client
) -> None:
    draft(settled_world)
    draft(settled_world, date(2026, 8, 1), date(2026, 8, 31))
    home = officer.get("/").content.decode()
    assert 'href="/reports/"' in home
    waiting = re.search(r'<a href="/reports/\?status=draft"><span class="num">(\d+)</span>', home)
    assert waiting is not None and waiting.group(1) == "2"
    member_home = settled_world.client(settled_world.member).get("/").content.decode()
    assert 'href="/reports/"' not in member_home
