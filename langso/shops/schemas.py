import uuid
from datetime import datetime

from ninja import Field, Schema

from langso.core.bounds import Offset
from langso.shops import selectors
from langso.shops.models import Business, ShopLink


class BusinessIn(Schema):
    id: uuid.UUID | None = Field(None, description="Made by the client; a re-sent id is refused")
    name: str = Field(max_length=150)
    owner_kind: str = Field("person", description="person (household business) or organisation")
    products: str = Field("", max_length=500)
    categories: list[str] = Field([], max_length=12, description="Codes of GET /platforms")
    ocop_stars: int | None = Field(None, ge=1, le=5)
    bank_bin: str = Field("", max_length=6, description="The bank's NAPAS BIN (GET /banks)")
    account: str | None = Field(
        None, max_length=30, description="Kept sealed; null keeps the one recorded, '' removes it"
    )
    account_name: str = Field("", max_length=50)
    listed: bool = Field(False, description="The household agreed to the commune market page")
    links: dict[str, str] = Field(
        {}, description="Platform code → shop link ('' removes the platform's link)"
    )


class LinkOut(Schema):
    platform: str
    platform_name: str
    url: str
    verdict: str = Field(description="The trust checker's: trusted, unknown, suspicious, scam")
    flagged: bool
    checked_at: datetime | None

    @classmethod
    def of(cls, link: ShopLink) -> "LinkOut":
        return cls(
            platform=link.platform_id,
            platform_name=link.platform.label,
            url=link.url,
            verdict=link.verdict,
            flagged=link.flagged_at is not None,
            checked_at=link.checked_at,
        )


class StepStateOut(Schema):
    step: str
    name: str
    required: bool
    done: bool


class TrackOut(Schema):
    platform: str = Field(description="A platform's code, or '' for payment by QR code")
    title: str
    complete: bool
    steps: list[StepStateOut]


class BusinessOut(Schema):
    id: uuid.UUID
    household_id: int
    village: str
    name: str
    owner_kind: str
    products: str
    categories: list[str]
    ocop_stars: int | None
    bank_bin: str
    bank_name: str
    account: str = Field(description="Masked: the last four characters")
    account_name: str
    listed: bool
    closed_on: str | None
    links: list[LinkOut]
    checklist: list[TrackOut]

    @classmethod
    def of(cls, business: Business) -> "BusinessOut":
        return cls(
            id=business.pk,
            household_id=business.household_id,
            village=selectors.village_code(business.household.village_id),
            name=business.name,
            owner_kind=business.owner_kind,
            products=business.products,
            categories=business.categories,
            ocop_stars=business.ocop_stars,
            bank_bin=business.bank_bin,
            bank_name=selectors.bank_name(business.bank_bin),
            account=selectors.masked_account(business),
            account_name=business.account_name,
            listed=business.listed,
            closed_on=business.closed_on.isoformat() if business.closed_on else None,
            links=[LinkOut.of(link) for link in selectors.links_of(business)],
            checklist=[
                TrackOut(
                    platform=track.track,
                    title=str(track.title),
                    complete=track.complete,
                    steps=[
                        StepStateOut(
                            step=step.code, name=str(step.name), required=step.required, done=done
                        )
                        for step, done in track.steps
                    ],
                )
                for track in selectors.tracks_of(business)
            ],
        )


class BusinessListQuery(Schema):
    q: str = Field("", max_length=100)
    category: str = Field("", max_length=20)
    flagged: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: Offset = 0


class BusinessPage(Schema):
    count: int
    items: list[BusinessOut]


class StepIn(Schema):
    id: uuid.UUID | None = Field(None, description="Made by the client; a re-sent id does nothing")
    platform: str = Field("", max_length=30, description="A platform's code; '' for QR payment")
    step: str = Field(max_length=30)
    done: bool = True
    observed_at: datetime | None = Field(None, description="Default: now")


class StepOut(Schema):
    id: uuid.UUID
    created: bool
    business: BusinessOut


class StepDefOut(Schema):
    step: str
    name: str
    hint: str
    required: bool


class PlatformOut(Schema):
    code: str
    name: str
    domains: list[str]
    onboarding: bool


class CategoryOut(Schema):
    code: str
    name: str


class CatalogOut(Schema):
    platforms: list[PlatformOut]
    platform_steps: list[StepDefOut]
    qr_steps: list[StepDefOut]
    categories: list[CategoryOut]
