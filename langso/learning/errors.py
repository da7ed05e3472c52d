from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from langso.core.errors import labelled

# Guides ---------------------------------------------------------------------------------------


class GuideError(StrEnum):
    NOT_FOUND = "GUIDE_NOT_FOUND"


GUIDE_ERROR_LABELS = labelled(
    {
        GuideError.NOT_FOUND: _("Guide not found"),
    }
)


# Skills ---------------------------------------------------------------------------------------


class SkillError(StrEnum):
    UNKNOWN = "SKILL_UNKNOWN"


SKILL_ERROR_LABELS = labelled(
    {
        SkillError.UNKNOWN: _("Unknown skill"),
    }
)


# Certificates ---------------------------------------------------------------------------------


class CertificateError(StrEnum):
    NOT_FOUND = "CERTIFICATE_NOT_FOUND"
    STANDARD_NOT_REACHED = "CERTIFICATE_STANDARD_NOT_REACHED"
    ALREADY_IN_FORCE = "CERTIFICATE_ALREADY_IN_FORCE"
    ALREADY_REVOKED = "CERTIFICATE_ALREADY_REVOKED"
    PERSON_DEPARTED = "CERTIFICATE_PERSON_DEPARTED"
    REASON_REQUIRED = "CERTIFICATE_REASON_REQUIRED"
    REASON_TOO_LONG = "CERTIFICATE_REASON_TOO_LONG"
    NOTHING_TO_PRINT = "CERTIFICATE_NOTHING_TO_PRINT"


CERTIFICATE_ERROR_LABELS = labelled(
    {
        CertificateError.NOT_FOUND: _("Certificate not found"),
        CertificateError.STANDARD_NOT_REACHED: _("Basic digital skills standard not reached"),
        CertificateError.ALREADY_IN_FORCE: _("A certificate is already in force"),
        CertificateError.ALREADY_REVOKED: _("Certificate already revoked"),
        CertificateError.PERSON_DEPARTED: _("Person no longer on the register"),
        CertificateError.REASON_REQUIRED: _("Reason required"),
        CertificateError.REASON_TOO_LONG: _("Reason too long"),
        CertificateError.NOTHING_TO_PRINT: _("No certificate to print"),
    }
)
