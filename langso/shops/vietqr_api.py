"""VietQR payment codes for anyone: make one, as text or as a picture, read one, and the list
of banks. Public like the trust checker (``trust.api``): no account, no object of a village,
bounded by size and by requests per address.

Every refusal names its field with the codec's code (``core.errors.VietQRError``): 422
``VIETQR_BIN`` / ``VIETQR_BIN_UNKNOWN`` / ``VIETQR_ACCOUNT`` / ``VIETQR_AMOUNT`` /
``VIETQR_NAME`` / ``VIETQR_PURPOSE`` when making a code, and, when reading one, those and
``VIETQR_FORMAT`` / ``VIETQR_TOO_LONG`` / ``VIETQR_VERSION`` / ``VIETQR_INITIATION`` /
``VIETQR_NOT_NAPAS`` / ``VIETQR_SERVICE`` / ``VIETQR_CURRENCY`` / ``VIETQR_COUNTRY`` /
``VIETQR_CRC`` (no check sum at the end). A code whose check sum does not match but which reads
otherwise answers 200 with ``crc_valid: false``: the caller asked what it says, and that it
was damaged or altered is part of the answer."""

import json
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from langso.core import banks, vietqr
from langso.core.errors import CoreError, DomainError
from langso.core.json_body import json_body_schema
from langso.core.qr import qr_png
from langso.core.ratelimit import Limit, client_address, enforce
from langso.core.vietqr import Field, VietQRInvalid
from langso.core.web import require_json
from langso.shops.vietqr_schemas import (
    BankOut,
    BanksOut,
    DecodedOut,
    DecodeIn,
    PayloadOut,
    VietQRIn,
)

router = Router(tags=["vietqr"])

# A code is at most 512 characters; a body many times that is not a mistake worth reading.
MAX_BODY_BYTES = 16 * 1024
_AMOUNT = re.compile(r"[1-9]\d{0,12}")
FORM = ("bank_bin", "account", "amount", "name", "purpose", "payload", "crc", "")


def vietqr_limit() -> Limit:
    """Requests per address, as generous as the checker's: village phones share addresses."""
    return Limit("vietqr-1m", int(getattr(settings, "LANGSO_VIETQR_PER_MINUTE", 120)), 60)


class BodyTooLarge(DomainError):
    status = 413


def _refusal(found: list[VietQRInvalid]) -> VietQRInvalid:
    """The first refusal, with every field at fault listed (a form shows them all)."""
    first = found[0]
    first.details = {
        **first.details,
        "errors": [
            {"field": e.field, "code": str(e.code), "problem": str(e.message)} for e in found
        ],
    }
    return first


def _object_of(request: HttpRequest) -> dict[str, Any]:
    """The JSON object of the body, read here so that a huge, broken or misshapen body gets
    the API's error shape; its fields are checked by the codec, each with its own code."""
    require_json(request)
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    if size > MAX_BODY_BYTES:
        raise BodyTooLarge(
            CoreError.BODY_TOO_LARGE,
            _("The request body is larger than %(size)s.") % {"size": f"{MAX_BODY_BYTES} B"},
            field="body",
        )
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise VietQRInvalid(
            CoreError.BODY_INVALID, _("The request body is not valid JSON."), field="body"
        ) from error
    if not isinstance(data, dict):
        raise VietQRInvalid(
            CoreError.BODY_NOT_OBJECT, _("The request body must be a JSON object."), field="body"
        )
    return data


def _text(values: Mapping[str, object], field: Field, wrong: list[VietQRInvalid]) -> str:
    value = values.get(field)
    if value is None or isinstance(value, str):
        return value or ""
    wrong.append(vietqr.field_error(field))
    return ""


def _amount(values: Mapping[str, object], wrong: list[VietQRInvalid]) -> int | None:
    value = values.get("amount")
    if isinstance(value, str) and _AMOUNT.fullmatch(value):
        return int(value)  # from a query string
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if value not in (None, ""):
        wrong.append(vietqr.field_error("amount"))
    return None


def _encoded(values: Mapping[str, object]) -> str:
    """The code's text from a body's or a query's values. A value of the wrong type is refused
    like a bad value of the right one (a number for the BIN is a bad BIN), an empty optional
    value counts as absent (what an HTML form sends), and every field at fault is named at
    once, in the form's order, so that a person fixes them all in one go."""
    wrong: list[VietQRInvalid] = []
    bank_bin, account = _text(values, "bank_bin", wrong), _text(values, "account", wrong)
    amount = _amount(values, wrong)
    name, purpose = _text(values, "name", wrong), _text(values, "purpose", wrong)
    named = {error.field for error in wrong}
    found = wrong + [
        problem
        for problem in vietqr.problems(
            bank_bin=bank_bin, account=account, amount=amount, name=name, purpose=purpose
        )
        if problem.field not in named
    ]
    if found:
        raise _refusal(sorted(found, key=lambda e: FORM.index(e.field or "")))
    return vietqr.encode(
        bank_bin=bank_bin, account=account, amount=amount, name=name, purpose=purpose
    )


