"""Official reports: the kinds a commune or province sends, and each report made of them.

A report is made for a unit and a period as a draft (its figures computed then and kept, so the
draft reads the same until it is refreshed); issuing it lays it out as PDF, DOCX and XLSX once,
keeps the three files with their SHA-256 and who issued it when, and from then on it never
changes. A correction is a new report (the next version) that names the one it replaces.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    HALF = "half", _("half-year")
    YEAR = "year", _("year")
    CAMPAIGN = "campaign", _("campaign")


class ReportKind(models.Model):
    """A kind of report, as data: what it is called, the period it covers, its sections."""

    code = models.CharField(_("code"), max_length=40, primary_key=True)
    title_vi = models.CharField(_("Vietnamese title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200)
    period = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    # The section codes, in order (``reports.content.SECTIONS`` knows each).
    sections = models.JSONField(_("sections"), default=list)
    # The symbol after the number ("BC-UBND": 12/BC-UBND).
    symbol = models.CharField(_("symbol"), max_length=30, default="BC-UBND")
    # Made as a draft on the first working day of each period (month, quarter…).
    scheduled = models.BooleanField(_("made at the start of each period"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("report kind")
        verbose_name_plural = _("report kinds")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ISSUED = "issued", _("issued")


class Report(models.Model):
    kind = models.ForeignKey(ReportKind, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    # The last day the report covers (inclusive): a month's report of November ends on the 30th.
    period_end = models.DateField(_("to"))
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    reason = models.TextField(_("reason for the correction"), blank=True, max_length=1000)
    # "12/BC-UBND", given when issued (numbers run per issuing unit and year).
    number = models.CharField(_("number and symbol"), max_length=40, blank=True)
    serial = models.PositiveIntegerField(null=True, blank=True)
    serial_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # The figures as computed for the draft (``reports.figures``), kept so that the draft, the
    # files and the API read the same numbers.
    figures = models.JSONField(default=dict)
    computed_at = models.DateTimeField()
    scheduled = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")), name="report_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(issued_at__isnull=False, serial__isnull=False),
                name="report_issued_complete",
            ),
            models.UniqueConstraint(
                fields=["unit", "serial_year", "serial"],
                condition=Q(serial__isnull=False),
                name="report_serial_once",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "period_start"], name="report_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_id} {self.period_start}…{self.period_end}"


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"


class ReportFile(models.Model):
    """One issued file, kept byte for byte with its SHA-256, so what was sent can be shown."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(max_length=5, choices=FileFormat.choices)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "format"], name="reportfile_once"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}.{self.format}"


from langso.reports.recognition_models import *  # noqa: E402, F403
