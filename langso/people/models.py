"""Households and residents of a village, with their consent.

ID and phone numbers are never stored in the clear: each has a sealed copy (vault), a blind
index for exact lookup and de-duplication, and a masked form for screens ("**********89").
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from langso.core.dates import today


class PresentHouseholds(models.Manager["Household"]):
    """Households still on the register: one merged into another is kept, for its history, but
    is no longer a household anywhere it would be counted, listed or visited."""

    def get_queryset(self) -> models.QuerySet["Household"]:
        return super().get_queryset().filter(merged_into__isnull=True)


class Household(models.Model):
    village = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="households", db_index=False
    )
    number = models.CharField(_("household number"), max_length=30, blank=True)
    head_name = models.CharField(_("head of household"), max_length=150, blank=True)
    # A default in the database too: the importer and the demo insert rows with raw SQL.
    address = models.CharField(_("address"), max_length=200, blank=True, db_default="")
    is_business = models.BooleanField(_("household business"), default=False)
    # Set when this household was found to be the same as an older one and merged into it.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The day the household entered the populations of the village it is in now: the day it was
    # recorded, or moved or merged into. Its observations count in that village's numerators
    # from that day, never before (``indicators.rollups.booked_on``). Every service sets it;
    # the default is for rows made another way.
    counted_since = models.DateField(_("counted since"), default=today)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The default manager leaves merged households out, so every list, count and look-up made
    # anywhere (lists, dashboards, the importer, the field app's sync) sees only the households
    # that exist; ``all_objects`` also reaches the merged ones, for their history.
    all_objects = models.Manager()
    objects = PresentHouseholds()

    class Meta:
        default_manager_name = "objects"
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [models.Index(fields=["village", "number"], name="household_village")]

    def __str__(self) -> str:
        return self.head_name or f"#{self.pk}"


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class IdKind(models.TextChoices):
    CCCD = "cccd", _("citizen ID card (CCCD)")
    CMND = "cmnd", _("old ID card (CMND)")


class Departure(models.TextChoices):
    """Why a resident is no longer on the register (kept, never deleted)."""

    DIED = "died", _("died")
    WITHDRAWN = "withdrawn", _("recorded by mistake")
    MERGED = "merged", _("the same person as another resident")


class PresentResidents(models.Manager["Resident"]):
    """Residents still on the register: not dead, withdrawn or merged into another."""

    def get_queryset(self) -> models.QuerySet["Resident"]:
        return super().get_queryset().filter(departed="")


class Resident(models.Model):
    # Both foreign keys lead the composite indexes below, so they need no index of their own
    # (every index costs each of the hundreds of thousands of rows an import writes).
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="residents", db_index=False
    )
    # The household's village, kept here too: every scope check and roll-up counts by village.
    village = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="residents", db_index=False
    )
    full_name = models.CharField(_("full name"), max_length=150)
    full_name_folded = models.CharField(max_length=150, editable=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=40, blank=True)
    relationship = models.CharField(_("relationship to the head"), max_length=60, blank=True)
    is_head = models.BooleanField(_("head of household"), default=False)
    id_kind = models.CharField(_("ID kind"), max_length=4, choices=IdKind.choices, blank=True)
    id_sealed = models.BinaryField(null=True, editable=False)
    # NULL, not "", when there is no number: the unique constraint must ignore those rows.
    id_index = models.CharField(max_length=32, null=True, editable=False)  # noqa: DJ001
    id_masked = models.CharField(_("ID number"), max_length=16, blank=True, editable=False)
    phone_sealed = models.BinaryField(null=True, editable=False)
    phone_index = models.CharField(max_length=32, null=True, editable=False)  # noqa: DJ001
    phone_masked = models.CharField(_("phone"), max_length=16, blank=True, editable=False)
    departed = models.CharField(
        _("no longer on the register"),
        max_length=10,
        choices=Departure.choices,
        blank=True,
        db_default="",  # raw inserts of imports name only the columns they fill
    )
    departed_on = models.DateField(_("since"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # As for households: the day the resident entered the populations they are in now, in the
    # village they live in now (recorded, moved, merged, reinstated, or brought into a
    # population by a corrected birth year). Their observations count from then, never before.
    counted_since = models.DateField(_("counted since"), default=today)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # As for households: everyone who counts is on the default manager, and ``all_objects``
    # also reaches those who died, were withdrawn or merged (their pages and history remain).
    all_objects = models.Manager()
    objects = PresentResidents()

    class Meta:
        default_manager_name = "objects"
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        constraints = [
            models.UniqueConstraint(
                fields=["id_index"], condition=Q(id_index__isnull=False), name="resident_one_id"
            ),
        ]
        indexes = [
            models.Index(fields=["village", "full_name_folded"], name="resident_village_name"),
            models.Index(fields=["household", "full_name_folded"], name="resident_household"),
            models.Index(fields=["phone_index"], name="resident_phone"),
        ]

    def __str__(self) -> str:
        return self.full_name


class IdConflictResolution(models.TextChoices):
    HOLDER_KEEPS = "holder_keeps", _("the number stays with the resident who held it")
    CLAIMANT_GETS = "claimant_gets", _("the number goes to the resident it was given for")


class IdConflict(models.Model):
    """An ID number given for a resident (the claimant) that another resident (the holder),
    outside what the person giving it may see, already holds.

    Telling that person "this number is taken" would let anyone with an account test whether a
    number is registered anywhere, so they are told nothing: the claimant keeps the number
    sealed and masked but without its blind index (which must stay unique), exactly as if it
    were new, and an officer who may see both residents decides who holds it. Every such
    lookup is written to the audit log.
    """

    claimant = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="id_claims")
    holder = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    id_index = models.CharField(max_length=32, db_index=True, editable=False)
    id_sealed = models.BinaryField(editable=False)
    id_masked = models.CharField(max_length=16, editable=False)
    id_kind = models.CharField(max_length=4, choices=IdKind.choices, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.CharField(
        _("decision"), max_length=14, choices=IdConflictResolution.choices, blank=True
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ID number conflict")
        verbose_name_plural = _("ID number conflicts")
        constraints = [
            models.UniqueConstraint(
                fields=["claimant", "id_index"],
                condition=Q(resolved_at__isnull=True),
                name="idconflict_one_open_per_claim",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claimant_id} ↔ {self.holder_id}"


# The purpose a resident consents to in order to receive the commune's announcements by SMS,
# Zalo or email (Decree 13/2023 asks for consent per purpose; outreach reaches only those whose
# latest consent for it is given). Stored as written, in Vietnamese, like other purposes.
CONTACT_PURPOSE = "Nhận thông báo"
# What officers and members record most, offered as they type.
COMMON_PURPOSES = (CONTACT_PURPOSE, "Hướng dẫn dịch vụ số")


class Consent(models.Model):
    """What a resident agreed to, and when; the latest row is what holds now."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="consents")
    given = models.BooleanField(_("consent given"))
    purpose = models.CharField(_("purpose"), max_length=200)
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["resident", "recorded_at"], name="consent_resident")]

    def __str__(self) -> str:
        return f"{self.resident_id}: {self.given} ({self.purpose})"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to be checked")
    CHECKING = "checking", _("checking")
    CHECKED = "checked", _("checked: waiting for your confirmation")
    IMPORTING = "importing", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("could not be imported")
    CANCELLED = "cancelled", _("cancelled")


