import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainValidator,
    Strict,
    StrictBool,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from langso.core.bounds import DbId
from langso.visits.models import MAX_DURATION, Topic

# Bounds of one event, well above what a visit holds, so that no event can make the server
# work for nothing: a household's people (the largest have a few dozen), what can be recorded
# about each (a dozen indicators), the topics (ten, each at most twice).
MAX_PEOPLE = 100
MAX_OBSERVATIONS = 1200
MAX_TOPICS = 20
NOTE_LENGTH = 2000
LOCATION_WITHOUT_CONSENT = "location_without_consent"
OBSERVATION_REPEATED = "observation_repeated"

# An id in an event is a JSON integer: "12", true and 12.0 are no household or resident (the
# app sends numbers, and Python's lax reading would also take "1_2" and true as ids).
JsonId = Annotated[DbId, Strict()]


# A list or a text sent as null counts as not sent, as it always has.
_NULL_IS_NO_LIST = BeforeValidator(lambda value: [] if value is None else value)
_NULL_IS_NO_TEXT = BeforeValidator(lambda value: "" if value is None else value)


def _moment(value: Any) -> datetime:
    """A date and time as ISO 8601 text; without an offset it is Vietnam's time, which is what
    the phones' clocks say."""
    if isinstance(value, str):
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
        if moment is not None:
            return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    raise PydanticCustomError("moment", "a date and time written in ISO 8601")


# A moment as the phones write it (also for the kinds of events other apps register).
Moment = Annotated[datetime, PlainValidator(_moment)]


class Observed(BaseModel):
    """What the member learnt at the door: a resident (none for a household's indicator), an
    indicator and whether it holds."""

    model_config = ConfigDict(extra="ignore")

    resident_id: JsonId | None = None
    indicator: Annotated[str, Strict(), Field(max_length=40)]
    value: StrictBool


class SkillSeen(BaseModel):
    """A skill the member saw a person do by themselves (or try and not manage yet): the
    person, the skill's code in the framework (``learning``), and whether they did it."""

    model_config = ConfigDict(extra="ignore")

    resident_id: JsonId
    skill: Annotated[str, Strict(), Field(min_length=1, max_length=20)]
    value: StrictBool


SKILL_REPEATED = "skill_repeated"


class Location(BaseModel):
    model_config = ConfigDict(extra="ignore")

    lat: Annotated[float, Strict(), Field(ge=-90, le=90, allow_inf_nan=False)]
    lon: Annotated[float, Strict(), Field(ge=-180, le=180, allow_inf_nan=False)]


class VisitEvent(BaseModel):
    """One visit as the phone sends it in a push (``static/field/app.js``).

    Fields this server does not know are ignored, not refused: the app a phone runs may be
    newer than the server it syncs with (a phone that loaded the app before a rollback, say),
    and refusing its visits for a field the server has no use for would lose the member's work.
    Nothing is lost by ignoring: the digest that tells a re-sent event from a changed one is
    taken over everything the phone sent.
    """

    model_config = ConfigDict(extra="ignore")

    # The kind first: an unknown kind is answered as such, whatever its other fields are.
    kind: Literal["visit"] = "visit"
    id: uuid.UUID
    household_id: JsonId
    occurred_at: Annotated[datetime, PlainValidator(_moment)]
    topics: Annotated[list[Topic], _NULL_IS_NO_LIST, Field(max_length=MAX_TOPICS)] = []
    observations: Annotated[
        list[Observed], _NULL_IS_NO_LIST, Field(max_length=MAX_OBSERVATIONS)
    ] = []
    residents_present: Annotated[list[JsonId], _NULL_IS_NO_LIST, Field(max_length=MAX_PEOPLE)] = []
    # Handed to the app that registered for them (``visits.visit_parts``).
    skills: Annotated[list[SkillSeen], _NULL_IS_NO_LIST, Field(max_length=MAX_OBSERVATIONS)] = []
    note: Annotated[str, _NULL_IS_NO_TEXT, Strict(), Field(max_length=NOTE_LENGTH)] = ""
    location: Annotated[
        Location | None, BeforeValidator(lambda value: None if value in (None, {}) else value)
    ] = None
    location_consent: StrictBool | None = None
    duration_minutes: Annotated[int, Strict(), Field(ge=0, le=MAX_DURATION)] | None = None
    # When the member saved the visit on the phone. Sent with a visit dated earlier (made
    # earlier in the week, recorded now): the server checks the date against it.
    recorded_at: Annotated[datetime, PlainValidator(_moment)] | None = None

    @field_validator("observations")
    @classmethod
    def _once_each(cls, observations: list[Observed]) -> list[Observed]:
        # An observation's id is made from the visit, the resident and the indicator: two of
        # them would be one row twice.
        pairs = {(o.resident_id, o.indicator) for o in observations}
        if len(pairs) != len(observations):
            raise PydanticCustomError(OBSERVATION_REPEATED, "an indicator recorded twice")
        return observations

    @field_validator("skills")
    @classmethod
    def _each_skill_once(cls, skills: list[SkillSeen]) -> list[SkillSeen]:
        # Their ids are made from the visit, the resident and the skill, like observations'.
        if len({(s.resident_id, s.skill) for s in skills}) != len(skills):
            raise PydanticCustomError(SKILL_REPEATED, "a skill recorded twice")
        return skills

    @field_validator("note")
    @classmethod
    def _storable(cls, note: str) -> str:
        # PostgreSQL cannot store a NUL in text; nobody types one into a note.
        if "\x00" in note:
            raise PydanticCustomError("note_nul", "a NUL character")
        return note

    @model_validator(mode="after")
    def _consented(self) -> Self:
        if self.location is not None and self.location_consent is not True:
            raise PydanticCustomError(LOCATION_WITHOUT_CONSENT, "a location without consent")
        return self


