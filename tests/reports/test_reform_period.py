"""A report whose period spans the reform of 1 July 2025 counts under the units of its end.

The units, people and teams are those of ``tests/reform.py``: Xã Chiềng La (03754) began on
1 July 2025 from Xã Nong Lay, Xã Chiềng Ngàm and others, and took Bản Nậm Lầu from Xã Mường
Bám; Bản Huổi Hốc ended that day and joined Bản Co Muông. A report of June and July 2025 is
about the units of 31 July: its opening figures (31 May) are those of Chiềng La's villages of
31 July, which then lay in other communes, and a June visit in Huổi Hốc counts under Co Muông.
"""

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
import time_machine

from langso.access import SYSTEM
from langso.people import services as people
from langso.reports import services
from langso.units.models import UnitVersion
from langso.visits.models import Visit
from tests.reform import NOW, Reform, at, build_reform, code_of
from tests.roles import World

pytestmark = pytest.mark.django_db

START, END = date(2025, 6, 1), date(2025, 7, 31)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def reform(world: World) -> Reform:
    return build_reform()


def smartphone(world: World, code: str, day: date) -> tuple[int, int]:
    client = world.client(world.province_officer)
    rows = client.get(f"/api/v1/units/{code}/indicators?on={day.isoformat()}").json()
    row = next(row for row in rows if row["indicator"] == "smartphone")
    return row["numerator"], row["denominator"]


def test_opening_figures_are_those_of_the_villages_of_the_period_end(
    world: World, reform: Reform
) -> None:
    client = world.client(world.province_officer)
    made = client.post(
        "/api/v1/reports",
        {
            "kind": "monthly",
            "unit": "03754",
            "period_start": START.isoformat(),
            "period_end": END.isoformat(),
        },
        content_type="application/json",
    ).json()
    assert made["unit_name"] == "Xã Chiềng La"
    row = next(r for r in made["figures"]["indicators"] if r["code"] == "smartphone")
    # On 31 May Chiềng La did not exist (03754 was Nong Lay's code): the opening is the sum of
    # its villages of 31 July, each asked by its own code that day (Bản Phiêng Mới, opened on
    # 1 July, had nobody yet: the API does not know it on 31 May).
    villages = [reform.na_hat, reform.pa_cha, reform.nam_lau]
    opening = [smartphone(world, code_of(v), date(2025, 5, 31)) for v in villages]
    unknown = client.get(f"/api/v1/units/{code_of(reform.phieng_moi)}/indicators?on=2025-05-31")
    assert unknown.status_code == 404
    assert (
        (row["opening"]["numerator"], row["opening"]["denominator"])
        == (
            sum(n for n, _ in opening),
            sum(d for _, d in opening),
        )
        == (2, 7)
    )
    # The closing figures are the commune's own, as the API gives them for 31 July.
    assert (
        (row["closing"]["numerator"], row["closing"]["denominator"])
        == smartphone(world, "03754", END)
        == (5, 8)
    )


def test_a_visit_in_a_village_that_ended_counts_under_its_successor(
    world: World, reform: Reform
) -> None:
    with time_machine.travel(at(date(2024, 7, 1), 9), tick=False):
        household = people.household_create(
            actor=SYSTEM, village=reform.huoi_hoc, head_name="Lường Văn Nam"
        )
    # Made in June 2025 and kept as it was synced then (a sync today could not date it back).
    Visit.objects.create(
        id=uuid.uuid4(),
        member=world.member,
        household=household,
        village=reform.huoi_hoc,
        occurred_at=at(date(2025, 6, 10), 9),
        topics=["vneid"],
        residents_present=[],
        duration_minutes=40,
        digest="reform",
    )
    report = services.report_create(
        actor=SYSTEM, kind="monthly", unit="03760", period_start=START, period_end=END
    )
    activity = report.figures["activity"]
    assert activity["visits"] == 1
    assert activity["hours"] == 0.7
    co_muong = str(reform.co_muong.pk)
    assert activity["per_child"] == {co_muong: activity["per_child"][co_muong]}
    assert activity["per_child"][co_muong]["visits"] == 1
    assert not UnitVersion.objects.filter(
        unit=reform.huoi_hoc, valid_from__lte=END, valid_until__gt=END
    ).exists()
    # The API says the same for the same unit and days.
    api = (
        world.client(world.province_officer)
        .get(f"/api/v1/units/03760/activity?start={START.isoformat()}&end={END.isoformat()}")
        .json()
    )
    assert (api["visits"], api["hours"]) == (1, 0.7)
