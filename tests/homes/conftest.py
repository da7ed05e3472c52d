import pytest

from tests.homes.busy import Busy, build_busy
from tests.roles import World


@pytest.fixture
def busy(world: World) -> Busy:
    return build_busy(world)
