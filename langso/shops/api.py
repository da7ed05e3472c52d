"""The household businesses API: register and update a business, its checklist, lists by unit.

Answers carry the account masked; the full number is read only to make a payment code (pages).
"""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from langso.core.bounds import DbId
from langso.core.errors import Conflict
from langso.indicators.models import Source
from langso.people import selectors as people
from langso.shops import checklist, selectors, services
from langso.shops.errors import ShopError
from langso.shops.models import Business, Category
from langso.shops.schemas import (
    BusinessIn,
    BusinessListQuery,
    BusinessOut,
    BusinessPage,
    CatalogOut,
    CategoryOut,
    PlatformOut,
    StepDefOut,
    StepIn,
    StepOut,
)
from langso.units import selectors as units

router = Router(tags=["shops"])

NO_STORE = "private, no-store"


def _data(payload: BusinessIn) -> services.BusinessData:
    return services.BusinessData(
        name=payload.name,
        owner_kind=payload.owner_kind,
        products=payload.products,
        categories=payload.categories,
        ocop_stars=payload.ocop_stars,
        bank_bin=payload.bank_bin,
        account=payload.account,
        account_name=payload.account_name,
        listed=payload.listed,
        links=payload.links,
    )


def _steps(steps: tuple[checklist.Step, ...]) -> list[StepDefOut]:
    return [
        StepDefOut(step=s.code, name=str(s.name), hint=str(s.hint), required=s.required)
        for s in steps
    ]


@router.get("/platforms", response=CatalogOut, summary="Platforms, checklist steps, categories")
def catalog(request: HttpRequest) -> CatalogOut:
    return CatalogOut(
        platforms=[
            PlatformOut(code=p.code, name=p.label, domains=p.domains, onboarding=p.onboarding)
            for p in selectors.platforms()
        ],
        platform_steps=_steps(checklist.PLATFORM_STEPS),
        qr_steps=_steps(checklist.QR_STEPS),
        categories=[CategoryOut(code=code, name=str(name)) for code, name in Category.choices],
    )


@router.post(
    "/households/{household_id}/businesses",
    response={201: BusinessOut},
    summary="Register a business of a household (the household then counts as a business)",
)
def business_create(
    request: HttpRequest, household_id: DbId, payload: BusinessIn, response: HttpResponse
) -> Status[BusinessOut]:
    response["Cache-Control"] = NO_STORE
    household = people.household_get(actor=request.user, household_id=household_id)
    if payload.id is not None and Business.objects.filter(pk=payload.id).exists():
        raise Conflict(
            ShopError.ID_TAKEN, _("Another record was already made with this id."), field="id"
        )
    business = services.business_create(
        actor=request.user, household=household, data=_data(payload), business_id=payload.id
    )
    return Status(201, BusinessOut.of(business))


@router.get(
    "/units/{code}/businesses",
    response=BusinessPage,
    summary="Businesses of a unit's villages, newest first (accounts masked)",
)
def unit_businesses(
    request: HttpRequest, code: str, query: Query[BusinessListQuery], response: HttpResponse
) -> BusinessPage:
    response["Cache-Control"] = NO_STORE
    version = units.unit_get(actor=request.user, code=code)
    found = selectors.businesses(
        actor=request.user,
        unit=version.unit,
        q=query.q,
        category=query.category,
        flagged=query.flagged,
    )
    page = list(found[query.offset : query.offset + query.limit])
    return BusinessPage(count=found.count(), items=[BusinessOut.of(b) for b in page])


@router.get("/businesses/{business_id}", response=BusinessOut, summary="A business")
def business_detail(request: HttpRequest, business_id: str, response: HttpResponse) -> BusinessOut:
    response["Cache-Control"] = NO_STORE
    return BusinessOut.of(selectors.business_get(actor=request.user, business_id=business_id))


@router.put(
    "/businesses/{business_id}",
    response=BusinessOut,
    summary="Update a business (links: only those named change)",
)
def business_update(
    request: HttpRequest, business_id: str, payload: BusinessIn, response: HttpResponse
) -> BusinessOut:
    response["Cache-Control"] = NO_STORE
    business = selectors.business_get(actor=request.user, business_id=business_id)
    business = services.business_update(actor=request.user, business=business, data=_data(payload))
    return BusinessOut.of(business)


@router.post(
    "/businesses/{business_id}/steps",
    response={201: StepOut, 200: StepOut},
    summary="Record a checklist step (201; a re-sent id answers 200 and records nothing)",
)
def step_record(
    request: HttpRequest, business_id: str, payload: StepIn, response: HttpResponse
) -> Status[StepOut]:
    response["Cache-Control"] = NO_STORE
    business = selectors.business_get(actor=request.user, business_id=business_id)
    done, created = services.step_record(
        actor=request.user,
        business=business,
        platform=payload.platform,
        step=payload.step,
        value=payload.done,
        observed_at=payload.observed_at or timezone.now(),
        step_id=payload.id,
        source=Source.MANUAL,
    )
    business = selectors.business_get(actor=request.user, business_id=business_id)
    return Status(
        201 if created else 200,
        StepOut(id=done.pk, created=created, business=BusinessOut.of(business)),
    )
