"""Loading the skill framework (``content/framework.json``) and the indicators computed from it.

The framework is data, like the indicator catalog: the file says what each skill is and where
it comes from, and loading it again (``manage.py skills_load``, the migration, the tests after
a flush) updates what changed and adds what is new, never removing a skill that observations
may name. Functions take the model classes so that a migration can pass its historical ones.
"""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

FRAMEWORK = Path(__file__).parent / "content" / "framework.json"

BASIC_SKILLS = "basic_skills"
HOUSEHOLD_BASIC_SKILLS = "household_basic_skills"
CV3240 = "Công văn số 3240/BTTTT-CĐSQG ngày 08/8/2024 của Bộ Thông tin và Truyền thông"

# Worked out from the skills observed (``learning.skill_services``), never recorded directly.
# A person counts from 15: the skills include paying online and using public services online,
# which need a bank account and a public-service account of one's own, open to people from 15
# (the age the catalog's ``epayment`` and ``dvc_account`` indicators use); Công văn 3240 names
# no age, and a household counts whoever in it is proficient.
INDICATORS: list[dict[str, Any]] = [
    {
        "code": BASIC_SKILLS,
        "name_vi": "Người từ 15 tuổi thành thạo kỹ năng số cơ bản",
        "name_en": "People aged 15+ proficient in the basic digital skills",
        "population": "residents",
        "min_age": 15,
        "target_percent": None,
        "source_document": CV3240,
        "column_names": [],
        "computed": True,
        "position": 40,
    },
    {
        "code": HOUSEHOLD_BASIC_SKILLS,
        "name_vi": "Hộ có ít nhất một người thành thạo kỹ năng số cơ bản",
        "name_en": "Households with at least one person proficient in the basic digital skills",
        "population": "households",
        "min_age": None,
        "target_percent": Decimal("100"),
        "source_document": CV3240,
        "column_names": [],
        "computed": True,
        "position": 41,
    },
]


def read() -> dict[str, Any]:
    with FRAMEWORK.open(encoding="utf-8") as source:
        data: dict[str, Any] = json.load(source)
    return data


def load(group_model: Any, skill_model: Any) -> int:
    """Create or update every group and skill of the file; returns how many skills it has."""
    data = read()
    for group in data["groups"]:
        fields = {key: value for key, value in group.items() if key != "code"}
        group_model.objects.update_or_create(code=group["code"], defaults=fields)
    for skill in data["skills"]:
        fields = {key: value for key, value in skill.items() if key not in ("code", "group")}
        skill_model.objects.update_or_create(
            code=skill["code"], defaults={**fields, "group_id": skill["group"]}
        )
    return len(data["skills"])


def indicators_load(indicator_model: Any) -> None:
    for indicator in INDICATORS:
        fields = {key: value for key, value in indicator.items() if key != "code"}
        indicator_model.objects.update_or_create(code=indicator["code"], defaults=fields)
