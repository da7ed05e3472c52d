"""Reads of accounts: whose logins on devices (API tokens) an actor may see and revoke.

Until the access module takes this over, an officer manages an account when the account holds
a role today on a unit the officer manages (``units.selectors.can_manage``); superusers manage
every account. Anyone else finds no such account or token (404), as for everything out of scope.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from langso.accounts.devices import device_label
from langso.accounts.errors import AccountError
from langso.accounts.models import ApiToken, RoleAssignment, User
from langso.core.dates import today, valid_on
from langso.core.errors import NotFound
from langso.units import selectors as units
from langso.units.selectors import Actor

# A login that ended (revoked or expired) stays in its owner's list this long, then only in
# the database and the audit log: the list is for recognising today's devices.
ENDED_SHOWN_FOR = timedelta(days=30)


def accounts_managed(actor: Actor, user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` are accounts ``actor`` manages (the actor's own is not one)."""
    wanted = {pk for pk in user_ids if pk != actor.pk}
    if not wanted or not actor.is_authenticated:
        return set()
    if units.is_unrestricted(actor):
        return wanted
    day = today()
    roles = RoleAssignment.objects.filter(valid_on(day), user_id__in=wanted).select_related("unit")
    by_unit: dict[int, set[int]] = {}
    unit_of = {}
    for role in roles:
        by_unit.setdefault(role.unit_id, set()).add(role.user_id)
        unit_of[role.unit_id] = role.unit
    managed: set[int] = set()
    for unit_id, holders in by_unit.items():
        if not holders <= managed and units.can_manage(actor, unit_of[unit_id], day):
            managed |= holders
    return managed


def account_managed(actor: Actor, user_id: int) -> bool:
    return user_id in accounts_managed(actor, [user_id])


def account_get(*, actor: Actor, user_id: int) -> User:
    """The actor's own account or one they manage, else 404."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or (user.pk != actor.pk and not account_managed(actor, user.pk)):
        raise NotFound(AccountError.ACCOUNT_NOT_FOUND, _("There is no such account."))
    return user


class LoginState(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Login:
    """One login on a device (an API token), as its owner's list shows it."""

    token: ApiToken
    device: str
    state: LoginState


def logins_of(*, actor: Actor, user: Actor) -> list[Login]:
    """``user``'s logins on devices, newest first: those that still open the API, and those
    that ended in the last 30 days. For the user and the officers who manage the account."""
    user_id = user.pk
    if user_id is None:  # nobody logged in holds no login
        return []
    if user_id != actor.pk and not account_managed(actor, user_id):
        raise NotFound(AccountError.ACCOUNT_NOT_FOUND, _("There is no such account."))
    now = timezone.now()
    since = now - ENDED_SHOWN_FOR
    tokens = (
        ApiToken.objects.filter(user_id=user_id)
        .filter(Q(revoked_at__isnull=True, expires_at__gt=since) | Q(revoked_at__gt=since))
        .select_related("revoked_by")
        .order_by("-created_at", "-pk")
    )
    return [
        Login(
            token=token,
            device=device_label(browser=token.browser, system=token.system, name=token.device_name),
            state=(
                LoginState.REVOKED
                if token.revoked_at is not None
                else LoginState.EXPIRED
                if token.expires_at <= now
                else LoginState.ACTIVE
            ),
        )
        for token in tokens
    ]


def token_get(*, actor: Actor, token_id: int) -> ApiToken:
    """One login, for its owner and the officers who manage the account, else 404."""
    token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None or (token.user_id != actor.pk and not account_managed(actor, token.user_id)):
        raise NotFound(AccountError.TOKEN_NOT_FOUND, _("There is no such login."), field="token")
    return token


def token_active_count(user: User) -> int:
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).count()
