"""The Open311 GeoReport v2 endpoints under /open311/v2/ (plain views: XML or JSON by suffix).

Errors answer in the specification's shape (``errors`` / ``error`` with ``code`` and
``description``) with the HTTP status it asks for: 404 for what does not exist (a service code,
a request, a token, a jurisdiction), 403 for a missing or wrong api_key, 400 for anything else
that cannot be done, and 429 when a limit is reached. No cookie or session is used: the views
are exempt from CSRF, and every answer may be read from any origin (CORS), since it holds
public data only.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from langso.access import ANONYMOUS
from langso.core.errors import DomainError, NotFound
from langso.core.ratelimit import RateLimited, client_address, enforce
from langso.core.web import with_retry_after
from langso.feedback import images, open311, places, selectors, services
from langso.feedback.errors import FeedbackError
from langso.feedback.models import Category, Channel, Report

View = Callable[..., HttpResponse]
MAX_BODY = 16 * 1024 * 1024


def respond(fmt: str, root: str, value: Any, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        open311.render(fmt, root, value), content_type=open311.FORMATS[fmt], status=status
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Vary"] = "Accept-Language"
    return response


def fail(fmt: str, status: int, description: str) -> HttpResponse:
    return respond(fmt, "errors", open311.errors([(status, description)]), status=status)


def _described(error: DomainError) -> str:
    message = str(error.message)
    if error.field and not message.startswith(f"{error.field}:"):
        return f"{error.field}: {message}"
    return message


def endpoint(*methods: str) -> Callable[[View], View]:
    """An Open311 view: the language the client asks for, refusals in the spec's error shape."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapper(
            request: HttpRequest, *args: Any, fmt: str = "xml", **kwargs: Any
        ) -> HttpResponse:
            language = translation.get_language()
            if request.META.get("HTTP_ACCEPT_LANGUAGE"):
                language = translation.get_language_from_request(request)
            with translation.override(language):
                if request.method not in methods:
                    return fail(fmt, 405, _("This method is not allowed here."))
                try:
                    return view(request, *args, fmt=fmt, **kwargs)
                except RateLimited as exc:
                    return with_retry_after(fail(fmt, 429, _described(exc)), exc)
                except NotFound as exc:
                    return fail(fmt, 404, _described(exc))
                except DomainError as exc:
                    return fail(fmt, 400, _described(exc))

        return wrapper

    return decorate


def _jurisdiction(request: HttpRequest) -> str:
    """The jurisdiction_id asked for ("" for none), or 404 when it names no province."""
    source = request.POST if request.method == "POST" else request.GET
    code = source.get("jurisdiction_id", "").strip()
    if code and code not in {v.code for v in places.jurisdictions()}:
        raise NotFound(
            FeedbackError.JURISDICTION_UNKNOWN,
            _("jurisdiction_id %(code)s is not a province we serve.") % {"code": code[:24]},
            field="jurisdiction_id",
        )
    return code


def _read_limit(request: HttpRequest) -> None:
    enforce(services.OPEN311_READ_PER_IP, client_address(request))


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("feedback:open311_root"))


def _tracking_url(request: HttpRequest, report: Report) -> str:
    return request.build_absolute_uri(reverse("feedback:track_report", args=[report.code]))


def _category(code: str) -> Category:
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise NotFound(
            FeedbackError.CATEGORY_UNKNOWN,
            _("service_code %(code)s was not found.") % {"code": code[:40]},
            field="service_code",
        )
    return category


def root(request: HttpRequest) -> HttpResponse:
    """The endpoint's root leads to the discovery document, as the specification suggests."""
    return redirect("feedback:open311_discovery", fmt="xml")


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    document = open311.discovery(
        base_url=_base_url(request), changeset=selectors.catalog_changed_at()
    )
    return respond(fmt, "discovery", document)


@endpoint("GET")
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    _jurisdiction(request)
    return respond(fmt, "services", [open311.service(c) for c in selectors.categories()])


@endpoint("GET")
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    _jurisdiction(request)
    return respond(fmt, "service_definition", open311.service_definition(_category(code)))


