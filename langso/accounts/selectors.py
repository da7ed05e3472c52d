"""Reads of accounts: a user's logins on devices (API tokens), for them and for the officers
who manage their account (``access.access_account``: anyone else finds nothing, 404)."""

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.db.models import Q
from django.utils import timezone

from langso import access
from langso.access import Actor
from langso.accounts.devices import device_label
from langso.accounts.models import ApiToken, User

# A login that ended (revoked or expired) stays in its owner's list this long, then only in
# the database and the audit log: the list is for recognising today's devices.
ENDED_SHOWN_FOR = timedelta(days=30)


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
    user_id = access.actor_id(user)
    if user_id is None:  # nobody logged in holds no login
        return []
    access.access_account(actor, user_id)
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


def token_active_count(user: User) -> int:
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).count()
