from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

from langso.campaigns.schemas import Code
from langso.core.bounds import Day, DbId


class ReportKindOut(Schema):
    code: str
    title: str = Field(description="In the request's language")
    period: Literal["month", "quarter", "half", "year", "campaign"]
    sections: list[str]
    scheduled: bool = Field(description="Made as a draft on the first working day of a period")


class ReportIn(Schema):
    kind: str = Field(max_length=40, description="A report kind's code (GET /report-kinds)")
    unit: Code = Field(description="The commune's or province's code")
    period_start: Day | None = Field(None, description="Default for a campaign: its first day")
    period_end: Day | None = Field(None, description="The last day covered (yesterday at most)")
    campaign: DbId | None = Field(None, description="Required for a campaign's closing report")


class CorrectIn(Schema):
    reason: str = Field(max_length=1000, description="Why the issued report is corrected")


class FilesOut(Schema):
    pdf: str
    docx: str
    xlsx: str


class KeptFileOut(Schema):
    format: str
    sha256: str
    size: int


class ReportOut(Schema):
    id: int
    kind: str
    title: str
    unit: str
    unit_name: str
    period_start: date
    period_end: date
    campaign: int | None
    status: Literal["draft", "issued"]
    version: int
    number: str | None = Field(description="Given when issued: 12/BC-UBND")
    replaces: int | None
    replaced_by: int | None
    reason: str | None = Field(description="Why this version corrects the one it replaces")
    computed_at: datetime
    issued_at: datetime | None
    issued_by: str | None
    files: FilesOut
    kept: list[KeptFileOut] = Field(description="The issued files and their SHA-256")


class ReportDetailOut(ReportOut):
    figures: dict[str, Any]


class ReportsQuery(Schema):
    unit: Code | None = None
    status: Literal["draft", "issued"] | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class PeriodQuery(Schema):
    start: Day | None = Field(
        None, description="First day counted (default: the 1st of the end's month, or this month's)"
    )
    end: Day | None = Field(
        None,
        description="Last day counted (default: the start's month's last, or this month's)",
    )


class TopicsOut(Schema):
    vneid: int
    dvc_account: int
    data_store: int
    epayment: int
    scam_awareness: int
    safe_shopping: int
    ecommerce_shop: int
    ehealth: int
    digital_signature: int
    other: int


class ActivityOut(Schema):
    unit: str
    unit_name: str
    start: date
    end: date
    visits: int
    households: int = Field(description="Households visited at least once")
    people: int = Field(description="People present at a visit at least once")
    hours: float = Field(description="The visits' lengths added up, one decimal")
    members: int = Field(description="Members who made a visit")
    topics: TopicsOut = Field(description="People present at visits on each topic")
    members_joined: int
    members_left: int
    scam_reports: int = Field(description="Scam reports sent by the unit's members")
    scam_confirmed: int
    announcements: int = Field(description="Announcements addressed to the unit, sent")
    messages: int = Field(description="Messages to the unit's villages")
    messages_reached: int
    messages_failed: int
