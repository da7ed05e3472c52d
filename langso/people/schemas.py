"""API types for households and residents. ID and phone numbers only ever go out masked."""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

from langso.core.bounds import DbId
from langso.people.models import (
    Consent,
    Household,
    HouseholdChange,
    LifeEvent,
    Resident,
    ResidentChange,
)
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


# Corrections, life events and merges ---------------------------------------------------------


class ResidentEditIn(ResidentIn):
    """A resident's data as corrected. An empty ``id_number`` or ``phone`` keeps the number
    recorded; ``clear_id`` and ``clear_phone`` remove it."""

    clear_id: bool = False
    clear_phone: bool = False


class HouseholdEditIn(Schema):
    number: str = Field("", max_length=30)
    address: str = Field("", max_length=200)
    village: str | None = Field(
        None, max_length=24, description="Code of the village to move the household to"
    )


class LifeEventIn(Schema):
    kind: Literal["moved", "died", "withdrawn"]
    happened_on: date
    household_id: DbId | None = Field(None, description="Where the resident moved to (moved)")
    note: str = Field("", max_length=300)


class LifeEventOut(Schema):
    id: int
    resident: int
    kind: str
    happened_on: date
    from_household: int | None
    to_household: int | None
    note: str

    @classmethod
    def of(cls, event: LifeEvent) -> "LifeEventOut":
        return cls(
            id=event.pk,
            resident=event.resident_id,
            kind=event.kind,
            happened_on=event.happened_on,
            from_household=event.from_household_id,
            to_household=event.to_household_id,
            note=event.note,
        )


class ChangeOut(Schema):
    field: str
    old: str = Field(description="As shown; ID and phone numbers masked")
    new: str
    changed_at: datetime
    changed_by: str

    @classmethod
    def of(cls, change: ResidentChange | HouseholdChange) -> "ChangeOut":
        who = change.changed_by
        return cls(
            field=change.field,
            old=change.old,
            new=change.new,
            changed_at=change.changed_at,
            changed_by=(who.get_full_name() or who.get_username()) if who else "",
        )


class MergeIn(Schema):
    first: DbId
    second: DbId


class MergeOut(Schema):
    kept: int = Field(description="The older id, kept")
    merged: int = Field(description="The id marked as merged into the kept one")
