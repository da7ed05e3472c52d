"""The indicators API: figures as recorded, as of any day, under any unit, and access by role."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from langso.indicators.models import Indicator
from tests.indicators.data import (
    OBSERVED,
    VIETNAM,
    People,
    observe,
    old_village_with_a_smartphone,
)
from tests.roles import World

pytestmark = pytest.mark.django_db

KEYS = {"indicator", "name", "numerator", "denominator", "percent", "target"}
ERROR_KEYS = {"code", "message", "field", "details"}


def indicators(client: Client, code: str, query: str = "", **headers: Any) -> dict[str, Any]:
    response = client.get(f"/api/v1/units/{code}/indicators{query}", **headers)
    assert response.status_code == 200, response.content
    return {item["indicator"]: item for item in response.json()}


def test_every_indicator_of_the_catalog_answers_exactly_the_agreed_fields(world: World) -> None:
    response = world.client(world.commune_officer).get("/api/v1/units/03721/indicators")
    assert response.status_code == 200
    body = response.json()
    assert [item["indicator"] for item in body] == list(
        Indicator.objects.values_list("code", flat=True)
    )
    assert all(set(item) == KEYS for item in body)


def test_a_village_answers_what_the_services_recorded(world: World, people: People) -> None:
    figures = indicators(world.client(world.member), world.code(world.village_a1))
    assert figures["smartphone"] | {"name": ""} == {
        "indicator": "smartphone",
        "name": "",
        "numerator": 2,
        "denominator": 3,
        "percent": 66.7,
        "target": 80.0,
    }
    assert (figures["epayment"]["numerator"], figures["epayment"]["denominator"]) == (2, 4)
    assert figures["epayment"]["percent"] == 50.0
    assert (figures["household_broadband"]["numerator"], figures["ehealth"]["denominator"]) == (
        1,
        5,
    )


def test_a_population_of_nobody_has_no_percent(world: World, people: People) -> None:
    figures = indicators(world.client(world.member), world.code(world.village_a1))
    business = figures["business_ecommerce"]
    assert (business["numerator"], business["denominator"], business["percent"]) == (0, 0, None)
    assert figures["vneid_l2"]["target"] is None


def test_villages_count_under_their_commune_and_province(world: World, people: People) -> None:
    client = world.client(world.province_officer)
    commune = indicators(client, "03721")["smartphone"]
    assert (commune["numerator"], commune["denominator"], commune["percent"]) == (4, 5, 80.0)
    province = indicators(client, "14")["smartphone"]
    assert (province["numerator"], province["denominator"]) == (5, 7)


def test_a_day_before_the_observation_counts_the_population_but_nobody_reached(
    world: World,
) -> None:
    old_village_with_a_smartphone(world)
    figures = indicators(world.client(world.province_officer), "03769", "?on=2025-02-28")
    assert figures["smartphone"] | {"name": ""} == {
        "indicator": "smartphone",
        "name": "",
        "numerator": 0,
        "denominator": 1,
        "percent": 0.0,
        "target": 80.0,
    }


def test_a_village_counts_under_the_commune_it_belonged_to_on_the_day_asked(
    world: World,
) -> None:
    old_village_with_a_smartphone(world)
    client = world.client(world.province_officer)
    spring = indicators(client, "03769", "?on=2025-03-01")["smartphone"]
    assert (spring["numerator"], spring["denominator"]) == (1, 1)
    # In spring 2025 the code 03721 was Thị trấn Thuận Châu, which the village was not part of.
    town = indicators(client, "03721", "?on=2025-03-01")["smartphone"]
    assert (town["numerator"], town["denominator"]) == (0, 0)
    now = indicators(client, "03721")["smartphone"]
    assert (now["numerator"], now["denominator"]) == (1, 1)
    district = indicators(client, "119", "?on=2025-03-01")["smartphone"]
    assert (district["numerator"], district["denominator"]) == (1, 1)


def test_a_day_before_anyone_was_registered_counts_nothing(world: World) -> None:
    old_village_with_a_smartphone(world)
    figures = indicators(world.client(world.province_officer), "03769", "?on=2024-05-31")
    assert figures["smartphone"] | {"name": ""} == {
        "indicator": "smartphone",
        "name": "",
        "numerator": 0,
        "denominator": 0,
        "percent": None,
        "target": 80.0,
    }


def test_a_late_older_observation_never_overrides_a_newer_one(world: World, people: People) -> None:
    observe(people.an, "smartphone", value=False, at=OBSERVED - timedelta(days=5))
    client = world.client(world.commune_officer)
    assert indicators(client, "03721")["smartphone"]["numerator"] == 4


def test_a_newer_observation_changes_today_and_leaves_the_past_as_it_was(world: World) -> None:
    _village, adult = old_village_with_a_smartphone(world)
    client = world.client(world.province_officer)
    observe(adult, "smartphone", value=False, at=timezone.now() - timedelta(minutes=5))
    assert indicators(client, "03721")["smartphone"]["numerator"] == 0
    assert indicators(client, "03769", "?on=2025-06-30")["smartphone"]["numerator"] == 1
    observe(adult, "smartphone", value=False, at=datetime(2025, 6, 1, 8, tzinfo=VIETNAM))
    assert indicators(client, "03769", "?on=2025-05-31")["smartphone"]["numerator"] == 1
    assert indicators(client, "03769", "?on=2025-06-30")["smartphone"]["numerator"] == 0
    assert indicators(client, "03721")["smartphone"]["numerator"] == 0


def test_names_follow_the_language_of_the_request(world: World) -> None:
    client = world.client(world.commune_officer)
    english = indicators(client, "03721", HTTP_ACCEPT_LANGUAGE="en")["smartphone"]["name"]
    vietnamese = indicators(client, "03721", HTTP_ACCEPT_LANGUAGE="vi")["smartphone"]["name"]
    assert english == "Adults with a smartphone"
    assert vietnamese == "Người trưởng thành có điện thoại thông minh"


def test_a_date_that_is_not_a_date_is_refused_naming_on(world: World) -> None:
    response = world.client(world.commune_officer).get(
        "/api/v1/units/03721/indicators?on=2025-13-40"
    )
    assert response.status_code == 422
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert (body["code"], body["field"]) == ("INVALID_INPUT", "on")


def test_an_unknown_code_is_not_found(world: World) -> None:
    response = world.client(world.province_officer).get("/api/v1/units/99999/indicators")
    assert response.status_code == 404
    assert response.json()["code"] == "UNIT_NOT_FOUND"


@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [
        ("province_officer", "commune_a", 200),
        ("province_officer", "village_b1", 200),
        ("commune_officer", "commune_a", 200),
        ("commune_officer", "village_a2", 200),
        ("commune_officer", "commune_b", 404),
        ("commune_officer", "village_b1", 404),
        ("member", "village_a1", 200),
        ("member", "village_b1", 404),
        ("member", "commune_a", 404),
        ("outsider", "village_a1", 404),
        ("outsider", "commune_a", 404),
        (None, "commune_a", 401),
    ],
)
def test_who_may_read_the_indicators_of_which_unit(
    world: World, who: str | None, unit: str, status: int
) -> None:
    client = world.client(getattr(world, who) if who else None)
    response = client.get(f"/api/v1/units/{world.code(getattr(world, unit))}/indicators")
    assert response.status_code == status
    if status != 200:
        body = response.json()
        assert set(body) == ERROR_KEYS
        assert body["code"] == {401: "NOT_AUTHENTICATED", 404: "UNIT_NOT_FOUND"}[status]
