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
