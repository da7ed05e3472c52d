"""Guides, the digital-skills framework, what members saw people do, and certificates.

A guide keeps every version its editors saved; the public reads the version published last, so
a draft being written never shows. The skill framework is data, like the indicator catalog. A
skill observation is immutable, like an indicator observation: the current state of a person's
skill is the latest by observation time. Certificates carry a signed, unguessable code that
anyone can check at ``/xac-nhan/<code>``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from langso.core.ids import uuid7


class Guide(models.Model):
    """A short, step-by-step guide. Its text lives in its versions."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    # The version the public reads; null while the guide has never been published (or was
    # withdrawn).
    published = models.ForeignKey(
        "GuideVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    published_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.slug


class GuideVersion(models.Model):
    """One saved text of a guide. Never changed: an edit saves a new version."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    # Who the guide is for ("Người dân có điện thoại thông minh", ...).
    audience = models.CharField(_("who it is for"), max_length=300)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    # Markdown: the steps, each with its picture.
    steps = models.TextField(_("steps"))
    # Markdown: common problems and what to do.
    problems = models.TextField(_("common problems"), blank=True)
    source_title = models.CharField(_("official source"), max_length=300)
    source_url = models.URLField(_("address of the source"), max_length=500, blank=True)
    # The skills of the framework this guide teaches (codes).
    skills = models.JSONField(_("skills"), default=list, blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("guide version")
        verbose_name_plural = _("guide versions")
        ordering = ["guide", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="guideversion_once"),
        ]

    def __str__(self) -> str:
        return f"{self.guide_id} v{self.number}"


class GuideImage(models.Model):
    """A picture for a guide's steps, kept in the database like feedback photos (one machine,
    one backup). Served by its digest, so a cache may keep it for ever."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="images")
    digest = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=40)
    content = models.BinaryField(editable=False)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("guide picture")
        verbose_name_plural = _("guide pictures")

    def __str__(self) -> str:
        return self.name


class SkillGroup(models.Model):
    code = models.CharField(_("code"), max_length=20, primary_key=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    framework = models.CharField(_("framework"), max_length=200)
    source_document = models.CharField(_("source document"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("skill group")
        verbose_name_plural = _("skill groups")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code


class Skill(models.Model):
    code = models.CharField(_("code"), max_length=20, primary_key=True)
    group = models.ForeignKey(SkillGroup, on_delete=models.PROTECT, related_name="skills")
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target_group = models.CharField(_("target group"), max_length=200)
    source_document = models.CharField(_("source document"), max_length=300)
    # Where the published text says less than a member needs to judge the skill at a door.
    note = models.TextField(_("note"), blank=True)
    # One of the basic skills a person must show to be "proficient in the basic skills".
    basic = models.BooleanField(_("basic skill"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code


class SkillObservation(models.Model):
    """Immutable: a member saw (not was told) that a person can, or cannot yet, do a skill."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    resident = models.ForeignKey(
        "people.Resident", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+", db_index=False)
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
    # Where it came from ("visit", "manual", "demo") and, for a visit, the visit's id: the
    # visits app hands skills over through a registry (``visits.visit_parts``), so this app
    # does not depend on it.
    source = models.CharField(max_length=10)
    source_ref = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("skill observation")
        verbose_name_plural = _("skill observations")
        indexes = [
            models.Index(fields=["resident", "skill", "observed_at"], name="skillobs_resident"),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id}={self.value} @ {self.observed_at:%Y-%m-%d}"


class SkillStatus(models.Model):
    """The latest skill observation of one person and skill (by observation time)."""

    resident = models.ForeignKey(
        "people.Resident", on_delete=models.CASCADE, related_name="skill_statuses", db_index=False
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+", db_index=False)
    village = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    value = models.BooleanField()
    observed_at = models.DateTimeField()
    observation = models.ForeignKey(
        SkillObservation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # When this row last changed: phones pull what changed in their villages since their cursor.
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("current skill")
        verbose_name_plural = _("current skills")
        constraints = [
            models.UniqueConstraint(fields=["resident", "skill"], name="skillstatus_once"),
        ]
        indexes = [models.Index(fields=["village", "changed_at"], name="skillstatus_changed")]

    def __str__(self) -> str:
        return f"{self.skill_id}={self.value}"


class CertificateSettings(models.Model):
    """A commune's choices about certificates."""

    commune = models.OneToOneField(
        "units.Unit", on_delete=models.PROTECT, related_name="+", primary_key=True
    )
    # Issue a certificate by itself as soon as a person reaches the standard.
    auto_issue = models.BooleanField(_("issue certificates automatically"), default=False)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("certificate settings")
        verbose_name_plural = _("certificate settings")

    def __str__(self) -> str:
        return str(self.commune_id)


class Certificate(models.Model):
    """A person reached the standard of the basic skills on a day, confirmed by a commune."""

    # The public code printed under the QR: random, with a signature (see learning.certcodes).
    code = models.CharField(max_length=40, unique=True)
    resident = models.ForeignKey(
        "people.Resident", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    commune = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # What the certificate says, frozen when it is issued: the masked name as printed, the
    # skills (codes) and the commune's name on that day.
    name_masked = models.CharField(max_length=150)
    skills = models.JSONField(default=list)
    commune_name = models.CharField(max_length=200)
    issued_on = models.DateField()
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    revoke_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            # One certificate in force per person: a new one only after revoking the old.
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_one_in_force",
            ),
        ]
        indexes = [models.Index(fields=["village", "issued_on"], name="certificate_village")]

    def __str__(self) -> str:
        return self.code
