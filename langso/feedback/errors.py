from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from langso.core.errors import labelled


class FeedbackError(StrEnum):
    CATEGORY_UNKNOWN = "FEEDBACK_CATEGORY_UNKNOWN"
    DESCRIPTION_REQUIRED = "FEEDBACK_DESCRIPTION_REQUIRED"
    TEXT_TOO_LONG = "FEEDBACK_TEXT_TOO_LONG"
    PLACE_REQUIRED = "FEEDBACK_PLACE_REQUIRED"
    PLACE_UNKNOWN = "FEEDBACK_PLACE_UNKNOWN"
    POINT_INVALID = "FEEDBACK_POINT_INVALID"
    CONSENT_REQUIRED = "FEEDBACK_CONSENT_REQUIRED"
    PHONE_REQUIRED = "FEEDBACK_PHONE_REQUIRED"
    TOO_MANY_PHOTOS = "FEEDBACK_TOO_MANY_PHOTOS"
    PHOTO_TOO_LARGE = "FEEDBACK_PHOTO_TOO_LARGE"
    PHOTO_NOT_IMAGE = "FEEDBACK_PHOTO_NOT_IMAGE"
    PHOTO_TOO_MANY_PIXELS = "FEEDBACK_PHOTO_TOO_MANY_PIXELS"
    PHOTOS_TOO_MANY_PIXELS = "FEEDBACK_PHOTOS_TOO_MANY_PIXELS"
    REQUEST_TOO_LARGE = "FEEDBACK_REQUEST_TOO_LARGE"
    SPAM_SUSPECTED = "FEEDBACK_SPAM_SUSPECTED"
    REPORT_NOT_FOUND = "FEEDBACK_REPORT_NOT_FOUND"
    PHOTO_NOT_FOUND = "FEEDBACK_PHOTO_NOT_FOUND"
    PAGE_NOT_FOUND = "FEEDBACK_PAGE_NOT_FOUND"
    STATUS_NOT_ALLOWED = "FEEDBACK_STATUS_NOT_ALLOWED"
    REPLY_REQUIRED = "FEEDBACK_REPLY_REQUIRED"
    DUPLICATE_TARGET = "FEEDBACK_DUPLICATE_TARGET"
    ASSIGNEE_UNKNOWN = "FEEDBACK_ASSIGNEE_UNKNOWN"
    NOTE_REQUIRED = "FEEDBACK_NOTE_REQUIRED"
    REASON_REQUIRED = "FEEDBACK_REASON_REQUIRED"
    NOTHING_TO_SHOW = "FEEDBACK_NOTHING_TO_SHOW"
    ALREADY_ROUTED = "FEEDBACK_ALREADY_ROUTED"
    DATE_INVALID = "FEEDBACK_DATE_INVALID"
    INTAKE_REQUIRED = "FEEDBACK_INTAKE_REQUIRED"
    JURISDICTION_UNKNOWN = "FEEDBACK_JURISDICTION_UNKNOWN"
    JURISDICTION_REQUIRED = "FEEDBACK_JURISDICTION_REQUIRED"
    KEY_NAME_REQUIRED = "FEEDBACK_KEY_NAME_REQUIRED"


FEEDBACK_ERROR_LABELS = labelled(
    {
        FeedbackError.CATEGORY_UNKNOWN: _("Unknown category"),
        FeedbackError.DESCRIPTION_REQUIRED: _("Description missing"),
        FeedbackError.TEXT_TOO_LONG: _("Text too long"),
        FeedbackError.PLACE_REQUIRED: _("Place missing"),
        FeedbackError.PLACE_UNKNOWN: _("Unknown place"),
        FeedbackError.POINT_INVALID: _("Invalid map position"),
        FeedbackError.CONSENT_REQUIRED: _("Consent needed"),
        FeedbackError.PHONE_REQUIRED: _("Phone number needed"),
        FeedbackError.TOO_MANY_PHOTOS: _("Too many photos"),
        FeedbackError.PHOTO_TOO_LARGE: _("Photo too large"),
        FeedbackError.PHOTO_NOT_IMAGE: _("File is not a photo"),
        FeedbackError.PHOTO_TOO_MANY_PIXELS: _("Photo too big in pixels"),
        FeedbackError.PHOTOS_TOO_MANY_PIXELS: _("Photos too big in pixels altogether"),
        FeedbackError.REQUEST_TOO_LARGE: _("Sending too large"),
        FeedbackError.SPAM_SUSPECTED: _("Looks like spam"),
        FeedbackError.REPORT_NOT_FOUND: _("Report not found"),
        FeedbackError.PHOTO_NOT_FOUND: _("Photo not found"),
        FeedbackError.PAGE_NOT_FOUND: _("Page not found"),
        FeedbackError.STATUS_NOT_ALLOWED: _("Status change not allowed"),
        FeedbackError.REPLY_REQUIRED: _("Reply missing"),
        FeedbackError.DUPLICATE_TARGET: _("Invalid original report"),
        FeedbackError.ASSIGNEE_UNKNOWN: _("Unknown assignee"),
        FeedbackError.NOTE_REQUIRED: _("Note missing"),
        FeedbackError.REASON_REQUIRED: _("Reason missing"),
        FeedbackError.NOTHING_TO_SHOW: _("Nothing to show"),
        FeedbackError.ALREADY_ROUTED: _("Already sent on"),
        FeedbackError.DATE_INVALID: _("Invalid date"),
        FeedbackError.INTAKE_REQUIRED: _("How it was received is missing"),
        FeedbackError.JURISDICTION_UNKNOWN: _("Unknown jurisdiction"),
        FeedbackError.JURISDICTION_REQUIRED: _("Jurisdiction missing"),
        FeedbackError.KEY_NAME_REQUIRED: _("Key name missing"),
    }
)
