from datetime import date
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from langso.core.bounds import Day, DbId

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class PeriodQuery(Schema):
    start: Day | None = Field(
        None, description="First day counted (default: the 1st of the end's month, or this month's)"
    )
    end: Day | None = Field(
        None,
        description="Last day counted (default: the start's month's last, or this month's)",
    )


class NamedCount(Schema):
    code: str
    name: str
    people: int


class RecordOut(Schema):
    visits: int
    households: int
    people: int
    hours: float
    feedback_handled: int
    posts: int
    guided: list[NamedCount] = Field(description="People moved to yes, per indicator")
    skills: list[NamedCount] = Field(description="People moved to yes, per skill")


class MemberRecordOut(Schema):
    person_id: int
    name: str
    teams: str
    record: RecordOut


class TeamRecordOut(Schema):
    team_id: int
    name: str
    members: int
    record: RecordOut


class UnitRecognitionOut(Schema):
    unit: str
    name: str
    start: date
    end: date
    members: list[MemberRecordOut]
    teams: list[TeamRecordOut]


class MyRecordOut(Schema):
    start: date
    end: date
    record: RecordOut


class CommendationIn(Schema):
    unit: Code
    start: Day
    end: Day
    criteria: DbId | None = Field(None, description="Default: the unit's criteria in use")


class ConditionOut(Schema):
    measure: str
    name: str
    at_least: int


class CorrectionOut(Schema):
    measure: str
    name: str
    recorded: float
    corrected: float
    reason: str


class EntryOut(Schema):
    id: int
    kind: Literal["member", "team"]
    name: str
    detail: str
    meets: bool
    decision: Literal["pending", "approved", "declined"]
    figures: dict[str, float] = Field(description="The figures the proposal shows, corrected")
    corrections: list[CorrectionOut]


class FileOut(Schema):
    format: str
    sha256: str
    size: int
    url: str


class CommendationOut(Schema):
    id: int
    unit: str
    start: date
    end: date
    criteria: str
    subject: Literal["member", "team"]
    conditions: list[ConditionOut]
    status: Literal["draft", "submitted", "decided"]
    number: str
    entries: list[EntryOut]
    files: list[FileOut]


class DecisionIn(Schema):
    decision: Literal["pending", "approved", "declined"]


class CorrectionIn(Schema):
    measure: Annotated[str, StringConstraints(max_length=60)]
    value: float = Field(allow_inf_nan=False)
    reason: Annotated[str, StringConstraints(max_length=2000)] = ""
