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


CERTIFICATE_ERROR_LABELS = labelled(
    {
        CertificateError.NOT_FOUND: _("Certificate not found"),
    }
)
