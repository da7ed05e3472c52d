"""Reading the skill framework. It is public, like the guides it sits next to: it names no
person, only what the ministry's documents say a person should be able to do."""

from typing import Any

from langso.access import Actor
from langso.learning.framework import BASIC_SKILLS, HOUSEHOLD_BASIC_SKILLS
from langso.learning.models import Skill, SkillGroup


def framework_read(*, actor: Actor) -> dict[str, Any]:
    skills: dict[str, list[Skill]] = {}
    for skill in Skill.objects.order_by("position", "code"):
        skills.setdefault(skill.group_id, []).append(skill)
    groups = [
        {
            "code": group.code,
            "name_vi": group.name_vi,
            "name_en": group.name_en,
            "framework": group.framework,
            "source_document": group.source_document,
            "note": group.note,
            "skills": skills.get(group.code, []),
        }
        for group in SkillGroup.objects.order_by("position", "code")
    ]
    return {"groups": groups, "indicators": [BASIC_SKILLS, HOUSEHOLD_BASIC_SKILLS]}
