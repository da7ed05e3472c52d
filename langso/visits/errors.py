from enum import StrEnum


class SyncError(StrEnum):
    BATCH_TOO_LARGE = "SYNC_BATCH_TOO_LARGE"
    KIND_UNKNOWN = "EVENT_KIND_UNKNOWN"
    HOUSEHOLD_UNKNOWN = "HOUSEHOLD_UNKNOWN"
    RESIDENT_UNKNOWN = "RESIDENT_UNKNOWN"
    INDICATOR_UNKNOWN = "INDICATOR_UNKNOWN"
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
