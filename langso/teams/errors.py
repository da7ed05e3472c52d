from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from langso.core.errors import labelled


class TeamError(StrEnum):
    NOT_FOUND = "TEAM_NOT_FOUND"
    EXISTS = "TEAM_EXISTS"
    UNIT_LEVEL = "TEAM_UNIT_LEVEL"
    LEADER_EXISTS = "TEAM_LEADER_EXISTS"
    ALREADY_MEMBER = "TEAM_ALREADY_MEMBER"
    NAME_REQUIRED = "MEMBER_NAME_REQUIRED"
    ZALO_LINK_INVALID = "ZALO_LINK_INVALID"
    DATE_ORDER = "MEMBER_DATE_ORDER"
    CLOSED = "TEAM_CLOSED"
    MEMBER_NOT_FOUND = "MEMBER_NOT_FOUND"
    REASON_REQUIRED = "MEMBER_REASON_REQUIRED"
    PHONE_VISIBILITY_UNKNOWN = "MEMBER_PHONE_VISIBILITY_UNKNOWN"


TEAM_ERROR_LABELS = labelled(
    {
        TeamError.NOT_FOUND: _("Team not found"),
        TeamError.EXISTS: _("Team already exists"),
        TeamError.UNIT_LEVEL: _("No team at this unit level"),
        TeamError.LEADER_EXISTS: _("Team already has a leader"),
        TeamError.ALREADY_MEMBER: _("Already a member"),
        TeamError.NAME_REQUIRED: _("Member name missing"),
        TeamError.ZALO_LINK_INVALID: _("Invalid Zalo link"),
        TeamError.DATE_ORDER: _("Dates in the wrong order"),
        TeamError.CLOSED: _("Team closed"),
        TeamError.MEMBER_NOT_FOUND: _("Member not found"),
        TeamError.REASON_REQUIRED: _("Reason missing"),
        TeamError.PHONE_VISIBILITY_UNKNOWN: _("Unknown phone visibility"),
    }
)
