from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from langso.core.errors import labelled


class CampaignError(StrEnum):
    NOT_FOUND = "CAMPAIGN_NOT_FOUND"
    NAME_REQUIRED = "CAMPAIGN_NAME_REQUIRED"
    BASIS_REQUIRED = "CAMPAIGN_BASIS_REQUIRED"
    UNIT_LEVEL = "CAMPAIGN_UNIT_LEVEL"
    DATE_ORDER = "CAMPAIGN_DATE_ORDER"
    GOALS_REQUIRED = "CAMPAIGN_GOALS_REQUIRED"
    INDICATOR_UNKNOWN = "CAMPAIGN_INDICATOR_UNKNOWN"
    GOAL_TWICE = "CAMPAIGN_GOAL_TWICE"
    TARGET_INVALID = "CAMPAIGN_TARGET_INVALID"
    TARGET_BELOW_PARENT = "CAMPAIGN_TARGET_BELOW_PARENT"
    TARGET_UNIT = "CAMPAIGN_TARGET_UNIT"
    GOALS_FROZEN = "CAMPAIGN_GOALS_FROZEN"
    NOT_DRAFT = "CAMPAIGN_NOT_DRAFT"
    CLOSED = "CAMPAIGN_CLOSED"
    NOT_ACTIVE = "CAMPAIGN_NOT_ACTIVE"
    VILLAGE_OUTSIDE = "CAMPAIGN_VILLAGE_OUTSIDE"
    MEMBER_UNKNOWN = "CAMPAIGN_MEMBER_UNKNOWN"
    NO_MEMBERS = "CAMPAIGN_NO_MEMBERS"
    HOUSEHOLD_UNKNOWN = "CAMPAIGN_HOUSEHOLD_UNKNOWN"
    ASSIGNMENT_INVALID = "CAMPAIGN_ASSIGNMENT_INVALID"


CAMPAIGN_ERROR_LABELS = labelled(
    {
        CampaignError.NOT_FOUND: _("Campaign not found"),
        CampaignError.NAME_REQUIRED: _("Campaign name missing"),
        CampaignError.BASIS_REQUIRED: _("Legal basis missing"),
        CampaignError.UNIT_LEVEL: _("No campaign at this unit level"),
        CampaignError.DATE_ORDER: _("Dates in the wrong order"),
        CampaignError.GOALS_REQUIRED: _("No goals"),
        CampaignError.INDICATOR_UNKNOWN: _("Unknown indicator"),
        CampaignError.GOAL_TWICE: _("Indicator given twice"),
        CampaignError.TARGET_INVALID: _("Invalid target"),
        CampaignError.TARGET_BELOW_PARENT: _("Target below the higher level's"),
        CampaignError.TARGET_UNIT: _("Unit outside the campaign"),
        CampaignError.GOALS_FROZEN: _("Goals frozen once the campaign is active"),
        CampaignError.NOT_DRAFT: _("Campaign already activated"),
        CampaignError.CLOSED: _("Campaign closed"),
        CampaignError.NOT_ACTIVE: _("Campaign not active"),
        CampaignError.VILLAGE_OUTSIDE: _("Village outside the campaign"),
        CampaignError.MEMBER_UNKNOWN: _("Not a member of this village's team"),
        CampaignError.NO_MEMBERS: _("The village has no members"),
        CampaignError.HOUSEHOLD_UNKNOWN: _("Household not in this village"),
        CampaignError.ASSIGNMENT_INVALID: _("Invalid assignment"),
    }
)
