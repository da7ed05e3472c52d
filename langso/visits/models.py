"""Door-to-door visits: what a member did at a household, recorded on the phone.

A visit's id is a UUID made on the phone, so a batch sent again after a lost answer is
recognised; what the member learnt at the door becomes observations whose source is the visit.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The longest visit we keep, in minutes: a day. The phone lets a member type at most ten hours
# and otherwise counts the time the form was open; anything longer is no visit's length, and
# would only distort what a member's time is said to be.
MAX_DURATION = 24 * 60


class Topic(models.TextChoices):
    VNEID = "vneid", _("VNeID e-ID")
    DVC_ACCOUNT = "dvc_account", _("public-service account")
    DATA_STORE = "data_store", _("personal data store")
    EPAYMENT = "epayment", _("cashless payment")
    SCAM_AWARENESS = "scam_awareness", _("spotting scams")
    SAFE_SHOPPING = "safe_shopping", _("safe online shopping")
    ECOMMERCE_SHOP = "ecommerce_shop", _("selling online")
    EHEALTH = "ehealth", _("e-health book")
    DIGITAL_SIGNATURE = "digital_signature", _("digital signature")
    OTHER = "other", _("other")


class Visit(models.Model):
    id = models.UUIDField(primary_key=True, editable=False)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits", db_index=False
    )
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="visits", db_index=False
    )
    village = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    occurred_at = models.DateTimeField(_("when"))
    topics = models.JSONField(_("topics"), default=list)
    residents_present = models.JSONField(default=list)
    observations = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    device_id = models.CharField(max_length=64, blank=True)
    # A digest of what the phone sent: the same id with other content is a different event.
    digest = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["village", "occurred_at"], name="visit_village"),
            models.Index(fields=["household", "occurred_at"], name="visit_household"),
            models.Index(fields=["member", "occurred_at"], name="visit_member"),
        ]
        # What the sync checks, held by the database too: a value outside these would break
        # every page that reads the visit (SQLite hands back any number it was given, and
        # Django cannot make a decimal of 8 digits of it).
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="visit_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="visit_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True)
                | Q(duration_minutes__gte=0, duration_minutes__lte=MAX_DURATION),
                name="visit_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} @ {self.occurred_at:%Y-%m-%d %H:%M}"


class FieldEventKind(models.TextChoices):
    HOUSEHOLD = "household_create", _("new household")
    RESIDENT = "resident_create", _("new resident")
    CORRECTION = "correction", _("correction")
    FOLLOW_UP = "follow_up", _("follow-up date")
    # Applied by the app that registered them (``visits.event_kinds``), not by the sync itself.
    BUSINESS = "business_create", _("new household business")
    BUSINESS_STEP = "business_step", _("checklist step of a business")


class FieldEvent(models.Model):
    """Every event of the field app other than a visit, by the id the phone made: a batch sent
    again is answered from here (``duplicate``, with what was created), never applied twice."""

    id = models.UUIDField(primary_key=True, editable=False)
    kind = models.CharField(max_length=20, choices=FieldEventKind.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # What the event made, for the answer to a re-sent batch and for events that name it.
    household = models.ForeignKey(
        "people.Household", null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    resident = models.ForeignKey(
        "people.Resident", null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    device_id = models.CharField(max_length=64, blank=True)
    digest = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("field event")
        verbose_name_plural = _("field events")

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


class FollowUp(models.Model):
    """The day a member means to come back to a household (none: the date was cleared). The
    latest set is the household's follow-up."""

    id = models.UUIDField(primary_key=True, editable=False)
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="follow_ups", db_index=False
    )
    due_on = models.DateField(_("come back on"), null=True, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["household", "set_at"], name="follow_up_household")]

    def __str__(self) -> str:
        return f"{self.household_id} → {self.due_on}"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")


class Correction(models.Model):
    """A name or a year of birth a member found wrong at the door: kept waiting until an officer
    accepts it (then it is applied to the resident) or refuses it."""

    id = models.UUIDField(primary_key=True, editable=False)
    resident = models.ForeignKey(
        "people.Resident", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Blank / null: that part is not corrected. The old values are kept as the member saw them.
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    old_full_name = models.CharField(max_length=150, blank=True)
    old_birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [models.Index(fields=["status", "created_at"], name="correction_status")]

    def __str__(self) -> str:
        return f"{self.resident_id}: {self.status}"
