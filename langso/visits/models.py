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
