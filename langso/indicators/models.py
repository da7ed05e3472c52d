"""Indicators, the observations teams make, current status, and village roll-ups.

An observation is an immutable fact ("this resident activated VNeID level 2 on this day").
The current status of a subject is its latest observation by observation time, so facts that
arrive late from offline phones never overwrite newer ones. Each village keeps one roll-up row
per indicator (numerator, denominator), updated in the same transaction as the observation;
``RollupChange`` keeps the day-by-day changes so any past day can be asked, and communes,
provinces and the nation are sums over their villages at read time. Each commune also keeps the
sums of its villages (``CommuneRollup``, ``CommuneChange``; ``communes.py``), for a province's
reads.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from langso.core.ids import uuid7


class Population(models.TextChoices):
    RESIDENTS = "residents", _("residents")
    HOUSEHOLDS = "households", _("households")
    BUSINESSES = "businesses", _("household businesses")


class Indicator(models.Model):
    code = models.CharField(_("code"), max_length=40, primary_key=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    population = models.CharField(_("population"), max_length=20, choices=Population.choices)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    target_percent = models.DecimalField(
        _("target (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    source_document = models.CharField(_("source document"), max_length=300, blank=True)
    column_names = models.JSONField(_("spreadsheet column names"), default=list, blank=True)
    # Worked out from other records (the skills a member saw a person show), never recorded
    # directly: the sync, imports and forms refuse it, and only ``Source.COMPUTED`` writes it.
    computed = models.BooleanField(_("computed"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code


class Source(models.TextChoices):
    IMPORT = "import", _("spreadsheet import")
    VISIT = "visit", _("door-to-door visit")
    MANUAL = "manual", _("entered by hand")
    DEMO = "demo", _("demo data")
    COMPUTED = "computed", _("computed from other records")


class Observation(models.Model):
    """Immutable. Its id is made where it is first recorded (on the phone, for visits).

    Only the indexes reads need: every one costs each row an import or a sync writes.
    """

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    resident = models.ForeignKey(
        "people.Resident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    household = models.ForeignKey(
        "people.Household",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    village = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    value = models.BooleanField()
    observed_at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    source_ref = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=False, household__isnull=True)
                | Q(resident__isnull=True, household__isnull=False),
                name="observation_one_subject",
            ),
        ]
        indexes = [
            models.Index(
                fields=["resident", "indicator", "observed_at"],
                condition=Q(resident__isnull=False),
                name="obs_resident",
            ),
            models.Index(
                fields=["household", "indicator", "observed_at"],
                condition=Q(household__isnull=False),
                name="obs_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value} @ {self.observed_at:%Y-%m-%d}"


class Status(models.Model):
    """The latest observation of one subject and indicator (by observation time)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    resident = models.ForeignKey(
        "people.Resident",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statuses",
        db_index=False,
    )
    household = models.ForeignKey(
        "people.Household",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statuses",
        db_index=False,
    )
    village = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    value = models.BooleanField()
    observed_at = models.DateTimeField()
    observation = models.ForeignKey(
        Observation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # When this row last changed: phones pull what changed in their villages since their cursor.
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("current status")
        verbose_name_plural = _("current statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "indicator"],
                condition=Q(resident__isnull=False),
                name="status_one_per_resident",
            ),
            models.UniqueConstraint(
                fields=["household", "indicator"],
                condition=Q(household__isnull=False),
                name="status_one_per_household",
            ),
        ]
        indexes = [
            models.Index(fields=["village", "indicator"], name="status_village"),
            models.Index(fields=["village", "changed_at"], name="status_changed"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value}"


class VillageRollup(models.Model):
    """Today's numerator and denominator of one indicator in one village."""

    village = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    numerator = models.IntegerField(default=0)
    denominator = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["village", "indicator"], name="rollup_once"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id}/{self.indicator_id}: {self.numerator}/{self.denominator}"


class RollupChange(models.Model):
    """How a village's numerator and denominator changed on one day (for any past day)."""

    village = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    numerator_delta = models.IntegerField(default=0)
    denominator_delta = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["village", "indicator", "day"], name="rollupchange_once"
            ),
        ]
        # Covering: a campaign's progress sums the changes of a province's villages since its
        # start from the index alone (the deltas are in it), on SQLite and PostgreSQL alike.
        indexes = [
            models.Index(
                fields=["indicator", "day", "village", "numerator_delta", "denominator_delta"],
                name="rollupchange_day_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.village_id}/{self.indicator_id} {self.day}: {self.numerator_delta:+d}"


class RollupMonth(models.Model):
    """The same changes summed by month: a year's trend reads twelve rows per village."""

    village = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    numerator_delta = models.IntegerField(default=0)
    denominator_delta = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["village", "indicator", "month"], name="rollupmonth_once"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.village_id}/{self.indicator_id} {self.month:%Y-%m}: {self.numerator_delta:+d}"
        )


class VillageCommune(models.Model):
    """Which commune a village's roll-ups are summed into: the parent of its latest version.

    Kept by ``rollups.apply`` (a village's first roll-up) and ``rollups.communes_refresh`` (a
    village moved by a unit event moves its sums with it).
    """

    village = models.OneToOneField(
        "units.Unit", on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    commune = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.village_id} → {self.commune_id}"


class CommuneRollup(models.Model):
    """Today's figures of one indicator summed over the villages of a commune.

    The same figures as the commune's ``VillageRollup`` rows, kept in the same transaction, so
    a province reads its 75 communes instead of its 2,300 villages.
    """

    commune = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    numerator = models.IntegerField(default=0)
    denominator = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commune", "indicator"], name="communerollup_once"),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id}/{self.indicator_id}: {self.numerator}/{self.denominator}"


class CommuneChange(models.Model):
    """The day-by-day changes of a commune: ``RollupChange`` summed over its villages."""

    commune = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    numerator_delta = models.IntegerField(default=0)
    denominator_delta = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "indicator", "day"], name="communechange_once"
            ),
        ]
        # Covering, as RollupChange's: a province's campaign reads its communes' changes since
        # the start from the index alone.
        indexes = [
            models.Index(
                fields=["indicator", "day", "commune", "numerator_delta", "denominator_delta"],
                name="communechange_day_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune_id}/{self.indicator_id} {self.day}: {self.numerator_delta:+d}"


class CommuneMonth(models.Model):
    """A commune's changes summed by month: ``RollupMonth`` summed over its villages (a
    province's 12-month trend reads its communes' rows)."""

    commune = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    numerator_delta = models.IntegerField(default=0)
    denominator_delta = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "indicator", "month"], name="communemonth_once"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.commune_id}/{self.indicator_id} {self.month:%Y-%m}: {self.numerator_delta:+d}"
        )
