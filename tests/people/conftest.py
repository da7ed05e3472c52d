"""Fixtures shared by the tests of households, residents and imports."""

import pytest

from langso.access import SYSTEM
from langso.units import services as unit_services
from langso.units.models import Kind, Unit
from tests.people.lists import VILLAGE
from tests.roles import unit_today


@pytest.fixture
def na_lum(db: None) -> Unit:
    """The village the files name, in Xã Mường É (03727)."""
    return unit_services.unit_create(
        actor=SYSTEM, name=VILLAGE, kind=Kind.VILLAGE, parent=unit_today("03727")
    )
