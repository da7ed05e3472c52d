"""Every write to accounts: users, roles on units, API tokens, second factors, and the accounts
officers make for team members (activation links, resets, deactivation, password changes)."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import password_validation
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from langso import access
from langso.access import Actor
from langso.accounts import lockout
from langso.accounts.devices import describe
from langso.accounts.errors import AccountError, LinkProblem, TokenProblem
from langso.accounts.models import (
    ActivationLink,
    ApiToken,
    BrowserSession,
    Role,
    RoleAssignment,
    User,
)
from langso.accounts.sessions import session_ref
from langso.core import ratelimit
from langso.core.audit import audit_record
from langso.core.dates import FOREVER, today, valid_on
from langso.core.errors import Conflict, DomainError
from langso.core.models import AuditAction
from langso.core.text import fold_compact
from langso.teams import services as teams
from langso.teams.models import Membership, TeamRole
from langso.units.models import Unit

TOKEN_LIFETIME = timedelta(days=30)
ACTIVATION_LIFETIME = timedelta(days=7)
# Wrong current passwords on the change-password form, per account: the form must not become a
# way around the login locks for whoever finds a session left open.
PASSWORD_CHANGE_TRIES = ratelimit.Limit("password-change", 10, 15 * 60)
USERNAME_MAX = 150  # AbstractUser.username

# The unit levels each role may sit on (1 province, 2 district, 3 commune, 4 village).
ROLE_LEVELS: dict[str, tuple[int, ...]] = {
    Role.PROVINCE_OFFICER: (1,),
    Role.COMMUNE_OFFICER: (2, 3),
    Role.TEAM_LEADER: (3, 4),
    Role.TEAM_MEMBER: (3, 4),
}


def _digest(token: str) -> str:
    # Tokens we issue are ASCII; anything else simply matches nothing.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _password_check(password: str, user: User) -> None:
    """Django's validators (length, common, numeric, like the user's name), as our error."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise DomainError(
            AccountError.PASSWORD_INVALID, " ".join(error.messages), field="password"
        ) from error


@transaction.atomic
def user_provision(
    *, username: str, password: str | None, full_name: str = "", is_superuser: bool = False
) -> tuple[User, bool]:
    """Create the user or update the one with that name. Returns (user, created)."""
    clean = username.strip()
    try:
        User.username_validator(clean)
        valid = 0 < len(clean) <= USERNAME_MAX
    except ValidationError:
        valid = False
    if not valid:
        raise DomainError(
            AccountError.USERNAME_INVALID,
            _("“%(name)s” is not a valid user name (letters, digits and @ . + - _).")
            % {"name": username},
            field="username",
        )
    user = User.objects.filter(username=clean).first()
    created = user is None
    if user is None:
        user = User(username=clean)
    if full_name:
        user.full_name = full_name
    if is_superuser:
        user.is_superuser = True
        user.is_staff = True
    if password is not None:
        _password_check(password, user)
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    return user, created


@transaction.atomic
def role_grant(*, user: User, role: Role, unit: Unit) -> RoleAssignment:
    """Give ``user`` ``role`` on ``unit`` from today; granting it again changes nothing."""
    if not unit.versions.filter(valid_on(today())).exists():
        raise DomainError(
            AccountError.ROLE_UNIT_ENDED,
            _("That unit no longer exists; give the role on the unit that replaced it."),
            field="unit",
        )
    if unit.level not in ROLE_LEVELS[role]:
        raise DomainError(
            AccountError.ROLE_UNIT_LEVEL,
            _("The role %(role)s cannot be held on a unit of this level.") % {"role": role.label},
            field="unit",
        )
    existing = RoleAssignment.objects.filter(
        user=user, role=role, unit=unit, valid_until=FOREVER
    ).first()
    if existing is not None:
        return existing
    return RoleAssignment.objects.create(user=user, role=role, unit=unit, valid_from=today())


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment) -> None:
    """End a role today (kept as history). A role granted today simply disappears."""
    day = today()
    if assignment.valid_until <= day:
        return
    if assignment.valid_from >= day:
        assignment.delete()
        return
    assignment.valid_until = day
    assignment.save(update_fields=["valid_until"])


