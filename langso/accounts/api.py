from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from langso.accounts import services
from langso.accounts.errors import AccountError
from langso.accounts.models import User
from langso.accounts.schemas import TokenIn, TokenOut
from langso.core.errors import DomainError

router = Router(tags=["auth"])


class LockedOut(DomainError):
    status = 429


@router.post("/token", auth=None, response=TokenOut, summary="Get a bearer token")
def token(request: HttpRequest, payload: TokenIn) -> TokenOut:
    """Exchange a user name and password (and the 6-digit code, when two-step verification is
    on) for a bearer token valid for 30 days. Five wrong passwords lock the name for 15 minutes."""
    if "\x00" in payload.username + payload.password:
        # No account holds a NUL, and PostgreSQL would refuse even to look one up (or to log
        # the failed attempt): the answer of any other wrong name.
        raise DomainError(
            AccountError.BAD_CREDENTIALS, _("Wrong user name or password."), field="password"
        )
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        raise LockedOut(
            AccountError.LOCKED_OUT,
            _("Too many wrong passwords: this account is locked for 15 minutes."),
        )
    if not isinstance(user, User):
        raise DomainError(
            AccountError.BAD_CREDENTIALS, _("Wrong user name or password."), field="password"
        )
    if services.totp_has_device(user):
        if not payload.otp:
            raise DomainError(
                AccountError.OTP_REQUIRED,
                _("This account uses two-step verification: send the 6-digit code as “otp”."),
                field="otp",
            )
        if services.totp_match(user, payload.otp) is None:
            raise DomainError(AccountError.OTP_INVALID, _("That code is not right."), field="otp")
    elif user.is_superuser:
        raise DomainError(
            AccountError.OTP_ENROLMENT_REQUIRED,
            _("Administrators must turn on two-step verification before using the API."),
        )
    # Tell django-axes (and last_login) that this user got in, which clears earlier failures.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return TokenOut(
        token=services.token_issue(user=user),
        expires_in=int(services.TOKEN_LIFETIME.total_seconds()),
    )
