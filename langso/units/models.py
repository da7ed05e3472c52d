"""Administrative units with their history.

A ``Unit`` is an identity that lives through time; what it is called, which code it carries,
what kind it is and which unit it sits under are kept in ``UnitVersion`` rows with half-open
validity intervals ``[valid_from, valid_until)``. A ``UnitEvent`` (a merge, a split, a rename,
a re-parenting, the abolition of a level) opens and closes versions and never deletes one, so
every question can be asked as of any date.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from langso.core.dates import BEGINNING, FOREVER


class Level(models.IntegerChoices):
    PROVINCE = 1, _("province level")
    DISTRICT = 2, _("district level")
    COMMUNE = 3, _("commune level")
    VILLAGE = 4, _("village level")


class Kind(models.TextChoices):
    PROVINCE = "province", _("province")
    CITY = "city", _("centrally-run city")
    DISTRICT = "district", _("district")
    COMMUNE = "commune", _("commune")
    WARD = "ward", _("ward")
    TOWN = "town", _("township")
    SPECIAL_ZONE = "special_zone", _("special zone")
    VILLAGE = "village", _("village")


LEVEL_OF_KIND: dict[str, int] = {
    Kind.PROVINCE: Level.PROVINCE,
    Kind.CITY: Level.PROVINCE,
    Kind.DISTRICT: Level.DISTRICT,
    Kind.COMMUNE: Level.COMMUNE,
    Kind.WARD: Level.COMMUNE,
    Kind.TOWN: Level.COMMUNE,
    Kind.SPECIAL_ZONE: Level.COMMUNE,
    Kind.VILLAGE: Level.VILLAGE,
}


# A code Làng Số made because the unit has no national one: "L-" for a commune the national
# list never numbered (``units.national``), the parent's code and a dot for a village
# (``services._next_village_code``). Vietnam gives villages no national codes at all.
LOCAL_CODE_PREFIX = "L-"


def is_local_code(code: str) -> bool:
    return code.startswith(LOCAL_CODE_PREFIX) or "." in code


class Unit(models.Model):
    """The lasting identity of an administrative unit; everything else lives in its versions."""

    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self) -> str:
        latest = self.versions.order_by("-valid_from").first()
        return f"{latest.name} ({latest.code})" if latest else f"Unit {self.pk}"


class EventKind(models.TextChoices):
    ESTABLISH = "establish", _("establishment")
    MERGE = "merge", _("merger")
    SPLIT = "split", _("split")
    RENAME = "rename", _("rename")
    REPARENT = "reparent", _("change of parent unit")
    ABOLISH_LEVEL = "abolish_level", _("abolition of a level")
    REFORM = "reform", _("reorganisation")


class UnitEvent(models.Model):
    """A dated change with its legal basis. Its ``key`` makes re-applying it a no-op."""

    key = models.CharField(_("key"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    effective = models.DateField(_("effective from"))
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("change event")
        verbose_name_plural = _("change events")
        ordering = ["effective", "id"]

    def __str__(self) -> str:
        return f"{self.effective:%d/%m/%Y} {self.get_kind_display()}: {self.legal_basis}"


class UnitVersion(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="versions")
    code = models.CharField(_("code"), max_length=24)
    name = models.CharField(_("name"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="child_versions"
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until (exclusive)"))
    opened_by = models.ForeignKey(
        UnitEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="opened"
    )
    closed_by = models.ForeignKey(
        UnitEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="closed"
    )

    class Meta:
        verbose_name = _("unit version")
        verbose_name_plural = _("unit versions")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__lt=F("valid_until")), name="unitversion_interval_ordered"
            ),
            models.UniqueConstraint(fields=["unit", "valid_from"], name="unitversion_one_start"),
            models.UniqueConstraint(fields=["code", "valid_from"], name="unitversion_code_start"),
        ]
        indexes = [
            models.Index(fields=["code", "valid_from"], name="unitversion_code_idx"),
            models.Index(fields=["parent", "valid_from", "valid_until"], name="unitversion_tree"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code}) {self.valid_from}–{self.valid_until}"

    @property
    def level(self) -> int:
        return LEVEL_OF_KIND[self.kind]

    @property
    def code_is_local(self) -> bool:
        return is_local_code(self.code)

    @property
    def start_known(self) -> bool:
        return self.valid_from != BEGINNING

    @property
    def open_ended(self) -> bool:
        return self.valid_until == FOREVER


class EdgeRole(models.TextChoices):
    MERGED_INTO = "merged_into", _("merged into")
    SPLIT_INTO = "split_into", _("gave part to")
    ABOLISHED = "abolished", _("abolished, its units moved up to")
    ESTABLISHED = "established", _("established")
    CHANGED = "changed", _("changed")


class UnitEventEdge(models.Model):
    """What an event did: which unit went where.

    ``merged_into``: the source ended and all of it went to the target. ``split_into``: part of
    the source went to the target; when the source ended, ``is_main`` marks the successor that
    whatever is not told otherwise (children placed later, the commune-level team) follows.
    ``abolished``: the source's level was abolished and its children moved up to the target.
    """

    event = models.ForeignKey(UnitEvent, on_delete=models.CASCADE, related_name="edges")
    role = models.CharField(max_length=20, choices=EdgeRole.choices)
    source = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="edges_out"
    )
    target = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="edges_in"
    )
    is_main = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "role", "source", "target"], name="uniteventedge_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.source_id} {self.role} {self.target_id}"
