from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from langso.core.bounds import Day, DbId

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
# A share as JSON gives it (0.9); no NaN or infinity, and few digits, so no arithmetic on it
# can blow up. Its range (above 0, at most 1) is checked by the service with its own code.
Share = Annotated[Decimal, Field(allow_inf_nan=False, max_digits=12, decimal_places=8)]


class GoalIn(Schema):
    indicator: Code
    target_share: Share | None = Field(
        None, description="A share of the indicator's population, above 0 and at most 1"
    )
    target_count: int | None = Field(
        None,
        ge=-(2**31),
        le=2**31,
        description="Or: a number of people to bring to the indicator during the campaign",
    )


class CampaignIn(Schema):
    name: Annotated[str, StringConstraints(max_length=400)]
    basis: Annotated[str, StringConstraints(max_length=120)] = Field(
        description="The plan's number and symbol, e.g. 125/KH-UBND"
    )
    basis_date: Day | None = Field(None, description="The day the plan was signed")
    unit: Code = Field(description="The code of the province, commune or village it covers")
    starts_on: Day
    ends_on: Day
    goals: list[GoalIn] = Field(max_length=50)


class GoalsIn(Schema):
    goals: list[GoalIn] = Field(max_length=50)


class GoalOut(Schema):
    indicator: str
    name: str
    target_share: float | None
    target_count: int | None


class CampaignOut(Schema):
    id: int
    name: str
    basis: str
    basis_date: date | None
    unit: str
    unit_name: str
    starts_on: date
    ends_on: date
    status: Literal["draft", "active", "closed"]
    goals: list[GoalOut]


class GoalProgressOut(Schema):
    indicator: str
    name: str
    population: int
    baseline: int
    achieved: int
    gained: int
    target_share: float | None
    target_count: int | None
    share: float | None = Field(description="achieved / population (null when nobody counts)")
    gap: int | None = Field(description="People still missing to meet the target")
    forecast_on: date | None = Field(
        description="When the target is met at the pace of the last 14 days (the day it was "
        "met, once it is); null when there is no pace"
    )
    on_track: bool | None


class ChildProgressOut(Schema):
    unit: str
    name: str
    goals: list[GoalProgressOut]


class ProgressOut(Schema):
    unit: str
    name: str
    on: date
    goals: list[GoalProgressOut]
    children: list[ChildProgressOut]


class ProgressQuery(Schema):
    unit: Code | None = None
    on: Day | None = None


class AssignIn(Schema):
    village: Code
    split: Literal["even"] | None = Field(
        None, description="even: share every household of the village among its members"
    )
    member: DbId | None = Field(None, description="The user who gets the households")
    households: list[DbId] | None = Field(None, max_length=5000)


class AssignedOut(Schema):
    household: int
    member: int


class AssignOut(Schema):
    village: str
    assigned: list[AssignedOut]


class PersonToDoOut(Schema):
    id: int
    name: str
    left: list[str]


class HouseholdToDoOut(Schema):
    id: int
    number: str
    head_name: str
    village: str
    assigned_at: datetime
    follow_up_on: date | None
    left: list[str] = Field(description="The household's own indicators still to do")
    residents: list[PersonToDoOut]
    count: int = Field(description="Everything left to do in the household")


class VillageAssignmentOut(Schema):
    household: int
    number: str
    head_name: str
    people: int
    member: int | None
    member_name: str | None
    since: datetime | None


class AssignmentsQuery(Schema):
    member: Literal["me"] | DbId = Field(
        "me", description="me, or the user id of a member of a village the caller shares out"
    )


class TargetsIn(Schema):
    goals: list[GoalIn] = Field(max_length=50)


class TargetOut(Schema):
    unit: str
    goals: list[GoalOut]


class CampaignsQuery(Schema):
    unit: Code | None = None
