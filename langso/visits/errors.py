from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from langso.core.errors import labelled


class SyncError(StrEnum):
    BATCH_TOO_LARGE = "SYNC_BATCH_TOO_LARGE"
    KIND_UNKNOWN = "EVENT_KIND_UNKNOWN"
    HOUSEHOLD_UNKNOWN = "HOUSEHOLD_UNKNOWN"
    RESIDENT_UNKNOWN = "RESIDENT_UNKNOWN"
    # Died or withdrawn since the phone last pulled: nothing more is observed of them.
    RESIDENT_DEPARTED = "RESIDENT_DEPARTED"
    INDICATOR_UNKNOWN = "INDICATOR_UNKNOWN"
    # Worked out on the server (from skills), never sent.
    INDICATOR_COMPUTED = "INDICATOR_COMPUTED"
    # A part of a visit (skills) that no app on this server records.
    PART_UNKNOWN = "VISIT_PART_UNKNOWN"
    TOPIC_UNKNOWN = "TOPIC_UNKNOWN"
    IN_FUTURE = "EVENT_IN_FUTURE"
    TOO_OLD = "EVENT_TOO_OLD"
    ID_REUSED = "EVENT_ID_REUSED"
    INVALID = "EVENT_INVALID"
    LOCATION_INVALID = "LOCATION_INVALID"
    DURATION_INVALID = "DURATION_INVALID"
    # The database refused an event the checks let through: kept out, and said so.
    NOT_STORED = "EVENT_NOT_STORED"
    CURSOR_INVALID = "SYNC_CURSOR_INVALID"
    # A visit dated before the Monday of the week it was recorded in: a visit made earlier may
    # be recorded later the same week, not from an earlier week.
    BACKDATE_TOO_EARLY = "VISIT_BACKDATE_TOO_EARLY"
    VILLAGE_UNKNOWN = "VILLAGE_UNKNOWN"
    BIRTH_YEAR_INVALID = "BIRTH_YEAR_INVALID"
    # A resident for a household added on a phone whose event the server has not received.
    HOUSEHOLD_EVENT_UNKNOWN = "HOUSEHOLD_EVENT_UNKNOWN"


class CorrectionError(StrEnum):
    NOT_FOUND = "CORRECTION_NOT_FOUND"
    DECIDED = "CORRECTION_DECIDED"
    DECISION_INVALID = "CORRECTION_DECISION_INVALID"


SYNC_ERROR_LABELS = labelled(
    {
        SyncError.BATCH_TOO_LARGE: _("Too many items at once"),
        SyncError.KIND_UNKNOWN: _("Unknown kind of record"),
        SyncError.HOUSEHOLD_UNKNOWN: _("Unknown household"),
        SyncError.RESIDENT_UNKNOWN: _("Unknown resident"),
        SyncError.RESIDENT_DEPARTED: _("Resident no longer on the register"),
        SyncError.INDICATOR_UNKNOWN: _("Unknown indicator"),
        SyncError.INDICATOR_COMPUTED: _("Indicator is computed, not recorded"),
        SyncError.PART_UNKNOWN: _("Part of the visit not recorded here"),
        SyncError.TOPIC_UNKNOWN: _("Unknown topic"),
        SyncError.IN_FUTURE: _("Dated in the future"),
        SyncError.TOO_OLD: _("Too old"),
        SyncError.ID_REUSED: _("Record number already used"),
        SyncError.INVALID: _("Invalid record"),
        SyncError.LOCATION_INVALID: _("Invalid location"),
        SyncError.DURATION_INVALID: _("Invalid duration"),
        SyncError.NOT_STORED: _("Not saved"),
        SyncError.CURSOR_INVALID: _("Invalid sync position"),
        SyncError.BACKDATE_TOO_EARLY: _("Dated before this week"),
        SyncError.VILLAGE_UNKNOWN: _("Unknown village"),
        SyncError.BIRTH_YEAR_INVALID: _("Impossible year of birth"),
        SyncError.HOUSEHOLD_EVENT_UNKNOWN: _("Household not yet received"),
    }
)

CORRECTION_ERROR_LABELS = labelled(
    {
        CorrectionError.NOT_FOUND: _("Unknown correction"),
        CorrectionError.DECIDED: _("Correction already decided"),
        CorrectionError.DECISION_INVALID: _("Invalid decision"),
    }
)
