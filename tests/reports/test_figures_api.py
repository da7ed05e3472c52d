"""Every number of a report equals what the API answers for the same unit and days.

The report's figures are kept with it (``Report.figures``); its document is written from them.
Each is compared with the endpoint that answers the same question: coverage on the period's
last day, indicators on the day before its first and on its last, the period's activity, the
feedback dashboard. The fortnight of work is in ``tests/reports/helpers.py``.
"""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from langso.reports.models import Report
from tests.clock import FIXTURE_MOMENT
from tests.reports.helpers import END, START, busy_fortnight
from tests.roles import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(FIXTURE_MOMENT, tick=False):
        yield


def make(client: Client, unit: str, kind: str = "monthly") -> dict[str, Any]:
    response = client.post(
        "/api/v1/reports",
        {
            "kind": kind,
            "unit": unit,
            "period_start": START.isoformat(),
            "period_end": END.isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def indicators(client: Client, unit: str, day: Any) -> dict[str, dict[str, Any]]:
    response = client.get(f"/api/v1/units/{unit}/indicators?on={day.isoformat()}")
    assert response.status_code == 200
    return {row["indicator"]: row for row in response.json()}


def test_a_commune_report_says_what_the_api_says(settled_world: World) -> None:
    world = settled_world
    busy_fortnight(world)
    client = world.client(world.commune_officer)
    code = world.code(world.commune_a)
    report = make(client, code)
    figures = report["figures"]

    activity = client.get(
        f"/api/v1/units/{code}/activity?start={START.isoformat()}&end={END.isoformat()}"
    ).json()
    for key, value in activity.items():
        if key not in ("unit", "unit_name", "start", "end"):
            assert figures["activity"][key] == value, key
    # Counted by hand from the fortnight: four visits in the period (the one of 20 August is
    # before it), three households, three people, 30 + 45 + 15 minutes.
    assert (activity["visits"], activity["households"], activity["people"]) == (4, 3, 3)
    assert activity["hours"] == 1.5
    assert activity["topics"]["vneid"] == 3
    assert activity["topics"]["scam_awareness"] == 1
    assert activity["scam_reports"] == 1

    coverage = client.get(f"/api/v1/units/{code}/coverage?on={END.isoformat()}").json()
    for key, value in coverage.items():
        if isinstance(value, int):
            assert figures["coverage"][key] == value, key

    opening = indicators(client, code, START - timedelta(days=1))
    closing = indicators(client, code, END)
    for row in figures["indicators"]:
        for mine, theirs in ((row["opening"], opening), (row["closing"], closing)):
            api = theirs[row["code"]]
            assert (mine["numerator"], mine["denominator"], mine["percent"]) == (
                api["numerator"],
                api["denominator"],
                api["percent"],
            ), row["code"]
    vneid = next(row for row in figures["indicators"] if row["code"] == "vneid_l2")
    assert (vneid["opening"]["numerator"], vneid["closing"]["numerator"]) == (1, 3)

    dashboard = client.get(
        f"/api/v1/feedback/dashboard?unit={code}&start={START.isoformat()}&end={END.isoformat()}"
    ).json()
    assert figures["feedback"]["received"] == dashboard["total"] == 1
    assert figures["feedback"]["answered"] == dashboard["answered"]
    assert figures["feedback"]["on_time"] == dashboard["answered_on_time"]

    # The numbers are the figures kept with the report, also after more work is synced.
    assert Report.objects.get(pk=report["id"]).figures == figures


def test_a_province_report_rolls_its_communes_up_and_says_what_the_api_says(
    settled_world: World,
) -> None:
    world = settled_world
    busy_fortnight(world)
    client = world.client(world.province_officer)
    code = world.code(world.province)
    figures = make(client, code, kind="quarterly")["figures"]
    activity = client.get(
        f"/api/v1/units/{code}/activity?start={START.isoformat()}&end={END.isoformat()}"
    ).json()
    assert figures["activity"]["visits"] == activity["visits"] == 4
    # Per commune: the children's rows add up to the whole, and commune A's equals its API.
    per_child = figures["activity"]["per_child"]
    assert sum(row["visits"] for row in per_child.values()) == activity["visits"]
    commune_a = client.get(
        f"/api/v1/units/{world.code(world.commune_a)}/activity"
        f"?start={START.isoformat()}&end={END.isoformat()}"
    ).json()
    assert per_child[str(world.commune_a.pk)]["visits"] == commune_a["visits"]
    key = figures["indicators_per_child"][str(world.commune_a.pk)]["vneid_l2"]
    assert (
        key["numerator"]
        == indicators(client, world.code(world.commune_a), END)["vneid_l2"]["numerator"]
    )
    coverage = client.get(f"/api/v1/units/{code}/coverage?on={END.isoformat()}").json()
    assert figures["coverage"]["members"] == coverage["members"]
    assert figures["coverage"]["villages_total"] == coverage["villages_total"]
