"""The JSON API: one NinjaAPI, each app's router mounted under /api/v1/, one error shape."""

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from langso.accounts.api import router as auth_router
from langso.accounts.auth import api_auth
from langso.core.errors import CoreError, DomainError
from langso.core.web import with_retry_after
from langso.feedback.api import router as feedback_router
from langso.indicators.api import router as indicators_router
from langso.people.api import router as people_router
from langso.teams.api import router as teams_router
from langso.trust.api import router as trust_router
from langso.units.api import router as units_router
from langso.visits.api import router as visits_router

api = NinjaAPI(
    title="Làng Số API",
    version="1",
    description="API of Làng Số. Every error answers {code, message, field, details}.",
    auth=api_auth,
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/v1/auth", auth_router)
api.add_router("/v1/units", units_router)
api.add_router("/v1", teams_router)
api.add_router("/v1", indicators_router)
api.add_router("/v1", people_router)
api.add_router("/v1/sync", visits_router)
api.add_router("/v1/trust", trust_router)
api.add_router("/v1/feedback", feedback_router)


def _error(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    details: Any = None,
) -> HttpResponse:
    body = {"code": code, "message": message, "field": field, "details": details or {}}
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body = exc.as_dict()
    response = _error(request, exc.status, body["code"], body["message"], exc.field, exc.details)
    return with_retry_after(response, exc)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    problems = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        name = next(
            (p for p in reversed(location) if p not in {"query", "path", "body", "payload"}),
            "?",
        )
        problems.append({"field": name, "location": location, "problem": error.get("msg", "")})
    first = problems[0]["field"] if problems else None
    message = _("Parameter “%(name)s” is not valid.") % {"name": first}
    if first == "on":
        message = _("Parameter “on” must be a date written YYYY-MM-DD.")
    return _error(request, 422, CoreError.INVALID_INPUT, message, first, {"errors": problems})


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request, 401, CoreError.NOT_AUTHENTICATED, _("Log in or send a valid bearer token.")
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, CoreError.NOT_FOUND, _("Not found."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja raises this (400) when the body is not JSON; nothing else of ours does.
    if exc.status_code == 400:
        return _error(
            request,
            400,
            CoreError.BODY_INVALID,
            _("The request body is not valid JSON."),
            "body",
        )
    return _error(request, exc.status_code, CoreError.INVALID_INPUT, str(exc))


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    return _error(
        request,
        413,
        CoreError.BODY_TOO_LARGE,
        _("The request body is larger than %(size)s.") % {"size": limit},
        "body",
    )


@csrf_exempt
def unknown_address(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any address under /api/ that no operation answers: the API's 404, not an HTML page.

    Exempt from the CSRF check, which would otherwise answer a session's POST with an HTML
    403; it changes nothing, so there is nothing to forge."""
    return _error(request, 404, CoreError.NOT_FOUND, _("Not found."), None, {"path": request.path})
