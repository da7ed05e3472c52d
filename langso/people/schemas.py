"""API types for households and residents. ID and phone numbers only ever go out masked."""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

from langso.people.models import Consent, Household, Resident
from langso.people.selectors import CurrentStatus

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class ResidentOut(Schema):
    id: int
    household: int
    full_name: str
    birth_date: date | None
    birth_year: int | None
    sex: str = Field(description='"M", "F" or "" when not known')
    ethnicity: str
    relationship: str
    is_head: bool
    id_kind: str = Field(description='"cccd", "cmnd" or "" when there is no ID number')
    id_masked: str = Field(description='For example "**********89"; "" when there is none')
    phone_masked: str = Field(description='For example "*******678"; "" when there is none')
    indicators: list[str] = Field(description="Indicators whose current status is yes")

    @classmethod
    def of(cls, resident: Resident, indicators: list[str] | None = None) -> "ResidentOut":
        return cls(
            id=resident.pk,
            household=resident.household_id,
            full_name=resident.full_name,
            birth_date=resident.birth_date,
            birth_year=resident.birth_year,
            sex=resident.sex,
            ethnicity=resident.ethnicity,
            relationship=resident.relationship,
            is_head=resident.is_head,
            id_kind=resident.id_kind,
            id_masked=resident.id_masked,
            phone_masked=resident.phone_masked,
            indicators=indicators or [],
        )


class HouseholdOut(Schema):
    id: int
    village: str
    number: str
    head_name: str
    is_business: bool
    indicators: list[str] = Field(description="Household indicators whose current status is yes")
    residents: list[ResidentOut]

    @classmethod
    def of(
        cls,
        household: Household,
        village_code: str,
        residents: list[ResidentOut],
        indicators: list[str] | None = None,
    ) -> "HouseholdOut":
        return cls(
            id=household.pk,
            village=village_code,
            number=household.number,
            head_name=household.head_name,
            is_business=household.is_business,
            indicators=indicators or [],
            residents=residents,
        )


class StatusOut(Schema):
    indicator: str
    name: str
    value: bool
    observed_at: datetime
    source: str

    @classmethod
    def of(cls, status: CurrentStatus) -> "StatusOut":
        return cls(
            indicator=status.indicator,
            name=status.name,
            value=status.value,
            observed_at=status.observed_at,
            source=status.source,
        )


class ConsentOut(Schema):
    given: bool
    purpose: str
    recorded_on: date
    recorded_at: datetime

    @classmethod
    def of(cls, consent: Consent) -> "ConsentOut":
        return cls(
            given=consent.given,
            purpose=consent.purpose,
            recorded_on=consent.recorded_on,
            recorded_at=consent.recorded_at,
        )


class ResidentDetailOut(ResidentOut):
    village: str
    village_name: str
    statuses: list[StatusOut]
    household_statuses: list[StatusOut]
    consents: list[ConsentOut] = Field(description="Newest first: the first is what holds now")


class HouseholdIn(Schema):
    number: str = Field("", max_length=30)
    head_name: str = Field("", max_length=150)
    is_business: bool = False


class ResidentIn(Schema):
    full_name: str = Field(max_length=150)
    birth_date: date | None = None
    birth_year: int | None = Field(None, ge=1880, le=2100)
    sex: str = Field("", max_length=10, description='"M", "F" or ""')
    ethnicity: str = Field("", max_length=40)
    relationship: str = Field("", max_length=60)
    is_head: bool = False
    id_number: str = Field("", max_length=20, description="CCCD (12 digits) or CMND (9)")
    phone: str = Field("", max_length=30)


class RevealIn(Schema):
    what: Literal["id", "phone"]
    reason: Reason


class RevealOut(Schema):
    value: str | None = Field(
        description="The full ID number, or the phone number in E.164; null when none is recorded"
    )