@transaction.atomic
def login_unlock(*, actor: Actor, user: User) -> None:
    """Lift the login locks of ``user`` (at every address, and of the name everywhere).

    For a superuser, or an officer who manages the account (``access.access_managed_account``);
    anyone else is told the user does not exist. Written to the audit log."""
    access.access_managed_account(actor, user.pk)
    forgotten = lockout.login_forget(username=user.get_username())
    audit_record(
        actor=actor,
        action=AuditAction.LOGIN_UNLOCK,
        object_type="user",
        object_id=str(user.pk),
        reason="",
        detail={"counters": forgotten},
    )


def roles_today(user: AbstractBaseUser | AnonymousUser) -> list[RoleAssignment]:
    if not user.is_authenticated:
        return []
    return list(
        RoleAssignment.objects.filter(valid_on(today()), user_id=user.pk).select_related("unit")
    )


def token_issue(*, user: User, user_agent: str = "", device_name: str = "") -> str:
    """A new bearer token for ``user``; only its digest is kept, with what the user agent says
    of the device (browser, system, model) and the name the client gave it."""
    token = secrets.token_urlsafe(32)
    device = describe(user_agent, name=device_name)
    ApiToken.objects.create(
        user=user,
        digest=_digest(token),
        expires_at=timezone.now() + TOKEN_LIFETIME,
        browser=device.browser,
        system=device.system,
        device_name=device.name,
    )
    return token


def token_authenticate(token: str) -> ApiToken | TokenProblem:
    """The token row that ``token`` is, when it may open the API, else why not. Marks the token
    used (at most every minute).

    A token of a deactivated user answers "unknown", like one never issued: its holder has
    nothing to do about it but ask the officer who manages the account.
    """
    found = ApiToken.objects.select_related("user").filter(digest=_digest(token)).first()
    if found is None or not found.user.is_active:
        return TokenProblem.UNKNOWN
    if found.revoked_at is not None:
        return TokenProblem.REVOKED
    now = timezone.now()
    if found.expires_at <= now:
        return TokenProblem.EXPIRED
    if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found


def token_user(token: str) -> User | None:
    """The active user a token belongs to, or None (unknown, expired or revoked)."""
    found = token_authenticate(token)
    return found.user if isinstance(found, ApiToken) else None


def _revoke(*, actor: Actor, tokens: list[ApiToken], reason: str) -> int:
    """Mark ``tokens`` revoked by ``actor`` now, and write each to the audit log. A token
    already revoked (by another request in the meantime, too) is left as it is."""
    now = timezone.now()
    revoked = 0
    for token in tokens:
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by_id=actor.pk
        )
        if not changed:
            continue
        revoked += 1
        token.revoked_at, token.revoked_by_id = now, actor.pk
        audit_record(
            actor=actor,
            action=AuditAction.REVOKE_TOKEN,
            object_type="api_token",
            object_id=str(token.pk),
            reason=reason,
            detail={"user": token.user_id},
        )
    return revoked


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken, logout: bool = False) -> bool:
    """Revoke one token: its owner may (``logout`` when the device itself logs out), and so may
    an officer who manages the owner's account; to anyone else it does not exist (404).
    Returns whether it was still unrevoked."""
    access.access_token(actor, token.pk)
    if token.user_id != access.actor_id(actor):
        reason = "revoked by an officer managing the account"
    else:
        reason = "logout" if logout else "revoked by the owner"
    return _revoke(actor=actor, tokens=[token], reason=reason) == 1


@transaction.atomic
def tokens_revoke_all(*, actor: Actor, user: User) -> int:
    """Revoke every token of ``user`` that still opens the API: the user themself may, and so
    may an officer who manages the account; to anyone else the account does not exist (404).
    Returns how many were revoked."""
    access.access_account(actor, user.pk)
    active = list(
        ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())
    )
    if user.pk == access.actor_id(actor):
        reason = "revoked by the owner"
    else:
        reason = "revoked by an officer managing the account"
    return _revoke(actor=actor, tokens=active, reason=reason)