class ImportJob(models.Model):
    """An upload on its way in: checked in the background, then imported on confirmation.

    The file holds citizens' ID numbers, so it is kept sealed like them and dropped once the
    job is finished; the rejected rows (for the officer to fix) are kept sealed until then too.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    create_villages = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=ImportStatus.choices)
    progress = models.PositiveSmallIntegerField(default=0)
    file_sealed = models.BinaryField(null=True, editable=False)
    rejected_sealed = models.BinaryField(null=True, editable=False)
    check_report = models.JSONField(null=True, blank=True)
    final_report = models.JSONField(null=True, blank=True)
    error = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"


class ResidentChange(models.Model):
    """One field of a resident corrected: who, when, the old and the new value as shown.

    Sealed values (ID and phone numbers) are written here masked only: the history never holds
    a whole number.
    """

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="changes")
    field = models.CharField(max_length=20)
    old = models.CharField(max_length=200, blank=True)
    new = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("correction of a resident")
        verbose_name_plural = _("corrections of residents")
        indexes = [models.Index(fields=["resident", "changed_at"], name="residentchange_when")]

    def __str__(self) -> str:
        return f"{self.resident_id}.{self.field}: {self.old} → {self.new}"


class HouseholdChange(models.Model):
    """One field of a household corrected (its number, address or village)."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="changes")
    field = models.CharField(max_length=20)
    old = models.CharField(max_length=200, blank=True)
    new = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("correction of a household")
        verbose_name_plural = _("corrections of households")
        indexes = [models.Index(fields=["household", "changed_at"], name="householdchange_when")]

    def __str__(self) -> str:
        return f"{self.household_id}.{self.field}: {self.old} → {self.new}"


class LifeEventKind(models.TextChoices):
    MOVED = "moved", _("moved to another household")
    DIED = "died", _("died")
    WITHDRAWN = "withdrawn", _("recorded by mistake")
    REINSTATED = "reinstated", _("put back on the register")


class LifeEvent(models.Model):
    """Something that happened to a resident, on a date: a move, a death, the finding that
    they were recorded by mistake, or that such a record was itself wrong (reinstated). Never
    edited or deleted; the resident row keeps where they are now, and these rows keep how they
    got there."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="life_events")
    kind = models.CharField(_("what happened"), max_length=10, choices=LifeEventKind.choices)
    happened_on = models.DateField(_("on"))
    from_household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_village = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_village = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The blind index of the ID number a resident held when they died or were withdrawn: the
    # resident's own index is freed (the number may go to the right person), and this one lets
    # a re-imported list that still holds them be refused instead of bringing them back.
    id_index = models.CharField(max_length=32, null=True, editable=False)  # noqa: DJ001
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("life event")
        verbose_name_plural = _("life events")
        indexes = [
            models.Index(fields=["resident", "happened_on"], name="lifeevent_resident"),
            models.Index(fields=["id_index"], name="lifeevent_id_index"),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id} {self.kind} {self.happened_on}"


class MergeKind(models.TextChoices):
    HOUSEHOLDS = "households", _("two households")
    RESIDENTS = "residents", _("two residents")


class Merge(models.Model):
    """Two households or two residents found to be the same: the older is kept, the other is
    marked merged into it, and ``moved`` lists the ids of every row that changed hands
    (observations, visits, residents, consents), so the merge can be read back exactly."""

    kind = models.CharField(max_length=10, choices=MergeKind.choices)
    kept_household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gone_household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kept_resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gone_resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moved = models.JSONField(default=dict)
    merged_at = models.DateTimeField(auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"