@router.post(
    "/shops/vietqr",
    auth=None,
    response=PayloadOut,
    summary="Make a VietQR payment code",
    openapi_extra=json_body_schema(VietQRIn),
)
def vietqr_make(request: HttpRequest) -> PayloadOut:
    """Public. ``{bank_bin, account, name?, amount?, purpose?}`` → ``{payload}``, the text a
    QR code of the shop carries. With an amount the code is dynamic (one payment)."""
    enforce(vietqr_limit(), client_address(request))
    return PayloadOut(payload=_encoded(_object_of(request)))


def _query(name: str, description: str, schema: dict[str, Any], required: bool = False) -> Any:
    return {
        "in": "query",
        "name": name,
        "required": required,
        "description": description,
        "schema": schema,
    }


@router.get(
    "/shops/vietqr.png",
    auth=None,
    summary="A VietQR payment code as a PNG picture",
    openapi_extra={
        "parameters": [
            _query(
                "bank_bin",
                "The bank's NAPAS BIN, six digits.",
                {"type": "string", "pattern": r"^\d{6}$"},
                required=True,
            ),
            _query(
                "account",
                "The account number: letters or digits.",
                {"type": "string", "pattern": r"^[0-9A-Za-z]{1,19}$"},
                required=True,
            ),
            _query("name", "The account holder's name.", {"type": "string", "maxLength": 25}),
            _query(
                "amount",
                "Whole đồng; with it the code is dynamic.",
                {"type": "integer", "minimum": 1, "maximum": 10**13 - 1},
            ),
            _query("purpose", "The transfer note.", {"type": "string", "maxLength": 25}),
        ],
        "responses": {
            200: {
                "description": "The QR code alone, black on white, with its quiet zone",
                "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
    },
)
def vietqr_png(request: HttpRequest) -> HttpResponse:
    """Public. The same values as ``POST /shops/vietqr``, in the query; an empty optional
    value counts as absent (what an HTML form sends)."""
    enforce(vietqr_limit(), client_address(request))
    payload = _encoded(request.GET.dict())
    response = HttpResponse(qr_png(payload), content_type="image/png")
    response["Content-Disposition"] = 'inline; filename="vietqr.png"'
    return response


@router.post(
    "/shops/vietqr/decode",
    auth=None,
    response=DecodedOut,
    summary="Read a VietQR payment code",
    openapi_extra=json_body_schema(DecodeIn),
)
def vietqr_decode(request: HttpRequest) -> DecodedOut:
    """Public. ``{payload}`` → what the code says: bank, account, amount, note, and whether its
    check sum matches (``crc_valid``; a mismatch is an answer, not a refusal)."""
    enforce(vietqr_limit(), client_address(request))
    payload = _object_of(request).get("payload")
    if not isinstance(payload, str):
        raise _refusal([vietqr.field_error("payload")])
    code = vietqr.decode(payload)
    # decode refuses a BIN that is not on the list, so the bank is always known.
    bank = banks.by_bin(code.bank_bin) or banks.Bank(code.bank_bin, "", "", "")
    return DecodedOut(
        bank_bin=code.bank_bin,
        bank_name=bank.name,
        bank_short_name=bank.short_name,
        account=code.account,
        amount=code.amount,
        purpose=code.purpose,
        merchant_name=code.merchant_name,
        currency=code.currency,
        country=code.country,
        dynamic=code.dynamic,
        crc_valid=code.crc_valid,
    )


@router.get("/banks", auth=None, response=BanksOut, summary="The banks that take VietQR")
def bank_list(request: HttpRequest) -> BanksOut:
    """Public. Every bank and wallet with its NAPAS BIN, sorted for a picker, and where the
    list comes from (``source``, ``version``)."""
    enforce(vietqr_limit(), client_address(request))
    return BanksOut(
        source=banks.SOURCE,
        source_url=banks.SOURCE_URL,
        version=banks.VERSION,
        banks=[
            BankOut(
                bin=bank.bin,
                code=bank.code,
                short_name=bank.short_name,
                name=bank.name,
                formerly=list(bank.formerly),
            )
            for bank in banks.for_picker()
        ],
    )
