"""Every write to accounts: users, roles on units, API tokens and second factors."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import password_validation
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from langso.accounts import lockout
from langso.accounts.errors import AccountError
from langso.accounts.models import ApiToken, Role, RoleAssignment, User
from langso.core.audit import audit_record
from langso.core.dates import FOREVER, today, valid_on
from langso.core.errors import DomainError, NotFound
from langso.core.models import AuditAction
from langso.units import selectors as units
from langso.units.models import Unit

TOKEN_LIFETIME = timedelta(days=30)
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
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise DomainError(
                AccountError.PASSWORD_INVALID, " ".join(error.messages), field="password"
            ) from error
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
def login_unlock(*, actor: AbstractBaseUser | AnonymousUser, user: User) -> None:
    """Lift the login locks of ``user`` (at every address, and of the name everywhere).

    For a superuser, or an officer who manages a unit on which ``user`` holds a role today;
    anyone else is told the user does not exist. Written to the audit log."""
    day = today()
    if not units.is_unrestricted(actor) and not any(
        units.can_manage(actor, role.unit, day) for role in roles_today(user)
    ):
        raise NotFound(AccountError.USER_NOT_FOUND, _("There is no such user."), field="user")
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


def token_issue(*, user: User) -> str:
    """A new bearer token for ``user``; only its digest is kept."""
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, digest=_digest(token), expires_at=timezone.now() + TOKEN_LIFETIME
    )
    return token


def token_user(token: str) -> User | None:
    """The active user a token belongs to, or None. Marks the token used (at most every minute)."""
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    if found is None:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


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
