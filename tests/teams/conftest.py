"""Fixtures shared by the tests of teams."""

import pytest

from tests.roles import World
from tests.teams.phones import Crew, build_crew


@pytest.fixture
def crew(world: World) -> Crew:
    return build_crew(world)
