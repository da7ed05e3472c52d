"""Every write of the shops app: businesses, their shop links and checklist steps, link checks.

A business is registered for a household the actor works with; the household then counts as a
business (``household_business_set``), so the business indicators have it in their population
from that day. Each shop link is checked by the trust checker when saved (in process: no network
call) and again by ``links_check``; a link found suspicious or a scam is flagged to the commune.
A checklist step is an immutable observation and the two business indicators follow from the
steps (``checklist.indicators_derive``) in the same transaction.
"""

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso import access
from langso.access import SYSTEM, Actor
from langso.core import banks
from langso.core.audit import audit_record
from langso.core.errors import DomainError
from langso.core.models import AuditAction
from langso.core.text import fold, one_line
from langso.core.vault import vault
from langso.indicators.models import Source
from langso.indicators.services import CLOCK_SKEW
from langso.people.edit_services import household_business_set
from langso.people.models import Household
from langso.shops import checklist
from langso.shops.errors import ShopError
from langso.shops.models import Business, Category, OwnerKind, Platform, ShopLink, StepDone, Verdict
from langso.trust import selectors as trust
from langso.trust.engine import LinkError
from langso.trust.engine.codes import Kind

ACCOUNT_PURPOSE = "bank_account"
ACCOUNT = re.compile(r"^[0-9A-Z]{6,19}$")
FLAGGED = frozenset({Verdict.SUSPICIOUS, Verdict.SCAM})
# How often ``links_check`` looks at a link again.
RECHECK_AFTER = timedelta(days=7)


@dataclass
class BusinessData:
    """What a form, the API or a phone says of a business (validated by ``business_clean``)."""

    name: str
    owner_kind: str = OwnerKind.PERSON
    products: str = ""
    categories: list[str] = field(default_factory=list)
    ocop_stars: int | None = None
    bank_bin: str = ""
    # None keeps the account already recorded; "" removes it.
    account: str | None = None
    account_name: str = ""
    listed: bool = False
    # Platform code → shop link; a platform left out keeps its link, an empty link removes it.
    links: dict[str, str] = field(default_factory=dict)


def _error(code: ShopError, message: str, where: str) -> DomainError:
    return DomainError(code, message, field=where)


def account_clean(account: str) -> str:
    """Spaces, dots and dashes people write between the digits go; letters are upper case."""
    cleaned = re.sub(r"[\s.\-]", "", account).upper()
    if not ACCOUNT.match(cleaned):
        raise _error(
            ShopError.ACCOUNT_INVALID,
            _("An account number is 6 to 19 digits or letters."),
            "account",
        )
    return cleaned


def business_clean(data: BusinessData) -> BusinessData:
    name = one_line(data.name)
    if not name:
        raise _error(ShopError.NAME_REQUIRED, _("Give the business a name."), "name")
    if len(name) > 150:
        raise _error(
            ShopError.TOO_LONG,
            _("The name is longer than %(n)s characters.") % {"n": 150},
            "name",
        )
    if data.owner_kind not in OwnerKind.values:
        raise _error(ShopError.OWNER_UNKNOWN, _("Say who owns the business."), "owner_kind")
    products = data.products.strip()
    if len(products) > 500:
        raise _error(
            ShopError.TOO_LONG,
            _("The products are longer than %(n)s characters.") % {"n": 500},
            "products",
        )
    categories = list(dict.fromkeys(data.categories))
    for category in categories:
        if category not in Category.values:
            raise _error(
                ShopError.CATEGORY_UNKNOWN,
                _("There is no product category “%(code)s”.") % {"code": category[:40]},
                "categories",
            )
    if data.ocop_stars is not None and not 1 <= data.ocop_stars <= 5:
        raise _error(ShopError.OCOP_STARS, _("OCOP stars run from 1 to 5."), "ocop_stars")
    bank_bin = data.bank_bin.strip()
    if bank_bin and banks.by_bin(bank_bin) is None:
        raise _error(
            ShopError.BANK_UNKNOWN,
            _("The bank code %(bin)s is not on the NAPAS list of banks.") % {"bin": bank_bin[:10]},
            "bank_bin",
        )
    account = None if data.account is None else data.account.strip()
    if account:
        account = account_clean(account)
        if not bank_bin:
            raise _error(
                ShopError.ACCOUNT_WITHOUT_BANK, _("Choose the bank of the account."), "bank_bin"
            )
    account_name = one_line(data.account_name)[:50]
    return BusinessData(
        name=name,
        owner_kind=data.owner_kind,
        products=products,
        categories=categories,
        ocop_stars=data.ocop_stars,
        bank_bin=bank_bin,
        account=account,
        account_name=account_name,
        listed=data.listed,
        links={code: url.strip() for code, url in data.links.items()},
    )


