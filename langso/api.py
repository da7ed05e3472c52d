"""The JSON API: one NinjaAPI, each app's router mounted under /api/v1/, one error shape."""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer
from ninja.types import DictStrAny

from langso.accounts.accounts_api import router as accounts_router
from langso.accounts.api import router as auth_router
from langso.accounts.auth import TokenRefused, api_auth
from langso.campaigns.api import router as campaigns_router
from langso.core.bounds import DAY_OUT_OF_RANGE, day_range_message
from langso.core.errors import CoreError, DomainError
from langso.core.json_body import ObjectBodyParser
from langso.core.text import without_bidi
from langso.core.web import with_retry_after
from langso.feedback.api import router as feedback_router
from langso.indicators.api import router as indicators_router
from langso.learning.cert_api import router as certificates_router
from langso.learning.guide_api import router as guides_router
from langso.learning.skill_api import router as skills_router
from langso.outreach.api import router as outreach_router
from langso.outreach.inbox_api import router as inbox_router
from langso.people.api import router as people_router
from langso.reports.api import router as reports_router
from langso.reports.recognition_api import router as recognition_router
from langso.shops.api import router as shops_router
from langso.shops.vietqr_api import router as vietqr_router
from langso.teams.api import router as teams_router
from langso.trust.api import router as trust_router
from langso.units.api import router as units_router
from langso.visits.api import router as visits_router

logger = logging.getLogger(__name__)

# The error answers operations may give, each described by the one error shape, so that the
# document says what the API really answers (Schemathesis holds it to that in the tests).
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "A stable machine-readable code"},
        "message": {"type": "string", "description": "What is wrong, in the user's language"},
        "field": {"type": ["string", "null"], "description": "The field or parameter at fault"},
        "details": {"type": "object"},
    },
    "required": ["code", "message", "field", "details"],
}
ERRORS = {
    "400": "The request is refused (a domain rule, a body that is not JSON or not an object)",
    "401": "Not logged in, or the bearer token is unknown, expired or revoked",
    "403": "A browser session's write without its CSRF token",
    "404": "Not found, or out of the caller's scope (the two look alike)",
    "409": "In conflict with what is recorded",
    "413": "The request body is too large",
    "415": "UNSUPPORTED_MEDIA_TYPE: the body is not sent in the declared type (JSON, multipart)",
    "422": "A parameter or field is not valid",
    "429": "Too many requests; the Retry-After header says when to try again",
}
WRITES = frozenset({"post", "put", "patch", "delete"})


def _declared_errors(method: str, operation: dict[str, Any]) -> list[str]:
    """The error answers ``operation`` can give: every one 400, 404 and 422; those behind a
    login 401, and 403 for a write from a browser session without its CSRF token; public ones
    429 (they are rate limited); writes 409; those with a body 413, and 415 when it is JSON or
    multipart (a picture)."""
    codes = ["400", "404", "422"]
    if operation.get("security"):
        codes.append("401")
        if method in WRITES:
            codes.append("403")
    else:
        codes.append("429")
    if method in WRITES:
        codes.append("409")
    if "requestBody" in operation:
        codes.append("413")
        content = operation["requestBody"].get("content", {})
        if "application/json" in content or "multipart/form-data" in content:
            codes.append("415")
    return sorted(codes)


class CleanJSONRenderer(JSONRenderer):
    """Answers without bidirectional controls (``core.text.BIDI_CONTROLS``), so that no client
    (the field app first) can show text disguised by them, stored rows included.

    Written as UTF-8 rather than ``\\u`` escapes, so the controls stand as characters in the
    finished text and one pass takes them out: outside strings JSON holds none, so nothing
    else changes."""

    json_dumps_params = {"ensure_ascii": False}

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return without_bidi(super().render(request, data, response_status=response_status))


class LangSoAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: DictStrAny | None = None
    ) -> OpenAPISchema:
        """The document ninja makes, with the error answers of every operation."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for item in schema["paths"].values():
            for method, operation in item.items():
                responses = operation.setdefault("responses", {})
                for code in _declared_errors(method, operation):
                    responses.setdefault(int(code), {"description": ERRORS[code], "content": error})
        return schema


api = LangSoAPI(
    title="Làng Số API",
    version="1",
    description="API of Làng Số. Every error answers {code, message, field, details}.",
    auth=api_auth,
    urls_namespace="api",
    docs_url="/docs",
    parser=ObjectBodyParser(),
    renderer=CleanJSONRenderer(),
)
api.add_router("/v1/auth", auth_router)
api.add_router("/v1/units", units_router)
api.add_router("/v1", accounts_router)
api.add_router("/v1", teams_router)
api.add_router("/v1", indicators_router)
api.add_router("/v1", people_router)
api.add_router("/v1/sync", visits_router)
api.add_router("/v1/trust", trust_router)
api.add_router("/v1/feedback", feedback_router)
api.add_router("/v1", campaigns_router)
api.add_router("/v1", guides_router)
api.add_router("/v1", skills_router)
api.add_router("/v1", certificates_router)
# Before the announcements' own router, whose /announcements/{announcement_id} would otherwise
# take /announcements/inbox for an announcement's id.
api.add_router("/v1", inbox_router)
api.add_router("/v1", outreach_router)
api.add_router("/v1", reports_router)
api.add_router("/v1", recognition_router)
api.add_router("/v1", shops_router)
api.add_router("/v1", vietqr_router)


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
    if exc.errors and exc.errors[0].get("type") == DAY_OUT_OF_RANGE:
        message = day_range_message(str(first))
    return _error(request, 422, CoreError.INVALID_INPUT, message, first, {"errors": problems})


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    if isinstance(exc, TokenRefused):
        # The token's holder learns why (revoked, expired, unknown): the field app clears the
        # phone only when its token was revoked.
        return _error(
            request,
            401,
            CoreError.NOT_AUTHENTICATED,
            exc.explanation(),
            None,
            {"reason": str(exc.problem)},
        )
    return _error(
        request, 401, CoreError.NOT_AUTHENTICATED, _("Log in or send a valid bearer token.")
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, CoreError.NOT_FOUND, _("Not found."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja raises this (400) when the body cannot be parsed, with the parser's error as
    # its cause: our own refusals (core.json_body: 415 for a body not declared JSON, 400 for
    # JSON that is not an object) answer for themselves.
    if isinstance(exc.__cause__, DomainError):
        return domain_error(request, exc.__cause__)
    if exc.status_code == 400:
        return _error(
            request,
            400,
            CoreError.BODY_INVALID,
            _("The request body is not valid JSON."),
            "body",
        )
    if exc.status_code == 403:
        # ninja's session authentication: a write from a logged-in browser without the CSRF
        # token of a page of ours (what another site could make that browser send).
        return _error(
            request,
            403,
            CoreError.CSRF_FAILED,
            _("This request did not come from a page of Làng Số: reload the page and try again."),
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


@api.exception_handler(SuspiciousOperation)
def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    # Django raises these on malformed input (too many form fields, a broken multipart body);
    # it logs them itself on the "django.security" logger.
    return _error(request, 400, CoreError.INVALID_INPUT, _("The request is not valid."))


@api.exception_handler(Exception)
def uncaught_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """An error nobody foresaw inside an operation: logged with its traceback, answered in the
    API's shape. The error's own text stays in the log: it may name tables, paths or data."""
    logger.error("Server error in %s %s", request.method, request.path, exc_info=exc)
    return _error(request, 500, CoreError.SERVER_ERROR, server_error_message())


def server_error_message() -> str:
    return _(
        "Something went wrong on the server. Please try again in a few minutes, and tell your "
        "officer if it keeps happening."
    )


@csrf_exempt
def unknown_address(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any address under /api/ that no operation answers: the API's 404, not an HTML page.

    Exempt from the CSRF check, which would otherwise answer a session's POST with an HTML
    403; it changes nothing, so there is nothing to forge."""
    return _error(request, 404, CoreError.NOT_FOUND, _("Not found."), None, {"path": request.path})


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500, for errors raised outside an operation (a middleware, the URL
    resolver): the API's shape for an address under /api/, the site's plain page elsewhere.
    Like that page it needs neither the database nor the session (the error may be theirs);
    Django has already logged the error with its traceback."""
    if request.path.startswith("/api/"):
        body: dict[str, Any] = {
            "code": CoreError.SERVER_ERROR,
            "message": server_error_message(),
            "field": None,
            "details": {},
        }
        return JsonResponse(body, status=500)
    return defaults.server_error(request)