def totp_devices(user: User, *, confirmed: bool = True) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user=user, confirmed=confirmed))


def totp_has_device(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


@transaction.atomic
def totp_start(*, user: User) -> TOTPDevice:
    """A fresh unconfirmed authenticator for ``user`` (replacing any earlier unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)


def totp_match(user: User, token: str, *, confirmed: bool = True) -> TOTPDevice | None:
    clean = "".join(ch for ch in token if ch.isdigit())
    for device in totp_devices(user, confirmed=confirmed):
        if device.verify_token(clean):
            return device
    return None


@transaction.atomic
def totp_confirm(*, user: User, token: str) -> TOTPDevice:
    device = totp_match(user, token, confirmed=False)
    if device is None:
        raise DomainError(
            AccountError.OTP_INVALID,
            _("That code is not right. Type the 6 digits the app shows now."),
            field="token",
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def totp_disable(*, user: User, token: str) -> None:
    if user.is_superuser:
        raise DomainError(
            AccountError.OTP_REQUIRED,
            _("Administrators must keep two-step verification on."),
        )
    if totp_match(user, token) is None:
        raise DomainError(AccountError.OTP_INVALID, _("That code is not right."), field="token")
    TOTPDevice.objects.filter(user=user).delete()


# Accounts officers make for team members --------------------------------------------------------

# The role on the team's unit that each place on a team gives (a deputy leads nothing alone).
TEAM_ROLE_GRANTS: dict[str, Role] = {
    TeamRole.LEADER: Role.TEAM_LEADER,
    TeamRole.DEPUTY: Role.TEAM_MEMBER,
    TeamRole.MEMBER: Role.TEAM_MEMBER,
}


@dataclass(frozen=True)
class Activation:
    """A link just issued: its secret exists only here, to be shown once (as a link and a QR)."""

    user: User
    token: str
    expires_at: datetime


def username_suggest(full_name: str) -> str:
    """A free user name made of the person's name without diacritics: "Lò Văn Xuân" →
    "lo.van.xuan", then "lo.van.xuan2", … when taken. A name with no Latin letter at all gets
    "thanhvien"."""
    words = [fold_compact(word) for word in full_name.split()]
    base = ".".join(word for word in words if word)[: USERNAME_MAX - 6] or "thanhvien"
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _links_end(user: User, now: datetime) -> int:
    return ActivationLink.objects.filter(
        user=user, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)


def _link_issue(*, actor: Actor, user: User) -> Activation:
    """A new activation link for ``user``; every earlier one that could still open stops."""
    now = timezone.now()
    _links_end(user, now)
    token = secrets.token_urlsafe(32)
    link = ActivationLink.objects.create(
        user=user,
        digest=_digest(token),
        created_by_id=access.actor_id(actor),
        expires_at=now + ACTIVATION_LIFETIME,
    )
    return Activation(user=user, token=token, expires_at=link.expires_at)


@transaction.atomic
def account_create(*, actor: Actor, person_id: int) -> Activation:
    """An account for a team member, made by an officer above their team
    (``access.access_member_for_account``; anyone else: no such member, 404).

    The account can log in only once its owner has set a password on the activation link
    returned here (valid 7 days, once). It gets the role of the member's place on each team the
    officer manages, on that team's unit; the member's record is linked to it."""
    memberships = access.access_member_for_account(actor, person_id)
    person = memberships[0].person
    if person.user_id is not None:
        raise Conflict(
            AccountError.ACCOUNT_EXISTS,
            _("%(name)s already has an account.") % {"name": person.full_name},
        )
    user = User(username=username_suggest(person.full_name), full_name=person.full_name)
    user.set_unusable_password()
    user.save()
    roles = [_grant_for(user, membership) for membership in memberships]
    teams.person_link_user(person_id=person.pk, user=user)
    activation = _link_issue(actor=actor, user=user)
    audit_record(
        actor=actor,
        action=AuditAction.ACCOUNT_CREATE,
        object_type="user",
        object_id=str(user.pk),
        reason="",
        detail={"person": person.pk, "roles": roles},
    )
    return activation


def _grant_for(user: User, membership: Membership) -> str:
    role = TEAM_ROLE_GRANTS[membership.role]
    role_grant(user=user, role=role, unit=membership.team.unit)
    return f"{role}@{membership.team.unit_id}"


def _ensure_active(user: User) -> None:
    if not user.is_active:
        raise Conflict(
            AccountError.ACCOUNT_DEACTIVATED,
            _("The account of %(name)s is deactivated.") % {"name": user},
        )


@transaction.atomic
def account_reset(*, actor: Actor, user: User) -> Activation:
    """A new activation link for an account the officer manages, on which its owner sets a new
    password. The old password stops working now, and so does every earlier link; the browser
    sessions of the account end. The logins on devices stay (the door-to-door app keeps what it
    has not sent yet): revoke them on the devices page when a phone is lost."""
    access.access_managed_account(actor, user.pk)
    _ensure_active(user)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    activation = _link_issue(actor=actor, user=user)
    sessions = sessions_end_all(user=user)
    audit_record(
        actor=actor,
        action=AuditAction.PASSWORD_RESET,
        object_type="user",
        object_id=str(user.pk),
        reason="",
        detail={"sessions": sessions},
    )
    return activation


@transaction.atomic
def account_deactivate(*, actor: Actor, user: User) -> bool:
    """Close an account the officer manages: it can no longer log in, its browser sessions end
    (Django lets no inactive user through), its logins on devices are revoked and its open
    activation link stops. Its history stays: the visits and records it made keep its name, its
    roles remain as they were. Returns whether it was still active."""
    access.access_managed_account(actor, user.pk)
    if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
        return False
    user.is_active = False
    now = timezone.now()
    links = _links_end(user, now)
    active = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now))
    revoked = _revoke(actor=actor, tokens=active, reason="account deactivated")
    sessions = sessions_end_all(user=user)
    audit_record(
        actor=actor,
        action=AuditAction.ACCOUNT_DEACTIVATE,
        object_type="user",
        object_id=str(user.pk),
        reason="",
        detail={"tokens": revoked, "links": links, "sessions": sessions},
    )
    return True


@transaction.atomic
def account_reactivate(*, actor: Actor, user: User) -> Activation:
    """Open again an account the officer manages that was deactivated: it logs in once its
    owner has set a new password on the activation link returned here (the old password does
    not come back). Its roles are those it kept; its devices log in again."""
    access.access_managed_account(actor, user.pk)
    if not User.objects.filter(pk=user.pk, is_active=False).update(is_active=True):
        raise Conflict(
            AccountError.ACCOUNT_ACTIVE,
            _("The account of %(name)s is not deactivated.") % {"name": user},
        )
    user.is_active = True
    user.set_unusable_password()
    user.save(update_fields=["password"])
    activation = _link_issue(actor=actor, user=user)
    audit_record(
        actor=actor,
        action=AuditAction.ACCOUNT_REACTIVATE,
        object_type="user",
        object_id=str(user.pk),
        reason="",
        detail={"link_expires_at": activation.expires_at.isoformat()},
    )
    return activation


def activation_find(token: str) -> ActivationLink | LinkProblem:
    """The activation link ``token`` is, when it still opens, else why not."""
    link = (
        ActivationLink.objects.select_related("user")
        .filter(digest=_digest(token), used_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if link is None or not link.user.is_active:
        return LinkProblem.UNKNOWN
    if link.expires_at <= timezone.now():
        return LinkProblem.EXPIRED
    return link


def link_refusal(problem: LinkProblem) -> DomainError:
    """What the holder of a link that does not open is told: they can only ask for a new one."""
    if problem == LinkProblem.EXPIRED:
        return DomainError(
            AccountError.ACTIVATION_LINK_EXPIRED,
            _(
                "This activation link has expired: it was valid for 7 days. Ask the officer who "
                "made your account for a new link."
            ),
        )
    return DomainError(
        AccountError.ACTIVATION_LINK_INVALID,
        _(
            "This activation link does not work: it has already been used, a newer link "
            "replaced it, or it was copied wrongly. If you have not set your password yet, ask "
            "the officer who made your account for a new link."
        ),
    )


@transaction.atomic
def activation_complete(*, token: str, password: str) -> User:
    """Set the password of the account an activation link was made for, and end the link (it
    opens once). The holder of the link acts as the account's owner."""
    found = activation_find(token)
    if not isinstance(found, ActivationLink):
        raise link_refusal(found)
    now = timezone.now()
    # Two tabs sending the same link at once: only one uses it.
    if not ActivationLink.objects.filter(
        pk=found.pk, used_at__isnull=True, revoked_at__isnull=True
    ).update(used_at=now):
        raise link_refusal(LinkProblem.UNKNOWN)
    user = found.user
    _password_check(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _links_end(user, now)
    audit_record(
        actor=user,
        action=AuditAction.ACCOUNT_ACTIVATE,
        object_type="user",
        object_id=str(user.pk),
        reason="",
        detail={"link": found.pk},
    )
    return user


def password_change(*, user: User, current: str, new: str, keep_session: str | None) -> None:
    """The user replaces their password, giving the current one. Their browser sessions end but
    ``keep_session`` (the key of the one asking; it then takes the new password with
    ``update_session_auth_hash``). Wrong current passwords are counted outside the transaction,
    so that a refusal still counts."""
    usage = ratelimit.peek(PASSWORD_CHANGE_TRIES, str(user.pk))
    if usage.count >= PASSWORD_CHANGE_TRIES.count:
        raise ratelimit.RateLimited(
            usage.retry_after,
            _("Too many wrong passwords. Try again in %(wait)s.")
            % {"wait": ratelimit.wait_text(usage.retry_after)},
            field="current",
        )
    if not user.check_password(current):
        ratelimit.hit(PASSWORD_CHANGE_TRIES, str(user.pk))
        raise DomainError(
            AccountError.PASSWORD_WRONG, _("Your current password is not right."), field="current"
        )
    _password_set(user=user, new=new, keep_session=keep_session)


@transaction.atomic
def _password_set(*, user: User, new: str, keep_session: str | None) -> None:
    _password_check(new, user)
    user.set_password(new)
    user.save(update_fields=["password"])
    others = BrowserSession.objects.filter(user=user).exclude(session_key=keep_session or "")
    ended, _by_model = others.delete()
    audit_record(
        actor=user,
        action=AuditAction.PASSWORD_CHANGE,
        object_type="user",
        object_id=str(user.pk),
        reason="",
        detail={"sessions": ended},
    )


# Browser sessions ------------------------------------------------------------------------------


def sessions_end_all(*, user: User) -> int:
    """End every browser session of ``user`` (for the services that close or reset an account,
    inside their transaction and audit entry). Returns how many."""
    ended, _by_model = BrowserSession.objects.filter(user=user).delete()
    return ended


@transaction.atomic
def session_end(*, actor: Actor, ref: str) -> bool:
    """Log one of the actor's own browser sessions out (named by ``session_ref``). Nobody else
    ends a single session of theirs: an officer deactivates or resets the account. Returns
    whether there was such a session."""
    user_id = access.actor_id(actor)
    if user_id is None:
        return False
    keys = BrowserSession.objects.filter(user_id=user_id).values_list("session_key", flat=True)
    key = next((key for key in keys if session_ref(key) == ref), None)
    if key is None:
        return False
    BrowserSession.objects.filter(session_key=key).delete()
    audit_record(
        actor=actor,
        action=AuditAction.REVOKE_TOKEN,
        object_type="browser_session",
        object_id=ref,
        reason="revoked by the owner",
    )
    return True
