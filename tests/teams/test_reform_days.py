"""Coverage asked on the reform's eve (30 June 2025) and first day (1 July 2025).

The coverage report walks the tree with ``tree.branches``: a unit that ended on the day asked
(Bản Huổi Hốc, Bản Nậm Lầu's place under Xã Mường Bám, Huyện Thuận Châu) must not be counted
that day, and one that began that day (the new Xã Chiềng La, Bản Phiêng Mới) must. The data is
in ``tests/reform.py``; every number here is counted by hand from its tables.
"""

from collections.abc import Iterator

import pytest
import time_machine

from langso.teams import selectors
from langso.teams.selectors import Coverage
from tests.reform import EVE, NOW, REFORM, Reform, build_reform
from tests.roles import World

pytestmark = pytest.mark.django_db

# Sơn La's commune-level units from 1 July 2025 (Resolution 1681/NQ-UBTVQH15): 67 communes and
# 8 wards.
COMMUNES_FROM_REFORM = 75


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def reform(world: World) -> Reform:
    return build_reform()


def test_a_commune_on_the_eve_counts_the_villages_it_had_then(world: World, reform: Reform) -> None:
    report = selectors.coverage_report(actor=world.province_officer, code="03760", on=EVE)
    assert report.total == Coverage(
        unit="03760",
        name="Xã Mường Bám",
        on=EVE,
        communes_total=1,
        communes_with_team=1,
        communes_with_villages=1,
        villages_total=3,  # Nậm Lầu, Co Muông, Huổi Hốc
        villages_with_team=3,
        teams=4,
        members=4,  # Thắng; Lả, Mai, Nam
        members_commune_level=1,
        members_village_level=3,
        zalo_groups_commune_level=1,
        zalo_groups_village_level=1,  # Nậm Lầu's
    )
    assert [(v.name, row.villages_total, row.teams) for v, row in report.rows] == [
        ("Bản Nậm Lầu", 1, 1),
        ("Bản Co Muông", 1, 1),
        ("Bản Huổi Hốc", 1, 1),
    ]


def test_a_commune_on_the_first_day_leaves_out_the_villages_that_left_or_ended(
    world: World, reform: Reform
) -> None:
    report = selectors.coverage_report(actor=world.province_officer, code="03760", on=REFORM)
    assert report.total == Coverage(
        unit="03760",
        name="Xã Mường Bám",
        on=REFORM,
        communes_total=1,
        communes_with_team=1,
        communes_with_villages=1,
        villages_total=1,  # Co Muông
        villages_with_team=1,
        teams=2,  # the commune's and Co Muông's, which took in Huổi Hốc's member
        members=3,  # Thắng; Mai, Nam
        members_commune_level=1,
        members_village_level=2,
        zalo_groups_commune_level=1,
        zalo_groups_village_level=0,
    )
    assert [(v.name, row.villages_total, row.teams, row.members) for v, row in report.rows] == [
        ("Bản Co Muông", 1, 1, 2)
    ]


def test_a_code_two_communes_carried_counts_the_commune_of_the_day_asked(
    world: World, reform: Reform
) -> None:
    eve = selectors.coverage_report(actor=world.province_officer, code="03754", on=EVE).total
    assert (eve.name, eve.communes_total, eve.villages_total, eve.teams, eve.members) == (
        "Xã Nong Lay",
        1,
        1,  # Nà Hát
        1,
        2,  # Hương, Kiên
    )
    first = selectors.coverage_report(actor=world.province_officer, code="03754", on=REFORM)
    assert first.total == Coverage(
        unit="03754",
        name="Xã Chiềng La",
        on=REFORM,
        communes_total=1,
        communes_with_team=0,
        communes_with_villages=1,
        villages_total=4,  # Nà Hát, Pá Chả, Nậm Lầu, Phiêng Mới
        villages_with_team=2,  # Nà Hát, Nậm Lầu
        teams=2,
        members=2,  # Hương (Kiên left that day); Lả
        members_commune_level=0,
        members_village_level=2,
        zalo_groups_commune_level=0,
        zalo_groups_village_level=1,
    )


def test_the_province_on_the_first_day_counts_each_village_once_under_its_new_commune(
    world: World, reform: Reform
) -> None:
    report = selectors.coverage_report(actor=world.province_officer, code="14", on=REFORM)
    total = report.total
    assert (total.communes_total, total.villages_total, total.villages_with_team) == (
        COMMUNES_FROM_REFORM,
        5,  # Nà Hát, Pá Chả, Nậm Lầu, Co Muông, Phiêng Mới
        3,  # Nà Hát, Nậm Lầu, Co Muông
    )
    assert (total.teams, total.members) == (4, 5)  # Thắng, Hương, Lả, Mai, Nam
    rows = {v.name: (row.villages_total, row.teams, row.members) for v, row in report.rows}
    assert len(report.rows) == len(rows) == COMMUNES_FROM_REFORM
    assert "Huyện Thuận Châu" not in rows
    assert {name: counts for name, counts in rows.items() if counts != (0, 0, 0)} == {
        "Xã Chiềng La": (4, 2, 2),
        "Xã Mường Bám": (1, 2, 3),
    }


def test_the_province_on_the_eve_counts_the_villages_under_the_district(
    world: World, reform: Reform
) -> None:
    report = selectors.coverage_report(actor=world.province_officer, code="14", on=EVE)
    total = report.total
    # Nà Hát, Pá Chả, Nậm Lầu, Co Muông, Huổi Hốc; Phiêng Mới did not exist yet.
    assert (total.villages_total, total.villages_with_team, total.teams, total.members) == (
        5,
        4,
        5,
        6,
    )
    rows = {v.name: (row.villages_total, row.teams, row.members) for v, row in report.rows}
    assert rows["Huyện Thuận Châu"] == (5, 5, 6)
    assert "Xã Chiềng La" not in rows