def _platforms(codes: Sequence[str]) -> dict[str, Platform]:
    found = {p.code: p for p in Platform.objects.filter(code__in=list(codes))}
    for code in codes:
        if code not in found:
            raise _error(
                ShopError.PLATFORM_UNKNOWN,
                _("There is no platform “%(code)s”.") % {"code": code[:40]},
                "links",
            )
    return found


def _apply(business: Business, data: BusinessData) -> None:
    business.name = data.name
    business.owner_kind = data.owner_kind
    business.products = data.products
    business.folded = fold(f"{data.name} {data.products}")[:660]
    business.categories = data.categories
    business.ocop_stars = data.ocop_stars
    business.bank_bin = data.bank_bin
    business.account_name = data.account_name
    if data.account is not None:
        if data.account:
            business.account_sealed = vault().seal(ACCOUNT_PURPOSE, data.account)
            # As ``core.vietqr.mask_account`` shows it: four characters, two of a short one.
            business.account_tail = (
                data.account[-4:] if len(data.account) >= 8 else data.account[-2:]
            )
        else:
            business.account_sealed, business.account_tail = None, ""
    if not business.bank_bin:
        business.account_sealed, business.account_tail = None, ""
    if data.listed and not business.listed:
        business.listed_at = timezone.now()
    if not data.listed:
        business.listed_at = None
    business.listed = data.listed


@transaction.atomic
def business_create(
    *,
    actor: Actor,
    household: Household,
    data: BusinessData,
    business_id: uuid.UUID | None = None,
) -> Business:
    """Register a business of ``household`` (made on a phone: with the phone's id)."""
    household = access.access_household(actor, household)
    data = business_clean(data)
    platforms = _platforms(list(data.links))
    household_business_set(actor=actor, household=household, name=data.name)
    business = Business(household=household, created_by_id=access.actor_id(actor))
    if business_id is not None:
        business.id = business_id
    _apply(business, data)
    business.save(force_insert=True)
    for code, url in data.links.items():
        if url:
            _link_save(business, platforms[code], url)
    return business


def businesses_follow_merge(kept_id: int, gone_id: int) -> None:
    """Two records of one household were merged (``people.household_merge``, in its
    transaction): the other's businesses belong to the kept one."""
    Business.objects.filter(household_id=gone_id).update(
        household_id=kept_id, updated_at=timezone.now()
    )


@transaction.atomic
def business_update(*, actor: Actor, business: Business, data: BusinessData) -> Business:
    business = access.access_business_edit(actor, business)
    business = Business.objects.select_for_update().get(pk=business.pk)
    data = business_clean(data)
    platforms = _platforms(list(data.links))
    _apply(business, data)
    business.save()
    for code, url in data.links.items():
        if url:
            _link_save(business, platforms[code], url)
        else:
            ShopLink.objects.filter(business=business, platform_id=code).delete()
    return business


@transaction.atomic
def business_close(*, actor: Actor, business: Business, closed: bool = True) -> Business:
    """Close a business (it stops selling; it leaves the market page) or open it again."""
    business = access.access_business_edit(actor, business)
    business.closed_on = timezone.localdate() if closed else None
    business.save(update_fields=["closed_on", "updated_at"])
    return business


