"""How the API knows who is calling: a session (the web pages) or a bearer token (programs)."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from langso.accounts.services import token_user


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(token)
        if user is None:
            return None
        request.user = user
        return user


class Session(SessionAuth):
    """The browser session; superusers count only after their second factor."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and user.is_superuser and not user.is_verified():
            return None
        return user


api_auth = [BearerToken(), Session()]
