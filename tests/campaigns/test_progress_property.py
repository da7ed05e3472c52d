"""For any stream of observations, a campaign's baseline and achieved equal a recount.

Hypothesis draws observations of five adults of commune A (three in village A1, two in A2) on
two indicators: true or false, happening from a week before the campaign's start to three weeks
into it, each reaching the server up to ten days after it happened, in the order they arrive
(so late and out-of-order ones are common). Then, for every day from the eve of the start to
the last arrival, the progress of the commune and of each village must equal a recount written
here from the observations alone: a person holds an indicator on a day when their latest
observation happening by the end of that day (by when it happened, then when it arrived) says
so; the baseline is that count on the eve of the start.
"""

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from langso.campaigns import progress as progress_module
from langso.campaigns.models import Campaign
from langso.indicators.models import Observation
from langso.people.models import Resident
from tests.campaigns.helpers import START, campaign, code, home, observe, on_day
from tests.roles import World

pytestmark = pytest.mark.django_db

INDICATORS = ["vneid_l2", "smartphone"]
EVE = START - timedelta(days=1)

observation = st.tuples(
    st.integers(0, 4),  # who
    st.integers(0, 1),  # which indicator
    st.booleans(),  # value
    st.integers(-7, 20),  # happened, days from the start
    st.integers(0, 10),  # arrived, days after it happened
)


@pytest.fixture
def scene(fixture_day: Any, world: World) -> tuple[World, Campaign, Campaign, list[Resident]]:
    people = [home(world.village_a1, str(n))[0] for n in range(1, 4)]
    people += [home(world.village_a2, str(n))[0] for n in range(4, 6)]
    made = campaign(
        world.commune_officer,
        world.commune_a,
        goals=[("vneid_l2", "0.9"), ("smartphone", "0.8")],
    )
    # The same plan for the whole province, which is read from its communes' sums.
    whole = campaign(
        world.province_officer,
        world.province,
        goals=[("vneid_l2", "0.9"), ("smartphone", "0.8")],
    )
    return world, made, whole, people


@settings(
    max_examples=20,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(stream=st.lists(observation, min_size=1, max_size=14))
# Dated before the start, arriving inside it: the baseline, not a gain.
@example(stream=[(0, 0, True, -3, 8)])
# Out of order: lost on day 4, known only after the newer "true" of day 6 arrived.
@example(stream=[(1, 0, True, 2, 0), (1, 0, True, 6, 0), (1, 0, False, 4, 5)])
# Two observations of one person on one day, the later one arriving first.
@example(stream=[(2, 1, True, 3, 2), (2, 1, False, 3, 0)])
def test_baseline_and_achieved_equal_a_recount(
    scene: tuple[World, Campaign, Campaign, list[Resident]],
    stream: list[tuple[int, int, bool, int, int]],
) -> None:
    world, made, province_made, people = scene
    with transaction.atomic():
        arrivals = sorted(enumerate(stream), key=lambda item: (item[1][3] + item[1][4], item[0]))
        last = EVE
        for index, (who, which, value, happened, delay) in arrivals:
            day = START + timedelta(days=happened)
            arrived = day + timedelta(days=delay)
            last = max(last, arrived)
            # A distinct hour per observation, so that "latest" is never a tie on the clock.
            with on_day(arrived, hour=23):
                observe(people[who], value, day, indicator=INDICATORS[which], hour=6 + index % 14)
        with on_day(last + timedelta(days=1)):
            members = {
                world.commune_a.pk: people,
                world.village_a1.pk: people[:3],
                world.village_a2.pk: people[3:],
            }
            day = EVE
            while day <= last:
                # The commune's progress carries its villages' as its children.
                found = progress_module.progress(
                    actor=world.commune_officer, campaign=made, code=code(world.commune_a), on=day
                )
                parts = [(found.version.unit_id, found.goals)] + [
                    (child.version.unit_id, child.goals) for child in found.children
                ]
                assert len(parts) == 3
                for unit_id, goals in parts:
                    for goal in goals:
                        assert goal.population == len(members[unit_id])
                        assert goal.achieved == recount(members[unit_id], goal.indicator, day), (
                            unit_id,
                            goal.indicator,
                            day,
                        )
                        assert goal.baseline == recount(members[unit_id], goal.indicator, EVE)
                # The province, read from its communes' sums (``indicators.communes``), says the
                # same of commune A as the commune read from its villages.
                assert progress_module._CommuneFigures.of(world.province, day) is not None
                whole = progress_module.progress(
                    actor=world.province_officer, campaign=province_made, on=day
                )
                commune = next(c for c in whole.children if c.version.unit_id == world.commune_a.pk)
                for mine, theirs in zip(whole.goals, found.goals, strict=True):
                    assert (mine.population, mine.achieved, mine.baseline) == (
                        theirs.population,
                        theirs.achieved,
                        theirs.baseline,
                    ), day
                assert [(g.achieved, g.baseline) for g in commune.goals] == [
                    (g.achieved, g.baseline) for g in found.goals
                ]
                day += timedelta(days=1)
        transaction.set_rollback(True)


def recount(members: list[Resident], indicator: str, day: date) -> int:
    """How many of ``members`` held ``indicator`` at the end of ``day``, from observations."""
    held = 0
    for person in members:
        latest = None
        for moment, arrived, value in Observation.objects.filter(
            resident=person, indicator_id=indicator
        ).values_list("observed_at", "recorded_at", "value"):
            if _local_day(moment) > day:
                continue
            if latest is None or (moment, arrived) > latest[:2]:
                latest = (moment, arrived, value)
        held += bool(latest and latest[2])
    return held


def _local_day(moment: Any) -> date:
    from django.utils import timezone

    return timezone.localtime(moment).date()
