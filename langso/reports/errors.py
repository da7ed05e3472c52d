from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from langso.core.errors import labelled


class ReportError(StrEnum):
    NOT_FOUND = "REPORT_NOT_FOUND"
    KIND_UNKNOWN = "REPORT_KIND_UNKNOWN"
    PERIOD_INVALID = "REPORT_PERIOD_INVALID"
    PERIOD_IN_FUTURE = "REPORT_PERIOD_IN_FUTURE"
    PERIOD_TOO_LONG = "REPORT_PERIOD_TOO_LONG"
    UNIT_LEVEL = "REPORT_UNIT_LEVEL"
    CAMPAIGN_REQUIRED = "REPORT_CAMPAIGN_REQUIRED"
    EXISTS = "REPORT_EXISTS"
    ALREADY_ISSUED = "REPORT_ALREADY_ISSUED"
    NOT_ISSUED = "REPORT_NOT_ISSUED"
    ALREADY_REPLACED = "REPORT_ALREADY_REPLACED"
    REASON_REQUIRED = "REPORT_REASON_REQUIRED"
    FORMAT_UNKNOWN = "REPORT_FORMAT_UNKNOWN"


REPORT_ERROR_LABELS = labelled(
    {
        ReportError.NOT_FOUND: _("There is no such report."),
        ReportError.KIND_UNKNOWN: _("There is no such kind of report."),
        ReportError.PERIOD_INVALID: _("The period ends before it starts."),
        ReportError.PERIOD_IN_FUTURE: _("The period has not ended yet."),
        ReportError.PERIOD_TOO_LONG: _("A report covers at most two years."),
        ReportError.UNIT_LEVEL: _("Reports are made by a commune or a province."),
        ReportError.CAMPAIGN_REQUIRED: _("A campaign's closing report needs its campaign."),
        ReportError.EXISTS: _("This report has already been made for this period."),
        ReportError.ALREADY_ISSUED: _("The report has already been issued."),
        ReportError.NOT_ISSUED: _("Only an issued report can be corrected."),
        ReportError.ALREADY_REPLACED: _("This report has already been corrected."),
        ReportError.REASON_REQUIRED: _("Say why the report is corrected."),
        ReportError.FORMAT_UNKNOWN: _("Reports are given as PDF, DOCX or XLSX."),
    }
)


# Recognition: emulation criteria, commendation proposals and their figures -----------------------


class RecognitionError(StrEnum):
    NOT_FOUND = "RECOGNITION_NOT_FOUND"
    CRITERIA_NOT_FOUND = "RECOGNITION_CRITERIA_NOT_FOUND"
    CRITERIA_INACTIVE = "RECOGNITION_CRITERIA_INACTIVE"
    CRITERIA_NAME_MISSING = "RECOGNITION_CRITERIA_NAME_MISSING"
    CONDITIONS_MISSING = "RECOGNITION_CONDITIONS_MISSING"
    MEASURE_UNKNOWN = "RECOGNITION_MEASURE_UNKNOWN"
    THRESHOLD_INVALID = "RECOGNITION_THRESHOLD_INVALID"
    NO_CRITERIA = "RECOGNITION_NO_CRITERIA"
    PERIOD_REVERSED = "RECOGNITION_PERIOD_REVERSED"
    PERIOD_TOO_LONG = "RECOGNITION_PERIOD_TOO_LONG"
    PERIOD_IN_FUTURE = "RECOGNITION_PERIOD_IN_FUTURE"
    PROPOSAL_NOT_FOUND = "RECOGNITION_PROPOSAL_NOT_FOUND"
    ENTRY_NOT_FOUND = "RECOGNITION_ENTRY_NOT_FOUND"
    NOT_DRAFT = "RECOGNITION_PROPOSAL_NOT_DRAFT"
    NOT_SUBMITTED = "RECOGNITION_PROPOSAL_NOT_SUBMITTED"
    DECISION_INVALID = "RECOGNITION_DECISION_INVALID"
    REASON_REQUIRED = "RECOGNITION_REASON_REQUIRED"
    REASON_TOO_LONG = "RECOGNITION_REASON_TOO_LONG"
    VALUE_INVALID = "RECOGNITION_VALUE_INVALID"
    VALUE_UNCHANGED = "RECOGNITION_VALUE_UNCHANGED"
    NOBODY_APPROVED = "RECOGNITION_NOBODY_APPROVED"
    NOBODY_PROPOSED = "RECOGNITION_NOBODY_PROPOSED"


RECOGNITION_ERROR_LABELS = labelled(
    {
        RecognitionError.NOT_FOUND: _("Record not found"),
        RecognitionError.CRITERIA_NOT_FOUND: _("Emulation criteria not found"),
        RecognitionError.CRITERIA_INACTIVE: _("Emulation criteria no longer in use"),
        RecognitionError.CRITERIA_NAME_MISSING: _("Criteria name missing"),
        RecognitionError.CONDITIONS_MISSING: _("No condition given"),
        RecognitionError.MEASURE_UNKNOWN: _("Unknown figure in a condition"),
        RecognitionError.THRESHOLD_INVALID: _("Invalid threshold in a condition"),
        RecognitionError.NO_CRITERIA: _("No emulation criteria in use"),
        RecognitionError.PERIOD_REVERSED: _("Period ends before it starts"),
        RecognitionError.PERIOD_TOO_LONG: _("Period too long"),
        RecognitionError.PERIOD_IN_FUTURE: _("Period starts in the future"),
        RecognitionError.PROPOSAL_NOT_FOUND: _("Commendation proposal not found"),
        RecognitionError.ENTRY_NOT_FOUND: _("Person or team not on the proposal"),
        RecognitionError.NOT_DRAFT: _("Proposal already submitted"),
        RecognitionError.NOT_SUBMITTED: _("Proposal not submitted yet"),
        RecognitionError.DECISION_INVALID: _("Invalid decision"),
        RecognitionError.REASON_REQUIRED: _("Reason required"),
        RecognitionError.REASON_TOO_LONG: _("Reason too long"),
        RecognitionError.VALUE_INVALID: _("Invalid corrected figure"),
        RecognitionError.VALUE_UNCHANGED: _("Corrected figure equals the recorded one"),
        RecognitionError.NOBODY_APPROVED: _("Nobody approved"),
        RecognitionError.NOBODY_PROPOSED: _("Nobody meets the criteria"),
    }
)
