from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from langso.core.errors import labelled


class TrustError(StrEnum):
    EMPTY = "TRUST_EMPTY"
    TOO_LARGE = "TRUST_TOO_LARGE"
    TOO_MANY_ITEMS = "TRUST_TOO_MANY_ITEMS"
    ITEM_TOO_LONG = "TRUST_ITEM_TOO_LONG"
    NOT_TEXT = "TRUST_NOT_TEXT"
    BAD_JSON = "TRUST_BAD_JSON"
    LINK_INVALID = "TRUST_LINK_INVALID"
    REPORT_INVALID = "TRUST_REPORT_INVALID"
    REPORT_NOT_FOUND = "TRUST_REPORT_NOT_FOUND"
    DECISION_INVALID = "TRUST_DECISION_INVALID"
    LIST_FORMAT = "BLOCKLIST_FORMAT_UNKNOWN"
    LIST_UNREADABLE = "BLOCKLIST_UNREADABLE"
    LIST_EMPTY = "BLOCKLIST_EMPTY"
    SOURCE_INVALID = "BLOCKLIST_SOURCE_INVALID"
    SOURCE_RESERVED = "BLOCKLIST_SOURCE_RESERVED"
    SCAN_NO_IMAGE = "SCAN_NO_IMAGE"
    SCAN_NOT_IMAGE = "SCAN_NOT_IMAGE"
    SCAN_TOO_LARGE = "SCAN_TOO_LARGE"
    SCAN_TOO_MANY_PIXELS = "SCAN_TOO_MANY_PIXELS"
    SCAN_UNREADABLE = "SCAN_UNREADABLE"
    SCAN_NO_CODE = "SCAN_NO_CODE"
    SCAN_TOO_MANY_CODES = "SCAN_TOO_MANY_CODES"
    SCAN_NOT_TEXT = "SCAN_NOT_TEXT"


TRUST_ERROR_LABELS = labelled(
    {
        TrustError.EMPTY: _("Nothing to check"),
        TrustError.TOO_LARGE: _("Text too large"),
        TrustError.TOO_MANY_ITEMS: _("Too many items"),
        TrustError.ITEM_TOO_LONG: _("Item too long"),
        TrustError.NOT_TEXT: _("Not text"),
        TrustError.BAD_JSON: _("Unreadable request"),
        TrustError.LINK_INVALID: _("Invalid link"),
        TrustError.REPORT_INVALID: _("Invalid report"),
        TrustError.REPORT_NOT_FOUND: _("Report not found"),
        TrustError.DECISION_INVALID: _("Invalid decision"),
        TrustError.LIST_FORMAT: _("Unknown list format"),
        TrustError.LIST_UNREADABLE: _("List unreadable"),
        TrustError.LIST_EMPTY: _("List empty"),
        TrustError.SOURCE_INVALID: _("Invalid list name"),
        TrustError.SOURCE_RESERVED: _("List name reserved"),
        TrustError.SCAN_NO_IMAGE: _("No picture"),
        TrustError.SCAN_NOT_IMAGE: _("Not a picture"),
        TrustError.SCAN_TOO_LARGE: _("Picture too large"),
        TrustError.SCAN_TOO_MANY_PIXELS: _("Picture too large"),
        TrustError.SCAN_UNREADABLE: _("Picture damaged"),
        TrustError.SCAN_NO_CODE: _("No QR code found"),
        TrustError.SCAN_TOO_MANY_CODES: _("Too many QR codes"),
        TrustError.SCAN_NOT_TEXT: _("QR code without text"),
    }
)
