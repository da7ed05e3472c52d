"""A visit made earlier in the week may be recorded later: back to Monday 00:00 (Vietnam's
time) of the week it is recorded in, never before, and never after it was recorded."""

import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from langso.access import SYSTEM
from langso.core.dates import today
from langso.people.models import Household
from langso.people.services import household_create
from langso.visits import services
from langso.visits.models import Visit
from tests.roles import World

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def monday() -> datetime:
    """Monday 00:00 of the week after the test's today, in Vietnam."""
    day = today()
    return datetime.combine(day + timedelta(days=7 - day.weekday()), datetime.min.time(), VN)


def visit(household: Household, occurred: datetime, recorded: datetime | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "visit",
        "id": str(uuid.uuid4()),
        "household_id": household.pk,
        "occurred_at": occurred.isoformat(),
    }
    if recorded is not None:
        body["recorded_at"] = recorded.isoformat()
    return body


def outcome(world: World, event: dict[str, Any]) -> str:
    [result] = services.sync_push(actor=world.member, device_id="p", events=[event])
    return str(result["code"] if result["status"] == "rejected" else result["status"])


@pytest.fixture
def home(world: World) -> Household:
    return household_create(actor=SYSTEM, village=world.village_a1, head_name="Lò Văn Pánh")


def test_just_after_midnight_on_monday_sunday_evening_is_last_week(
    world: World, home: Household
) -> None:
    start = monday()
    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        now = start + timedelta(minutes=30)
        assert outcome(world, visit(home, start - timedelta(hours=1), now)) == (
            "VISIT_BACKDATE_TOO_EARLY"
        )
        assert outcome(world, visit(home, start, now)) == "created"
    assert Visit.objects.count() == 1


def test_late_on_sunday_the_whole_week_back_to_monday_is_allowed(
    world: World, home: Household
) -> None:
    start = monday()
    sunday_night = start + timedelta(days=7) - timedelta(minutes=1)
    with time_machine.travel(sunday_night, tick=False):
        assert outcome(world, visit(home, start, sunday_night)) == "created"
        assert outcome(world, visit(home, start - timedelta(seconds=1), sunday_night)) == (
            "VISIT_BACKDATE_TOO_EARLY"
        )


def test_a_visit_dated_after_it_was_recorded_or_recorded_in_the_future_is_refused(
    world: World, home: Household
) -> None:
    start = monday()
    now = start + timedelta(days=2, hours=10)
    with time_machine.travel(now, tick=False):
        later = now + timedelta(hours=1)
        assert outcome(world, visit(home, later, now)) == "EVENT_IN_FUTURE"
        assert outcome(world, visit(home, now, later)) == "EVENT_IN_FUTURE"
        assert outcome(world, visit(home, now - timedelta(days=1), now)) == "created"
    assert Visit.objects.count() == 1


def test_a_phone_offline_over_the_weekend_still_sends_last_weeks_backdated_visits(
    world: World, home: Household
) -> None:
    """The week is the one the visit was recorded in, not the one the server receives it in."""
    start = monday()
    recorded = start - timedelta(days=1)  # Sunday, last week
    with time_machine.travel(start + timedelta(days=1), tick=False):
        assert outcome(world, visit(home, start - timedelta(days=3), recorded)) == "created"
        assert outcome(world, visit(home, start - timedelta(days=8), recorded)) == (
            "VISIT_BACKDATE_TOO_EARLY"
        )
