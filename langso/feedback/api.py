"""The JSON API of citizen feedback for officers' programs (the public side is Open311)."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from langso import access
from langso.core.bounds import Day, Offset
from langso.feedback import selectors
from langso.feedback.models import Report
from langso.feedback.schemas import CountOut, DashboardOut, ReportOut

router = Router(tags=["feedback"])


class QueueQuery(Schema):
    status: str = ""
    category: str = ""
    overdue: bool = False
    limit: int = Field(100, ge=1, le=500)
    offset: Offset = 0


class DashboardQuery(Schema):
    unit: str = ""
    start: Day | None = None
    end: Day | None = None


def _out(report: Report) -> ReportOut:
    return ReportOut(
        code=report.code,
        category=report.category.code,
        status=report.status,
        place=report.place,
        place_code=report.place_code,
        made_at=report.made_at,
        due_on=report.due_on,
        closed_at=report.closed_at,
        overdue=selectors.is_overdue(report),
        assigned_to=str(report.assigned_to) if report.assigned_to else None,
        reporter_name=report.name_masked,
        reporter_phone=report.phone_masked,
    )


@router.get("/reports", response=list[ReportOut], summary="The reports the caller handles")
def reports(request: HttpRequest, query: Query[QueueQuery]) -> list[ReportOut]:
    """The caller's queue, by deadline; officers only (anyone else gets 404)."""
    access.access_feedback_desk(request.user)
    found = selectors.queue(
        actor=request.user,
        filters=selectors.QueueFilter(
            status=query.status, category=query.category, overdue=query.overdue
        ),
    )
    return [_out(r) for r in found[query.offset : query.offset + query.limit]]


@router.get("/reports/{code}", response=ReportOut, summary="One report")
def report(request: HttpRequest, code: str) -> ReportOut:
    return _out(selectors.report_for(actor=request.user, code=code))


@router.get("/dashboard", response=DashboardOut, summary="Counts, times and overdue reports")
def dashboard(request: HttpRequest, query: Query[DashboardQuery]) -> DashboardOut:
    board = selectors.dashboard(
        actor=request.user, code=query.unit, start=query.start, end=query.end
    )

    def counts(items: list[selectors.Count]) -> list[CountOut]:
        return [CountOut(label=c.label, code=c.code, count=c.count) for c in items]

    return DashboardOut(
        title=board.title,
        code=board.code,
        start=board.start,
        end=board.end,
        total=board.total,
        by_status=counts(board.by_status),
        by_category=counts(board.by_category),
        by_commune=counts(board.by_commune),
        median_days_to_resolve=board.median_days,
        answered=board.answered,
        answered_on_time=board.on_time,
        on_time_percent=board.on_time_share,
        overdue=[r.code for r in board.overdue],
    )
