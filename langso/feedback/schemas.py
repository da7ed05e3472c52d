from datetime import date, datetime

from ninja import Schema


class ReportOut(Schema):
    """A report as its commune's officers see it; the reporter's contact only masked."""

    code: str
    category: str
    status: str
    place: str
    place_code: str
    made_at: datetime
    due_on: date
    closed_at: datetime | None
    overdue: bool
    assigned_to: str | None
    reporter_name: str
    reporter_phone: str


class CountOut(Schema):
    label: str
    code: str
    count: int


class DashboardOut(Schema):
    title: str
    code: str
    start: date
    end: date
    total: int
    by_status: list[CountOut]
    by_category: list[CountOut]
    by_commune: list[CountOut]
    median_days_to_resolve: float | None
    answered: int
    answered_on_time: int
    on_time_percent: float | None
    overdue: list[str]
