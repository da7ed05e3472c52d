"""Users, the roles they hold on administrative units, and API tokens."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from langso.core.dates import FOREVER

if TYPE_CHECKING:
    from django.contrib.sessions.backends.base import SessionBase


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    PROVINCE_OFFICER = "province_officer", _("province officer")
    COMMUNE_OFFICER = "commune_officer", _("commune officer")
    TEAM_LEADER = "team_leader", _("team leader")
    TEAM_MEMBER = "team_member", _("team member")


# Roles that may change units, teams and members in their subtree.
MANAGING_ROLES = frozenset({Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER})


class RoleAssignment(models.Model):
    """A user holds a role on one unit for a while; reads reach that unit's subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="roles")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until (exclusive)"), default=FOREVER)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__lt=F("valid_until")), name="roleassignment_interval"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(valid_until=FOREVER),
                name="roleassignment_one_open",
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_from", "valid_until"], name="role_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit_id}"


class ApiToken(models.Model):
    """A bearer token for programs and the field app. Only its SHA-256 digest is stored.

    What a person needs to recognise the device it was given to is kept beside it (the browser
    or program and the system, read from its user agent, and a name the client gave), never
    the user agent itself. A revoked token is kept, with when and by whom, so that the list of
    one's devices can say so; neither a revoked nor an expired token opens the API.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    browser = models.CharField(_("browser or program"), max_length=60, blank=True)
    system = models.CharField(_("operating system"), max_length=60, blank=True)
    device_name = models.CharField(_("device name"), max_length=60, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=False) | Q(revoked_by__isnull=True),
                name="apitoken_revoker_only_when_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"


class ActivationLink(models.Model):
    """A one-time link on which a team member sets the password of the account an officer made
    for them (or a new one, after a reset). Only the SHA-256 digest of its secret is kept, like
    an API token's. It opens for 7 days and once; a newer link for the same account, or the
    account's deactivation, ends it (``revoked_at``). Kept afterwards, as history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activation_links"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("activation link")
        verbose_name_plural = _("activation links")
        constraints = [
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(revoked_at__isnull=True),
                name="activationlink_used_or_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"


class BrowserSession(AbstractBaseSession):
    """A browser's session (Django's database sessions, extended as its documentation shows),
    with whose it is and the browser it was opened in, so that a person can see where they are
    logged in and the officer's deactivation can end every session of an account at once.
    Written only by ``accounts.sessions.SessionStore``, from the session's own data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="browser_sessions",
    )
    browser = models.CharField(_("browser or program"), max_length=60, blank=True, default="")
    system = models.CharField(_("operating system"), max_length=60, blank=True, default="")
    logged_in_at = models.DateTimeField(_("logged in at"), null=True, blank=True)

    class Meta(AbstractBaseSession.Meta):
        # django-stubs types the base Meta's names as str; Django takes lazy text as usual.
        verbose_name = _("browser session")  # type: ignore[assignment]
        verbose_name_plural = _("browser sessions")  # type: ignore[assignment]

    @classmethod
    def get_session_store_class(cls) -> type["SessionBase"]:
        from langso.accounts.sessions import SessionStore

        return SessionStore
