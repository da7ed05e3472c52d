from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from langso.core.errors import labelled


class UnitError(StrEnum):
    NOT_FOUND = "UNIT_NOT_FOUND"
    NOT_VALID_ON = "UNIT_NOT_VALID_ON_DATE"
    CODE_TAKEN = "UNIT_CODE_TAKEN"
    PARENT_LEVEL = "UNIT_PARENT_LEVEL"
    CYCLE = "UNIT_CYCLE"
    WOULD_ORPHAN = "UNIT_WOULD_ORPHAN"
    OVERLAP = "UNIT_INTERVAL_OVERLAP"
    LATER_CHANGES = "UNIT_HAS_LATER_CHANGES"
    SPLIT_NEEDS_TARGET = "UNIT_SPLIT_NEEDS_TARGET"
    EVENT_EXISTS = "UNIT_EVENT_EXISTS"
    NAME_REQUIRED = "UNIT_NAME_REQUIRED"
    CODE_REQUIRED = "UNIT_CODE_REQUIRED"
    SOURCES_REQUIRED = "UNIT_MERGE_NEEDS_SOURCES"
    EVENT_NOT_FOUND = "UNIT_EVENT_NOT_FOUND"
    FORBIDDEN = "UNIT_FORBIDDEN"
    DATE_INVALID = "DATE_INVALID"


UNIT_ERROR_LABELS = labelled(
    {
        UnitError.NOT_FOUND: _("Unit not found"),
        UnitError.NOT_VALID_ON: _("Unit did not exist on that date"),
        UnitError.CODE_TAKEN: _("Code already used"),
        UnitError.PARENT_LEVEL: _("Parent unit at the wrong level"),
        UnitError.CYCLE: _("A unit cannot be under itself"),
        UnitError.WOULD_ORPHAN: _("Units would be left without a parent"),
        UnitError.OVERLAP: _("Periods overlap"),
        UnitError.LATER_CHANGES: _("Later changes recorded"),
        UnitError.SPLIT_NEEDS_TARGET: _("Split needs a receiving unit"),
        UnitError.EVENT_EXISTS: _("Change already recorded"),
        UnitError.NAME_REQUIRED: _("Name missing"),
        UnitError.CODE_REQUIRED: _("Code missing"),
        UnitError.SOURCES_REQUIRED: _("Merger needs units to merge"),
        UnitError.EVENT_NOT_FOUND: _("Change not found"),
        UnitError.FORBIDDEN: _("Not allowed"),
        UnitError.DATE_INVALID: _("Invalid date"),
    }
)
