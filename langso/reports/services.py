"""Making, issuing and correcting official reports.

A report is made as a draft: its figures are computed then (``figures.compute``) and kept, so
the draft's page, its files and the API read the same numbers until the officer refreshes it.
Issuing lays it out once as PDF, DOCX and XLSX (``render``), keeps the three files with their
SHA-256, gives it the unit's next number of the year ("12/BC-UBND") and freezes it. A mistake
found later is put right by a correction: a new draft, the next version, that says which report
it replaces and why; the issued report stays as it was sent.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from langso import access
from langso.access import SYSTEM, Actor, actor_id
from langso.access.campaigns import access_campaign, unit_day
from langso.access.reports import access_report, access_reports_desk
from langso.campaigns.models import Campaign
from langso.core.dates import today
from langso.core.errors import DomainError, NotFound
from langso.feedback.calendar import is_working_day
from langso.reports import content, figures
from langso.reports.document import Document
from langso.reports.errors import ReportError
from langso.reports.models import (
    FileFormat,
    PeriodKind,
    Report,
    ReportFile,
    ReportKind,
    ReportStatus,
)
from langso.reports.render import docx, pdf, xlsx
from langso.units.models import Level, UnitVersion
from langso.units.selectors import version_on

# Reports are the People's Committees': a village has none.
REPORTING_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
LONGEST_DAYS = 2 * 366


class Conflict(DomainError):
    status = 409


def _kind(code: str) -> ReportKind:
    kind = ReportKind.objects.filter(code=code).first()
    if kind is None:
        raise DomainError(
            ReportError.KIND_UNKNOWN,
            _("There is no kind of report “%(code)s”.") % {"code": code},
            field="kind",
        )
    return kind


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise DomainError(
            ReportError.PERIOD_INVALID,
            _("The period ends before it starts."),
            field="period_end",
        )
    if end >= today():
        raise DomainError(
            ReportError.PERIOD_IN_FUTURE,
            _("The period must have ended: its last day is at the latest yesterday."),
            field="period_end",
        )
    if (end - start).days > LONGEST_DAYS:
        raise DomainError(
            ReportError.PERIOD_TOO_LONG, _("A report covers at most two years."), field="period_end"
        )


def _unit(actor: Actor, code: str, end: date) -> UnitVersion:
    version = access.access_unit_by_code(actor, code, end, manage=True)
    if version.unit.level not in REPORTING_LEVELS:
        raise DomainError(
            ReportError.UNIT_LEVEL,
            _("%(name)s is a village: reports are made by a commune or a province.")
            % {"name": version.name},
            field="unit",
        )
    return version


def _campaign(actor: Actor, campaign_id: int | None, kind: ReportKind) -> Campaign | None:
    if kind.period != PeriodKind.CAMPAIGN:
        return None
    if campaign_id is None:
        raise DomainError(
            ReportError.CAMPAIGN_REQUIRED,
            _("A campaign's closing report needs its campaign."),
            field="campaign",
        )
    return access_campaign(actor, campaign_id)


@transaction.atomic
def report_create(
    *,
    actor: Actor,
    kind: str,
    unit: str,
    period_start: date | None = None,
    period_end: date | None = None,
    campaign: int | None = None,
    scheduled: bool = False,
) -> Report:
    """A draft of ``kind`` for the unit with code ``unit`` over the period (a campaign's
    closing report defaults to the campaign's days)."""
    # Officers only, before anything else is looked at: another caller learns nothing, not
    # even whether the kind they named exists.
    access_reports_desk(actor)
    found_kind = _kind(kind)
    found_campaign = _campaign(actor, campaign, found_kind)
    if found_campaign is not None:
        period_start = period_start or found_campaign.starts_on
        period_end = period_end or found_campaign.ends_on
    if period_start is None or period_end is None:
        raise DomainError(
            ReportError.PERIOD_INVALID,
            _("Give the period's first and last day."),
            field="period_start" if period_start is None else "period_end",
        )
    _check_period(period_start, period_end)
    version = _unit(actor, unit, period_end)
    same = Report.objects.filter(
        kind=found_kind,
        unit=version.unit,
        period_start=period_start,
        period_end=period_end,
        campaign=found_campaign,
        replaced_by__isnull=True,
    ).first()
    if same is not None:
        raise Conflict(
            ReportError.EXISTS,
            _("This report has already been made for this period (version %(version)s).")
            % {"version": same.version},
            details={"id": same.pk},
        )
    return Report.objects.create(
        kind=found_kind,
        unit=version.unit,
        period_start=period_start,
        period_end=period_end,
        campaign=found_campaign,
        figures=_compute(actor, found_kind, version, period_start, period_end, found_campaign),
        computed_at=timezone.now(),
        scheduled=scheduled,
        created_by_id=actor_id(actor),
    )


def _compute(
    actor: Actor,
    kind: ReportKind,
    version: UnitVersion,
    start: date,
    end: date,
    campaign: Campaign | None,
) -> dict[str, object]:
    return figures.compute(
        actor=actor,
        version=version,
        start=start,
        end=end,
        sections=list(kind.sections),
        campaign=campaign,
    )


def _version_of(report: Report) -> UnitVersion:
    day = unit_day(report.unit, report.period_end)
    found = version_on(report.unit, day)
    if found is None:
        raise NotFound(ReportError.NOT_FOUND, _("There is no such report."))
    return found


@transaction.atomic
def report_refresh(*, actor: Actor, report_id: int) -> Report:
    """The draft's figures computed again (after late visits were synced, say)."""
    report = _locked(actor, report_id)
    _draft_only(report)
    report.figures = _compute(
        actor,
        report.kind,
        _version_of(report),
        report.period_start,
        report.period_end,
        report.campaign,
    )
    report.computed_at = timezone.now()
    report.save(update_fields=["figures", "computed_at"])
    return report


def _locked(actor: Actor, report_id: int) -> Report:
    report = access_report(actor, report_id)
    return Report.objects.select_for_update().select_related("kind", "unit").get(pk=report.pk)


def _draft_only(report: Report) -> None:
    if report.status != ReportStatus.DRAFT:
        raise Conflict(
            ReportError.ALREADY_ISSUED,
            _("Report %(number)s has been issued and can no longer change; correct it instead.")
            % {"number": report.number},
            details={"id": report.pk},
        )


def document_of(report: Report) -> Document:
    """The report's document: the draft as it would be issued today, or as it was issued."""
    version = _version_of(report)
    parent = version.parent_id and version_on(version.parent_id, report.period_end)
    issued_on = timezone.localdate(report.issued_at) if report.issued_at else today()
    number = f"Số: {report.number}" if report.number else f"Số:       /{report.kind.symbol}"
    replaces_note = ""
    old = report.replaces
    if old is not None and old.issued_at is not None:
        replaces_note = (
            f"Báo cáo này thay thế Báo cáo số {old.number} ngày "
            f"{content.day_text(timezone.localdate(old.issued_at))}"
        )
        if report.reason:
            replaces_note += f". Lý do: {report.reason}"
    return content.build(
        figures=report.figures,
        sections=list(report.kind.sections),
        kind_period=report.kind.period,
        number=number,
        issued_on=issued_on,
        parent_name=parent.name if parent else None,
        draft=report.status == ReportStatus.DRAFT,
        replaces_note=replaces_note,
    )


RENDERERS = {
    FileFormat.PDF: pdf,
    FileFormat.DOCX: docx,
    FileFormat.XLSX: xlsx,
}


def report_issue(*, actor: Actor, report_id: int) -> Report:
    """Issue the draft: its number, its three files kept with their hashes, frozen. Two
    officers issuing at once get one number each, or a conflict for the second."""
    for _attempt in range(3):
        try:
            return _issue(actor, report_id)
        except IntegrityError:
            continue
    raise Conflict(ReportError.ALREADY_ISSUED, _("The report has already been issued."))


@transaction.atomic
def _issue(actor: Actor, report_id: int) -> Report:
    report = _locked(actor, report_id)
    _draft_only(report)
    now = timezone.now()
    year = timezone.localdate(now).year
    last = Report.objects.filter(unit=report.unit, serial_year=year).aggregate(m=Max("serial"))
    report.serial = (last["m"] or 0) + 1
    report.serial_year = year
    report.number = f"{report.serial}/{report.kind.symbol}"
    report.status = ReportStatus.ISSUED
    report.issued_at = now
    report.issued_by_id = actor_id(actor)
    document = document_of(report)
    with transaction.atomic():
        report.save(
            update_fields=["serial", "serial_year", "number", "status", "issued_at", "issued_by"]
        )
        for fmt, renderer in RENDERERS.items():
            data = renderer(document)
            ReportFile.objects.create(
                report=report,
                format=fmt,
                content=data,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
            )
    return report


@transaction.atomic
def report_correct(*, actor: Actor, report_id: int, reason: str) -> Report:
    """A new draft that will replace the issued report, with the reason said."""
    report = _locked(actor, report_id)
    reason = reason.strip()
    if not reason:
        raise DomainError(
            ReportError.REASON_REQUIRED, _("Say why the report is corrected."), field="reason"
        )
    if report.status != ReportStatus.ISSUED:
        raise Conflict(
            ReportError.NOT_ISSUED,
            _("Only an issued report can be corrected: change the draft itself."),
            details={"id": report.pk},
        )
    if Report.objects.filter(replaces=report).exists():
        raise Conflict(
            ReportError.ALREADY_REPLACED,
            _("This report has already been corrected."),
            details={"id": report.replaced_by.pk},
        )
    return Report.objects.create(
        kind=report.kind,
        unit=report.unit,
        period_start=report.period_start,
        period_end=report.period_end,
        campaign=report.campaign,
        version=report.version + 1,
        replaces=report,
        reason=reason[:1000],
        figures=_compute(
            actor,
            report.kind,
            _version_of(report),
            report.period_start,
            report.period_end,
            report.campaign,
        ),
        computed_at=timezone.now(),
        created_by_id=actor_id(actor),
    )


@transaction.atomic
def report_discard(*, actor: Actor, report_id: int) -> None:
    """Throw a draft away (an issued report is kept for ever)."""
    report = _locked(actor, report_id)
    _draft_only(report)
    report.delete()


def report_file(*, report: Report, fmt: str) -> bytes:
    """The file of ``report`` in ``fmt``: kept bytes once issued, laid out now for a draft."""
    if fmt not in FileFormat.values:
        raise DomainError(
            ReportError.FORMAT_UNKNOWN, _("Reports are given as PDF, DOCX or XLSX."), field="format"
        )
    if report.status == ReportStatus.ISSUED:
        kept = ReportFile.objects.filter(report=report, format=fmt).values_list(
            "content", flat=True
        )
        kept_bytes: bytes = bytes(kept.get())
        return kept_bytes
    return RENDERERS[FileFormat(fmt)](document_of(report))


# Scheduled drafts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date


MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}


