"""Writing to the audit log (every write goes through here)."""

from typing import Any

from langso.core.actors import Actor, actor_id
from langso.core.models import AuditAction, AuditEntry


def audit_record(
    *,
    actor: Actor,
    action: AuditAction,
    object_type: str,
    object_id: str,
    reason: str,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor_id=actor_id(actor),
        action=action,
        object_type=object_type,
        object_id=object_id,
        reason=reason[:300],
        detail=detail or {},
    )
