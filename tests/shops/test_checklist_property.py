"""The business indicators follow the checklist whatever order the steps arrive in.

Hypothesis draws steps of two businesses of one household (platform tracks and the QR track,
done and undone, at different past moments) and the order they reach the server in (offline
phones send late). After each arrival the recorded history of each indicator must say, at every
step's moment, what the checklist says then (once a track has been complete), nothing before a
track was ever complete, and the roll-ups must equal a recount from scratch.
"""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from langso.access import SYSTEM
from langso.indicators.models import Observation
from langso.people import recount
from langso.shops import services
from langso.shops.checklist import ECOMMERCE, PLATFORM_STEPS, QR_PAYMENT, QR_STEPS, complete_at
from tests.roles import World
from tests.shops.helpers import business, household

pytestmark = pytest.mark.django_db

TRACKS = {"voso": PLATFORM_STEPS, "postmart": PLATFORM_STEPS, "": QR_STEPS}
step = st.tuples(
    st.integers(0, 1),  # which business
    st.sampled_from(sorted(TRACKS)),
    st.integers(0, 3),  # which step of the track (modulo its length)
    st.sampled_from([True, True, True, False]),  # done, mostly
    st.integers(1, 40),  # hours ago
)


def _wanted(seen: list[tuple[Any, ...]], code: str) -> list[tuple[datetime, bool | None]]:
    """At each step's moment, what the checklist says of ``code`` (None: nothing yet)."""
    ordered = sorted(seen, key=lambda s: (s[0], s[1]))
    out: list[tuple[datetime, bool | None]] = []
    ever = False
    for moment in sorted({s[0] for s in ordered}):
        now = complete_at(ordered, moment)[code]
        ever = ever or now
        out.append((moment, now if ever else None))
    return out


def _recorded_at(household_id: int, code: str, moment: datetime) -> bool | None:
    last = (
        Observation.objects.filter(
            household_id=household_id, indicator_id=code, observed_at__lte=moment
        )
        .order_by("-observed_at", "-recorded_at")
        .first()
    )
    return None if last is None else last.value


@settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=9))
def test_the_indicators_follow_the_checklist_in_any_arrival_order(
    world: World, steps: list[tuple[int, str, int, bool, int]]
) -> None:
    now = timezone.now()
    with transaction.atomic():
        home = household(SYSTEM, world.village_a1)
        shops = [business(SYSTEM, home, name=f"Cơ sở {n}", links={}) for n in range(2)]
        seen: list[tuple[Any, ...]] = []
        for order, (which, track, index, value, hours) in enumerate(steps):
            code = TRACKS[track][index % len(TRACKS[track])].code
            moment = now - timedelta(hours=hours)
            services.step_record(
                actor=SYSTEM,
                business=shops[which],
                platform=track,
                step=code,
                value=value,
                observed_at=moment,
            )
            seen.append((moment, order, str(shops[which].pk), track, code, value))
            for indicator in (ECOMMERCE, QR_PAYMENT):
                for at, wanted in _wanted(seen, indicator):
                    recorded = _recorded_at(home.pk, indicator, at)
                    assert recorded == wanted, (indicator, at, seen)
            assert recount.differences() == {}
        transaction.set_rollback(True)
