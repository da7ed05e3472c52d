"""Errors that carry a stable machine-readable code and a message a person can act on.

Services raise these; the API turns them into one JSON shape (``{"code", "message", "field",
"details"}``) and the HTML views into form errors or error pages. Each app lists its codes in its
own ``errors.py`` as a ``StrEnum``, so a code never changes by accident.
"""

from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

E = TypeVar("E", bound=StrEnum)

# Every code's words, gathered from each app's ``errors.py`` (see ``labelled``). A code two apps
# share (PHONE_INVALID) means the same thing in both, so the first words registered serve both.
_LABELS: dict[str, Promise] = {}


def labelled(labels: Mapping[E, Promise]) -> Mapping[E, Promise]:
    """Registers the words a person reads for the codes of one enum, and returns them.

    Each ``errors.py`` calls it once, next to its enum, so a new code and its words are written
    in the same place; ``tests/core/test_error_labels.py`` checks that no code is left without.
    """
    for code, label in labels.items():
        _LABELS.setdefault(str(code), label)
    return labels


def code_label(code: str) -> str:
    """The words for ``code`` in the reader's language; a code nobody labelled (a stored one
    from an older version) still gets words rather than showing alone."""
    _discover()
    label = _LABELS.get(str(code))
    return str(label) if label is not None else str(_("Unexpected problem"))


@cache
def _discover() -> None:
    """Imports every app's ``errors.py`` once, so codes of apps this process has not touched yet
    (a stored import error read by a page) have their words too."""
    autodiscover_modules("errors")


class CoreError(StrEnum):
    INVALID_INPUT = "INVALID_INPUT"
    NOT_AUTHENTICATED = "NOT_AUTHENTICATED"
    NOT_FOUND = "NOT_FOUND"
    PHONE_INVALID = "PHONE_INVALID"
    RATE_LIMITED = "RATE_LIMITED"
    BODY_INVALID = "BODY_INVALID"
    BODY_NOT_OBJECT = "BODY_NOT_OBJECT"
    BODY_TOO_LARGE = "BODY_TOO_LARGE"
    NUL_CHARACTER = "NUL_CHARACTER"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    SERVER_ERROR = "SERVER_ERROR"
    CSRF_FAILED = "CSRF_FAILED"


CORE_LABELS = labelled(
    {
        CoreError.INVALID_INPUT: _("Invalid input"),
        CoreError.NOT_AUTHENTICATED: _("Not logged in"),
        CoreError.NOT_FOUND: _("Not found"),
        CoreError.PHONE_INVALID: _("Invalid phone number"),
        CoreError.RATE_LIMITED: _("Too many attempts"),
        CoreError.BODY_INVALID: _("Unreadable request"),
        CoreError.BODY_NOT_OBJECT: _("Request in the wrong shape"),
        CoreError.BODY_TOO_LARGE: _("Request too large"),
        CoreError.NUL_CHARACTER: _("Forbidden character in the address"),
        CoreError.UNSUPPORTED_MEDIA_TYPE: _("Unsupported content type"),
        CoreError.SERVER_ERROR: _("Server error"),
        CoreError.CSRF_FAILED: _("Form expired or sent from elsewhere"),
    }
)


class VietQRError(StrEnum):
    """Why a VietQR payment code (``core.vietqr``) cannot be made or read; each names a field."""

    FORMAT = "VIETQR_FORMAT"
    TOO_LONG = "VIETQR_TOO_LONG"
    VERSION = "VIETQR_VERSION"
    INITIATION = "VIETQR_INITIATION"
    NOT_NAPAS = "VIETQR_NOT_NAPAS"
    SERVICE = "VIETQR_SERVICE"
    BIN = "VIETQR_BIN"
    BIN_UNKNOWN = "VIETQR_BIN_UNKNOWN"
    ACCOUNT = "VIETQR_ACCOUNT"
    AMOUNT = "VIETQR_AMOUNT"
    CURRENCY = "VIETQR_CURRENCY"
    COUNTRY = "VIETQR_COUNTRY"
    NAME = "VIETQR_NAME"
    PURPOSE = "VIETQR_PURPOSE"
    CRC = "VIETQR_CRC"


VIETQR_LABELS = labelled(
    {
        VietQRError.FORMAT: _("Unreadable payment code"),
        VietQRError.TOO_LONG: _("Payment code too long"),
        VietQRError.VERSION: _("Unknown payment code version"),
        VietQRError.INITIATION: _("Invalid payment code type"),
        VietQRError.NOT_NAPAS: _("Not a VietQR transfer code"),
        VietQRError.SERVICE: _("Unsupported VietQR service"),
        VietQRError.BIN: _("Invalid bank code"),
        VietQRError.BIN_UNKNOWN: _("Unknown bank"),
        VietQRError.ACCOUNT: _("Invalid account number"),
        VietQRError.AMOUNT: _("Invalid amount"),
        VietQRError.CURRENCY: _("Currency is not the đồng"),
        VietQRError.COUNTRY: _("Country is not Vietnam"),
        VietQRError.NAME: _("Invalid account holder name"),
        VietQRError.PURPOSE: _("Invalid transfer note"),
        VietQRError.CRC: _("Damaged payment code"),
    }
)


class DomainError(Exception):
    """A refusal that the user can understand and fix. Nothing was written when it is raised."""

    status = 400

    def __init__(
        self,
        code: StrEnum,
        message: Any,
        *,
        field: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field
        self.details = details or {}

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": str(self.code),
            "message": str(self.message),
            "field": self.field,
            "details": self.details,
        }


class NotFound(DomainError):
    """The object does not exist, or exists outside what the actor may see (the two look alike)."""

    status = 404


class Conflict(DomainError):
    status = 409


class UnsupportedMediaType(DomainError):
    status = 415
