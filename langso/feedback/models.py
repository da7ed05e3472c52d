"""Citizen feedback and petitions (phản ánh, kiến nghị) and what the commune does with them.

A ``Report`` is filed by a citizen without an account (the web form or an Open311 client). It
belongs to the commune responsible for its place on the day it was made; a report whose place
names no commune we know (an Open311 client that sends only a point) waits in its province's
routing queue until a province officer routes it. The reporter's name and phone number are
never stored in the clear: sealed (vault), blind-indexed and masked, like residents' numbers.
Everything that happens to a report is a ``ReportEvent``; public replies are the events marked
public, and nothing else about a report is ever shown publicly but its category, place, status
and dates (and its description when the citizen chose to publish it).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """A kind of report (an Open311 "service"), with its deadline in working days.

    Names and descriptions are data: Vietnamese first, English beside it.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    description_vi = models.CharField(_("description (Vietnamese)"), max_length=300, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)
    group = models.CharField(_("group"), max_length=40)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    deadline_days = models.PositiveSmallIntegerField(_("deadline (working days)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("feedback category")
        verbose_name_plural = _("feedback categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_vi

    def name(self, language: str | None) -> str:
        return self.name_en if (language or "").startswith("en") else self.name_vi

    def description(self, language: str | None) -> str:
        return self.description_en if (language or "").startswith("en") else self.description_vi


class Status(models.TextChoices):
    NEW = "new", _("new")
    RECEIVED = "received", _("received")
    IN_PROGRESS = "in_progress", _("in progress")
    RESOLVED = "resolved", _("resolved")
    REJECTED = "rejected", _("rejected")
    DUPLICATE = "duplicate", _("duplicate")


OPEN_STATUSES = frozenset({Status.NEW, Status.RECEIVED, Status.IN_PROGRESS})
CLOSED_STATUSES = frozenset({Status.RESOLVED, Status.REJECTED, Status.DUPLICATE})


class Channel(models.TextChoices):
    WEB = "web", _("web form")
    OPEN311 = "open311", _("Open311 client")
    OFFICER = "officer", _("entered by an officer")


class Intake(models.TextChoices):
    """How an officer received a report they enter for a citizen.

    Not a field of ``Report``: it matters only to the officers who read the report's history,
    so it is written on the report's filed event (``services.report_enter``).
    """

    PAPER = "paper", _("on paper (a letter or a form)")
    PHONE = "phone", _("by phone")
    IN_PERSON = "in_person", _("in person")


class Open311Key(models.Model):
    """An API key for an Open311 client. Only its SHA-256 digest is stored."""

    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("key starts with"), max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Report(models.Model):
    code = models.CharField(_("tracking code"), max_length=8, unique=True)
    # The Open311 token (GET tokens/{token}); realtime answers never need it, but it resolves.
    token = models.CharField(max_length=32, unique=True, editable=False)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="reports")
    description = models.TextField(_("description"))
    description_public = models.BooleanField(_("description shown publicly"), default=False)
    province = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The Open311 jurisdiction_id: the province's code on the day the report was made.
    province_code = models.CharField(max_length=24)
    # NULL while the report waits in the province's routing queue.
    commune = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    # The village's (else the commune's, else the province's) code and the commune's name on
    # the day the report was made: Open311's address_id and agency_responsible.
    place_code = models.CharField(_("place code"), max_length=24, blank=True)
    agency = models.CharField(_("responsible unit"), max_length=150, blank=True)
    address_string = models.CharField(_("address given"), max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    made_at = models.DateTimeField(_("made at"))
    due_on = models.DateField(_("answer due on"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    open311_key = models.ForeignKey(
        Open311Key, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The reporter: optional, sealed, masked on screens, revealed only with a reason (audited).
    name_sealed = models.BinaryField(null=True, editable=False)
    name_masked = models.CharField(_("name"), max_length=60, blank=True, editable=False)
    phone_sealed = models.BinaryField(null=True, editable=False)
    phone_index = models.CharField(max_length=32, null=True, editable=False)  # noqa: DJ001
    phone_masked = models.CharField(_("phone"), max_length=16, blank=True, editable=False)
    wants_updates = models.BooleanField(_("wants updates by message"), default=False)
    consent_purpose = models.CharField(_("consent given to"), max_length=300)
    consent_at = models.DateTimeField(_("consent given at"))

    class Meta:
        verbose_name = _("citizen report")
        verbose_name_plural = _("citizen reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(village__isnull=True) | Q(commune__isnull=False),
                name="report_village_has_commune",
            ),
        ]
        indexes = [
            models.Index(fields=["commune", "status", "due_on"], name="report_queue"),
            models.Index(fields=["province_code", "made_at"], name="report_open311"),
            models.Index(fields=["category", "made_at"], name="report_category_made"),
            models.Index(fields=["phone_index"], name="report_phone"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReportPhoto(models.Model):
    """A photo, re-encoded as JPEG without any metadata; kept in the database beside its report
    so that a refused report leaves no file behind and a backup of the database is complete."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField()
    content = models.BinaryField(editable=False)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="reportphoto_position"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.position}"


class EventKind(models.TextChoices):
    FILED = "filed", _("filed")
    STATUS = "status", _("status changed")
    ASSIGNED = "assigned", _("assigned")
    NOTE = "note", _("internal note")
    REPLY = "reply", _("public reply")
    ROUTED = "routed", _("routed to a commune")
    HIDDEN = "hidden", _("description withdrawn from public view")


class ReportEvent(models.Model):
    """Append-only history of a report. ``public`` events (replies) show on the tracking page."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    status_from = models.CharField(max_length=12, choices=Status.choices, blank=True)
    status_to = models.CharField(max_length=12, choices=Status.choices, blank=True)
    text = models.TextField(blank=True)
    public = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["report", "at"], name="reportevent_report")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.at:%Y-%m-%d}"


class CalendarDay(models.Model):
    """A day whose working status differs from the holidays library: a day off the government
    adds (a longer Tết break) or a Saturday worked in exchange (làm bù) that it lacks."""

    day = models.DateField(_("day"), unique=True)
    is_working = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.note}"
