from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from langso.core.errors import labelled


class IndicatorError(StrEnum):
    UNKNOWN = "INDICATOR_UNKNOWN"
    WRONG_SUBJECT = "INDICATOR_WRONG_SUBJECT"
    FUTURE = "OBSERVATION_IN_FUTURE"
    NOT_FOUND = "SUBJECT_NOT_FOUND"
    COMPUTED = "INDICATOR_COMPUTED"


INDICATOR_ERROR_LABELS = labelled(
    {
        IndicatorError.UNKNOWN: _("Unknown indicator"),
        IndicatorError.WRONG_SUBJECT: _("Indicator does not apply to this subject"),
        IndicatorError.FUTURE: _("Observation dated in the future"),
        IndicatorError.NOT_FOUND: _("Person or household not found"),
        IndicatorError.COMPUTED: _("Indicator is computed, not recorded"),
    }
)
