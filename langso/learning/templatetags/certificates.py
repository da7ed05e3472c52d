"""The certificate block of a resident's page, drawn by a tag so that the people app's page
needs one line and its view nothing (certificates sit on people, not the other way)."""

from typing import Any

from django import template

from langso import access
from langso.learning import cert_selectors as selectors
from langso.learning.cert_forms import RevokeForm
from langso.people.models import Resident

register = template.Library()


@register.inclusion_tag("learning/certificates/_resident.html", takes_context=True)
def certificate_panel(context: template.Context, resident: Resident) -> dict[str, Any]:
    request = context["request"]
    actor = request.user
    history = selectors.certificates_history(actor=actor, resident=resident)
    in_force = next((c for c in history if c.revoked_at is None), None)
    basic = selectors.basic_skill_codes()
    reached = selectors.standard_reached(resident) is not None
    shown = 0
    if not reached and basic:
        shown = resident.skill_statuses.filter(skill_id__in=basic, value=True).count()
    return {
        "request": request,
        "resident": resident,
        "certificate": in_force,
        "skills": selectors.skill_names(in_force.skills) if in_force is not None else [],
        "revoked": [c for c in history if c.revoked_at is not None],
        "reached": reached,
        "basic_count": len(basic),
        "shown": shown,
        "may_manage": access.may_manage_certificates(actor, resident.village_id),
        "revoke_form": RevokeForm(),
        "csrf_token": context.get("csrf_token"),
    }