def _no_nul(text: str) -> str:
    # PostgreSQL cannot store a NUL in text; nobody types one into a name.
    if "\x00" in text:
        raise PydanticCustomError("text_nul", "a NUL character")
    return text


Text = Annotated[str, _NULL_IS_NO_TEXT, Strict(), AfterValidator(_no_nul)]


class HouseholdEvent(BaseModel):
    """A household the member added on the phone, in one of their villages."""

    model_config = ConfigDict(extra="ignore")

    kind: Literal["household_create"]
    id: uuid.UUID
    village_id: JsonId
    head_name: Annotated[Text, Field(max_length=150)] = ""
    number: Annotated[Text, Field(max_length=30)] = ""
    is_business: StrictBool = False


class ResidentEvent(BaseModel):
    """A resident the member added: to a household the server has (``household_id``) or to one
    added on the phone and not yet answered (``household_event``: that event's id)."""

    model_config = ConfigDict(extra="ignore")

    kind: Literal["resident_create"]
    id: uuid.UUID
    household_id: JsonId | None = None
    household_event: uuid.UUID | None = None
    full_name: Annotated[Text, Field(max_length=150)]
    birth_year: Annotated[int, Strict()] | None = None
    sex: Literal["", "M", "F"] = ""
    relationship: Annotated[Text, Field(max_length=60)] = ""
    is_head: StrictBool = False

    @model_validator(mode="after")
    def _one_household(self) -> Self:
        if (self.household_id is None) == (self.household_event is None):
            raise PydanticCustomError("household_ref", "one household")
        return self


class CorrectionEvent(BaseModel):
    """A name or a year of birth found wrong: waits for an officer."""

    model_config = ConfigDict(extra="ignore")

    kind: Literal["correction"]
    id: uuid.UUID
    resident_id: JsonId
    full_name: Annotated[Text, Field(max_length=150)] = ""
    birth_year: Annotated[int, Strict()] | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        if not self.full_name.strip() and self.birth_year is None:
            raise PydanticCustomError("correction_empty", "nothing to correct")
        return self


class FollowUpEvent(BaseModel):
    """The day to come back to a household (null clears it)."""

    model_config = ConfigDict(extra="ignore")

    kind: Literal["follow_up"]
    id: uuid.UUID
    household_id: JsonId
    due_on: date | None = None


class PushIn(Schema):
    device_id: str = Field("", max_length=64)
    # Each event is checked on its own (VisitEvent), so that one bad event is refused without
    # the batch.
    events: list[Any]


class PushResult(Schema):
    id: str
    status: str
    code: str | None = None
    message: str | None = None
    # What a household or resident event created (also answered to a re-sent one): the phone
    # puts the server's record in place of its own.
    household_id: int | None = None
    resident_id: int | None = None


class PushOut(Schema):
    results: list[PushResult]


class PullOut(Schema):
    cursor: str
    # The member's own name, as the cards show who made a visit.
    member: str = ""
    more: bool
    households: list[dict[str, Any]]
    residents: list[dict[str, Any]]
    # What left the member's villages since the cursor, for the phone to drop: households
    # ``{id, into}`` (``into``: the household it was merged into, or null) and residents
    # ``{id, why, into}`` (why: died, withdrawn, merged or moved).
    gone_households: list[dict[str, Any]] = []
    gone_residents: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]]
    topics: list[dict[str, Any]]
    # What other apps add (``visits.pull_parts``), on the first page of a round and only when
    # it changed since the cursor: the phone replaces what it holds under each name. Today
    # ``campaigns``: ``[{id, name, starts_on, ends_on, indicators: [code], households: [id]}]``,
    # the member's active campaigns and the households given to them.
    parts: dict[str, Any] = {}