def account_number(*, actor: Actor, business: Business, reason: str) -> str:
    """The full account number, for the payment code: written to the audit log, as every read
    of a full personal number is. Raises when there is none."""
    business = access.access_business(actor, business)
    if business.account_sealed is None or not business.bank_bin:
        raise _error(
            ShopError.NO_ACCOUNT,
            _("The business has no bank account to be paid to yet."),
            "account",
        )
    audit_record(
        actor=actor,
        action=AuditAction.REVEAL_ACCOUNT,
        object_type="business",
        object_id=str(business.pk),
        reason=reason,
    )
    return vault().open(ACCOUNT_PURPOSE, bytes(business.account_sealed))


# Shop links ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkCheck:
    verdict: str
    reasons: list[dict[str, object]]
    registrable: str


def link_check(url: str) -> LinkCheck:
    """What the trust checker says of one shop link (in process, from the catalog and lists)."""
    try:
        result = trust.check_items([url])[0]
    except DomainError as error:
        raise _error(
            ShopError.LINK_INVALID,
            _("The shop link is not a web address: %(why)s") % {"why": error.message},
            "links",
        ) from error
    if result.kind != Kind.LINK:
        raise _error(
            ShopError.LINK_INVALID,
            _("The shop link “%(link)s” is not a web address.") % {"link": url[:80]},
            "links",
        )
    registrable = _registrable(url)
    return LinkCheck(
        verdict=str(result.verdict),
        reasons=[{"code": str(f.code), "params": dict(f.params)} for f in result.findings],
        registrable=registrable,
    )


def _registrable(url: str) -> str:
    from langso.trust.engine.hosts import parse_link

    try:
        return parse_link(url).registrable
    except LinkError:
        return ""


def _link_save(business: Business, platform: Platform, url: str) -> ShopLink:
    if len(url) > 500:
        raise _error(
            ShopError.TOO_LONG,
            _("The shop link is longer than %(n)s characters.") % {"n": 500},
            "links",
        )
    check = link_check(url)
    if platform.domains and check.registrable not in platform.domains:
        raise _error(
            ShopError.LINK_NOT_ON_PLATFORM,
            _(
                "The link “%(link)s” is not on %(platform)s (%(domains)s): "
                "copy it from the shop's own page."
            )
            % {"link": url[:80], "platform": platform.name, "domains": ", ".join(platform.domains)},
            "links",
        )
    now = timezone.now()
    link = ShopLink.objects.filter(business=business, platform=platform).first()
    if link is None:
        link = ShopLink(business=business, platform=platform)
    elif link.url != url:
        # A new address is a new question: an officer's "seen" of the old one does not carry.
        link.flagged_at = None
    link.url = url
    _verdict_keep(link, check, now)
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        # The same business and platform saved a moment ago by another request.
        ShopLink.objects.filter(business=business, platform=platform).update(url=url)
    return link


def _verdict_keep(link: ShopLink, check: LinkCheck, now: datetime) -> None:
    was_flagged = link.verdict in FLAGGED
    link.verdict, link.reasons, link.checked_at = check.verdict, check.reasons, now
    if check.verdict in FLAGGED and not was_flagged:
        link.flagged_at = now
    if check.verdict not in FLAGGED:
        link.flagged_at = None


def links_check(*, actor: Actor = SYSTEM, every: bool = False, limit: int = 5000) -> dict[str, int]:
    """Check again the links not checked for a week (``every``: all of them); how many were
    checked and how many became flagged. Safe to rerun; each link is saved on its own."""
    if not access.is_unrestricted(actor):
        raise _error(ShopError.NOT_FOUND, _("There is no such household business."), "")
    now = timezone.now()
    due = ShopLink.objects.select_related("platform").order_by("checked_at", "id")
    if not every:
        due = due.filter(checked_at__lt=now - RECHECK_AFTER) | due.filter(checked_at__isnull=True)
    checked = flagged = 0
    for link in due[:limit]:
        try:
            check = link_check(link.url)
        except DomainError:
            check = LinkCheck(verdict=Verdict.SUSPICIOUS, reasons=[], registrable="")
        before = link.flagged_at
        _verdict_keep(link, check, now)
        link.save(update_fields=["verdict", "reasons", "checked_at", "flagged_at"])
        checked += 1
        if link.flagged_at is not None and before is None:
            flagged += 1
    return {"checked": checked, "flagged": flagged}


