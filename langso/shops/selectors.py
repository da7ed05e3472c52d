"""Every read of the shops app, limited to what the actor may see; the market page is public and
shows only businesses whose household agreed to be listed."""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core import banks
from langso.core.dates import today, valid_on
from langso.core.errors import NotFound
from langso.core.text import fold
from langso.shops import checklist
from langso.shops.errors import ShopError
from langso.shops.models import Business, Category, Platform, ShopLink, StepDone, Verdict
from langso.units import tree
from langso.units.models import Level, Unit, UnitVersion
from langso.units.selectors import version_on


def platforms() -> list[Platform]:
    return list(Platform.objects.all())


def bank_name(bank_bin: str) -> str:
    bank = banks.by_bin(bank_bin) if bank_bin else None
    return bank.short_name if bank is not None else ""


def masked_account(business: Business) -> str:
    return f"•••• {business.account_tail}" if business.account_tail else ""


def village_code(village_id: int) -> str:
    version = version_on(village_id, today())
    return version.code if version is not None else ""


def category_names(codes: list[str]) -> list[str]:
    labels = dict(Category.choices)
    return [str(labels[code]) for code in codes if code in labels]


def businesses(
    *,
    actor: Actor,
    unit: Unit | None = None,
    q: str = "",
    category: str = "",
    flagged: bool = False,
    include_closed: bool = True,
) -> QuerySet[Business]:
    """Businesses of households in the actor's villages (under ``unit`` when given), newest
    first; ``q`` matches the name or the products, ignoring case and tones."""
    found = Business.objects.filter(access.businesses_filter(actor)).select_related(
        "household", "household__village"
    )
    if unit is not None:
        found = found.filter(household__village_id__in=tree.subtree(unit, today()))
    if category:
        # JSON containment differs between SQLite and PostgreSQL; the quoted code is unique text.
        found = found.filter(categories__icontains=f'"{category}"')
    if flagged:
        found = found.filter(
            Exists(ShopLink.objects.filter(business=OuterRef("pk"), flagged_at__isnull=False))
        )
    if not include_closed:
        found = found.filter(closed_on__isnull=True)
    words = fold(q).split()
    for word in words[:5]:
        found = found.filter(folded__contains=word)
    return found.order_by("-created_at", "id")


def business_get(*, actor: Actor, business_id: str) -> Business:
    return access.access_business(actor, business_id)


def links_of(business: Business) -> list[ShopLink]:
    return list(business.links.select_related("platform").order_by("platform__position"))


@dataclass(frozen=True)
class TrackState:
    track: str  # a platform code, or "" for the QR payment track
    title: str
    steps: list[tuple[checklist.Step, bool]]

    @property
    def complete(self) -> bool:
        return all(done for step, done in self.steps if step.required)


def tracks_of(business: Business) -> list[TrackState]:
    """The checklist of each platform the business has a link on or a step of, then the QR
    payment track, with each step's latest value."""
    seen = [
        (at, n, str(business.pk), platform or checklist.QR_TRACK, step, value)
        for n, (at, platform, step, value) in enumerate(
            StepDone.objects.filter(business=business)
            .order_by("observed_at", "recorded_at")
            .values_list("observed_at", "platform_id", "step", "value")
        )
    ]
    states = checklist.track_states(seen, str(business.pk))
    names = {p.code: p for p in Platform.objects.filter(onboarding=True)}
    codes = [code for code in names if code in states]
    codes += [
        link.platform_id
        for link in business.links.all()
        if link.platform_id in names and link.platform_id not in codes
    ]
    out = [
        TrackState(
            code,
            names[code].label,
            [
                (step, states.get(code, {}).get(step.code, False))
                for step in checklist.PLATFORM_STEPS
            ],
        )
        for code in sorted(codes, key=lambda c: names[c].position)
    ]
    out.append(
        TrackState(
            checklist.QR_TRACK,
            _("Payment by QR code"),
            [
                (step, states.get(checklist.QR_TRACK, {}).get(step.code, False))
                for step in checklist.QR_STEPS
            ],
        )
    )
    return out


def flagged_links(*, actor: Actor) -> QuerySet[ShopLink]:
    """Flagged links of the businesses the actor sees, newest flag first."""
    return (
        ShopLink.objects.filter(
            flagged_at__isnull=False,
            business__in=Business.objects.filter(access.businesses_filter(actor)),
        )
        .select_related("business", "business__household__village", "platform")
        .order_by("-flagged_at")
    )


def counts(*, actor: Actor) -> dict[str, int]:
    """For the home: businesses seen, listed on the market page, links flagged."""
    seen = Business.objects.filter(access.businesses_filter(actor), closed_on__isnull=True)
    return {
        "businesses": seen.count(),
        "listed": seen.filter(listed=True).count(),
        "flagged": flagged_links(actor=actor).count(),
    }


# The public market page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Market:
    commune: UnitVersion
    # The page asked for, paged in the database (a commune may list any number of shops).
    page: Page[Business]


MARKET_PER_PAGE = 50


def market_commune(code: str, on: date | None = None) -> UnitVersion:
    """A commune (or ward, town) that exists today, by its code; anything else is not a market."""
    day = on or today()
    version = (
        UnitVersion.objects.filter(valid_on(day), code=code.strip()[:24], unit__level=Level.COMMUNE)
        .select_related("unit")
        .first()
    )
    if version is None:
        raise NotFound(ShopError.MARKET_NOT_FOUND, _("There is no such commune market."))
    return version


def market(*, code: str, category: str = "", page: str | int | None = 1) -> Market:
    """One page of the commune's market window: its open businesses whose household agreed to
    be listed, in its villages of today, the OCOP-rated first, with their links. A flagged link
    is left out until an officer has looked; a link on a scam list is never shown (a suspicious
    one an officer looked at and cleared is: the officer vouches for it)."""
    commune = market_commune(code)
    found = (
        Business.objects.filter(
            listed=True,
            closed_on__isnull=True,
            household__village_id__in=tree.subtree(commune.unit, today()),
        )
        .select_related("household")
        .order_by(F("ocop_stars").desc(nulls_last=True), "name", "id")
    )
    if category:
        found = found.filter(categories__icontains=f'"{category}"')
    shown = Paginator(found, MARKET_PER_PAGE).get_page(page)
    links = ShopLink.objects.filter(
        business__in=[b.pk for b in shown], flagged_at__isnull=True
    ).exclude(verdict=Verdict.SCAM)
    by_business: dict[str, list[ShopLink]] = {}
    for link in links.select_related("platform").order_by("platform__position"):
        by_business.setdefault(str(link.business_id), []).append(link)
    for business in shown:
        business.market_links = by_business.get(str(business.pk), [])  # type: ignore[attr-defined]
    return Market(commune=commune, page=shown)
