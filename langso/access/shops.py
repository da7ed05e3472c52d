"""Who may act on household businesses (issue 17).

A business is read and written by whoever works in its household's village (its team and the
officers above it), as the household itself is: members register businesses at the door. Only
officers clear a flagged shop link (they answer for the commune's market page). A business out of
scope, or absent, answers the same 404.
"""

import uuid

from django.db.models import Q
from django.utils.translation import gettext as _

from langso.access import Actor, is_officer, may_manage_unit, scope_filter
from langso.core.dates import today
from langso.core.errors import NotFound
from langso.shops.errors import ShopError
from langso.shops.models import Business, ShopLink

__all__ = [
    "access_business",
    "access_business_edit",
    "access_flagged_desk",
    "access_shop_link_manage",
    "businesses_filter",
    "no_business",
]


def no_business() -> NotFound:
    return NotFound(ShopError.NOT_FOUND, _("There is no such household business."))


def businesses_filter(actor: Actor) -> Q:
    """Businesses of households in the actor's villages today (a ``Q``)."""
    return scope_filter(actor, today(), "household__village_id")


def access_business(actor: Actor, business: Business | uuid.UUID | str) -> Business:
    """A business of a household in the actor's scope today, with its household."""
    business_id = business.pk if isinstance(business, Business) else business
    try:
        uuid.UUID(str(business_id))
    except ValueError:
        raise no_business() from None
    found = (
        Business.objects.filter(businesses_filter(actor), pk=business_id)
        .select_related("household")
        .first()
    )
    if found is None:
        raise no_business()
    return found


def access_business_edit(actor: Actor, business: Business | uuid.UUID | str) -> Business:
    """A business the actor may change: the same people who see it (its village's team
    registers and updates businesses, as it adds households)."""
    return access_business(actor, business)


def access_shop_link_manage(actor: Actor, link: ShopLink | uuid.UUID | str) -> ShopLink:
    """A shop link an officer above its village answers for."""
    link_id = link.pk if isinstance(link, ShopLink) else link
    try:
        uuid.UUID(str(link_id))
    except ValueError:
        raise no_business() from None
    found = (
        ShopLink.objects.filter(pk=link_id)
        .filter(business__in=Business.objects.filter(businesses_filter(actor)))
        .select_related("business__household")
        .first()
    )
    if found is None or not may_manage_unit(actor, found.business.household.village_id, today()):
        raise no_business()
    return found


def access_flagged_desk(actor: Actor) -> None:
    """The page of flagged shop links: officers only (they clear the flags)."""
    if not is_officer(actor):
        raise NotFound(ShopError.NOT_FOUND, _("There is no such page."))
