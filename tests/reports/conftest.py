from datetime import date

import pytest
import time_machine

from tests.reports.helpers import at
from tests.roles import World, build_world

# The world of tests.roles set up before the periods these tests report on (its villages,
# teams and roles begin the day it is built).
SETTLED = date(2026, 8, 3)


@pytest.fixture
def settled_world(db: None) -> World:
    with time_machine.travel(at(SETTLED), tick=False):
        return build_world()
