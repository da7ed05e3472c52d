"""The audit log: who read or exported what personal data, when, and why."""

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
