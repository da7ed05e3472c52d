"""Figures asked on the reform's eve (30 June 2025) and first day (1 July 2025).

Units are valid on ``valid_from <= day < valid_until``. On an event's day one unit ends and
another begins, so a ``>=`` for a ``>`` (or a ``<`` for a ``<=``) anywhere the as-of test is
made counts a village twice, under the wrong commune or nowhere: only figures asked on exactly
that day show it. The data is in ``tests/reform.py``; every expected number here is
counted by hand from its tables (smartphone: adults, and everyone there is an adult).
"""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from langso.access import SYSTEM
from langso.core.errors import NotFound
from langso.indicators import selectors
from tests.reform import EVE, NOW, REFORM, Reform, build_reform, code_of
from tests.roles import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def reform(world: World) -> Reform:
    return build_reform()


def smartphone(client: Client, code: str, day: date) -> tuple[int, int] | int:
    """(numerator, denominator) from the API, or the status when it does not answer 200."""
    response = client.get(f"/api/v1/units/{code}/indicators?on={day.isoformat()}")
    if response.status_code != 200:
        return int(response.status_code)
    body: list[dict[str, Any]] = response.json()
    figure = next(item for item in body if item["indicator"] == "smartphone")
    return figure["numerator"], figure["denominator"]


def by_child(code: str, day: date) -> dict[str, tuple[int, int]]:
    """Each child's smartphone figure, children with nobody counted left out."""
    version, _figures = selectors.figures(actor=SYSTEM, code=code, on=day)
    children = selectors.figures_by_child(actor=SYSTEM, version=version, on=day)
    found = {
        child.name: (figures["smartphone"].numerator, figures["smartphone"].denominator)
        for child, figures in children
    }
    return {name: counts for name, counts in found.items() if counts != (0, 0)}


def test_on_the_eve_each_village_counts_under_its_old_commune_and_district(
    world: World, reform: Reform
) -> None:
    client = world.client(world.province_officer)
    assert smartphone(client, "03754", EVE) == (1, 3)  # Xã Nong Lay: Ánh of three
    assert smartphone(client, "03736", EVE) == (2, 2)  # Xã Chiềng Ngàm: Dịu and Én
    assert smartphone(client, "03760", EVE) == (1, 3)  # Xã Mường Bám: Phong; Hoan not yet
    assert smartphone(client, "03733", EVE) == (0, 0)  # the old Xã Chiềng La: none of ours
    assert smartphone(client, "119", EVE) == (4, 8)  # Huyện Thuận Châu
    assert smartphone(client, "14", EVE) == (4, 8)


def test_on_the_first_day_each_village_counts_under_its_new_commune(
    world: World, reform: Reform
) -> None:
    client = world.client(world.province_officer)
    # Xã Chiềng La: Nà Hát 2/3 (Bích's 00:30 counts on 1 July), Pá Chả 1/2 (Én said no that
    # morning), Nậm Lầu 1/2 (moved in that day), Phiêng Mới 1/1 (opened that day).
    assert smartphone(client, "03754", REFORM) == (5, 8)
    # Xã Mường Bám keeps only Bản Co Muông: Nậm Lầu left and Huổi Hốc ended that day.
    assert smartphone(client, "03760", REFORM) == (1, 1)
    assert smartphone(client, "14", REFORM) == (6, 9)


def test_units_that_ended_on_the_reform_day_answer_not_found_that_day(
    world: World, reform: Reform
) -> None:
    client = world.client(world.province_officer)
    for code in ("03736", "03733", "119"):
        assert smartphone(client, code, REFORM) == 404, code
        # The system sees every unit: only the unit's own dates keep it out.
        with pytest.raises(NotFound):
            selectors.figures(actor=SYSTEM, code=code, on=REFORM)
    assert smartphone(client, code_of(reform.huoi_hoc), EVE) == (0, 0)
    assert smartphone(client, code_of(reform.huoi_hoc), REFORM) == 404


def test_a_village_opened_on_the_reform_day_has_figures_from_that_day(
    world: World, reform: Reform
) -> None:
    client = world.client(world.province_officer)
    assert smartphone(client, code_of(reform.phieng_moi), EVE) == 404
    assert smartphone(client, code_of(reform.phieng_moi), REFORM) == (1, 1)


def test_a_village_keeps_its_own_figures_across_the_reform(world: World, reform: Reform) -> None:
    client = world.client(world.province_officer)
    assert smartphone(client, code_of(reform.na_hat), EVE) == (1, 3)
    assert smartphone(client, code_of(reform.na_hat), REFORM) == (2, 3)
    assert smartphone(client, code_of(reform.nam_lau), EVE) == (1, 2)
    assert smartphone(client, code_of(reform.nam_lau), REFORM) == (1, 2)


def test_a_code_two_units_carried_answers_for_the_unit_of_the_day_asked(
    world: World, reform: Reform
) -> None:
    eve, _figures = selectors.figures(actor=world.province_officer, code="03754", on=EVE)
    first, _figures = selectors.figures(actor=world.province_officer, code="03754", on=REFORM)
    assert (eve.unit_id, eve.name) == (reform.nong_lay.pk, "Xã Nong Lay")
    assert (first.unit_id, first.name) == (reform.chieng_la.pk, "Xã Chiềng La")


def test_children_on_the_eve_are_the_old_communes_villages(world: World, reform: Reform) -> None:
    assert by_child("03760", EVE) == {"Bản Nậm Lầu": (1, 2), "Bản Co Muông": (0, 1)}
    assert by_child("03754", EVE) == {"Bản Nà Hát": (1, 3)}
    assert by_child("14", EVE) == {"Huyện Thuận Châu": (4, 8)}


def test_children_on_the_first_day_are_the_new_communes_villages(
    world: World, reform: Reform
) -> None:
    assert by_child("03760", REFORM) == {"Bản Co Muông": (1, 1)}
    assert by_child("03754", REFORM) == {
        "Bản Nà Hát": (2, 3),
        "Bản Pá Chả": (1, 2),
        "Bản Nậm Lầu": (1, 2),
        "Bản Phiêng Mới": (1, 1),
    }
    assert by_child("14", REFORM) == {"Xã Chiềng La": (5, 8), "Xã Mường Bám": (1, 1)}
