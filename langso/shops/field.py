"""What this app adds to the field app's sync: businesses registered and checklist steps ticked
at the door, offline (``visits.event_kinds``), and the businesses of the member's villages in
the pull (``visits.pull_parts``).

Two kinds of events travel in the sync's pushes:

- ``business_create``: a business of a household, its id the UUID the phone made (which becomes
  the business's own, so a step ticked on the phone names it before the server has answered). The
  household is named by its number or by the ``household_create`` event that added it on the
  phone. Checked and recorded by ``services.business_create``, whose codes answer a refusal.
- ``business_step``: one step of one track of a business (``platform`` "" for payment by QR
  code), done or found undone, with when it was observed; recorded by ``services.step_record``
  with the source ``visit``, so the two business indicators follow at once. A step of a business
  the server does not have (its registration refused, or not sent yet) is refused.

The pull part ``shops`` is the list of open businesses in the member's villages, each compact:
its id, household, name, products, categories, the bank's short name and the masked account,
whether it is on the commune market page, its shop links with the trust checker's verdict, and
the latest value of each step per track. It is sent whole when it changed, like every part.

What does not change from one village to another (the platforms, the steps with their names
and hints, the product categories, the banks) is not in the part: it is written into the
phone's module (``field_views.field_module``, ``templates/shops/field.js``) in the member's
language, which the service worker keeps for offline use. The part then stays small, and a
phone does not carry the same catalogue again with every change of a business.
"""

import uuid
from typing import Annotated, Any, Literal, Self

from django.utils.translation import gettext as _
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, model_validator
from pydantic_core import PydanticCustomError

from langso import access
from langso.access import Actor
from langso.core.bulk import chunks
from langso.core.errors import DomainError, NotFound
from langso.indicators.models import Source
from langso.people.models import Household
from langso.shops import checklist, selectors, services
from langso.shops.errors import ShopError
from langso.shops.models import Business, OwnerKind, ShopLink, StepDone
from langso.visits.event_kinds import Applying
from langso.visits.schemas import JsonId, Moment, Text

_NULL_IS_NO_LIST = BeforeValidator(lambda value: [] if value is None else value)
_NULL_IS_NO_MAP = BeforeValidator(lambda value: {} if value is None else value)
Code = Annotated[Text, Field(max_length=30)]


class BusinessEvent(BaseModel):
    """A business registered on the phone, as it sends it (``templates/shops/field.js``)."""

    model_config = ConfigDict(extra="ignore")

    kind: Literal["business_create"]
    id: uuid.UUID
    household_id: JsonId | None = None
    household_event: uuid.UUID | None = None
    name: Annotated[Text, Field(max_length=150)]
    owner_kind: Code = OwnerKind.PERSON
    products: Annotated[Text, Field(max_length=500)] = ""
    categories: Annotated[list[Code], _NULL_IS_NO_LIST, Field(max_length=12)] = []
    ocop_stars: Annotated[int, Field(strict=True)] | None = None
    # Longer than a BIN or an account may be: the service then says what is wrong with them.
    bank_bin: Code = ""
    account: Annotated[Text, Field(max_length=40)] = ""
    account_name: Annotated[Text, Field(max_length=50)] = ""
    listed: StrictBool = False
    links: Annotated[
        dict[Code, Annotated[Text, Field(max_length=1000)]], _NULL_IS_NO_MAP, Field(max_length=20)
    ] = {}

    @model_validator(mode="after")
    def _one_household(self) -> Self:
        # Answered as for a resident (``visits.events``): one household, by number or by event.
        if (self.household_id is None) == (self.household_event is None):
            raise PydanticCustomError("household_ref", "one household")
        return self


class StepEvent(BaseModel):
    """A checklist step ticked (or unticked) on the phone."""

    model_config = ConfigDict(extra="ignore")

    kind: Literal["business_step"]
    id: uuid.UUID
    business_id: uuid.UUID
    platform: Code = ""
    step: Annotated[Text, Field(min_length=1, max_length=30)]
    done: StrictBool = True
    observed_at: Moment


def business_apply(applying: Applying) -> Household:
    event: BusinessEvent = applying.event
    household = applying.household(event.household_id, event.household_event)
    if Business.objects.filter(pk=event.id).exists():
        # Made with this id elsewhere (the API): not the phone's to take over.
        raise DomainError(
            ShopError.ID_TAKEN, _("Another record was already made with this id."), field="id"
        )
    services.business_create(
        actor=applying.actor,
        household=household,
        business_id=event.id,
        data=services.BusinessData(
            name=event.name,
            owner_kind=event.owner_kind,
            products=event.products,
            categories=list(event.categories),
            ocop_stars=event.ocop_stars,
            bank_bin=event.bank_bin,
            account=event.account,
            account_name=event.account_name,
            listed=event.listed,
            links={code: url for code, url in event.links.items() if url.strip()},
        ),
    )
    return household


def step_apply(applying: Applying) -> Household:
    event: StepEvent = applying.event
    try:
        business = access.access_business_edit(applying.actor, event.business_id)
    except NotFound:
        # On a phone the business is there from the moment it is registered; here only once its
        # registration arrived (it comes first in the phone's outbox) and was accepted.
        raise DomainError(
            ShopError.NOT_FOUND,
            _(
                "The business of this step is not on the server: its registration has not "
                "arrived, or was refused."
            ),
            field="business_id",
        ) from None
    services.step_record(
        actor=applying.actor,
        business=business,
        platform=event.platform,
        step=event.step,
        value=event.done,
        observed_at=event.observed_at,
        step_id=event.id,
        source=Source.VISIT,
    )
    return business.household


def field_shops(*, actor: Actor) -> list[dict[str, Any]]:
    """The pull part ``shops``: the open businesses of the actor's villages, oldest first."""
    rows = list(
        selectors.businesses(actor=actor, include_closed=False)
        .order_by("created_at", "id")
        .values_list(
            "id",
            "household_id",
            "name",
            "products",
            "categories",
            "bank_bin",
            "account_tail",
            "listed",
        )
    )
    ids = [row[0] for row in rows]
    links: dict[uuid.UUID, dict[str, dict[str, str]]] = {}
    steps: dict[uuid.UUID, dict[str, dict[str, bool]]] = {}
    for part in chunks(ids):
        for business_id, platform, url, verdict in (
            ShopLink.objects.filter(business_id__in=part)
            .order_by("platform__position", "platform_id")
            .values_list("business_id", "platform_id", "url", "verdict")
        ):
            links.setdefault(business_id, {})[platform] = {"url": url, "verdict": verdict}
        # In time order, so the latest value of each step is the one kept.
        for business_id, platform, step, value in (
            StepDone.objects.filter(business_id__in=part)
            .order_by("observed_at", "recorded_at", "id")
            .values_list("business_id", "platform_id", "step", "value")
        ):
            track = platform or checklist.QR_TRACK
            steps.setdefault(business_id, {}).setdefault(track, {})[step] = value
    return [
        {
            "id": str(business_id),
            "household_id": household_id,
            "name": name,
            "products": products,
            "categories": categories or [],
            "bank": selectors.bank_name(bank_bin),
            "account": f"•••• {tail}" if tail else "",
            "listed": listed,
            "links": links.get(business_id, {}),
            "steps": steps.get(business_id, {}),
        }
        for business_id, household_id, name, products, categories, bank_bin, tail, listed in rows
    ]
