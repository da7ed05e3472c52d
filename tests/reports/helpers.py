"""A fortnight of work in commune A (tests.roles), through the services, on fixed days.

The clock stands at the fixture moment (Monday 14 September 2026, 10:00 in Vietnam); the
period reported is 1 to 13 September. In village A1 the member makes three visits (30, 45 and
no minutes), guiding three people to VNeID level 2 (one of whom already had it: no move) and
one to a public-service account; the leader makes one visit in A1. A citizen files one
feedback report in A1 on 3 September; the member reports one scam link on 5 September.
"""

import uuid
from datetime import date, datetime, time
from typing import Any

import time_machine

from langso.access import SYSTEM
from langso.accounts.models import User
from langso.people import services as people
from langso.people.models import Resident
from langso.trust import services as trust
from langso.visits import services as sync
from tests.clock import FIXTURE_MOMENT
from tests.feedback.helpers import file_report
from tests.reform import VIETNAM
from tests.roles import World

START = date(2026, 9, 1)
END = date(2026, 9, 13)


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=VIETNAM)


def adult(world: World, name: str) -> Resident:
    household = people.household_create(actor=SYSTEM, village=world.village_a1, head_name=name)
    return people.resident_create(
        actor=SYSTEM,
        household=household,
        data=people.ResidentData(full_name=name, birth_year=1980, is_head=True),
    )


def visit(
    member: User,
    resident: Resident,
    day: date,
    *,
    minutes: int | None,
    topics: list[str],
    observed: dict[str, bool],
) -> None:
    event: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "household_id": resident.household_id,
        "occurred_at": at(day).isoformat(),
        # Recorded on the phone that day and sent now (a phone offline for a while).
        "recorded_at": at(day, 10).isoformat(),
        "topics": topics,
        "residents_present": [resident.pk],
        "observations": [
            {"resident_id": resident.pk, "indicator": code, "value": value}
            for code, value in observed.items()
        ],
    }
    if minutes is not None:
        event["duration_minutes"] = minutes
    results = sync.sync_push(actor=member, device_id="t", events=[event])
    assert results[0]["status"] == "created", results


def busy_fortnight(world: World) -> dict[str, Resident]:
    """The work described above; the clock must stand at the fixture moment."""
    assert datetime.now(VIETNAM) >= FIXTURE_MOMENT.replace(hour=0)
    # Registered when the world was settled, so they are counted all through the period.
    with time_machine.travel(at(date(2026, 8, 3)), tick=False):
        lan, binh, cuong = (
            adult(world, "Lò Thị Lan"),
            adult(world, "Cà Văn Bình"),
            adult(world, "Quàng Thị Cúc"),
        )
    # Cúc had VNeID level 2 before the period: the member's "yes" moves no one.
    visit(
        world.leader,
        cuong,
        date(2026, 8, 20),
        minutes=20,
        topics=["vneid"],
        observed={"vneid_l2": True},
    )
    visit(
        world.member,
        lan,
        date(2026, 9, 2),
        minutes=30,
        topics=["vneid", "dvc_account"],
        observed={"vneid_l2": True, "dvc_account": True},
    )
    visit(
        world.member,
        binh,
        date(2026, 9, 5),
        minutes=45,
        topics=["vneid"],
        observed={"vneid_l2": True},
    )
    visit(
        world.member,
        cuong,
        date(2026, 9, 10),
        minutes=None,
        topics=["vneid", "epayment"],
        observed={"vneid_l2": True},
    )
    visit(world.leader, binh, date(2026, 9, 11), minutes=15, topics=["scam_awareness"], observed={})
    file_report(world, made_at=at(date(2026, 9, 3)))
    with time_machine.travel(at(date(2026, 9, 5)), tick=False):
        trust.report_create(actor=world.member, text="https://vietcombank-khuyenmai.top/")
    return {"lan": lan, "binh": binh, "cuong": cuong}
