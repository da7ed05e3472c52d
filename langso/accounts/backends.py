"""The one authentication backend: Django's password check behind the login locks.

Every ``authenticate()`` comes here (the login page, the token endpoint, the admin's login), so
a locked attempt is refused wherever it is made, as django-axes did before.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from langso.accounts import lockout, services
from langso.accounts.models import User
from langso.core.ratelimit import client_address

# Attributes the backend leaves on the request for the views: the lock that refused the login,
# and the authenticator whose code opened a locked name (so that the code is not asked again).
LOCK_ATTRIBUTE = "login_lock"
DEVICE_ATTRIBUTE = "login_device"


class LockoutBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        otp: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        address = client_address(request) if request is not None else "unknown"
        lock = lockout.login_lock(username=username, address=address)
        if lock is not None and not (lock.second_factor_opens and otp):
            if request is not None:
                setattr(request, LOCK_ATTRIBUTE, lock)
            # Django's authenticate() stops at PermissionDenied: no other backend is asked.
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password)
        if lock is not None and user is not None:
            device = services.totp_match(user, otp or "")
            if device is None:
                user = None
            elif request is not None:
                setattr(request, DEVICE_ATTRIBUTE, device)
        if user is None:
            lockout.login_failed(username=username, address=address)
        return user
