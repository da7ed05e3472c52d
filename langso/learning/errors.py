from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from langso.core.errors import labelled

# Guides ---------------------------------------------------------------------------------------


class GuideError(StrEnum):
    NOT_FOUND = "GUIDE_NOT_FOUND"
    SLUG_INVALID = "GUIDE_SLUG_INVALID"
    SLUG_TAKEN = "GUIDE_SLUG_TAKEN"
    FIELD_MISSING = "GUIDE_FIELD_MISSING"
    FIELD_TOO_LONG = "GUIDE_FIELD_TOO_LONG"
    SOURCE_URL_INVALID = "GUIDE_SOURCE_URL_INVALID"
    SKILL_UNKNOWN = "GUIDE_SKILL_UNKNOWN"
    VERSION_NOT_FOUND = "GUIDE_VERSION_NOT_FOUND"
    IMAGE_NOT_IMAGE = "GUIDE_IMAGE_NOT_IMAGE"
    IMAGE_TOO_LARGE = "GUIDE_IMAGE_TOO_LARGE"
    IMAGE_TOO_MANY_PIXELS = "GUIDE_IMAGE_TOO_MANY_PIXELS"
    FILE_INVALID = "GUIDE_FILE_INVALID"


GUIDE_ERROR_LABELS = labelled(
    {
        GuideError.NOT_FOUND: _("Guide not found"),
        GuideError.SLUG_INVALID: _("Invalid guide address"),
        GuideError.SLUG_TAKEN: _("Guide address already used"),
        GuideError.FIELD_MISSING: _("Required field missing"),
        GuideError.FIELD_TOO_LONG: _("Field too long"),
        GuideError.SOURCE_URL_INVALID: _("Invalid source address"),
        GuideError.SKILL_UNKNOWN: _("Unknown skill code"),
        GuideError.VERSION_NOT_FOUND: _("Guide version not found"),
        GuideError.IMAGE_NOT_IMAGE: _("Not a picture"),
        GuideError.IMAGE_TOO_LARGE: _("Picture file too large"),
        GuideError.IMAGE_TOO_MANY_PIXELS: _("Picture too large"),
        GuideError.FILE_INVALID: _("Guide file unreadable"),
    }
)


# Skills ---------------------------------------------------------------------------------------


class SkillError(StrEnum):
    UNKNOWN = "SKILL_UNKNOWN"
    RESIDENT_NOT_FOUND = "SKILL_RESIDENT_NOT_FOUND"
    FUTURE = "SKILL_OBSERVATION_IN_FUTURE"


SKILL_ERROR_LABELS = labelled(
    {
        SkillError.UNKNOWN: _("Unknown skill"),
        SkillError.RESIDENT_NOT_FOUND: _("Person not found"),
        SkillError.FUTURE: _("Skill observation dated in the future"),
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
