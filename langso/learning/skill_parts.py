"""What this app adds to the field app's sync: the skills of a visit (``visits.visit_parts``)
and the framework with its people's current skills in the pull (``visits.pull_parts``)."""

import uuid
from typing import Any

from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.dates import today
from langso.learning.errors import SkillError
from langso.learning.models import Skill, SkillGroup, SkillStatus
from langso.learning.skill_services import skill_observations_record, skills_known
from langso.visits.visit_parts import Refusal, VisitPart

# Skill observations of a visit get ids made from the visit, the person and the skill (as the
# sync does for indicator observations), so a visit is recorded once whatever happens to it.
NAMESPACE = uuid.UUID("1b0f3c3e-6a55-4d5e-9a8e-5b1c2d7e4f10")


def observation_id(visit_id: uuid.UUID, resident_id: int, skill: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{visit_id}/{resident_id}/{skill}")


def visit_check(part: VisitPart) -> Refusal | None:
    known = skills_known()
    for seen in part.items:
        if seen.skill not in known:
            return Refusal(
                str(SkillError.UNKNOWN), _("Unknown skill “%(code)s”.") % {"code": seen.skill}
            )
    return None


def visit_record(part: VisitPart) -> None:
    by_person: dict[int, list[Any]] = {}
    for seen in part.items:
        by_person.setdefault(seen.resident_id, []).append(seen)
    for resident_id, seen_list in sorted(by_person.items()):
        skill_observations_record(
            actor=part.actor,
            resident=part.residents[resident_id],
            observations=[
                (
                    s.skill,
                    s.value,
                    part.occurred_at,
                    observation_id(part.visit_id, resident_id, s.skill),
                )
                for s in seen_list
            ],
            source="visit",
            source_ref=str(part.visit_id),
        )


def field_skills(*, actor: Actor) -> dict[str, Any]:
    """The pull part ``skills``: the framework's basic skills (what a member records at a door)
    and the current skills of the people the member may see, as [resident, skill, value]."""
    skills = [
        {"code": s.code, "name": s.name_vi, "name_en": s.name_en, "group": s.group_id}
        for s in Skill.objects.filter(basic=True).order_by("position", "code")
    ]
    groups = {g.code: g.name_vi for g in SkillGroup.objects.all()}
    statuses = (
        SkillStatus.objects.filter(access.scope_filter(actor, today()))
        .order_by("resident_id", "skill_id")
        .values_list("resident_id", "skill_id", "value")
    )
    return {
        "skills": skills,
        "groups": {s["group"]: groups.get(str(s["group"]), "") for s in skills},
        "statuses": [list(row) for row in statuses],
    }
