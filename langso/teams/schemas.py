from datetime import date
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from langso.teams.models import Organisation, PhoneVisibility, TeamRole

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class CoverageOut(Schema):
    unit: str
    name: str
    on: date
    communes_total: int
    communes_with_team: int
    villages_total: int
    villages_with_team: int
    teams: int
    members: int
    members_commune_level: int
    members_village_level: int
    zalo_groups_commune_level: int
    zalo_groups_village_level: int


class MemberOut(Schema):
    id: int = Field(description="The membership")
    person_id: int = Field(description="The person, who may serve on several teams")
    full_name: str
    phone_masked: str = Field(
        description="The last three digits of the member's phone number (*******678); empty "
        "when none is recorded or when the member shows nothing of it to the caller"
    )
    phone_revealable: bool = Field(
        description="Whether the caller may ask for the whole number (reveal-phone): those who "
        "manage the team always, a fellow member when the member allows it, oneself; false "
        "when there is no number"
    )
    phone_visibility: PhoneVisibility | None = Field(
        description="What the member lets the rest of the team see of their number (hidden, "
        "masked, team); given to the member themself only, null for others"
    )
    role: TeamRole
    organisation: Organisation
    joined_on: date


class TeamOut(Schema):
    id: int
    name: str
    unit: str
    unit_name: str
    valid_from: date
    closed_on: date | None
    zalo_link: str | None
    members: list[MemberOut]


class TeamBriefOut(Schema):
    id: int
    name: str
    unit: str
    unit_name: str
    members: int
    zalo_link: str | None


class MemberIn(Schema):
    full_name: str
    phone: str = ""
    role: TeamRole = TeamRole.MEMBER
    organisation: Organisation = Organisation.OTHER
    joined_on: date | None = None


class ZaloIn(Schema):
    invite_link: str


class RevealIn(Schema):
    reason: Reason = Field(description="Why the whole number is needed; written to the audit log")


class PhoneOut(Schema):
    phone: str | None = Field(description="The number in E.164 (+84…); null when none is recorded")


class PhoneVisibilityIn(Schema):
    visibility: PhoneVisibility = Field(
        description="What the rest of the caller's teams see of the caller's phone number: "
        "hidden (nothing), masked (the last three digits), team (the whole number when a "
        "member asks for it, written to the audit log)"
    )


class PhoneVisibilityOut(Schema):
    visibility: PhoneVisibility
    phone_masked: str
