"""Recognition: emulation criteria as data, commendation proposals made from the records, and the
corrections an officer made to a figure (each with its reason, printed in the proposal's annex).

A proposal keeps everything it was decided on: the criteria's name and conditions as they were
when it was made, and each person's or team's figures as counted then (``records.Record``). Once
submitted, its files are kept byte for byte with their SHA-256 and nothing on it changes but the
decision on each entry.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Commendation",
    "CommendationEntry",
    "CommendationFile",
    "CommendationStatus",
    "Criteria",
    "Decision",
    "FigureCorrection",
    "ProposalFormat",
    "Subject",
]


class Subject(models.TextChoices):
    MEMBER = "member", _("team members")
    TEAM = "team", _("teams")


class Criteria(models.Model):
    """A set of emulation criteria of a commune or a province ("Thành viên tiêu biểu năm 2026"):
    conditions that must all hold, each ``{"measure": …, "at_least": n}``."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    subject = models.CharField(_("who it recognises"), max_length=10, choices=Subject.choices)
    conditions = models.JSONField(_("conditions"), default=list)
    active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("emulation criteria")
        verbose_name_plural = _("emulation criteria")
        indexes = [models.Index(fields=["unit", "active"], name="criteria_unit")]

    def __str__(self) -> str:
        return self.name


class CommendationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    DECIDED = "decided", _("decided")


class Commendation(models.Model):
    """A proposal of commendation ("Tờ trình đề nghị khen thưởng") of a unit for a period."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    # The last day counted (inclusive).
    period_end = models.DateField(_("to"))
    criteria = models.ForeignKey(Criteria, on_delete=models.PROTECT, related_name="commendations")
    # The criteria as they were when the proposal was made: a later edit does not change it.
    criteria_name = models.CharField(max_length=200)
    subject = models.CharField(max_length=10, choices=Subject.choices)
    conditions = models.JSONField(default=list)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommendationStatus.choices,
        default=CommendationStatus.DRAFT,
    )
    # "3/TTr-UBND", given when submitted (numbers run per unit and year).
    number = models.CharField(_("number and symbol"), max_length=40, blank=True)
    serial = models.PositiveIntegerField(null=True, blank=True)
    serial_year = models.PositiveSmallIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("commendation proposal")
        verbose_name_plural = _("commendation proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")), name="commendation_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False, serial__isnull=False),
                name="commendation_submitted_complete",
            ),
            models.UniqueConstraint(
                fields=["unit", "serial_year", "serial"],
                condition=Q(serial__isnull=False),
                name="commendation_serial_once",
            ),
        ]
        indexes = [models.Index(fields=["unit", "period_start"], name="commendation_unit")]

    def __str__(self) -> str:
        return f"{self.criteria_name} {self.period_start}…{self.period_end}"


class Decision(models.TextChoices):
    PENDING = "pending", _("waiting for a decision")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")


class CommendationEntry(models.Model):
    """A member (a ``teams.Person``) or a team on a proposal, with the figures counted for them."""

    commendation = models.ForeignKey(Commendation, on_delete=models.PROTECT, related_name="entries")
    person = models.ForeignKey(
        "teams.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The name and the teams as printed (a person's teams, a team's unit), kept as they were.
    name = models.CharField(max_length=200)
    detail = models.CharField(max_length=300, blank=True)
    # ``records.Record.as_dict()`` as counted when the proposal was made.
    figures = models.JSONField(default=dict)
    meets = models.BooleanField(default=False)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("proposal entry")
        verbose_name_plural = _("proposal entries")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, team__isnull=True)
                | Q(person__isnull=True, team__isnull=False),
                name="commendationentry_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProposalFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"


class CommendationFile(models.Model):
    """A submitted proposal's file, kept byte for byte with its SHA-256."""

    commendation = models.ForeignKey(Commendation, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(max_length=5, choices=ProposalFormat.choices)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commendation", "format"], name="commendationfile_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commendation_id}.{self.format}"


class FigureCorrection(models.Model):
    """An officer's correction of one figure of an entry, with the reason (never blank)."""

    entry = models.ForeignKey(
        CommendationEntry, on_delete=models.PROTECT, related_name="corrections"
    )
    measure = models.CharField(max_length=60)
    recorded = models.FloatField()
    corrected = models.FloatField()
    reason = models.TextField(max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("figure correction")
        verbose_name_plural = _("figure corrections")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="figurecorrection_reason_given"),
            models.CheckConstraint(condition=Q(corrected__gte=0), name="figurecorrection_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.measure}"
