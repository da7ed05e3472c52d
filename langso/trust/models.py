"""The trust checker's data: the official-domain catalog, imported block lists, and community
reports with their moderation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("public service")
    BANK = "bank", _("bank")
    WALLET = "wallet", _("e-wallet")
    TELECOM = "telecom", _("telecom")
    MARKETPLACE = "marketplace", _("marketplace")
    UTILITY = "utility", _("utility")
    POST = "post", _("postal service")
    PLATFORM = "platform", _("platform")


class Brand(models.Model):
    """An organisation people are tricked into trusting: its names and protected labels."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    names = models.JSONField(_("other names"), default=list, blank=True)
    labels = models.JSONField(_("protected labels"), default=list, blank=True)
    catalog_version = models.CharField(_("catalog version"), max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["sector", "name"]

    def __str__(self) -> str:
        return self.name


class OfficialDomain(models.Model):
    """A registrable domain (ASCII, lower case) that really belongs to a brand."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("domain"), max_length=253, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("official domain")
        verbose_name_plural = _("official domains")
        ordering = ["brand", "position"]

    def __str__(self) -> str:
        return self.domain


class ListFormat(models.TextChoices):
    HOSTS = "hosts", _("hosts file")
    URLS = "urls", _("one URL per line")
    CHONGLUADAO_JSON = "chongluadao-json", _("Chống Lừa Đảo JSON")
    PHISHTANK = "phishtank", _("PhishTank (JSON or CSV)")
    OPENPHISH = "openphish", _("OpenPhish feed")
    COMMUNITY = "community", _("community reports")


COMMUNITY_SOURCE = "community"


class BlockSource(models.Model):
    """One block list as last imported: re-importing a source replaces its entries."""

    name = models.SlugField(_("name"), max_length=60, unique=True)
    format = models.CharField(_("format"), max_length=20, choices=ListFormat.choices)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    listed_on = models.DateField(_("date of the list"))
    imported_at = models.DateTimeField(_("imported at"))
    entries = models.PositiveIntegerField(_("entries"), default=0)
    skipped = models.JSONField(_("lines skipped, by reason"), default=dict, blank=True)

    class Meta:
        verbose_name = _("block list")
        verbose_name_plural = _("block lists")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BlockEntry(models.Model):
    """A host (ASCII, lower case, without "www.") a list names, optionally only under a path."""

    source = models.ForeignKey(BlockSource, on_delete=models.CASCADE, related_name="items")
    host = models.CharField(max_length=253)
    path = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("block-list entry")
        verbose_name_plural = _("block-list entries")
        constraints = [
            models.UniqueConstraint(fields=["source", "host", "path"], name="blockentry_unique")
        ]
        indexes = [models.Index(fields=["host"], name="blockentry_host")]

    def __str__(self) -> str:
        return self.host + self.path


class ReportKind(models.TextChoices):
    LINK = "link", _("link")
    PHONE = "phone", _("phone number")
    ACCOUNT = "account", _("bank account")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    CONFIRMED = "confirmed", _("confirmed scam")
    REJECTED = "rejected", _("rejected")


class Report(models.Model):
    """A citizen's or member's report of a link, number or account, and its moderation.

    ``value`` is what the checker looks up: the ASCII host of a link (its path in ``path``),
    the E.164 number, or the account's digits (its bank in ``bank``). Phone numbers reported
    here are the numbers scammers call from, published to warn others: they are kept in the
    clear, unlike residents' numbers. No address or contact of the reporter is stored.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    value = models.CharField(_("value"), max_length=253)
    path = models.CharField(max_length=500, blank=True, default="")
    bank = models.CharField(_("bank"), max_length=40, blank=True, default="")
    shown = models.CharField(_("as written"), max_length=300)
    story = models.TextField(_("what happened"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    note = models.CharField(_("moderator's note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["kind", "value", "status"], name="report_lookup"),
            models.Index(
                fields=["created_at"],
                condition=Q(status="pending"),
                name="report_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.shown}"
