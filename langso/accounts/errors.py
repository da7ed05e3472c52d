from enum import StrEnum


class AccountError(StrEnum):
    BAD_CREDENTIALS = "AUTH_BAD_CREDENTIALS"
    LOCKED_OUT = "AUTH_LOCKED_OUT"
    USER_NOT_FOUND = "AUTH_USER_NOT_FOUND"
    OTP_REQUIRED = "AUTH_OTP_REQUIRED"
    OTP_INVALID = "AUTH_OTP_INVALID"
    OTP_ENROLMENT_REQUIRED = "AUTH_OTP_ENROLMENT_REQUIRED"
    ROLE_UNIT_LEVEL = "ROLE_UNIT_LEVEL"
    ROLE_UNIT_ENDED = "ROLE_UNIT_ENDED"
    USERNAME_INVALID = "USERNAME_INVALID"
    PASSWORD_INVALID = "PASSWORD_INVALID"  # noqa: S105 - an error code, not a password
    TOKEN_NOT_FOUND = "TOKEN_NOT_FOUND"  # noqa: S105 - an error code, not a token
    ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND"
    ACCOUNT_EXISTS = "ACCOUNT_EXISTS"
    ACCOUNT_DEACTIVATED = "ACCOUNT_DEACTIVATED"
    ACTIVATION_LINK_INVALID = "ACTIVATION_LINK_INVALID"
    ACTIVATION_LINK_EXPIRED = "ACTIVATION_LINK_EXPIRED"
    PASSWORD_MISMATCH = "PASSWORD_MISMATCH"  # noqa: S105 - an error code, not a password
    PASSWORD_WRONG = "PASSWORD_WRONG"  # noqa: S105 - an error code, not a password


class TokenProblem(StrEnum):
    """Why a bearer token did not open the API, in the 401's details: its holder acts on it (the
    field app clears the phone when its token was revoked, and keeps unsent visits when it only
    expired)."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"


class LinkProblem(StrEnum):
    """Why an activation link does not open. A link that was used, replaced by a newer one or
    never issued answer alike (``UNKNOWN``): whoever holds it learns nothing about the account.
    Only an expired link says so, because its holder then knows what to ask for."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
