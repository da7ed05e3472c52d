"""The officers' report pages: the list, a new report, a report read as it will be signed with
its actions (refresh, issue, correct, discard), and its files for the browser.

Thin: the services write, the selectors read, ``access`` decides; a refusal is said on the form
or as a message, never as a server error. The report itself is shown from the same ``Document``
the PDF, DOCX and XLSX are laid out from, so the page reads what the files say."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso.access import Actor
from langso.access.reports import access_report, access_reports_desk
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.reports import content, page_selectors, render_common, selectors, services
from langso.reports.document import Document, Section, Table
from langso.reports.errors import ReportError
from langso.reports.forms import (
    CUSTOM,
    PRESET_KINDS,
    CorrectForm,
    FilterForm,
    ReportForm,
    add_domain_error,
    last_whole,
)
from langso.reports.models import FileFormat, PeriodKind, Report, ReportKind, ReportStatus

PER_PAGE = 25

MEDIA = {
    FileFormat.PDF: "application/pdf",
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# Words -----------------------------------------------------------------------------------------


def kind_title(kind: ReportKind) -> str:
    return kind.title_vi if translation.get_language() == "vi" else kind.title_en


def period_words(period: str, start: date, end: date, campaign_name: str = "") -> str:
    """ "tháng 8 năm 2026" in Vietnamese (the words the report prints); the days otherwise."""
    if translation.get_language() == "vi":
        return content.period_text(period, start, end, campaign_name)
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


def status_words(report: Report, replacement: Report | None) -> str:
    if report.status == ReportStatus.DRAFT:
        return _("Draft report")
    if replacement is not None:
        return _("Replaced by version %(n)s") % {"n": replacement.version}
    return _("Issued")


def status_choices() -> list[tuple[str, str]]:
    return [(ReportStatus.DRAFT, _("Draft report")), (ReportStatus.ISSUED, _("Issued"))]


def state_class(report: Report, replacement: Report | None) -> str:
    if report.status == ReportStatus.DRAFT:
        return "wait-state"
    return "" if replacement is not None else "ok-state"


def person(user: Any) -> str:
    return str(user) if user is not None else ""


@dataclass
class Row:
    report: Report
    title: str
    unit: str
    period: str
    status: str
    state: str
    meta: list[str]


def meta_of(report: Report) -> list[str]:
    """The version, number and who issued it when; for a draft, when it was made."""
    parts = []
    if report.version > 1:
        parts.append(_("Version %(n)s") % {"n": report.version})
    if report.number:
        parts.append(_("No. %(number)s") % {"number": report.number})
    if report.issued_at is not None:
        parts.append(
            _("issued by %(who)s at %(when)s")
            % {
                "who": person(report.issued_by),
                "when": timezone.localtime(report.issued_at).strftime("%H:%M %d/%m/%Y"),
            }
        )
    else:
        day = timezone.localtime(report.created_at).strftime("%d/%m/%Y")
        if report.scheduled:
            parts.append(_("made automatically on %(day)s") % {"day": day})
        else:
            parts.append(_("made on %(day)s") % {"day": day})
    return parts


def row_of(report: Report) -> Row:
    replacement = getattr(report, "replaced_by", None)
    campaign = (report.figures or {}).get("campaign") or {}
    return Row(
        report=report,
        title=kind_title(report.kind),
        unit=page_selectors.unit_name(report),
        period=period_words(
            report.kind.period, report.period_start, report.period_end, campaign.get("name", "")
        ),
        status=status_words(report, replacement),
        state=state_class(report, replacement),
        meta=meta_of(report),
    )


# The list --------------------------------------------------------------------------------------


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    access_reports_desk(actor)
    shown = page_selectors.reporting_units(actor)
    form = FilterForm(
        request.GET,
        units=[(version.code, version.name) for version in shown],
        statuses=status_choices(),
    )
    unit, status, problem = None, None, ""
    if form.is_valid():
        code = form.cleaned_data.get("unit") or ""
        unit = next((version for version in shown if version.code == code), None)
        status = form.cleaned_data.get("status") or None
    else:
        problem = _("That unit or status is not among yours; every report is shown.")
        form = FilterForm(
            units=[(version.code, version.name) for version in shown], statuses=status_choices()
        )
    found = selectors.reports(actor=actor, unit=unit, status=status).select_related(
        "replaced_by", "issued_by"
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = QueryDict(mutable=True)
    if unit is not None:
        query["unit"] = unit.code
    if status:
        query["status"] = status
    scheduled = page_selectors.drafts_waiting(actor=actor).filter(scheduled=True).count()
    return render(
        request,
        "reports/list.html",
        {
            "page": page,
            "rows": [row_of(report) for report in page],
            "form": form,
            "problem": problem,
            "filtered": unit is not None or status is not None,
            "query": query.urlencode(),
            "scheduled": scheduled,
        },
    )


# A new report ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    value: str
    label: str
    start: date | None = None
    end: date | None = None


def presets(day: date) -> list[Preset]:
    """The periods offered: the last whole month, quarter, half-year and year before ``day``,
    a campaign's own days, and other days typed below."""
    labels = {
        PeriodKind.MONTH: _("Last month"),
        PeriodKind.QUARTER: _("Last quarter"),
        PeriodKind.HALF: _("Last half-year"),
        PeriodKind.YEAR: _("Last year"),
    }
    found = []
    for period in PRESET_KINDS:
        whole = last_whole(period, day)
        words = period_words(period, whole.start, whole.end)
        found.append(
            Preset(
                period,
                f"{labels[period]}: {words}"
                if translation.get_language() == "vi"
                else f"{labels[period]} ({words})",
                whole.start,
                whole.end,
            )
        )
    found.append(Preset(PeriodKind.CAMPAIGN, _("The campaign's own days")))
    found.append(Preset(CUSTOM, _("Other days (below)")))
    return found


