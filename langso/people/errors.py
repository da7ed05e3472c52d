"""Stable codes for everything people and their spreadsheets can get wrong."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from langso.core.errors import labelled


class FileError(StrEnum):
    """The file as a whole cannot be imported; nothing is written."""

    TOO_LARGE = "FILE_TOO_LARGE"
    EMPTY = "FILE_EMPTY"
    TYPE_UNSUPPORTED = "FILE_TYPE_UNSUPPORTED"
    UNREADABLE = "FILE_UNREADABLE"
    ENCRYPTED = "FILE_ENCRYPTED"
    ZIP_BOMB = "FILE_ZIP_BOMB"
    ENCODING = "FILE_ENCODING"
    HEADER_NOT_FOUND = "FILE_HEADER_NOT_FOUND"
    COLUMN_MISSING = "FILE_COLUMN_MISSING"
    COLUMN_DUPLICATE = "FILE_COLUMN_DUPLICATE"
    TOO_MANY_ROWS = "FILE_TOO_MANY_ROWS"
    UNIT_NOT_VILLAGE_OR_COMMUNE = "FILE_UNIT_LEVEL"


class RowError(StrEnum):
    """One cell (or row) is wrong; the row is rejected, the others go on."""

    NAME_REQUIRED = "NAME_REQUIRED"
    BIRTH_INVALID = "BIRTH_INVALID"
    BIRTH_FUTURE = "BIRTH_FUTURE"
    SEX_INVALID = "SEX_INVALID"
    ETHNICITY_UNKNOWN = "ETHNICITY_UNKNOWN"
    ID_INVALID = "ID_INVALID"
    ID_PROVINCE_UNKNOWN = "ID_PROVINCE_UNKNOWN"
    ID_CENTURY_MISMATCH = "ID_CENTURY_MISMATCH"
    ID_SEX_MISMATCH = "ID_SEX_MISMATCH"
    ID_YEAR_MISMATCH = "ID_YEAR_MISMATCH"
    ID_ZERO_LOST = "ID_ZERO_LOST"
    ID_DUPLICATE_IN_FILE = "ID_DUPLICATE_IN_FILE"
    ID_TAKEN = "ID_TAKEN"
    RESIDENT_DEPARTED_IN_FILE = "RESIDENT_DEPARTED_IN_FILE"
    PHONE_INVALID = "PHONE_INVALID"
    RELATIONSHIP_REQUIRED = "RELATIONSHIP_REQUIRED"
    VILLAGE_REQUIRED = "VILLAGE_REQUIRED"
    VILLAGE_UNKNOWN = "VILLAGE_UNKNOWN"
    MARK_INVALID = "MARK_INVALID"
    NO_HEAD = "HOUSEHOLD_WITHOUT_HEAD"
    HOUSEHOLD_TWO_HEADS = "HOUSEHOLD_TWO_HEADS"
    TEXT_TOO_LONG = "TEXT_TOO_LONG"
    REASON_REQUIRED = "REASON_REQUIRED"
    PURPOSE_REQUIRED = "PURPOSE_REQUIRED"
    WHAT_UNKNOWN = "REVEAL_WHAT_UNKNOWN"


class PeopleError(StrEnum):
    """Households, residents and imports that are not there (or not the caller's to see)."""

    HOUSEHOLD_NOT_FOUND = "HOUSEHOLD_NOT_FOUND"
    RESIDENT_NOT_FOUND = "RESIDENT_NOT_FOUND"
    IMPORT_NOT_FOUND = "IMPORT_NOT_FOUND"
    IMPORT_NOT_WAITING = "IMPORT_NOT_WAITING"
    ID_CONFLICT_NOT_FOUND = "ID_CONFLICT_NOT_FOUND"
    ID_CONFLICT_CLOSED = "ID_CONFLICT_CLOSED"
    ID_CONFLICT_DECISION = "ID_CONFLICT_DECISION_INVALID"
    RESIDENT_DEPARTED = "RESIDENT_NOT_ON_REGISTER"
    HOUSEHOLD_MERGED = "HOUSEHOLD_MERGED"
    EVENT_FUTURE = "EVENT_DATE_FUTURE"
    EVENT_BEFORE_BIRTH = "EVENT_BEFORE_BIRTH"
    EVENT_KIND = "EVENT_KIND_INVALID"
    MOVE_SAME_HOUSEHOLD = "MOVE_SAME_HOUSEHOLD"
    MOVE_HOUSEHOLD_REQUIRED = "MOVE_HOUSEHOLD_REQUIRED"
    MERGE_SAME = "MERGE_SAME"
    MERGE_ID_DIFFERENT = "MERGE_ID_DIFFERENT"
    REINSTATE_NOT_DEPARTED = "REINSTATE_NOT_DEPARTED"


FILE_ERROR_LABELS = labelled(
    {
        FileError.TOO_LARGE: _("File too large"),
        FileError.EMPTY: _("File empty"),
        FileError.TYPE_UNSUPPORTED: _("File type not supported"),
        FileError.UNREADABLE: _("File unreadable"),
        FileError.ENCRYPTED: _("File protected by a password"),
        FileError.ZIP_BOMB: _("File unpacks far too large"),
        FileError.ENCODING: _("Unknown text encoding"),
        FileError.HEADER_NOT_FOUND: _("Header row not found"),
        FileError.COLUMN_MISSING: _("Column missing"),
        FileError.COLUMN_DUPLICATE: _("Column repeated"),
        FileError.TOO_MANY_ROWS: _("Too many rows"),
        FileError.UNIT_NOT_VILLAGE_OR_COMMUNE: _("Unit is not a village or commune"),
    }
)


ROW_ERROR_LABELS = labelled(
    {
        RowError.NAME_REQUIRED: _("Name missing"),
        RowError.BIRTH_INVALID: _("Invalid date of birth"),
        RowError.BIRTH_FUTURE: _("Date of birth in the future"),
        RowError.SEX_INVALID: _("Invalid sex"),
        RowError.ETHNICITY_UNKNOWN: _("Unknown ethnic group"),
        RowError.ID_INVALID: _("Invalid ID number"),
        RowError.ID_PROVINCE_UNKNOWN: _("ID number: unknown province code"),
        RowError.ID_CENTURY_MISMATCH: _("ID number does not match the century of birth"),
        RowError.ID_SEX_MISMATCH: _("ID number does not match the sex"),
        RowError.ID_YEAR_MISMATCH: _("ID number does not match the year of birth"),
        RowError.ID_ZERO_LOST: _("ID number that lost its leading zero"),
        RowError.ID_DUPLICATE_IN_FILE: _("ID number repeated in the file"),
        RowError.ID_TAKEN: _("ID number already recorded"),
        RowError.RESIDENT_DEPARTED_IN_FILE: _("Person recorded as died or withdrawn"),
        RowError.PHONE_INVALID: _("Invalid phone number"),
        RowError.RELATIONSHIP_REQUIRED: _("Relationship missing"),
        RowError.VILLAGE_REQUIRED: _("Village missing"),
        RowError.VILLAGE_UNKNOWN: _("Unknown village"),
        RowError.MARK_INVALID: _("Invalid mark"),
        RowError.NO_HEAD: _("Household without a head"),
        RowError.HOUSEHOLD_TWO_HEADS: _("Household with two heads"),
        RowError.TEXT_TOO_LONG: _("Text too long"),
        RowError.REASON_REQUIRED: _("Reason missing"),
        RowError.PURPOSE_REQUIRED: _("Purpose missing"),
        RowError.WHAT_UNKNOWN: _("Unknown item to show"),
    }
)


PEOPLE_ERROR_LABELS = labelled(
    {
        PeopleError.HOUSEHOLD_NOT_FOUND: _("Household not found"),
        PeopleError.RESIDENT_NOT_FOUND: _("Resident not found"),
        PeopleError.IMPORT_NOT_FOUND: _("Import not found"),
        PeopleError.IMPORT_NOT_WAITING: _("Import no longer waiting"),
        PeopleError.ID_CONFLICT_NOT_FOUND: _("ID conflict not found"),
        PeopleError.ID_CONFLICT_CLOSED: _("ID conflict already settled"),
        PeopleError.ID_CONFLICT_DECISION: _("Invalid decision on the ID conflict"),
        PeopleError.RESIDENT_DEPARTED: _("No longer on the register"),
        PeopleError.HOUSEHOLD_MERGED: _("Household merged into another"),
        PeopleError.EVENT_FUTURE: _("Event dated in the future"),
        PeopleError.EVENT_BEFORE_BIRTH: _("Event dated before birth"),
        PeopleError.EVENT_KIND: _("Unknown kind of life event"),
        PeopleError.MOVE_SAME_HOUSEHOLD: _("Already in that household"),
        PeopleError.MOVE_HOUSEHOLD_REQUIRED: _("Household to move to missing"),
        PeopleError.MERGE_SAME: _("Cannot merge a record with itself"),
        PeopleError.MERGE_ID_DIFFERENT: _("Different ID numbers"),
        PeopleError.REINSTATE_NOT_DEPARTED: _("Cannot be put back on the register"),
    }
)
