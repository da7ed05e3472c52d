"""Households, people and visits with skills, built through the services and the sync API."""

import uuid
from datetime import datetime
from typing import Any

from django.test import Client

from langso.access import SYSTEM
from langso.learning.models import Skill
from langso.people.models import Household, Resident
from langso.people.services import ResidentData, household_create, resident_create
from langso.units.models import Unit


def basic_codes() -> list[str]:
    return list(
        Skill.objects.filter(basic=True).order_by("position").values_list("code", flat=True)
    )


def home(village: Unit, name: str, birth_year: int = 1980) -> tuple[Household, Resident]:
    household = household_create(actor=SYSTEM, village=village, head_name=name)
    head = resident_create(
        actor=SYSTEM,
        household=household,
        data=ResidentData(full_name=name, birth_year=birth_year, is_head=True, id_number=""),
    )
    return household, head


def person(household: Household, name: str, birth_year: int = 1985) -> Resident:
    return resident_create(
        actor=SYSTEM,
        household=household,
        data=ResidentData(full_name=name, birth_year=birth_year, id_number=""),
    )


def visit(
    household: Household, at: datetime, skills: list[tuple[int, str, bool]], **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "kind": "visit",
        "household_id": household.pk,
        "occurred_at": at.isoformat(),
        "topics": ["other"],
        "skills": [
            {"resident_id": resident, "skill": code, "value": value}
            for resident, code, value in skills
        ],
    }
    body.update(extra)
    return body


def push(client: Client, events: list[dict[str, Any]]) -> Any:
    return client.post(
        "/api/v1/sync/push",
        {"device_id": "phone-1", "events": events},
        content_type="application/json",
    )


def answers(response: Any) -> list[str]:
    return [
        r["status"] if r["status"] != "rejected" else r["code"] for r in response.json()["results"]
    ]
