"""Announcements, and every delivery of every message Làng Số sends.

One delivery row is one (message, recipient, channel): an announcement to a member's field-app
inbox, an SMS to a resident, a Zalo message, an email, or a reply to a citizen's feedback
report. The row is the outbox (healthchecks' rule: no network call inside a transaction): it is
written first, a worker claims it, calls the provider outside any transaction, and records what
became of it. Its id is the idempotency key the provider sees, so a delivery is never sent twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    APP = "app", _("field app")
    SMS = "sms", _("SMS")
    ZALO = "zalo", _("Zalo")
    EMAIL = "email", _("email")


class TeamAudience(models.TextChoices):
    NONE = "none", _("no team")
    LEADERS = "leaders", _("team leaders and deputies")
    MEMBERS = "members", _("every team member")


class LinkKind(models.TextChoices):
    NONE = "", _("no link")
    GUIDE = "guide", _("a guide")
    CAMPAIGN = "campaign", _("a campaign")
    WARNING = "warning", _("a scam warning")


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SCHEDULED = "scheduled", _("scheduled")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    CANCELLED = "cancelled", _("cancelled")


class AnnouncementImage(models.Model):
    """A picture sent with an announcement, re-encoded without metadata (as guides' pictures
    are), kept under its SHA-256."""

    sha256 = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(max_length=40)
    data = models.BinaryField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("announcement picture")
        verbose_name_plural = _("announcement pictures")

    def __str__(self) -> str:
        return self.sha256[:12]


class Announcement(models.Model):
    """What an officer sends: the words, who it goes to, through which channels, and when.

    ``unit`` is the issuing unit (a commune or province whose officer wrote it): officers who
    see that unit see the announcement, and the units addressed (``units``) lie inside it.
    ``audience`` is what the officer chose, kept as chosen so the dashboard can say it back:
    ``{"teams": "leaders" | "members" | "none", "residents": {"all": bool, "lacking": [codes],
    "min_age": int | null}}``.
    """

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    units = models.ManyToManyField("units.Unit", related_name="+", through="AnnouncementUnit")
    title = models.CharField(_("title"), max_length=150)
    text = models.TextField(_("text"))
    link_kind = models.CharField(
        _("link"), max_length=10, choices=LinkKind.choices, blank=True, default=LinkKind.NONE
    )
    link_ref = models.CharField(max_length=200, blank=True)
    image = models.ForeignKey(
        AnnouncementImage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    audience = models.JSONField(default=dict)
    channels = models.JSONField(default=list)
    urgent = models.BooleanField(_("urgent"), default=False)
    # The day ``{han}`` stands for in the text (a deadline); a linked campaign's end by default.
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AnnouncementStatus.choices,
        default=AnnouncementStatus.DRAFT,
    )
    # How many people each channel reaches, counted when the deliveries were queued.
    reach = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "created_at"], name="announcement_unit"),
            models.Index(fields=["status", "send_at"], name="announcement_due"),
        ]

    def __str__(self) -> str:
        return self.title


class AnnouncementUnit(models.Model):
    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["announcement", "unit"], name="announcement_unit_once")
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id} → {self.unit_id}"


class Template(models.Model):
    """A commune's saved wording, with variables (``{ten}``, ``{thon}``, ``{han}``)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("title"), max_length=150, blank=True)
    text = models.TextField(_("text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="template_name_once")]

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to be sent")
    SENT = "sent", _("sent")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")
    OPTED_OUT = "opted_out", _("opted out")
    CANCELLED = "cancelled", _("cancelled")
    # A reply to a citizen while no gateway is connected: kept for an officer to pass on.
    KEPT = "kept", _("kept in the local outbox")


class DeliverySource(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("announcement")
    FEEDBACK = "feedback", _("reply to feedback")


class Delivery(models.Model):
    """One message to one recipient through one channel, and what became of it.

    The recipient is a team member (``person``, with ``user`` for the field app and email), a
    resident, or, for a feedback reply, only a sealed phone number (``address_sealed``). An
    announcement's text is rendered for the recipient when sent (``text`` stays empty); a
    feedback reply carries its own ``text``. ``village`` and ``team`` say where the recipient
    belongs, for the dashboard's counts per unit.
    """

    announcement = models.ForeignKey(
        Announcement, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    source = models.CharField(
        max_length=12, choices=DeliverySource.choices, default=DeliverySource.ANNOUNCEMENT
    )
    # The feedback report a reply belongs to (its id), so the feedback app finds its messages
    # without this app knowing about reports.
    # Defaults in the database too: an announcement's deliveries are written by a raw insert
    # (``services.QUEUE_FIELDS``) that names only the columns it fills.
    source_ref = models.CharField(max_length=40, blank=True, db_default="")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    person = models.ForeignKey(
        "teams.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resident = models.ForeignKey(
        "people.Resident", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address_sealed = models.BinaryField(null=True, editable=False)
    address_masked = models.CharField(
        _("to"), max_length=60, blank=True, editable=False, db_default=""
    )
    text = models.TextField(_("message"), blank=True, db_default="")
    urgent = models.BooleanField(default=False)
    status = models.CharField(
        _("delivery"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0, db_default=0)
    # Not before then: the backoff after a failure, the schedule, or the end of quiet hours.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # When a worker took the delivery to send it; cleared with the result. A claim older than
    # ``delivery.CLAIM_EXPIRES`` was left by a worker that died, and may be taken again.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The random mark of the run that holds the claim: results are recorded only under it.
    claim = models.CharField(max_length=16, blank=True, editable=False, db_default="")
    provider_id = models.CharField(max_length=100, blank=True, db_default="")
    error_code = models.CharField(max_length=40, blank=True, db_default="")
    error = models.CharField(max_length=300, blank=True, db_default="")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "channel", "person"],
                condition=Q(person__isnull=False),
                name="delivery_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["announcement", "channel", "resident"],
                condition=Q(resident__isnull=False),
                name="delivery_once_per_resident",
            ),
            models.CheckConstraint(condition=Q(attempts__gte=0), name="delivery_attempts_counted"),
        ]
        indexes = [
            # Not a partial index on the queued rows: SQLite uses one only when the query names
            # the very literal, and Django sends the status as a parameter.
            models.Index(fields=["channel", "status", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["announcement", "channel", "status"], name="delivery_counts"),
            models.Index(fields=["user", "channel", "created_at"], name="delivery_inbox"),
            models.Index(fields=["source", "source_ref"], name="delivery_source"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.channel} {self.status}"


class GroupPost(models.Model):
    """An announcement to be posted by hand in a team's Zalo group (a group has no API): the
    ready text carries a short tracked link ``/a/<code>`` whose opens are counted here, and the
    leader ticks it off once posted."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="group_posts"
    )
    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=12, unique=True)
    opens = models.PositiveIntegerField(default=0)
    first_opened_at = models.DateTimeField(null=True, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("post in a Zalo group")
        verbose_name_plural = _("posts in Zalo groups")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "team"], name="group_post_once")
        ]

    def __str__(self) -> str:
        return self.code


class OptOut(models.Model):
    """A phone number that asked for no more announcements (by reply or by the link in a
    message), kept by its blind index. Residents with that number also get a withdrawn consent
    row; officers cannot undo either, only the person, by giving consent again in person."""

    phone_index = models.CharField(max_length=32, unique=True)
    how = models.CharField(max_length=10)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")

    def __str__(self) -> str:
        return f"{self.how} {self.recorded_at:%Y-%m-%d}"


class ZaloToken(models.Model):
    """The Official Account's current access token and refresh token (a single row). Zalo
    hands out a new refresh token with every refresh and the old one stops working, so the pair
    must live in the database, not only in the environment that seeded it."""

    access_token_sealed = models.BinaryField()
    refresh_token_sealed = models.BinaryField()
    expires_at = models.DateTimeField()
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="zalotoken_single_row"),
        ]

    def __str__(self) -> str:
        return f"Zalo token until {self.expires_at:%Y-%m-%d %H:%M}"


class ZaloFollower(models.Model):
    """A follower of the commune's Official Account whose phone number Zalo told us (the OA
    webhook's ``user_submit_info`` event), kept by the number's blind index: a recipient with a
    known follower id gets a free OA message, the others a paid ZNS template message."""

    phone_index = models.CharField(max_length=32, unique=True)
    zalo_user_id = models.CharField(max_length=40)
    following = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Zalo follower")
        verbose_name_plural = _("Zalo followers")

    def __str__(self) -> str:
        return self.zalo_user_id
