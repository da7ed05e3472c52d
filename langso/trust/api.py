"""The checker's API. ``/check`` and ``/reports`` (sending one) are public: citizens use them
without an account, so they are bounded by size and by requests per address."""

import json
from typing import Any, TypeVar

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from pydantic import BaseModel, ValidationError

from langso.core.bounds import DbId
from langso.core.errors import CoreError, UnsupportedMediaType
from langso.core.json_body import json_body_schema
from langso.core.ratelimit import client_address, enforce
from langso.core.web import require_json
from langso.trust import scan, selectors, services
from langso.trust.errors import TrustError
from langso.trust.reasons import render
from langso.trust.schemas import (
    CheckIn,
    ItemOut,
    ModerateIn,
    ModerationOut,
    ReportIn,
    ReportOut,
    ScanItemOut,
)
from langso.trust.selectors import MAX_BODY_BYTES, TooLarge, Unprocessable

router = Router(tags=["trust"])
Payload = TypeVar("Payload", bound=BaseModel)


def _body_of(request: HttpRequest, schema: type[Payload]) -> Payload:
    """Read a JSON body ourselves, so that a huge or broken body gets our error shape (ninja
    would let Django answer 400 in HTML past DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    if size > MAX_BODY_BYTES:
        raise TooLarge(
            TrustError.TOO_LARGE,
            _("The request is too large (%(size)s bytes); send at most %(limit)s.")
            % {"size": size, "limit": MAX_BODY_BYTES},
            details={"limit": MAX_BODY_BYTES},
        )
    try:
        data = json.loads(request.body.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise Unprocessable(
            TrustError.NOT_TEXT, _("The request body is not UTF-8 text.")
        ) from error
    except json.JSONDecodeError as error:
        raise Unprocessable(
            TrustError.BAD_JSON,
            _("The request body is not valid JSON (line %(line)s, column %(column)s).")
            % {"line": error.lineno, "column": error.colno},
        ) from error
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        problems = [
            {"field": ".".join(str(p) for p in e["loc"]), "problem": e["msg"]}
            for e in error.errors()
        ]
        first = problems[0]["field"] if problems else None
        raise Unprocessable(
            CoreError.INVALID_INPUT,
            _("Parameter “%(name)s” is not valid.") % {"name": first},
            field=first,
            details={"errors": problems},
        ) from error


@router.post(
    "/check",
    auth=None,
    response=list[ItemOut],
    summary="Is this link, phone number or bank account safe?",
    openapi_extra=json_body_schema(CheckIn),
)
def check(request: HttpRequest) -> list[dict[str, Any]]:
    """Public. ``{"items": ["…"]}`` → one answer per item: ``trusted``, ``scam``,
    ``suspicious`` or ``unknown`` (no information, which is not "safe"), with reasons. A whole
    message is one item; its links, numbers and accounts come back in ``parts``. Errors: 413
    ``TRUST_TOO_LARGE`` / ``TRUST_TOO_MANY_ITEMS`` / ``TRUST_ITEM_TOO_LONG``, 422
    ``TRUST_EMPTY`` / ``TRUST_NOT_TEXT`` / ``TRUST_BAD_JSON`` / ``TRUST_LINK_INVALID``, 429
    ``RATE_LIMITED``, 415 ``UNSUPPORTED_MEDIA_TYPE``."""
    require_json(request)
    enforce(selectors.check_limit(), client_address(request))
    payload = _body_of(request, CheckIn)
    return [render(result) for result in selectors.check_items(payload.items)]


@router.post(
    "/check-image",
    auth=None,
    response=list[ScanItemOut],
    summary="Is the QR code in this picture safe?",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "image": {
                                "type": "string",
                                "format": "binary",
                                "description": "A photo or screenshot: JPEG, PNG or WebP, 5 MB",
                            }
                        },
                        "required": ["image"],
                    }
                }
            },
        }
    },
)
def check_image(request: HttpRequest) -> list[dict[str, Any]]:
    """Public. A picture (multipart, field ``image``) → one answer per QR code in it, in reading
    order, each the answer ``/check`` gives for the code's text, plus ``read``: that text, with
    the account of a payment code masked (also in ``input``). Errors: 413 ``SCAN_TOO_LARGE`` /
    ``SCAN_TOO_MANY_PIXELS``, 415 ``UNSUPPORTED_MEDIA_TYPE`` (not multipart), 422
    ``SCAN_NO_IMAGE`` / ``SCAN_NOT_IMAGE`` / ``SCAN_UNREADABLE`` / ``SCAN_NO_CODE`` /
    ``SCAN_TOO_MANY_CODES`` / ``SCAN_NOT_TEXT`` and those of ``/check``, 429 ``RATE_LIMITED``
    (requests, as ``/check``, and megapixels decoded per hour)."""
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    if size > scan.MAX_BODY:
        raise scan.too_large(size)
    if request.content_type != "multipart/form-data":
        raise UnsupportedMediaType(
            CoreError.UNSUPPORTED_MEDIA_TYPE,
            _("Send the picture as multipart/form-data, in the field “image”."),
            field="Content-Type",
            details={"content_type": request.content_type or ""},
        )
    address = client_address(request)
    enforce(selectors.check_limit(), address)
    codes = scan.read_picture(scan.upload(request), address=address)
    results = selectors.check_items([code.text for code in codes])
    return [scan.answer(code, result) for code, result in zip(codes, results, strict=True)]


@router.post(
    "/reports",
    auth=None,
    response={201: ReportOut},
    summary="Report a scam link, number or account",
    openapi_extra=json_body_schema(ReportIn),
)
def report_create(request: HttpRequest) -> Status[ReportOut]:
    """Public. The report waits for an officer's moderation before it counts as confirmed."""
    require_json(request)
    enforce(selectors.report_limit(), client_address(request))
    payload = _body_of(request, ReportIn)
    report = services.report_create(actor=request.user, text=payload.text, story=payload.story)
    return Status(201, ReportOut.model_validate(report, from_attributes=True))


@router.get("/reports", response=list[ModerationOut], summary="Reports waiting for moderation")
def reports(request: HttpRequest, status: str = "pending") -> list[ModerationOut]:
    """Province officers and superusers; others get 404."""
    rows = selectors.reports_for_moderation(actor=request.user, status=status)[:200]
    return [ModerationOut.model_validate(r, from_attributes=True) for r in rows]


@router.post(
    "/reports/{report_id}/moderate", response=ModerationOut, summary="Confirm or reject a report"
)
def moderate(request: HttpRequest, report_id: DbId, payload: ModerateIn) -> ModerationOut:
    report = services.report_moderate(
        actor=request.user, report_id=report_id, decision=payload.decision, note=payload.note
    )
    return ModerationOut.model_validate(report, from_attributes=True)
