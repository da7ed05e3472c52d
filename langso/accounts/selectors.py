"""Reads of accounts: a user's logins on devices (API tokens), for them and for the officers
who manage their account (``access.access_account``: anyone else finds nothing, 404)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from langso import access
from langso.access import Actor
from langso.accounts.devices import device_label
from langso.accounts.models import ActivationLink, ApiToken, BrowserSession, RoleAssignment, User
from langso.accounts.sessions import session_ref
from langso.core.dates import today, valid_on
from langso.units.models import UnitVersion

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


# The accounts officers manage ----------------------------------------------------------------

ACCOUNTS_PER_PAGE = 50


class AccountStatus(StrEnum):
    ACTIVE = "active"
    WAITING = "waiting"  # made (or reset) by an officer; its owner has not set a password yet
    DEACTIVATED = "deactivated"


def account_status(user: User) -> AccountStatus:
    if not user.is_active:
        return AccountStatus.DEACTIVATED
    if not user.has_usable_password():
        return AccountStatus.WAITING
    return AccountStatus.ACTIVE


@dataclass(frozen=True)
class AccountRow:
    user: User
    status: AccountStatus
    link_expires_at: datetime | None  # of the link that can still open, when waiting
    roles: list[str]  # "team leader · Bản Hua Nà"


def _open_link_expiry() -> Subquery:
    return Subquery(
        ActivationLink.objects.filter(
            user_id=OuterRef("pk"), used_at__isnull=True, revoked_at__isnull=True
        )
        .order_by("-created_at")
        .values("expires_at")[:1]
    )


def _accounts(actor: Actor, query: str) -> QuerySet[User]:
    found = User.objects.filter(access.managed_accounts_filter(actor))
    for word in query.split()[:5]:
        found = found.filter(Q(full_name__icontains=word) | Q(username__icontains=word))
    return found.annotate(link_expires_at=_open_link_expiry()).order_by(
        "full_name", "username", "pk"
    )


def roles_shown(user_ids: list[int]) -> dict[int, list[str]]:
    """Each user's roles today, as a person reads them: the role and the unit's name."""
    day = today()
    assignments = list(RoleAssignment.objects.filter(valid_on(day), user_id__in=user_ids))
    names = dict(
        UnitVersion.objects.filter(
            valid_on(day), unit_id__in={a.unit_id for a in assignments}
        ).values_list("unit_id", "name")
    )
    shown: dict[int, list[str]] = {}
    for assignment in sorted(assignments, key=lambda a: a.pk):
        label = f"{assignment.get_role_display()} · {names.get(assignment.unit_id, '')}"
        shown.setdefault(assignment.user_id, []).append(label.strip(" ·"))
    return shown


def accounts_page(
    *, actor: Actor, query: str = "", page: str | int = 1
) -> tuple[Page[User], list[AccountRow]]:
    """The accounts ``actor`` manages (``access.managed_accounts_filter``), by name, 50 a page,
    those whose name or user name holds every word of ``query``; with each one's status and
    roles today. For officers only (404 for anyone else)."""
    access.access_accounts_desk(actor)
    shown = Paginator(_accounts(actor, query.strip()), ACCOUNTS_PER_PAGE).get_page(page)
    users: list[User] = list(shown.object_list)
    roles = roles_shown([user.pk for user in users])
    rows = []
    for user in users:
        status = account_status(user)
        expires = getattr(user, "link_expires_at", None)
        rows.append(
            AccountRow(
                user=user,
                status=status,
                link_expires_at=expires if status == AccountStatus.WAITING else None,
                roles=roles.get(user.pk, []),
            )
        )
    return shown, rows


def link_open_until(user: User) -> datetime | None:
    """When the activation link of ``user`` that can still open ends, if there is one."""
    link = (
        ActivationLink.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    return link.expires_at if link is not None else None


@dataclass(frozen=True)
class BrowserLogin:
    """One of a user's browser sessions, as their list shows it."""

    ref: str  # accounts.services.session_ref: names it in a form, never its key
    device: str
    logged_in_at: datetime | None
    expires_at: datetime
    current: bool


def browser_logins(*, user: User, current_key: str | None) -> list[BrowserLogin]:
    """The user's own browser sessions that are still open, newest first (for them only)."""
    found = BrowserSession.objects.filter(user=user, expire_date__gt=timezone.now()).order_by(
        "-logged_in_at", "-expire_date"
    )
    return [
        BrowserLogin(
            ref=session_ref(session.session_key),
            device=device_label(browser=session.browser, system=session.system, name=""),
            logged_in_at=session.logged_in_at,
            expires_at=session.expire_date,
            current=session.session_key == current_key,
        )
        for session in found
    ]
