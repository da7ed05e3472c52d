"""A first walk through the campaign API: create, activate, split, record, progress."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from langso.access import SYSTEM
from langso.indicators.models import Source
from langso.indicators.services import catalog, observation_record
from langso.people.services import ResidentData, household_create, resident_create, resident_subject
from tests.reform import VIETNAM
from tests.roles import World

pytestmark = pytest.mark.django_db


def test_walk(fixture_day: object, world: World) -> None:
    if True:
        people = []
        for number in range(1, 5):
            household = household_create(
                actor=SYSTEM, village=world.village_a1, head_name=f"Hộ {number}", number=str(number)
            )
            people.append(
                resident_create(
                    actor=SYSTEM,
                    household=household,
                    data=ResidentData(full_name=f"Người {number}", birth_year=1980, is_head=True),
                )
            )
    with time_machine.travel(datetime(2026, 9, 24, 9, tzinfo=VIETNAM), tick=False):
        officer = world.client(world.commune_officer)
        made = officer.post(
            "/api/v1/campaigns",
            {
                "name": "VNeID mức 2",
                "basis": "125/KH-UBND",
                "unit": world.code(world.commune_a),
                "starts_on": "2026-09-20",
                "ends_on": "2026-12-30",
                "goals": [{"indicator": "vneid_l2", "target_share": 0.9}],
            },
            content_type="application/json",
        )
        assert made.status_code == 201, made.json()
        campaign = made.json()["id"]
        assert officer.post(f"/api/v1/campaigns/{campaign}/activate").status_code == 200
        leader = world.client(world.leader)
        split = leader.post(
            f"/api/v1/campaigns/{campaign}/assignments",
            {"village": world.code(world.village_a1), "split": "even"},
            content_type="application/json",
        )
        assert split.status_code == 200, split.json()
        assert len(split.json()["assigned"]) == 4
        todo = world.client(world.member).get(f"/api/v1/campaigns/{campaign}/assignments")
        assert todo.status_code == 200, todo.json()
        indicators = catalog()
        observation_record(
            actor=SYSTEM,
            indicator=indicators["vneid_l2"],
            subject=resident_subject(people[0]),
            value=True,
            observed_at=timezone.now() - timedelta(days=7),
            source=Source.MANUAL,
        )
        observation_record(
            actor=SYSTEM,
            indicator=indicators["vneid_l2"],
            subject=resident_subject(people[1]),
            value=True,
            observed_at=timezone.now() - timedelta(days=1),
            source=Source.MANUAL,
        )
        progress = officer.get(f"/api/v1/campaigns/{campaign}/progress")
        assert progress.status_code == 200, progress.json()
        goal = progress.json()["goals"][0]
        assert (goal["population"], goal["baseline"], goal["achieved"], goal["gained"]) == (
            4,
            1,
            2,
            1,
        )
