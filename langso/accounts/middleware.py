from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


class RequireSecondFactorMiddleware:
    """Superusers must have passed their second factor before they reach any page.

    Until then they may only use the account pages (to enrol an authenticator or type its
    code), static files and the language switch.
    """

    ALLOWED = ("/accounts/", "/static/", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.is_superuser
            and not getattr(user, "is_verified", lambda: False)()
            and not request.path.startswith(self.ALLOWED)
            and not request.path.startswith("/api/")
        ):
            return redirect("accounts:security")
        return self.get_response(request)
