"""Errors that carry a stable machine-readable code and a message a person can act on.

Services raise these; the API turns them into one JSON shape (``{"code", "message", "field",
"details"}``) and the HTML views into form errors or error pages. Each app lists its codes in its
own ``errors.py`` as a ``StrEnum``, so a code never changes by accident.
"""

from enum import StrEnum
from typing import Any


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
