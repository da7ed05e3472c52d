"""The households and residents API: lists and details masked, full numbers only by reveal.

Every answer that carries personal data says ``Cache-Control: private, no-store``.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from langso.core.bounds import DbId
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.people import selectors, services
from langso.people.errors import RowError
from langso.people.models import Household, Resident
from langso.people.schemas import (
    ConsentOut,
    HouseholdIn,
    HouseholdOut,
    ResidentDetailOut,
    ResidentIn,
    ResidentOut,
    RevealIn,
    RevealOut,
    StatusOut,
)
from langso.people.services import ResidentData
from langso.units import selectors as units

router = Router(tags=["people"])

NO_STORE = "private, no-store"


class SearchQuery(Schema):
    q: str = ""


def _yes(statuses: dict[str, bool]) -> list[str]:
    return sorted(code for code, value in statuses.items() if value)


def _sex(value: str) -> str:
    sex = value.strip().upper()
    if sex not in ("", "M", "F"):
        raise DomainError(
            RowError.SEX_INVALID,
            _("“%(value)s” is not a sex: write M (male) or F (female).") % {"value": value},
            field="sex",
        )
    return sex


def _household_out(
    request: HttpRequest, households: list[Household], code: str
) -> list[HouseholdOut]:
    actor = request.user
    residents = [r for h in households for r in h.residents.all()]
    by_resident = selectors.statuses_of_residents(
        actor=actor, resident_ids=[r.pk for r in residents]
    )
    by_household = selectors.statuses_of_households(
        actor=actor, household_ids=[h.pk for h in households]
    )
    return [
        HouseholdOut.of(
            household,
            code,
            [ResidentOut.of(r, _yes(by_resident.get(r.pk, {}))) for r in household.residents.all()],
            _yes(by_household.get(household.pk, {})),
        )
        for household in households
    ]


@router.get(
    "/units/{code}/households",
    response=list[HouseholdOut],
    summary="Households of a village with their residents (numbers masked)",
)
def households(
    request: HttpRequest, code: str, query: Query[SearchQuery], response: HttpResponse
) -> list[HouseholdOut]:
    """Ordered by household number, residents head first. ``q`` keeps the households where
    someone's name contains it, ignoring case and diacritics."""
    response["Cache-Control"] = NO_STORE
    version = selectors.village_get(actor=request.user, code=code)
    found = list(selectors.households(actor=request.user, village=version.unit, q=query.q))
    return _household_out(request, found, version.code)


@router.post("/units/{code}/households", response={201: HouseholdOut}, summary="Add a household")
def household_create(request: HttpRequest, code: str, payload: HouseholdIn) -> Status[HouseholdOut]:
    version = selectors.village_get(actor=request.user, code=code)
    household = services.household_create(
        actor=request.user,
        village=version.unit,
        number=payload.number,
        head_name=payload.head_name,
        is_business=payload.is_business,
    )
    return Status(201, HouseholdOut.of(household, version.code, []))


@router.post(
    "/households/{household_id}/residents",
    response={201: ResidentOut},
    summary="Add a resident to a household",
)
def resident_create(
    request: HttpRequest, household_id: DbId, payload: ResidentIn
) -> Status[ResidentOut]:
    """Refusals name the field: ``ID_YEAR_MISMATCH`` on ``id_number``, ``PHONE_INVALID`` on
    ``phone``, ``ETHNICITY_UNKNOWN`` on ``ethnicity`` (400), ``ID_TAKEN`` (409)."""
    household = selectors.household_get(actor=request.user, household_id=household_id)
    resident = services.resident_create(
        actor=request.user,
        household=household,
        data=ResidentData(
            full_name=payload.full_name,
            birth_date=payload.birth_date,
            birth_year=payload.birth_year,
            sex=_sex(payload.sex),
            ethnicity=payload.ethnicity,
            relationship=payload.relationship,
            is_head=payload.is_head,
            id_number=payload.id_number,
            phone=payload.phone,
        ),
    )
    return Status(201, ResidentOut.of(resident))


def _detail(request: HttpRequest, resident: Resident) -> ResidentDetailOut:
    actor = request.user
    # A village that no longer exists today still names where the resident was recorded.
    version = units.version_on(resident.village, today())
    statuses = selectors.resident_statuses(actor=actor, resident=resident)
    base = ResidentOut.of(resident, sorted(s.indicator for s in statuses if s.value))
    return ResidentDetailOut(
        **base.model_dump(),
        village=version.code if version else "",
        village_name=version.name if version else "",
        statuses=[StatusOut.of(s) for s in statuses],
        household_statuses=[
            StatusOut.of(s)
            for s in selectors.household_statuses(actor=actor, household=resident.household)
        ],
        consents=[
            ConsentOut.of(c) for c in selectors.consent_history(actor=actor, resident=resident)
        ],
    )


@router.get(
    "/residents/{resident_id}",
    response=ResidentDetailOut,
    summary="A resident (numbers masked) with current statuses and consent",
)
def resident_detail(
    request: HttpRequest, resident_id: DbId, response: HttpResponse
) -> ResidentDetailOut:
    response["Cache-Control"] = NO_STORE
    return _detail(request, selectors.resident_get(actor=request.user, resident_id=resident_id))


@router.post(
    "/residents/{resident_id}/reveal",
    response=RevealOut,
    summary="The full ID or phone number, written to the audit log",
)
def resident_reveal(
    request: HttpRequest, resident_id: DbId, payload: RevealIn, response: HttpResponse
) -> RevealOut:
    """``what`` is ``id`` or ``phone``; ``reason`` is required (422 without it) and is written
    to the audit log with the caller and the time. The phone comes in E.164 (+84…)."""
    response["Cache-Control"] = NO_STORE
    resident = selectors.resident_get(actor=request.user, resident_id=resident_id)
    value = services.resident_reveal(
        actor=request.user, resident=resident, what=payload.what, reason=payload.reason
    )
    return RevealOut(value=value or None)