@transaction.atomic
def link_flag_clear(*, actor: Actor, link: ShopLink) -> ShopLink:
    """An officer looked at a flagged link (and called the household): the flag goes, the
    verdict stays until the next check."""
    link = access.access_shop_link_manage(actor, link)
    link.flagged_at = None
    link.save(update_fields=["flagged_at"])
    return link


# Checklist --------------------------------------------------------------------------------------


@transaction.atomic
def step_record(
    *,
    actor: Actor,
    business: Business,
    platform: str,
    step: str,
    value: bool = True,
    observed_at: datetime | None = None,
    step_id: uuid.UUID | None = None,
    source: str = Source.MANUAL,
) -> tuple[StepDone, bool]:
    """Record one checklist step (``platform`` "" for the QR payment track); the step and
    whether it was new (a re-sent id is not). The business indicators follow."""
    business = access.access_business_edit(actor, business)
    if step_id is not None:
        known = StepDone.objects.filter(pk=step_id).first()
        if known is not None and known.business_id != business.pk:
            raise _error(
                ShopError.ID_TAKEN, _("Another record was already made with this id."), "id"
            )
        if known is not None:
            return known, False
    if platform and not Platform.objects.filter(code=platform, onboarding=True).exists():
        raise _error(
            ShopError.PLATFORM_UNKNOWN,
            _("There is no platform “%(code)s”.") % {"code": platform[:40]},
            "platform",
        )
    if not checklist.step_known(platform, step):
        raise _error(
            ShopError.STEP_UNKNOWN,
            _("There is no checklist step “%(code)s”.") % {"code": step[:40]},
            "step",
        )
    if platform == checklist.QR_TRACK and value and business.account_sealed is None:
        # A payment code needs the account it pays: record it first.
        raise _error(
            ShopError.NO_ACCOUNT,
            _("The business has no bank account to be paid to yet."),
            "step",
        )
    observed_at = observed_at or timezone.now()
    if observed_at > timezone.now() + CLOCK_SKEW:
        raise _error(
            ShopError.STEP_IN_FUTURE, _("A step cannot be done in the future."), "observed_at"
        )
    done = StepDone.objects.create(
        id=step_id or uuid.uuid4(),
        business=business,
        platform_id=platform or None,
        step=step,
        value=value,
        observed_at=observed_at,
        recorded_by_id=access.actor_id(actor),
        source=source,
    )
    household = Household.objects.get(pk=business.household_id)
    checklist.indicators_derive(actor=actor, household=household, since=observed_at)
    return done, True


# The payment stand -------------------------------------------------------------------------------


def stand_document(
    *, actor: Actor, business: Business, fmt: str, amount: int | None = None
) -> bytes:
    """The printable VietQR stand of ``business`` (A6 PDF) or its code as a PNG; reading the
    full account number for it is written to the audit log."""
    from langso.core import vietqr
    from langso.shops import stand

    account = account_number(actor=actor, business=business, reason="payment stand")
    payload = vietqr.encode(
        bank_bin=business.bank_bin,
        account=account,
        name=business.account_name or business.name,
        amount=amount,
    )
    bank = banks.by_bin(business.bank_bin)
    bank_label = bank.short_name if bank is not None else business.bank_bin
    masked = f"•••• {business.account_tail}"
    if fmt == "png":
        return stand.stand_png(
            payload=payload,
            business_name=business.name,
            bank_name=bank_label,
            masked_account=masked,
        )
    return stand.stand_pdf(
        payload=payload,
        business_name=business.name,
        bank_name=bank_label,
        masked_account=masked,
        amount=amount,
    )
