"""The households and residents API: lists and details masked, full numbers only by reveal.

Every answer that carries personal data says ``Cache-Control: private, no-store``.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from langso import access
from langso.core.bounds import DbId
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.people import edit_services, merge_services, selectors, services
from langso.people.errors import PeopleError, RowError
from langso.people.models import Household, Resident
from langso.people.schemas import (
    ChangeOut,
    ConsentOut,
    HouseholdEditIn,
    HouseholdIn,
    HouseholdOut,
    LifeEventIn,
    LifeEventOut,
    MergeIn,
    MergeOut,
    ResidentDetailOut,
    ResidentEditIn,
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


# Corrections, life events and merges: the services behind the correction pages ---------------


def _edit_data(payload: ResidentIn) -> ResidentData:
    return ResidentData(
        full_name=payload.full_name,
        birth_date=payload.birth_date,
        birth_year=payload.birth_year,
        sex=_sex(payload.sex),
        ethnicity=payload.ethnicity,
        relationship=payload.relationship,
        is_head=payload.is_head,
        id_number=payload.id_number,
        phone=payload.phone,
    )


@router.put(
    "/residents/{resident_id}",
    response=ResidentOut,
    summary="Correct a resident (the village's leader or an officer); kept in the history",
)
def resident_edit(
    request: HttpRequest, resident_id: DbId, payload: ResidentEditIn, response: HttpResponse
) -> ResidentOut:
    """The same checks as adding a resident. An empty ``id_number`` or ``phone`` keeps the
    number recorded. ``RESIDENT_NOT_ON_REGISTER`` (409) for someone who died, was withdrawn
    or merged."""
    response["Cache-Control"] = NO_STORE
    resident = access.access_resident_edit(request.user, resident_id)
    corrected = edit_services.resident_edit(
        actor=request.user,
        resident=resident,
        data=_edit_data(payload),
        clear_id=payload.clear_id,
        clear_phone=payload.clear_phone,
    )
    return ResidentOut.of(corrected)


@router.get(
    "/residents/{resident_id}/history",
    response=list[ChangeOut],
    summary="Every correction of a resident, newest first (numbers masked)",
)
def resident_history(
    request: HttpRequest, resident_id: DbId, response: HttpResponse
) -> list[ChangeOut]:
    response["Cache-Control"] = NO_STORE
    resident = selectors.resident_get(actor=request.user, resident_id=resident_id)
    return [
        ChangeOut.of(c) for c in selectors.resident_history(actor=request.user, resident=resident)
    ]


@router.post(
    "/residents/{resident_id}/events",
    response={201: LifeEventOut},
    summary="Record that a resident moved, died, or was recorded by mistake",
)
def resident_event(
    request: HttpRequest, resident_id: DbId, payload: LifeEventIn
) -> Status[LifeEventOut]:
    """``moved`` needs ``household_id``. A death or withdrawal takes the resident out of every
    figure from today; ``EVENT_DATE_FUTURE`` and ``EVENT_BEFORE_BIRTH`` (400) for impossible
    days."""
    resident = access.access_resident_edit(request.user, resident_id)
    if payload.kind == "moved":
        if payload.household_id is None:
            raise DomainError(
                PeopleError.MOVE_HOUSEHOLD_REQUIRED,
                _("Choose the household the resident moved to."),
                field="household_id",
            )
        target = access.access_household_edit(request.user, payload.household_id)
        event = edit_services.resident_relocate(
            actor=request.user,
            resident=resident,
            household=target,
            on=payload.happened_on,
            note=payload.note,
        )
    else:
        event = edit_services.resident_depart(
            actor=request.user,
            resident=resident,
            kind=payload.kind,
            on=payload.happened_on,
            note=payload.note,
        )
    return Status(201, LifeEventOut.of(event))


@router.put(
    "/households/{household_id}",
    response=HouseholdOut,
    summary="Correct a household's number or address, or move it to another village",
)
def household_edit(
    request: HttpRequest, household_id: DbId, payload: HouseholdEditIn
) -> HouseholdOut:
    """``village`` (a code) moves the household and its people to another village the caller
    may correct; ``VILLAGE_UNKNOWN`` (404) otherwise."""
    household = access.access_household_edit(request.user, household_id)
    village = None
    if payload.village:
        village = selectors.village_get(actor=request.user, code=payload.village).unit
    corrected = edit_services.household_edit(
        actor=request.user,
        household=household,
        number=payload.number,
        address=payload.address,
        village=village,
    )
    version = units.version_on(corrected.village, today())
    return HouseholdOut.of(corrected, version.code if version else "", [])


@router.post(
    "/merges/residents",
    response={201: MergeOut},
    summary="Merge two records of one person into the older one",
)
def resident_merge(request: HttpRequest, payload: MergeIn) -> Status[MergeOut]:
    first = access.access_resident_edit(request.user, payload.first)
    second = access.access_resident_edit(request.user, payload.second)
    merge = merge_services.resident_merge(actor=request.user, first=first, second=second)
    return Status(
        201, MergeOut(kept=merge.kept_resident_id or 0, merged=merge.gone_resident_id or 0)
    )


@router.post(
    "/merges/households",
    response={201: MergeOut},
    summary="Merge two records of one household into the older one",
)
def household_merge(request: HttpRequest, payload: MergeIn) -> Status[MergeOut]:
    first = access.access_household_edit(request.user, payload.first)
    second = access.access_household_edit(request.user, payload.second)
    merge = merge_services.household_merge(actor=request.user, first=first, second=second)
    return Status(
        201, MergeOut(kept=merge.kept_household_id or 0, merged=merge.gone_household_id or 0)
    )
