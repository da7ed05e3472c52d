from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from langso.core.errors import labelled


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
    ACCOUNT_ACTIVE = "ACCOUNT_ACTIVE"
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


ACCOUNT_ERROR_LABELS = labelled(
    {
        AccountError.BAD_CREDENTIALS: _("Wrong user name or password"),
        AccountError.LOCKED_OUT: _("Account locked for a while"),
        AccountError.USER_NOT_FOUND: _("Account not found"),
        AccountError.OTP_REQUIRED: _("Verification code needed"),
        AccountError.OTP_INVALID: _("Wrong verification code"),
        AccountError.OTP_ENROLMENT_REQUIRED: _("Second factor must be set up"),
        AccountError.ROLE_UNIT_LEVEL: _("Role not allowed at this unit level"),
        AccountError.ROLE_UNIT_ENDED: _("Unit no longer exists"),
        AccountError.USERNAME_INVALID: _("Invalid user name"),
        AccountError.PASSWORD_INVALID: _("Password not accepted"),
        AccountError.TOKEN_NOT_FOUND: _("Sign-in key not found"),
        AccountError.ACCOUNT_NOT_FOUND: _("Account not found"),
        AccountError.ACCOUNT_EXISTS: _("Account already exists"),
        AccountError.ACCOUNT_DEACTIVATED: _("Account deactivated"),
        AccountError.ACCOUNT_ACTIVE: _("Account already active"),
        AccountError.ACTIVATION_LINK_INVALID: _("Activation link not valid"),
        AccountError.ACTIVATION_LINK_EXPIRED: _("Activation link expired"),
        AccountError.PASSWORD_MISMATCH: _("Passwords do not match"),
        AccountError.PASSWORD_WRONG: _("Current password wrong"),
    }
)


TOKEN_PROBLEM_LABELS = labelled(
    {
        TokenProblem.UNKNOWN: _("Unknown sign-in key"),
        TokenProblem.EXPIRED: _("Sign-in key expired"),
        TokenProblem.REVOKED: _("Sign-in key revoked"),
    }
)


LINK_PROBLEM_LABELS = labelled(
    {
        LinkProblem.UNKNOWN: _("Activation link not valid"),
        LinkProblem.EXPIRED: _("Activation link expired"),
    }
)
