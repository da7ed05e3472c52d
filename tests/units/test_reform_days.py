"""A village's place in the tree on the reform's eve (30 June 2025) and first day (1 July 2025).

Pages name a unit's ancestors (``breadcrumbs``, from ``tree.ancestor_ids``) as of the day they
show: Bản Nậm Lầu moved from Xã Mường Bám to the new Xã Chiềng La on 1 July, so on that day it
lies under Chiềng La only. The data is in ``tests/reform.py``.
"""

from collections.abc import Iterator

import pytest
import time_machine

from langso.units import selectors, tree
from tests.reform import EVE, NOW, REFORM, Reform, build_reform, unit_on
from tests.roles import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def reform(world: World) -> Reform:
    return build_reform()


def test_a_village_that_moved_lies_under_its_old_commune_until_the_eve(reform: Reform) -> None:
    assert [v.name for v in selectors.breadcrumbs(reform.nam_lau, EVE)] == [
        "Tỉnh Sơn La",
        "Huyện Thuận Châu",
        "Xã Mường Bám",
    ]
    assert tree.ancestor_ids(reform.nam_lau, EVE) == [
        reform.nam_lau.pk,
        reform.muong_bam.pk,
        unit_on("119", EVE).pk,
        unit_on("14", EVE).pk,
    ]


def test_a_village_that_moved_lies_under_its_new_commune_from_the_first_day(
    reform: Reform,
) -> None:
    assert [v.name for v in selectors.breadcrumbs(reform.nam_lau, REFORM)] == [
        "Tỉnh Sơn La",
        "Xã Chiềng La",
    ]
    assert tree.ancestor_ids(reform.nam_lau, REFORM) == [
        reform.nam_lau.pk,
        reform.chieng_la.pk,
        unit_on("14", REFORM).pk,
    ]
