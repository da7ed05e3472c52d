"""Helpers the HTML views share: the as-of date, the page language, refusals as pages."""

from collections.abc import Callable
from datetime import date
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from langso.core.bounds import DB_INT_MAX, day_in_range, day_range_message
from langso.core.dates import today
from langso.core.errors import CoreError, DomainError, UnsupportedMediaType
from langso.core.ratelimit import RateLimited
from langso.core.text import without_bidi


def day_param(request: HttpRequest, name: str = "on") -> date:
    """The ``?on=YYYY-MM-DD`` of a page (default today), or a refusal naming the parameter.

    A day outside ``core.bounds`` is refused too: the pages compute the day after, the month
    before and birth years from it, which do not exist at the ends of the calendar.
    """
    raw = request.GET.get(name, "").strip()
    if not raw:
        return today()
    try:
        value = parse_date(raw)
    except ValueError:
        value = None
    if value is None:
        raise DomainError(
            CoreError.INVALID_INPUT,
            _("Parameter “%(name)s” must be a date written YYYY-MM-DD, not “%(value)s”.")
            % {"name": name, "value": raw},
            field=name,
        )
    if not day_in_range(value):
        raise DomainError(CoreError.INVALID_INPUT, day_range_message(name), field=name)
    return value


def plain_number(raw: str, *, digits: int = 18) -> int | None:
    """``raw`` as a whole number when it is written in ASCII digits only (at most ``digits``)
    and fits a database integer, else None: an id or a count in an address or a form.

    Not ``str.isdigit()`` alone: it also accepts "²", which int() refuses, and "٣", which int()
    reads as 3. A number past ``DB_INT_MAX`` is no row of ours, and a query with it would fail.
    """
    if raw.isascii() and raw.isdigit() and len(raw) <= digits and int(raw) <= DB_INT_MAX:
        return int(raw)
    return None


def require_json(request: HttpRequest) -> None:
    """Refuse a body that is not declared JSON (``application/json`` or ``application/…+json``,
    with any parameters such as a charset).

    A web page can make a visitor's browser send ``text/plain``, a form encoding or multipart
    to any address without asking first (a "simple" request); only JSON needs the browser's
    permission. So an operation that takes JSON must take nothing else, or any page could
    act through its visitors' browsers.
    """
    media = request.content_type or ""
    kind, _slash, subtype = media.partition("/")
    if kind == "application" and (subtype == "json" or subtype.endswith("+json")):
        return
    raise UnsupportedMediaType(
        CoreError.UNSUPPORTED_MEDIA_TYPE,
        _("Send the body as JSON, with the header “Content-Type: application/json”."),
        field="Content-Type",
        details={"content_type": media},
    )


class DomainErrorMiddleware:
    """A refusal raised inside a page becomes a page that says what is wrong, with its code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        response = render(
            request,
            "error.html",
            {"code": str(exception.code), "message": str(exception.message)},
            status=exception.status,
        )
        return with_retry_after(response, exception)


def with_retry_after(response: HttpResponse, error: DomainError | None) -> HttpResponse:
    """A refusal for too many requests says when to come back (``Retry-After``, in seconds);
    for the pages that catch refusals and answer them themselves."""
    if isinstance(error, RateLimited):
        response["Retry-After"] = str(error.retry_after)
    return response


class NeutraliseBidiMiddleware:
    """No page shows a bidirectional control (``core.text.BIDI_CONTROLS``), whatever it draws:
    rows stored before input was cleaned, names from old imports, anything a template, a form
    widget, the admin or an error page prints.

    One pass over each finished page rather than a filter every template would have to
    remember. Its cost is a search of the page's text (about 3 ms for a 1 MB page on the
    project's machine; see docs/architecture.md), and a substitution only when one is there.
    The API's JSON answers are cleaned by its renderer (``langso.api``); files and other
    streams are left as they are."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or response.charset.lower().replace("-", "") != "utf8"
        ):
            return response
        try:
            page = response.content.decode("utf-8")
        except UnicodeDecodeError:
            return response
        clean = without_bidi(page)
        if clean is not page:
            response.content = clean.encode("utf-8")
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


class RefuseNulMiddleware:
    """An address or query string carrying a NUL character (%00) is refused before any view.

    No code, date or search of ours may hold one, and PostgreSQL cannot even compare a text
    with one: left to reach a query, "%00" in an address would end in a server error. Bodies
    are each view's to check, with the field named (the trust checker's TRUST_NOT_TEXT, the
    text cleaning of names and descriptions).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(query.replace("+", " ")):
            message = _("The address contains a NUL character, which nothing here may hold.")
            if request.path.startswith("/api/"):
                body = {"code": CoreError.NUL_CHARACTER, "message": message}
                return JsonResponse({**body, "field": None, "details": {}}, status=400)
            return render(
                request,
                "error.html",
                {"code": CoreError.NUL_CHARACTER, "message": message},
                status=400,
            )
        return self.get_response(request)


# Only our own scripts run (htmx, Chart.js and the field app come from our static files; page
# data travels as JSON in json_script, never as inline code). Inline styles stay allowed: the
# dashboards draw their bars with style attributes, and htmx adds its own indicator style.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The feedback form may ask for the phone's position; nothing asks for the camera (photos come
# through a file input) or the microphone.
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=()"


class SecurityHeadersMiddleware:
    """A content security policy and a permissions policy on every answer but the admin's.

    Django 5.2's admin is not written for a strict policy (Django 6 adds that), and only
    superusers with a second factor reach it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class LanguageMiddleware:
    """Vietnamese first: pages speak Vietnamese unless the user chose English with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many phones in
    Vietnam run an English system language; the switch (a cookie) is the user's real choice.
    The API, used by programs, still honours Accept-Language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.known = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in self.known:
            chosen = settings.LANGUAGE_CODE
            if request.path.startswith("/api/"):
                asked = translation.get_language_from_request(request)
                chosen = asked if asked in self.known else chosen
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", chosen)
        return response