def new_form(actor: Actor, data: Any = None, initial: dict[str, Any] | None = None) -> ReportForm:
    offered = presets(today())
    return ReportForm(
        data,
        initial=initial,
        kinds=[(kind.code, kind_title(kind)) for kind in selectors.kinds()],
        units=[(version.code, version.name) for version in page_selectors.reporting_units(actor)],
        presets=[(preset.value, preset.label) for preset in offered],
        campaigns=[
            (
                str(campaign.pk),
                f"{campaign.name} ({campaign.starts_on:%d/%m/%Y} – {campaign.ends_on:%d/%m/%Y})",
            )
            for campaign in page_selectors.closable_campaigns(actor)
        ],
        periods={
            preset.value: services.Period(preset.start, preset.end)
            for preset in offered
            if preset.start is not None and preset.end is not None
        },
    )


def first_values(request: HttpRequest, kinds: list[ReportKind]) -> dict[str, Any]:
    """The form's first values: the kind asked for (``?kind=``, else the first), its period's
    last whole one before today, and those days in the date fields."""
    asked = request.GET.get("kind", "")
    kind = next((k for k in kinds if k.code == asked), kinds[0] if kinds else None)
    if kind is None:
        return {}
    if kind.period in PRESET_KINDS:
        whole = last_whole(kind.period, today())
        return {
            "kind": kind.code,
            "preset": kind.period,
            "period_start": whole.start,
            "period_end": whole.end,
        }
    return {"kind": kind.code, "preset": kind.period}


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    actor = request.user
    access_reports_desk(actor)
    kinds = selectors.kinds()
    existing: int | None = None
    status = 200
    if request.method == "POST":
        form = new_form(actor, request.POST)
        if form.is_valid():
            start, end = form.period()
            try:
                report = services.report_create(
                    actor=actor,
                    kind=form.cleaned_data["kind"],
                    unit=form.cleaned_data["unit"],
                    period_start=start,
                    period_end=end,
                    campaign=form.campaign_id(),
                )
            except DomainError as error:
                add_domain_error(form, error)
                if error.code == ReportError.EXISTS:
                    existing = error.details.get("id")
            else:
                messages.success(
                    request,
                    _("The draft is made from the figures as of now. Read it, then issue it."),
                )
                return redirect("reports:report", report.pk)
        status = 409 if existing else 400
    else:
        form = new_form(actor, initial=first_values(request, kinds))
    return render(
        request,
        "reports/new.html",
        {
            "form": form,
            "existing": existing,
            # What the page's script needs to follow a change of kind or preset.
            "kind_periods": {kind.code: kind.period for kind in kinds},
            "preset_days": {
                preset.value: [preset.start.isoformat(), preset.end.isoformat()]
                for preset in presets(today())
                if preset.start is not None and preset.end is not None
            },
        },
        status=status,
    )


# A report --------------------------------------------------------------------------------------


@dataclass
class Cell:
    text: str
    right: bool


@dataclass
class PreviewTable:
    caption: str
    # Each column's heading, whether it holds figures (aligned right), and its share of the
    # width in percent, as the PDF and DOCX give it.
    columns: list[tuple[str, bool, str]]
    rows: list[list[Cell]]
    total: list[Cell] | None


@dataclass
class PreviewSection:
    heading: str
    paragraphs: list[str]
    tables: list[PreviewTable]


@dataclass
class Preview:
    """The document as the page shows it: every word and figure as the files print them."""

    document: Document
    nation: str
    motto: str
    draft_mark: str
    addressed: str
    recipients_label: str
    recipients: list[str]
    sections: list[PreviewSection]
    annexes: list[tuple[str, PreviewSection]]


