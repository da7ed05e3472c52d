from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from langso.core.bounds import Day, Offset

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
ChannelName = Literal["app", "sms", "zalo", "email"]


class ResidentsIn(Schema):
    all: bool = Field(False, description="Every consenting resident of the units")
    lacking: list[Code] = Field(
        default_factory=list,
        max_length=12,
        description="Or only those who lack any of these indicators (their codes)",
    )
    min_age: int | None = Field(None, ge=0, le=120, description="Only from this age up")


class AudienceIn(Schema):
    units: list[Code] = Field(max_length=200, description="Codes of the units addressed")
    teams: Literal["leaders", "members", "none"] = Field(
        "none", description="Their teams' leaders (and deputies), every member, or none"
    )
    residents: ResidentsIn | None = Field(None, description="Residents too (consenting only)")


class LinkIn(Schema):
    kind: Literal["guide", "campaign", "warning"]
    ref: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] = (
        Field(description="A guide's slug, a campaign's id, or the link or number warned of")
    )


class AnnouncementIn(Schema):
    title: Annotated[str, StringConstraints(max_length=400)]
    text: Annotated[str, StringConstraints(max_length=8000)] = Field(
        description="At most 2,000 characters; {ten}, {thon} and {han} are filled per recipient"
    )
    link: LinkIn | None = None
    audience: AudienceIn
    channels: list[ChannelName] = Field(max_length=4)
    send_at: datetime | None = Field(None, description="Send then (else when sent)")
    urgent: bool = Field(False, description="Urgent: SMS go out at night too")
    deadline: Day | None = Field(None, description="The day {han} stands for")


class ReachIn(Schema):
    audience: AudienceIn
    channels: list[ChannelName] = Field(max_length=4)


class ReachOut(Schema):
    reach: dict[str, int]
    connected: dict[str, bool]


class AnnouncementOut(Schema):
    id: int
    title: str
    text: str
    status: Literal["draft", "scheduled", "sending", "sent", "cancelled"]
    status_name: str
    unit: str
    unit_name: str
    audience: dict[str, object]
    channels: list[str]
    urgent: bool
    send_at: datetime | None
    deadline: date | None
    reach: dict[str, int] = Field(description="How many people each channel reaches")
    created_at: datetime
    queued_at: datetime | None


class DeliveryOut(Schema):
    id: int
    channel: str
    status: str
    status_name: str
    to: str = Field(description="Masked: the last digits of a number, the domain of an email")
    unit: str
    attempts: int
    error_code: str
    error: str
    sent_at: datetime | None
    read_at: datetime | None


class DeliveriesQuery(Schema):
    status: Annotated[str, StringConstraints(max_length=20)] | None = None
    channel: Annotated[str, StringConstraints(max_length=20)] | None = None
    offset: Offset = 0
    limit: int = Field(100, ge=1, le=500)


class DeliveriesOut(Schema):
    counts: dict[str, dict[str, int]] = Field(description="Per channel, per status")
    total: int | None = Field(None, description="With status or channel: the rows that match")
    rows: list[DeliveryOut] | None = None


class ListQuery(Schema):
    offset: Offset = 0
    limit: int = Field(50, ge=1, le=200)


class InboundIn(Schema):
    sender: Annotated[str, StringConstraints(max_length=40)] = Field(alias="from")
    text: Annotated[str, StringConstraints(max_length=1000)]


class InboundOut(Schema):
    opted_out: bool