def _request_data(request: HttpRequest, report: Report, extensions: bool) -> dict[str, Any]:
    return open311.service_request(
        report,
        latest_public_text=getattr(report, "latest_public_text", None),
        extensions=extensions,
        tracking_url=_tracking_url(request, report),
    )


def _extensions(request: HttpRequest) -> bool:
    return request.GET.get("extensions", "").strip().lower() in ("true", "1", "yes")


def _positive(raw: str, field: str, default: int) -> int:
    if not raw.strip():
        return default
    if not raw.strip().isdigit() or int(raw) < 1:
        raise DomainError(
            FeedbackError.DATE_INVALID,
            _("%(field)s must be a positive whole number.") % {"field": field},
            field=field,
        )
    return int(raw)


@endpoint("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    _read_limit(request)
    jurisdiction = _jurisdiction(request)
    params = request.GET
    ids = open311.comma_list(params.get("service_request_id", ""))
    query = selectors.RequestQuery(codes=ids, jurisdiction=jurisdiction)
    if not ids:
        lower, upper = open311.date_range(
            params.get("start_date", ""), params.get("end_date", ""), timezone.now()
        )
        query = selectors.RequestQuery(
            service_codes=open311.comma_list(params.get("service_code", "")),
            lower=lower,
            upper=upper,
            statuses=open311.statuses(params.get("status", "")),
            jurisdiction=jurisdiction,
            page=_positive(params.get("page", ""), "page", 1),
            page_size=min(_positive(params.get("page_size", ""), "page_size", 1000), 1000),
        )
    extensions = _extensions(request)
    found = selectors.open311_requests(query=query)
    return respond(fmt, "service_requests", [_request_data(request, r, extensions) for r in found])


@endpoint("GET")
def request_detail(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    _read_limit(request)
    report = selectors.open311_request(code=code, jurisdiction=_jurisdiction(request))
    return respond(fmt, "service_requests", [_request_data(request, report, _extensions(request))])


@endpoint("GET")
def token(request: HttpRequest, fmt: str, token_id: str) -> HttpResponse:
    _read_limit(request)
    report = selectors.open311_token(token=token_id, jurisdiction=_jurisdiction(request))
    return respond(
        fmt, "service_requests", [{"service_request_id": report.code, "token": report.token}]
    )


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        return fail(fmt, 400, _("The request is too large."))
    key = services.open311_key_use(request.POST.get("api_key", "").strip())
    if key is None:
        return fail(fmt, 403, _("Missing or invalid api_key: ask the province for a key."))
    enforce(
        services.FILE_PER_KEY_HOUR,
        f"key:{key.pk}",
        message=_("This api_key has filed too many requests this hour. Try again in %(wait)s."),
    )
    params = request.POST
    jurisdiction = _jurisdiction(request)
    code = params.get("service_code", "").strip()
    if not code:
        raise DomainError(
            FeedbackError.CATEGORY_UNKNOWN,
            _("service_code was not provided."),
            field="service_code",
        )
    _category(code)
    name = " ".join(
        part for part in (params.get("first_name", ""), params.get("last_name", "")) if part
    )
    photos = [upload.read() for upload in request.FILES.getlist("media")[:4]]
    images.photos_admit(photos, address=client_address(request), field="media")
    report = services.report_file(
        data=services.ReportInput(
            category=code,
            description=params.get("description", ""),
            place=params.get("address_id", ""),
            address_string=params.get("address_string", ""),
            latitude=params.get("lat") or None,
            longitude=params.get("long") or None,
            photos=photos,
            name=name,
            phone=params.get("phone", ""),
            jurisdiction=jurisdiction,
        ),
        channel=Channel.OPEN311,
        open311_key=key,
        actor=ANONYMOUS,
    )
    answer = {
        "service_request_id": report.code,
        "service_notice": open311.service_notice(report.category),
        "account_id": None,
    }
    return respond(fmt, "service_requests", [answer])


@endpoint("GET", "POST")
def unknown(request: HttpRequest, fmt: str, rest: str = "") -> HttpResponse:
    return fail(fmt, 404, _("There is no such Open311 resource."))
