"""Who may make, read and issue official reports: the officers (province, commune) who manage
the report's unit, on the last day of its period (a report of a commune that merged away is the
successor's officers' and the province's). Team leaders and members have none: a report is the
People's Committee's paper. Anything else answers 404, word for word the same as a report that
does not exist."""

from django.db.models import Q
from django.utils.translation import gettext as _

from langso.access import Actor, actor_id, is_officer, is_unrestricted, may_manage_unit
from langso.access.campaigns import _managed_scope, unit_day
from langso.core.dates import today
from langso.core.errors import NotFound
from langso.reports.errors import ReportError
from langso.reports.models import Report

__all__ = ["access_report", "access_reports_desk", "no_report", "reports_filter"]

BIGGEST_ID = 2**63 - 1


def no_report() -> NotFound:
    return NotFound(ReportError.NOT_FOUND, _("There is no such report."))


def access_reports_desk(actor: Actor) -> None:
    """The reports pages and list: officers only (404 for the others, as for any page they
    do not have)."""
    if not (is_unrestricted(actor) or is_officer(actor)):
        raise no_report()


def reports_filter(actor: Actor) -> Q:
    """The reports the actor may read: those of units they manage today, and those they made."""
    if is_unrestricted(actor):
        return Q()
    scope = _managed_scope(actor, today())
    return Q(unit_id__in=scope) | Q(created_by_id=actor_id(actor) or -1)


def access_report(actor: Actor, report_id: int) -> Report:
    """The report, if the actor manages its unit on its period's last day (or today)."""
    if not 0 < report_id <= BIGGEST_ID:
        raise no_report()
    report = Report.objects.select_related("kind", "unit").filter(pk=report_id).first()
    if report is None:
        raise no_report()
    if is_unrestricted(actor):
        return report
    day = unit_day(report.unit, report.period_end)
    if may_manage_unit(actor, report.unit, day) or may_manage_unit(actor, report.unit, today()):
        return report
    raise no_report()
