from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from langso.core.errors import labelled


class OutreachError(StrEnum):
    TITLE_REQUIRED = "OUTREACH_TITLE_REQUIRED"
    TITLE_TOO_LONG = "OUTREACH_TITLE_TOO_LONG"
    TEXT_REQUIRED = "OUTREACH_TEXT_REQUIRED"
    TEXT_TOO_LONG = "OUTREACH_TEXT_TOO_LONG"
    VARIABLE_UNKNOWN = "OUTREACH_VARIABLE_UNKNOWN"
    LINK_UNKNOWN = "OUTREACH_LINK_UNKNOWN"
    IMAGE_INVALID = "OUTREACH_IMAGE_INVALID"
    UNIT_REQUIRED = "OUTREACH_UNIT_REQUIRED"
    UNIT_NOT_FOUND = "OUTREACH_UNIT_NOT_FOUND"
    INDICATOR_UNKNOWN = "OUTREACH_INDICATOR_UNKNOWN"
    AGE_INVALID = "OUTREACH_AGE_INVALID"
    AUDIENCE_EMPTY = "OUTREACH_AUDIENCE_EMPTY"
    CHANNEL_REQUIRED = "OUTREACH_CHANNEL_REQUIRED"
    CHANNEL_UNKNOWN = "OUTREACH_CHANNEL_UNKNOWN"
    CHANNEL_NOT_CONNECTED = "OUTREACH_CHANNEL_NOT_CONNECTED"
    SEND_AT_PAST = "OUTREACH_SEND_AT_PAST"
    SEND_AT_TOO_FAR = "OUTREACH_SEND_AT_TOO_FAR"
    NOT_FOUND = "OUTREACH_NOT_FOUND"
    ALREADY_SENT = "OUTREACH_ALREADY_SENT"
    ALREADY_CANCELLED = "OUTREACH_ALREADY_CANCELLED"
    STATUS_UNKNOWN = "OUTREACH_STATUS_UNKNOWN"
    TEMPLATE_NAME_REQUIRED = "OUTREACH_TEMPLATE_NAME_REQUIRED"
    TEMPLATE_NAME_TAKEN = "OUTREACH_TEMPLATE_NAME_TAKEN"
    TEMPLATE_NOT_FOUND = "OUTREACH_TEMPLATE_NOT_FOUND"
    OPT_OUT_LINK_INVALID = "OUTREACH_OPT_OUT_LINK_INVALID"
    READ_INVALID = "OUTREACH_READ_INVALID"
    INBOUND_REFUSED = "OUTREACH_INBOUND_REFUSED"
    LINK_FOR_TEAMS = "OUTREACH_LINK_FOR_TEAMS"
    READ_UNKNOWN = "OUTREACH_READ_UNKNOWN"


class DeliveryError(StrEnum):
    """Why a delivery did not go out, stored with it and shown to officers in words on the
    announcement's dashboard and the feedback outbox."""

    REFUSED = "DELIVERY_REFUSED"
    GATEWAY_BUSY = "DELIVERY_GATEWAY_BUSY"
    GATEWAY_FAILED = "DELIVERY_GATEWAY_FAILED"
    UNREACHABLE = "DELIVERY_UNREACHABLE"
    ANSWER_UNREADABLE = "DELIVERY_ANSWER_UNREADABLE"
    ANSWER_WITHOUT_ID = "DELIVERY_ANSWER_WITHOUT_ID"
    TOKEN_INVALID = "DELIVERY_TOKEN_INVALID"  # noqa: S105 - a code, not a secret
    NOT_FOLLOWER = "DELIVERY_NOT_FOLLOWER"
    NO_ADDRESS = "DELIVERY_NO_ADDRESS"
    NOT_CONNECTED = "DELIVERY_NOT_CONNECTED"
    GAVE_UP = "DELIVERY_GAVE_UP"


OUTREACH_ERROR_LABELS = labelled(
    {
        OutreachError.TITLE_REQUIRED: _("Give the announcement a title."),
        OutreachError.TITLE_TOO_LONG: _("The title is too long."),
        OutreachError.TEXT_REQUIRED: _("Write the announcement's text."),
        OutreachError.TEXT_TOO_LONG: _("The text is too long."),
        OutreachError.VARIABLE_UNKNOWN: _("The text names a variable Làng Số does not know."),
        OutreachError.LINK_UNKNOWN: _("The linked guide, campaign or warning does not exist."),
        OutreachError.IMAGE_INVALID: _("The picture could not be read."),
        OutreachError.UNIT_REQUIRED: _("Choose at least one unit to send to."),
        OutreachError.UNIT_NOT_FOUND: _("No such unit in your area."),
        OutreachError.INDICATOR_UNKNOWN: _("No such indicator."),
        OutreachError.AGE_INVALID: _("The age must be between 0 and 120."),
        OutreachError.AUDIENCE_EMPTY: _("Choose teams or residents to send to."),
        OutreachError.CHANNEL_REQUIRED: _("Choose at least one channel."),
        OutreachError.CHANNEL_UNKNOWN: _("No such channel."),
        OutreachError.CHANNEL_NOT_CONNECTED: _("This channel is not connected."),
        OutreachError.SEND_AT_PAST: _("The sending time has passed."),
        OutreachError.SEND_AT_TOO_FAR: _("The sending time is more than a year away."),
        OutreachError.NOT_FOUND: _("No such announcement."),
        OutreachError.ALREADY_SENT: _("The announcement has already been sent."),
        OutreachError.ALREADY_CANCELLED: _("The announcement was cancelled."),
        OutreachError.STATUS_UNKNOWN: _("No such delivery status."),
        OutreachError.TEMPLATE_NAME_REQUIRED: _("Name the template."),
        OutreachError.TEMPLATE_NAME_TAKEN: _("A template of this commune has that name already."),
        OutreachError.TEMPLATE_NOT_FOUND: _("No such template."),
        OutreachError.OPT_OUT_LINK_INVALID: _("This link to stop messages is not valid."),
        OutreachError.READ_INVALID: _("This read receipt could not be understood."),
        OutreachError.INBOUND_REFUSED: _("The gateway's token is missing or wrong."),
        OutreachError.LINK_FOR_TEAMS: _("A campaign's page opens only for team members."),
        OutreachError.READ_UNKNOWN: _("This announcement is not in your inbox."),
    }
)

DELIVERY_ERROR_LABELS = labelled(
    {
        DeliveryError.REFUSED: _("The gateway refused the message (wrong number or key)"),
        DeliveryError.GATEWAY_BUSY: _("The gateway was busy"),
        DeliveryError.GATEWAY_FAILED: _("The gateway had a fault"),
        DeliveryError.UNREACHABLE: _("The gateway could not be reached"),
        DeliveryError.ANSWER_UNREADABLE: _("The gateway's answer could not be read"),
        DeliveryError.ANSWER_WITHOUT_ID: _("The gateway answered without a message number"),
        DeliveryError.TOKEN_INVALID: _("The Zalo access key was refused and could not be renewed"),
        DeliveryError.NOT_FOLLOWER: _("The person does not follow the commune's Zalo account"),
        DeliveryError.NO_ADDRESS: _("No phone number or address to send to"),
        DeliveryError.NOT_CONNECTED: _("The channel is not connected"),
        DeliveryError.GAVE_UP: _("Given up after too many failed attempts"),
    }
)
