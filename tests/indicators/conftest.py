import pytest

from tests.indicators.data import People, build_people
from tests.roles import World


@pytest.fixture
def people(world: World) -> People:
    return build_people(world)
