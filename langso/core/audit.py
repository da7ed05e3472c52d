"""Writing to the audit log (every write goes through here)."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from langso.core.models import AuditAction, AuditEntry


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: AuditAction,
    object_type: str,
    object_id: str,
    reason: str,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        reason=reason[:300],
        detail=detail or {},
    )
