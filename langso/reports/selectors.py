"""Reading reports: the list an officer sees, and the period's work of a unit."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.access.reports import access_reports_desk, reports_filter
from langso.core.errors import DomainError
from langso.reports import figures
from langso.reports.errors import ReportError
from langso.reports.models import Report, ReportKind
from langso.units.models import UnitVersion


def kinds() -> list[ReportKind]:
    return list(ReportKind.objects.all())


def reports(
    *, actor: Actor, unit: UnitVersion | None = None, status: str | None = None
) -> QuerySet[Report]:
    """The reports the actor may read, newest period first (then newest version)."""
    access_reports_desk(actor)
    found = Report.objects.filter(reports_filter(actor)).select_related("kind", "unit")
    if unit is not None:
        found = found.filter(unit=unit.unit)
    if status:
        found = found.filter(status=status)
    return found.order_by("-period_end", "-period_start", "kind__position", "-version", "-pk")


def unit_activity(
    *, actor: Actor, code: str, start: date, end: date
) -> tuple[UnitVersion, dict[str, Any]]:
    """The period's work in the unit, as the reports count it (their "activity" figures)."""
    if end < start:
        raise DomainError(
            ReportError.PERIOD_INVALID, _("The period ends before it starts."), field="end"
        )
    version = access.access_unit_by_code(actor, code, end)
    return version, figures.activity(version=version, start=start, end=end)
