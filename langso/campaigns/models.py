"""Campaigns: a People's Committee's plan with targets, turned into work and measured.

A campaign covers a unit (a province, commune or village) from ``starts_on`` to ``ends_on``
with goals (a catalog indicator and a target share of its population, or a number of people
to bring to it). Everything under the unit takes part as of each day. Units below may get
higher targets (``UnitTarget``: raised, never lowered). Households of a village are assigned to
members (``Assignment``); moving one to another member ends the old row, so who had it when
stays known. Progress is read from the village roll-ups (``langso.campaigns.progress``), not
stored: the baseline is the roll-up at the start, as the day-by-day changes give it, so an
observation dated before the start enters the baseline whenever it arrives.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # The plan's number and symbol ("125/KH-UBND") and the day it was signed.
    basis_number = models.CharField(_("document number"), max_length=60)
    basis_date = models.DateField(_("document date"), null=True, blank=True)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="campaign_date_order"
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="campaign_unit")]

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    """One indicator of a campaign with its target: a share of the population (0 to 1) or a
    number of people to bring to it during the campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="goals")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    target_share = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    target_count = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "indicator"], name="goal_once"),
            models.CheckConstraint(
                condition=Q(target_share__isnull=False, target_count__isnull=True)
                | Q(target_share__isnull=True, target_count__isnull=False),
                name="goal_one_target",
            ),
            models.CheckConstraint(
                condition=Q(target_share__isnull=True)
                | Q(target_share__gte=0, target_share__lte=1),
                name="goal_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} ≥ {self.target_share or self.target_count}"


class UnitTarget(models.Model):
    """A higher target for one unit under the campaign's unit (a commune raising the
    province's, a village's own). The one in force is the highest on the unit's path."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    target_share = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    target_count = models.PositiveIntegerField(null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "indicator"], name="unit_target_once"
            ),
            models.CheckConstraint(
                condition=Q(target_share__isnull=False, target_count__isnull=True)
                | Q(target_share__isnull=True, target_count__isnull=False),
                name="unit_target_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.indicator_id} ≥ {self.target_share or self.target_count}"


class Assignment(models.Model):
    """A household given to a member for a campaign, from ``assigned_at`` until ``ended_at``
    (moved to someone else, or taken back). One open row per household and campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    household = models.ForeignKey("people.Household", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="campaign_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "household"],
                condition=Q(ended_at__isnull=True),
                name="assignment_one_open",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "member", "ended_at"], name="assignment_member"),
            models.Index(fields=["campaign", "village"], name="assignment_village"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} → {self.member_id}"
