"""Who may act on campaigns: see them, manage them, share a village's households out."""

from datetime import date, timedelta

from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from langso.access import (
    _R,
    Actor,
    _roles_on_path,
    _roots,
    actor_id,
    holds_role,
    is_officer,
    is_unrestricted,
    may_manage_unit,
    scope,
)
from langso.accounts.models import MANAGING_ROLES, Role
from langso.campaigns.errors import CampaignError
from langso.campaigns.models import Campaign, CampaignStatus
from langso.core.dates import today, valid_on
from langso.core.errors import NotFound
from langso.units import tree
from langso.units.models import Unit, UnitVersion

__all__ = [
    "access_campaign",
    "access_campaign_desk",
    "assigners_filter",
    "campaigns_filter",
    "may_assign_village",
    "may_create_campaign",
    "no_campaign",
    "shares_out",
    "unit_day",
]


def unit_day(unit: Unit | int, day: date) -> date:
    """``day`` when the unit exists then, else the last day it existed (a campaign's unit that
    was merged away mid-campaign is read as it stood on its last day)."""
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    if UnitVersion.objects.filter(valid_on(day), unit_id=unit_id).exists():
        return day
    last = (
        UnitVersion.objects.filter(unit_id=unit_id, valid_from__lte=day)
        .order_by("-valid_until")
        .values_list("valid_until", flat=True)
        .first()
    )
    return last - timedelta(days=1) if last is not None else day


def _managed_scope(actor: Actor, on: date) -> RawSQL | None:
    """The ids of the units the actor manages (as an officer) as of ``on``, as SQL."""
    if is_unrestricted(actor):
        return None
    user_id = actor_id(actor) or -1
    roles = ", ".join(["%s"] * len(MANAGING_ROLES))
    roots = (
        f"SELECT unit_id FROM {_R} WHERE user_id = %s AND valid_from <= %s AND valid_until > %s "
        f"AND role IN ({roles})"
    )
    now = today()
    return RawSQL(tree.subtree_sql(roots), (user_id, now, now, *sorted(MANAGING_ROLES), on, on))


def campaigns_filter(actor: Actor) -> Q:
    """The campaigns the actor may see: a draft by whoever manages its unit; an active or
    closed one also by whoever sees its unit or works anywhere under it (a village's member
    sees the commune's campaign they work for)."""
    if is_unrestricted(actor):
        return Q()
    day = today()
    above: set[int] = set()
    for root in _roots(actor):
        above.update(tree.ancestor_ids(root, day))
    managed = _managed_scope(actor, day)
    seen = scope(actor, day)
    return Q(unit_id__in=managed) | (
        ~Q(status=CampaignStatus.DRAFT) & (Q(unit_id__in=seen) | Q(unit_id__in=above))
    )


def no_campaign() -> NotFound:
    return NotFound(CampaignError.NOT_FOUND, _("There is no such campaign."))


def access_campaign(actor: Actor, campaign: int | Campaign, *, manage: bool = False) -> Campaign:
    """A campaign the actor may see (or, with ``manage``, activate, close and change: those
    who manage its unit)."""
    campaign_id = campaign.pk if isinstance(campaign, Campaign) else campaign
    found = (
        Campaign.objects.filter(campaigns_filter(actor), pk=campaign_id)
        .select_related("unit")
        .first()
    )
    if found is None:
        raise no_campaign()
    if manage and not may_manage_unit(actor, found.unit, unit_day(found.unit, today())):
        raise no_campaign()
    return found


def access_campaign_desk(actor: Actor) -> None:
    """The page that creates a campaign: officers only (they plan for the units they manage)."""
    if not is_officer(actor):
        raise NotFound(CampaignError.NOT_FOUND, _("There is no such page."))


def may_create_campaign(actor: Actor, unit: Unit) -> bool:
    """A province officer plans for the province or any commune in it, a commune officer for
    the commune or its villages: whoever manages the unit."""
    return may_manage_unit(actor, unit, today())


def may_assign_village(actor: Actor, village: Unit | int) -> bool:
    """Who shares a village's households among members: the officers above it and the team
    leaders whose unit is the village or one above it."""
    day = today()
    if may_manage_unit(actor, village, day):
        return True
    return Role.TEAM_LEADER in _roles_on_path(actor, village, day)


def shares_out(actor: Actor) -> bool:
    """Whether the actor shares out households anywhere (an officer or a team leader)."""
    return holds_role(actor, MANAGING_ROLES | {Role.TEAM_LEADER})


def assigners_filter(actor: Actor, field: str = "village_id") -> Q:
    """Rows whose village the actor may share among members (``may_assign_village`` in SQL)."""
    if is_unrestricted(actor):
        return Q()
    user_id = actor_id(actor) or -1
    roles = (*sorted(MANAGING_ROLES), Role.TEAM_LEADER)
    marks = ", ".join(["%s"] * len(roles))
    roots = (
        f"SELECT unit_id FROM {_R} WHERE user_id = %s AND valid_from <= %s AND valid_until > %s "
        f"AND role IN ({marks})"
    )
    now = today()
    return Q(
        **{f"{field}__in": RawSQL(tree.subtree_sql(roots), (user_id, now, now, *roles, now, now))}
    )
