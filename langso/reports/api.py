"""The reports API: kinds, reports (draft → issued → corrected), their files, a unit's period."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from ninja import Query, Router, Status

from langso import access
from langso.access.campaigns import unit_day
from langso.access.reports import access_report
from langso.core.bounds import DbId
from langso.core.dates import today
from langso.reports import selectors, services
from langso.reports.models import FileFormat, Report, ReportFile
from langso.reports.recognition_selectors import period_of
from langso.reports.schemas import (
    ActivityOut,
    CorrectIn,
    FilesOut,
    KeptFileOut,
    PeriodQuery,
    ReportDetailOut,
    ReportIn,
    ReportKindOut,
    ReportOut,
    ReportsQuery,
)
from langso.units.selectors import version_on

router = Router(tags=["reports"])

MEDIA = {
    FileFormat.PDF: "application/pdf",
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _title(kind_title_vi: str, kind_title_en: str) -> str:
    return kind_title_vi if translation.get_language() == "vi" else kind_title_en


def _out(report: Report, detail: bool = False) -> ReportOut:
    version = version_on(report.unit, unit_day(report.unit, report.period_end))
    replaced = Report.objects.filter(replaces=report).values_list("pk", flat=True).first()
    kept = [
        KeptFileOut(format=fmt, sha256=sha, size=size)
        for fmt, sha, size in ReportFile.objects.filter(report=report)
        .order_by("format")
        .values_list("format", "sha256", "size")
    ]
    fields: dict[str, Any] = {
        "id": report.pk,
        "kind": report.kind_id,
        "title": _title(report.kind.title_vi, report.kind.title_en),
        "unit": version.code if version else "",
        "unit_name": version.name if version else "",
        "period_start": report.period_start,
        "period_end": report.period_end,
        "campaign": report.campaign_id,
        "status": report.status,
        "version": report.version,
        "number": report.number or None,
        "replaces": report.replaces_id,
        "replaced_by": replaced,
        "reason": report.reason or None,
        "computed_at": report.computed_at,
        "issued_at": report.issued_at,
        "issued_by": report.issued_by.get_username() if report.issued_by else None,
        "files": FilesOut(
            **{fmt: reverse("api:report_file", args=[report.pk, fmt]) for fmt in FileFormat.values}
        ),
        "kept": kept,
    }
    if detail:
        return ReportDetailOut(**fields, figures=report.figures)
    return ReportOut(**fields)


@router.get("/report-kinds", response=list[ReportKindOut], summary="Kinds of official report")
def report_kinds(request: HttpRequest) -> list[ReportKindOut]:
    return [
        ReportKindOut(
            code=kind.code,
            title=_title(kind.title_vi, kind.title_en),
            period=kind.period,  # type: ignore[arg-type]
            sections=list(kind.sections),
            scheduled=kind.scheduled,
        )
        for kind in selectors.kinds()
    ]


@router.post("/reports", response={201: ReportDetailOut}, summary="Make a report (a draft)")
def report_create(request: HttpRequest, payload: ReportIn) -> Status[ReportOut]:
    """An officer of the unit (commune or province) makes a draft; its figures are computed
    now and kept. 409 ``REPORT_EXISTS`` when the same report is already made (its id in
    ``details``)."""
    report = services.report_create(
        actor=request.user,
        kind=payload.kind,
        unit=payload.unit,
        period_start=payload.period_start,
        period_end=payload.period_end,
        campaign=payload.campaign,
    )
    return Status(201, _out(report, detail=True))


@router.get("/reports", response=list[ReportOut], summary="Reports")
def report_list(request: HttpRequest, query: Query[ReportsQuery]) -> list[ReportOut]:
    """The reports the caller may read (officers), newest period first; with ``unit``, that
    unit's."""
    unit = None
    if query.unit is not None:
        unit = access.access_unit_by_code(request.user, query.unit, today())
    found = selectors.reports(actor=request.user, unit=unit, status=query.status)
    return [_out(report) for report in found[query.offset : query.offset + query.limit]]


@router.get(
    "/reports/{official_report_id}", response=ReportDetailOut, summary="A report and its figures"
)
def report_get(request: HttpRequest, official_report_id: DbId) -> ReportOut:
    return _out(access_report(request.user, official_report_id), detail=True)


@router.post(
    "/reports/{official_report_id}/issue", response=ReportDetailOut, summary="Issue a report"
)
def report_issue(request: HttpRequest, official_report_id: DbId) -> ReportOut:
    """Numbers the draft, keeps its three files with their SHA-256 and freezes it. 409
    ``REPORT_ALREADY_ISSUED`` the second time."""
    return _out(
        services.report_issue(actor=request.user, report_id=official_report_id), detail=True
    )


@router.post(
    "/reports/{official_report_id}/refresh", response=ReportDetailOut, summary="Recount a draft"
)
def report_refresh(request: HttpRequest, official_report_id: DbId) -> ReportOut:
    return _out(
        services.report_refresh(actor=request.user, report_id=official_report_id), detail=True
    )


@router.post(
    "/reports/{official_report_id}/correct",
    response={201: ReportDetailOut},
    summary="Correct a report",
)
def report_correct(
    request: HttpRequest, official_report_id: DbId, payload: CorrectIn
) -> Status[ReportOut]:
    """A new draft (the next version) that replaces the issued report once issued itself; the
    issued one never changes."""
    report = services.report_correct(
        actor=request.user, report_id=official_report_id, reason=payload.reason
    )
    return Status(201, _out(report, detail=True))


@router.get(
    "/reports/{official_report_id}/file.{fmt}",
    url_name="report_file",
    summary="A report's file: PDF, DOCX or XLSX",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file (kept as issued, or laid out now for a draft)",
                "content": {
                    media: {"schema": {"type": "string", "format": "binary"}}
                    for media in MEDIA.values()
                },
            }
        }
    },
)
def report_file(request: HttpRequest, official_report_id: DbId, fmt: str) -> HttpResponse:
    report = access_report(request.user, official_report_id)
    data = services.report_file(report=report, fmt=fmt)
    response = HttpResponse(data, content_type=MEDIA[FileFormat(fmt)])
    name = f"bao-cao-{report.kind_id}-{report.period_start:%Y%m%d}-v{report.version}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/units/{code}/activity", response=ActivityOut, summary="The work of a period in a unit"
)
def unit_activity(request: HttpRequest, code: str, query: Query[PeriodQuery]) -> ActivityOut:
    """Visits (and the households, people, hours and topics they reached), members who joined
    and left, scam reports, announcements and messages, from ``start`` to ``end`` inclusive,
    over the unit's villages as of ``end``: the figures official reports print."""
    start, end = period_of(query.start, query.end, today())
    version, found = selectors.unit_activity(actor=request.user, code=code, start=start, end=end)
    fields = {k: v for k, v in found.items() if k != "per_child"}
    return ActivityOut(unit=version.code, unit_name=version.name, start=start, end=end, **fields)
