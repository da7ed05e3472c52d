"""Household businesses, the platforms they sell on, their shop links and onboarding checklists.

A business (hộ kinh doanh, a producer, a cooperative) belongs to a household; it is made on a
member's phone as often as at a desk, so its id is a UUID made where it is first recorded, and a
re-sent sync changes nothing. What a member helped it do (papers ready, photos taken, the first
listing, the stand displayed…) is an immutable ``StepDone``, an observation like any indicator's:
the latest by observation time counts, and the two business indicators are worked out from it
(``checklist``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from langso.core.ids import uuid7


class Platform(models.Model):
    """A place a business sells online (Voso, Postmart…), as data: the registrable domains its
    shop links are on, which the trust checker's catalog protects from lookalikes."""

    code = models.SlugField(_("code"), max_length=30, primary_key=True)
    name = models.CharField(_("name"), max_length=80)
    domains = models.JSONField(_("domains"), default=list, blank=True)
    home = models.CharField(_("address"), max_length=200, blank=True)
    # Walked with the checklist (a shop to open): the postal platforms the seed plan names first.
    onboarding = models.BooleanField(_("has an onboarding checklist"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        # A brand's name is the same in every language; the one entry that is not a brand is not.
        return str(_("Own website or page")) if not self.domains else self.name


class Category(models.TextChoices):
    TEA = "tea", _("tea")
    COFFEE = "coffee", _("coffee")
    FRUIT = "fruit", _("fruit")
    VEGETABLES = "vegetables", _("vegetables")
    GRAIN = "grain", _("rice and grain")
    MEAT = "meat", _("meat, fish and eggs")
    HONEY = "honey", _("honey")
    HERBS = "herbs", _("herbs and medicinal plants")
    CRAFTS = "crafts", _("crafts and brocade")
    PROCESSED = "processed", _("processed food")
    SERVICES = "services", _("services and homestays")
    OTHER = "other", _("other")


class OwnerKind(models.TextChoices):
    PERSON = "person", _("a person (household business)")
    ORGANISATION = "organisation", _("a cooperative or company")


class Business(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="businesses"
    )
    name = models.CharField(_("name"), max_length=150)
    owner_kind = models.CharField(
        _("owner"), max_length=20, choices=OwnerKind.choices, default=OwnerKind.PERSON
    )
    products = models.CharField(_("products"), max_length=500, blank=True)
    # The name and the products without tones or case, for search.
    folded = models.CharField(max_length=660, editable=False, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    ocop_stars = models.PositiveSmallIntegerField(_("OCOP stars"), null=True, blank=True)
    # The account it is paid to: a bank of ``langso.core.banks`` by its NAPAS BIN, and the
    # number, sealed like every personal number (a person's account is personal data; a
    # cooperative's is sealed too, so one rule reads them all). The last four digits show it.
    bank_bin = models.CharField(_("bank"), max_length=6, blank=True)
    account_sealed = models.BinaryField(null=True, editable=False)
    account_tail = models.CharField(max_length=4, blank=True, editable=False)
    account_name = models.CharField(_("account holder"), max_length=50, blank=True)
    # Shown on the commune's public market page: what the household agreed to, and when.
    listed = models.BooleanField(_("shown on the commune market page"), default=False)
    listed_at = models.DateTimeField(null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("household business")
        verbose_name_plural = _("household businesses")
        constraints = [
            models.CheckConstraint(
                condition=Q(ocop_stars__isnull=True) | Q(ocop_stars__gte=1, ocop_stars__lte=5),
                name="business_ocop_stars",
            ),
        ]
        indexes = [models.Index(fields=["listed", "household"], name="business_listed")]

    def __str__(self) -> str:
        return self.name


class Verdict(models.TextChoices):
    """The trust checker's verdicts (``langso.trust.engine.codes``), as a link keeps them."""

    TRUSTED = "trusted", _("official")
    UNKNOWN = "unknown", _("not known")
    SUSPICIOUS = "suspicious", _("suspicious")
    SCAM = "scam", _("scam")


class ShopLink(models.Model):
    """Where the business sells on one platform; checked by the trust checker when saved and
    again by ``check_shop_links``. ``flagged_at`` is set when a check first finds it suspicious or
    a scam (the commune sees it) and cleared when an officer has looked."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="links")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="+")
    url = models.CharField(_("shop link"), max_length=500)
    verdict = models.CharField(
        _("check"), max_length=20, choices=Verdict.choices, default=Verdict.UNKNOWN
    )
    reasons = models.JSONField(default=list, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shop link")
        verbose_name_plural = _("shop links")
        constraints = [
            models.UniqueConstraint(
                fields=["business", "platform"], name="shoplink_one_per_platform"
            )
        ]
        indexes = [
            models.Index(
                fields=["flagged_at"],
                condition=Q(flagged_at__isnull=False),
                name="shoplink_flagged",
            ),
            models.Index(fields=["checked_at"], name="shoplink_checked"),
        ]

    def __str__(self) -> str:
        return self.url


class StepDone(models.Model):
    """Immutable: one checklist step of one business, done (or found undone again: a shop
    closed), on one platform or, with no platform, on the QR payment track."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="steps")
    platform = models.ForeignKey(
        Platform, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step = models.CharField(_("step"), max_length=30)
    value = models.BooleanField(default=True)
    observed_at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=10)

    class Meta:
        verbose_name = _("checklist step")
        verbose_name_plural = _("checklist steps")
        indexes = [models.Index(fields=["business", "observed_at"], name="stepdone_business")]

    def __str__(self) -> str:
        return f"{self.step}={self.value}"
