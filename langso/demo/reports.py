"""The demo's official reports: Xã Thuận Châu's officer (``xa.thuanchau``) has issued the
commune's monthly report of the last whole month, and has the draft of last quarter's report
waiting to be checked.

Both are made through the services, from the demo's own records: the month reads the campaign's
visits that fell in it (the campaign began four weeks before the demo's today, so most months
hold some), and both read the year of indicator history, the teams and the announcements. The
quarter's draft is left a draft, as the scheduled drafts are, for the officer to refresh and
issue. The reports are made now, like the rest of the demo's services: the month's report is
issued on the demo's today.
"""

from datetime import date, timedelta

from langso.accounts.models import User
from langso.core.dates import today, valid_on
from langso.reports import services
from langso.reports.models import Report
from langso.units.models import Unit, UnitVersion


def _last_whole(kind: str, day: date) -> services.Period:
    """The month or quarter that ended before the one ``day`` lies in."""
    return services.period_containing(
        kind, services.period_containing(kind, day).start - timedelta(days=1)
    )


def build(*, commune: Unit) -> tuple[Report, Report]:
    """The issued monthly report and the quarterly draft, for ``commune``."""
    officer = User.objects.get(username="xa.thuanchau")
    day = today()
    code = UnitVersion.objects.get(valid_on(day), unit=commune).code
    month, quarter = _last_whole("month", day), _last_whole("quarter", day)
    monthly = services.report_create(
        actor=officer, kind="monthly", unit=code, period_start=month.start, period_end=month.end
    )
    issued = services.report_issue(actor=officer, report_id=monthly.pk)
    draft = services.report_create(
        actor=officer,
        kind="quarterly",
        unit=code,
        period_start=quarter.start,
        period_end=quarter.end,
    )
    return issued, draft
