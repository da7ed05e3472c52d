from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from langso.accounts import lockout, services
from langso.accounts.backends import DEVICE_ATTRIBUTE, LOCK_ATTRIBUTE
from langso.accounts.errors import AccountError
from langso.accounts.models import User
from langso.accounts.schemas import TokenIn, TokenOut
from langso.core.errors import DomainError
from langso.core.ratelimit import client_address

router = Router(tags=["auth"])


@router.post("/token", auth=None, response=TokenOut, summary="Get a bearer token")
def token(request: HttpRequest, payload: TokenIn) -> TokenOut:
    """Exchange a user name and password (and the 6-digit code, when two-step verification is
    on) for a bearer token valid for 30 days. Five wrong passwords from one address lock the name
    there for up to 15 minutes, fifty in an hour lock it everywhere (send the code as well to get
    in then): 429 ``AUTH_LOCKED_OUT`` with ``Retry-After``."""
    if "\x00" in payload.username + payload.password:
        # No account holds a NUL, and PostgreSQL would refuse even to look one up (or to log
        # the failed attempt): the answer of any other wrong name.
        raise DomainError(
            AccountError.BAD_CREDENTIALS, _("Wrong user name or password."), field="password"
        )
    user = authenticate(
        request, username=payload.username, password=payload.password, otp=payload.otp
    )
    lock: lockout.Lock | None = getattr(request, LOCK_ATTRIBUTE, None)
    if lock is not None:
        raise lockout.locked_out(lock)
    if not isinstance(user, User):
        raise DomainError(
            AccountError.BAD_CREDENTIALS, _("Wrong user name or password."), field="password"
        )
    # A code that opened a locked name was checked with the password (and an authenticator
    # accepts each code once).
    checked = getattr(request, DEVICE_ATTRIBUTE, None) is not None
    if services.totp_has_device(user) and not checked:
        if not payload.otp:
            raise DomainError(
                AccountError.OTP_REQUIRED,
                _("This account uses two-step verification: send the 6-digit code as “otp”."),
                field="otp",
            )
        if services.totp_match(user, payload.otp) is None:
            raise DomainError(AccountError.OTP_INVALID, _("That code is not right."), field="otp")
    elif user.is_superuser and not checked:
        raise DomainError(
            AccountError.OTP_ENROLMENT_REQUIRED,
            _("Administrators must turn on two-step verification before using the API."),
        )
    lockout.login_succeeded(username=user.get_username(), address=client_address(request))
    # Record the login as the pages do (last_login).
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return TokenOut(
        token=services.token_issue(user=user),
        expires_in=int(services.TOKEN_LIFETIME.total_seconds()),
    )
