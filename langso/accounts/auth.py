"""How the API knows who is calling: a session (the web pages) or a bearer token (programs)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from langso.accounts.errors import TokenProblem
from langso.accounts.models import ApiToken
from langso.accounts.services import token_authenticate

_CURRENT = "langso_api_token"


class TokenRefused(AuthenticationError):
    """A bearer token was sent and it does not open the API: the answer says why."""

    def __init__(self, problem: TokenProblem) -> None:
        super().__init__()
        self.problem = problem

    def explanation(self) -> str:
        if self.problem == TokenProblem.REVOKED:
            return _("This login has been revoked. Log in again.")
        if self.problem == TokenProblem.EXPIRED:
            return _("This login has expired. Log in again.")
        return _("Log in or send a valid bearer token.")


class BearerToken(HttpBearer):
    """A request that sends a bearer token is judged by that token alone.

    It does not fall back to the browser's session: the field app runs in the same browser as
    the web pages, and a token revoked or expired there must answer 401 (so that the app
    notices) even when the browser also holds a session cookie.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_authenticate(token)
        if not isinstance(found, ApiToken):
            raise TokenRefused(found)
        request.user = found.user
        # HttpRequest has no field for it; the operations read it through current_token().
        setattr(request, _CURRENT, found)
        return found.user


def current_token(request: HttpRequest) -> ApiToken | None:
    """The bearer token this request came with, when it came with one that opens the API."""
    found = getattr(request, _CURRENT, None)
    return found if isinstance(found, ApiToken) else None


class Session(SessionAuth):
    """The browser session; superusers count only after their second factor."""

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a session cookie there is no session a forged request could ride on: the
        # caller is not logged in (401), not refused for a missing CSRF token (403).
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and user.is_superuser and not user.is_verified():
            return None
        return user


api_auth = [BearerToken(), Session()]
