"""Community digital technology teams, the people on them, and their Zalo groups.

Teams, memberships and Zalo groups all keep history with half-open intervals, like units: a
member who leaves is given a leaving date, a team whose commune merged is closed with a pointer
to the team it went into. Nothing is deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from langso.core.dates import FOREVER


class Team(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("established on"))
    valid_until = models.DateField(_("closed on"), default=FOREVER)
    opened_by = models.ForeignKey(
        "units.UnitEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        "units.UnitEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__lt=F("valid_until")), name="team_interval_ordered"
            ),
            models.UniqueConstraint(
                fields=["unit"], condition=Q(valid_until=FOREVER), name="team_one_open_per_unit"
            ),
        ]
        indexes = [models.Index(fields=["unit", "valid_from", "valid_until"], name="team_unit")]

    def __str__(self) -> str:
        return self.name


class PhoneVisibility(models.TextChoices):
    """What the rest of a member's team sees of the member's own phone number: the member's
    choice. Whoever manages the team (its officers and its leader) may always ask for the full
    number with a reason, written to the audit log."""

    HIDDEN = "hidden", pgettext_lazy("phone number", "hidden")
    MASKED = "masked", _("only the last three digits shown")
    TEAM = "team", _("shown whole when a team member asks (written to the audit log)")


class Person(models.Model):
    """Someone who serves on one or more teams (a member need not have a login).

    Their phone number is kept like a resident's, never in the clear: a sealed copy (vault), a
    blind index (to find a person by number and to recognise someone who serves on two teams)
    and the masked form that screens show.
    """

    full_name = models.CharField(_("full name"), max_length=150)
    full_name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    phone_sealed = models.BinaryField(null=True, editable=False)
    phone_index = models.CharField(max_length=32, null=True, editable=False)  # noqa: DJ001
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True, editable=False)
    phone_visibility = models.CharField(
        _("how the phone number shows to the team"),
        max_length=10,
        choices=PhoneVisibility.choices,
        default=PhoneVisibility.MASKED,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["phone_index"], name="person_phone")]

    def __str__(self) -> str:
        return self.full_name


class TeamRole(models.TextChoices):
    LEADER = "leader", _("team leader")
    DEPUTY = "deputy", _("deputy leader")
    MEMBER = "member", _("member")


class Organisation(models.TextChoices):
    YOUTH_UNION = "youth_union", _("Youth Union")
    WOMEN_UNION = "women_union", _("Women's Union")
    FARMERS_UNION = "farmers_union", _("Farmers' Union")
    VETERANS = "veterans", _("Veterans' Association")
    POLICE = "police", _("Commune police")
    VILLAGE_HEAD = "village_head", _("Village head")
    TEACHER = "teacher", _("Teacher")
    OTHER = "other", _("Other")


class Membership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices)
    organisation = models.CharField(_("organisation"), max_length=20, choices=Organisation.choices)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), default=FOREVER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(joined_on__lt=F("left_on")), name="membership_interval_ordered"
            ),
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=Q(left_on=FOREVER),
                name="membership_one_open",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "joined_on", "left_on"], name="membership_team"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()}"


class ZaloGroup(models.Model):
    """A team's Zalo group: its invite link, and since when it is the team's group."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="zalo_groups")
    invite_link = models.URLField(_("invite link"), max_length=200)
    valid_from = models.DateField()
    valid_until = models.DateField(default=FOREVER)

    class Meta:
        verbose_name = _("Zalo group")
        verbose_name_plural = _("Zalo groups")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__lt=F("valid_until")), name="zalogroup_interval_ordered"
            ),
            models.UniqueConstraint(
                fields=["team"], condition=Q(valid_until=FOREVER), name="zalogroup_one_open"
            ),
        ]
        indexes = [models.Index(fields=["team", "valid_from", "valid_until"], name="zalo_team")]

    def __str__(self) -> str:
        return self.invite_link
