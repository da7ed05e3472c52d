from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from langso import access
from langso.accounts import lockout, selectors, services
from langso.accounts.auth import BearerToken, TokenRefused, current_token
from langso.accounts.backends import DEVICE_ATTRIBUTE, LOCK_ATTRIBUTE
from langso.accounts.errors import AccountError, TokenProblem
from langso.accounts.models import User
from langso.accounts.schemas import RevokedOut, TokenIn, TokenInfo, TokenOut
from langso.core.bounds import DbId
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
        token=services.token_issue(
            user=user, user_agent=request.headers.get("User-Agent", ""), device_name=payload.device
        ),
        expires_in=int(services.TOKEN_LIFETIME.total_seconds()),
    )


@router.delete(
    "/token", auth=BearerToken(), response={204: None}, summary="Revoke the token of this call"
)
def token_revoke_current(request: HttpRequest) -> Status[None]:
    """Log this device out: the bearer token sent with this request stops working at once. Sent
    again, the token no longer opens the API, so the answer is then 401."""
    token = current_token(request)
    if token is None:  # BearerToken lets no call in without one
        raise TokenRefused(TokenProblem.UNKNOWN)
    services.token_revoke(actor=request.user, token=token, logout=True)
    return Status(204, None)


@router.get("/tokens", response=list[TokenInfo], summary="List my logins on devices")
def tokens_list(request: HttpRequest, response: HttpResponse) -> list[TokenInfo]:
    """The caller's tokens that still open the API and those that ended in the last 30 days,
    newest first, with the device each was given to; never the token or its digest."""
    user = request.user
    current = current_token(request)
    response["Cache-Control"] = "no-store"
    return [
        TokenInfo(
            id=login.token.pk,
            device=login.device,
            browser=login.token.browser,
            system=login.token.system,
            device_name=login.token.device_name,
            created_at=login.token.created_at,
            last_used_at=login.token.last_used_at,
            expires_at=login.token.expires_at,
            revoked_at=login.token.revoked_at,
            revoked_by=str(login.token.revoked_by) if login.token.revoked_by else None,
            status=login.state,
            current=current is not None and current.pk == login.token.pk,
        )
        for login in selectors.logins_of(actor=user, user=user)
    ]


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke one of my logins")
def tokens_revoke_one(request: HttpRequest, token_id: DbId) -> Status[None]:
    """Revoke one token by its id (from ``GET /auth/tokens``). The caller's own tokens, and an
    officer those of the accounts they manage; any other id answers 404 TOKEN_NOT_FOUND."""
    user = request.user
    services.token_revoke(actor=user, token=access.access_token(user, token_id))
    return Status(204, None)


@router.delete(
    "/users/{user_id}/tokens",
    response=RevokedOut,
    summary="Revoke every login of an account I manage",
)
def tokens_revoke_account(request: HttpRequest, user_id: DbId) -> RevokedOut:
    """An officer cuts off every device of an account they manage (a lost phone, a member who
    left); the account itself stays and may log in again. Any other account answers 404
    ACCOUNT_NOT_FOUND. Says how many tokens were revoked."""
    user = request.user
    account = access.access_account(user, user_id)
    return RevokedOut(revoked=services.tokens_revoke_all(actor=user, user=account))