def period_containing(kind: str, day: date) -> Period:
    """The month, quarter, half-year or year that ``day`` lies in."""
    months = MONTHS[PeriodKind(kind)]
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    next_month = first_month + months
    after = date(day.year + (next_month - 1) // 12, (next_month - 1) % 12 + 1, 1)
    return Period(start, after - timedelta(days=1))


def first_working_day(start: date) -> date:
    day = start
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def reports_schedule(*, on: date) -> list[Report]:
    """On the first working day of a month, quarter, half-year or year: a draft of the period
    just ended for every commune and province that has an officer to wait for it, for each
    kind made at the start of such periods. Safe to run again (what exists is left alone)."""
    from langso.accounts.models import MANAGING_ROLES, RoleAssignment
    from langso.core.dates import valid_on

    made: list[Report] = []
    units = set(
        RoleAssignment.objects.filter(valid_on(on), role__in=MANAGING_ROLES).values_list(
            "unit_id", flat=True
        )
    )
    for kind in ReportKind.objects.filter(scheduled=True).exclude(period=PeriodKind.CAMPAIGN):
        current = period_containing(kind.period, on)
        if first_working_day(current.start) != on:
            continue
        previous = period_containing(kind.period, current.start - timedelta(days=1))
        for unit_id in sorted(units):
            version = version_on(unit_id, previous.end)
            if version is None or version.unit.level not in REPORTING_LEVELS:
                continue
            try:
                made.append(
                    report_create(
                        actor=SYSTEM,
                        kind=kind.code,
                        unit=version.code,
                        period_start=previous.start,
                        period_end=previous.end,
                        scheduled=True,
                    )
                )
            except DomainError:
                continue
    return made