def _table(table: Table) -> PreviewTable:
    width = len(table.columns)
    numeric = render_common.numeric_columns(table)

    def cells(row: list[Any]) -> list[Cell]:
        padded = render_common.padded(row, width)
        return [
            Cell(render_common.cell_text(cell), render_common.right_aligned(cell, numeric[i]))
            for i, cell in enumerate(padded)
        ]

    shares = render_common.widths(width, table.widths)
    return PreviewTable(
        caption=table.caption,
        columns=[
            (name, numeric[i], f"{100 * shares[i] / sum(shares):.1f}%")
            for i, name in enumerate(table.columns)
        ],
        rows=[cells(row) for row in table.rows],
        total=cells(table.total) if table.total is not None else None,
    )


def _section(section: Section) -> PreviewSection:
    return PreviewSection(
        section.heading, list(section.paragraphs), [_table(t) for t in section.tables]
    )


def preview_of(document: Document) -> Preview:
    # An official paper is Vietnamese whatever the screen speaks, figures written 1.234, 87,5%.
    with translation.override("vi"):
        return Preview(
            document=document,
            nation=render_common.nation(),
            motto=render_common.motto(),
            draft_mark=render_common.draft_mark(),
            addressed=render_common.addressed_label(),
            recipients_label=render_common.recipients_label(),
            recipients=[render_common.recipient_line(line) for line in document.recipients],
            sections=[_section(section) for section in document.sections],
            annexes=[
                (
                    render_common.annex_label(index, len(document.annexes)),
                    _section(section),
                )
                for index, section in enumerate(document.annexes)
            ],
        )


def _detail(
    request: HttpRequest, report: Report, correct_form: CorrectForm | None = None, status: int = 200
) -> HttpResponse:
    replacement = page_selectors.replaced_by(report)
    campaign = (report.figures or {}).get("campaign") or {}
    issued = report.status == ReportStatus.ISSUED
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "title": kind_title(report.kind),
            "unit": page_selectors.unit_name(report),
            "period": period_words(
                report.kind.period,
                report.period_start,
                report.period_end,
                campaign.get("name", ""),
            ),
            "status": status_words(report, replacement),
            "state": state_class(report, replacement),
            "replacement": replacement,
            "preview": preview_of(services.document_of(report)),
            "formats": FileFormat.choices,
            "kept": page_selectors.kept_files(report) if issued else [],
            "issued_by": person(report.issued_by) if issued else "",
            "created_by": person(report.created_by),
            "correctable": issued and replacement is None,
            "correct_form": correct_form or CorrectForm(),
        },
        status=status,
    )


@login_required
@require_GET
def report_page(request: HttpRequest, official_report_id: int) -> HttpResponse:
    return _detail(request, access_report(request.user, official_report_id))


@login_required
@require_POST
def report_refresh(request: HttpRequest, official_report_id: int) -> HttpResponse:
    report = access_report(request.user, official_report_id)
    try:
        services.report_refresh(actor=request.user, report_id=report.pk)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The figures are counted again as of now."))
    return redirect("reports:report", report.pk)


@login_required
@require_POST
def report_issue(request: HttpRequest, official_report_id: int) -> HttpResponse:
    report = access_report(request.user, official_report_id)
    try:
        issued = services.report_issue(actor=request.user, report_id=report.pk)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Report %(number)s is issued: its PDF, DOCX and XLSX are kept as they are now.")
            % {"number": issued.number},
        )
    return redirect("reports:report", report.pk)


@login_required
@require_POST
def report_correct(request: HttpRequest, official_report_id: int) -> HttpResponse:
    report = access_report(request.user, official_report_id)
    form = CorrectForm(request.POST)
    if not form.is_valid():
        return _detail(request, report, form, status=400)
    try:
        correction = services.report_correct(
            actor=request.user, report_id=report.pk, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        if error.field == "reason":
            form.add_error("reason", str(error.message))
            return _detail(request, report, form, status=400)
        messages.error(request, str(error.message))
        return redirect("reports:report", report.pk)
    messages.success(
        request,
        _("Version %(n)s is made as a draft: check it, then issue it to replace the report.")
        % {"n": correction.version},
    )
    return redirect("reports:report", correction.pk)


@login_required
@require_POST
def report_discard(request: HttpRequest, official_report_id: int) -> HttpResponse:
    report = access_report(request.user, official_report_id)
    try:
        services.report_discard(actor=request.user, report_id=report.pk)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("reports:report", report.pk)
    messages.success(request, _("The draft is deleted."))
    return redirect("reports:list")


@login_required
@require_GET
def report_download(request: HttpRequest, official_report_id: int, fmt: str) -> HttpResponse:
    """The report's file, the same bytes the API gives: kept as issued, or laid out now for a
    draft (marked as one)."""
    report = access_report(request.user, official_report_id)
    data = services.report_file(report=report, fmt=fmt)
    response = HttpResponse(data, content_type=MEDIA[FileFormat(fmt)])
    name = f"bao-cao-{report.kind_id}-{report.period_start:%Y%m%d}-v{report.version}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
