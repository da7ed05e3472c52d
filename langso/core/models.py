"""The audit log: who read or exported personal data or cut off a device, when, and why."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    REVEAL_ID = "reveal_id", _("showed a full ID number")
    REVEAL_PHONE = "reveal_phone", _("showed a full phone number")
    REVEAL_CONTACT = "reveal_contact", _("showed a reporter's name or phone number")
    REVEAL_MEMBER_PHONE = "reveal_member_phone", _("showed a team member's full phone number")
    EXPORT = "export", _("exported personal data")
    IMPORT = "import", _("imported personal data")
    REVOKE_TOKEN = "revoke_token", _("revoked a login on a device")
    ID_CONFLICT = "id_conflict", _("gave an ID number another resident holds out of sight")
    ID_CONFLICT_RESOLVE = "id_conflict_resolve", _("decided who holds a disputed ID number")
    LOGIN_UNLOCK = "login_unlock", _("lifted a login lock")
    EDIT_SEALED = "edit_sealed", _("changed a resident's ID or phone number")
    ACCOUNT_CREATE = "account_create", _("created an account for a team member")
    ACCOUNT_ACTIVATE = "account_activate", _("set a password through an activation link")
    ACCOUNT_DEACTIVATE = "account_deactivate", _("deactivated an account")
    ACCOUNT_REACTIVATE = "account_reactivate", _("reactivated an account (new activation link)")
    PASSWORD_RESET = "password_reset", _("sent a new activation link (password reset)")
    PASSWORD_CHANGE = "password_change", _("changed their password")
    GUIDE_CREATE = "guide_create", _("created a guide")
    GUIDE_SAVE = "guide_save", _("saved a new version of a guide")
    GUIDE_PUBLISH = "guide_publish", _("published a version of a guide")
    GUIDE_UNPUBLISH = "guide_unpublish", _("withdrew a guide from the public")
    GUIDE_IMAGE = "guide_image", _("uploaded a picture for a guide")
    CERTIFICATE_ISSUE = "certificate_issue", _("issued a digital skills certificate")
    CERTIFICATE_REVOKE = "certificate_revoke", _("revoked a digital skills certificate")
    CERTIFICATE_SETTINGS = "certificate_settings", _("changed a commune's certificate settings")
    REVEAL_ACCOUNT = "reveal_account", _("used a business's full bank account number")


class AuditEntry(models.Model):
    """Append-only. Nothing in the application updates or deletes these rows."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    reason = models.CharField(_("reason"), max_length=300)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_id}"


class RateCounter(models.Model):
    """How often one hashed key was used under one rate limit in one fixed window.

    Written only by ``core.ratelimit`` with one upsert per use; ``key`` is a keyed hash, so
    the table never holds a phone number, an address or a user name. Times are whole seconds
    since the epoch: the limiter computes them and compares them, and nothing else reads them.
    """

    name = models.CharField(max_length=40)
    key = models.CharField(max_length=100)
    window_start = models.BigIntegerField()
    expires_at = models.BigIntegerField()
    count = models.IntegerField()

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "key", "window_start"], name="ratecounter_one_per_window"
            )
        ]
        indexes = [models.Index(fields=["expires_at"], name="ratecounter_expires")]

    def __str__(self) -> str:
        return f"{self.name} {self.key[:8]} {self.window_start}: {self.count}"
