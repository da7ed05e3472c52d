"""Progress against the plan: baseline, achieved and gains per unit and day, from roll-ups.

The figures of every test are worked out by hand from the tables in the tests' docstrings.
Residents are registered on the fixture day (14 September 2026); the campaign runs from 21
September to 30 November; observations are recorded on the day they reach the server.
"""

from datetime import date, timedelta
from typing import Any

import pytest

from langso.access import SYSTEM
from langso.accounts.models import User
from langso.campaigns import progress as progress_module
from langso.campaigns.models import Campaign
from langso.units import services as units
from langso.units.models import EventKind, Kind, Unit
from tests.campaigns.helpers import START, campaign, code, home, observe, on_day
from tests.roles import World

pytestmark = pytest.mark.django_db


def goal_of(user: User, made: Campaign, unit: Unit | None = None, on: date | None = None) -> Any:
    found = progress_module.progress(
        actor=user, campaign=made, code=code(unit) if unit else None, on=on
    )
    return found.goals[0]


def figures(goal: Any) -> tuple[int, int, int, int]:
    return goal.population, goal.baseline, goal.achieved, goal.gained


@pytest.fixture
def late_world(fixture_day: Any, world: World) -> tuple[World, Campaign, list[Any]]:
    """Commune A's campaign (VNeID level 2 ≥ 90%) and six adults, one per household.

    ===========  ======  =================================================  ==============
    resident     village what happened (arrived)                            true on
    ===========  ======  =================================================  ==============
    r1           A1      yes 18/09 (arrived 25/09: late, before the start)  18/09 →
    r2           A1      yes 23/09 (arrived 30/09: late, inside)            23/09 →
    r3           A1      yes 24/09 (24/09), yes 29/09 (01/10), no 27/09      24 to 26/09, 29/09 →
                         (02/10: older than the status, out of order)
    r4           A1      yes 03/10 (03/10)                                  03/10 →
    r5           A2      yes 15/09 (15/09), no 30/09 (30/09)                15 to 29/09
    r6           A2      never observed
    ===========  ======  =================================================  ==============
    """
    people = [home(world.village_a1, str(n))[0] for n in range(1, 5)]
    people += [home(world.village_a2, str(n))[0] for n in range(5, 7)]
    r1, r2, r3, r4, r5, _r6 = people
    with on_day(date(2026, 9, 15)):
        observe(r5, True, date(2026, 9, 15))
    with on_day(date(2026, 9, 20)):
        made = campaign(world.commune_officer, world.commune_a)
    with on_day(date(2026, 9, 24)):
        observe(r3, True, date(2026, 9, 24))
    with on_day(date(2026, 9, 25)):
        observe(r1, True, date(2026, 9, 18))
    with on_day(date(2026, 9, 30)):
        observe(r2, True, date(2026, 9, 23))
        observe(r5, False, date(2026, 9, 30), hour=9)
    with on_day(date(2026, 10, 1)):
        observe(r3, True, date(2026, 9, 29))
    with on_day(date(2026, 10, 2)):
        observe(r3, False, date(2026, 9, 27))
    with on_day(date(2026, 10, 3)):
        observe(r4, True, date(2026, 10, 3))
    return world, made, people


def test_late_and_out_of_order_observations_count_on_the_day_they_happened(
    late_world: tuple[World, Campaign, list[Any]],
) -> None:
    world, made, _people = late_world
    officer = world.commune_officer
    with on_day(date(2026, 10, 5)):
        # Before the start only r1 (dated 18/09, arrived late) and r5 held it: the baseline.
        assert figures(goal_of(officer, made, world.commune_a, date(2026, 10, 1))) == (6, 2, 3, 1)
        assert figures(goal_of(officer, made, world.village_a1, date(2026, 10, 1))) == (4, 1, 3, 2)
        assert figures(goal_of(officer, made, world.village_a2, date(2026, 10, 1))) == (2, 1, 0, -1)
        # r3 had lost it on the 27th (known only from 2 October on).
        assert figures(goal_of(officer, made, world.commune_a, date(2026, 9, 28))) == (6, 2, 3, 1)
        assert figures(goal_of(officer, made, world.village_a1, date(2026, 9, 28))) == (4, 1, 2, 1)
        # Observed after the day asked: not yet counted then, counted on its day.
        assert figures(goal_of(officer, made, world.commune_a)) == (6, 2, 4, 2)


def test_progress_agrees_with_the_indicators_api_on_every_day(
    late_world: tuple[World, Campaign, list[Any]],
) -> None:
    world, made, _people = late_world
    with on_day(date(2026, 10, 5)):
        client = world.client(world.commune_officer)
        for unit in (world.commune_a, world.village_a1, world.village_a2):
            baseline = _indicator(client, code(unit), START - timedelta(days=1))
            day = date(2026, 9, 19)
            while day <= date(2026, 10, 5):
                answer = client.get(
                    f"/api/v1/campaigns/{made.pk}/progress",
                    {"unit": code(unit), "on": day.isoformat()},
                ).json()
                goal = answer["goals"][0]
                expected = _indicator(client, code(unit), day)
                assert (goal["achieved"], goal["population"]) == expected, (unit, day)
                assert goal["baseline"] == baseline[0], (unit, day)
                assert goal["gained"] == goal["achieved"] - goal["baseline"]
                day += timedelta(days=1)


def _indicator(client: Any, unit_code: str, day: date) -> tuple[int, int]:
    rows = client.get(f"/api/v1/units/{unit_code}/indicators", {"on": day.isoformat()}).json()
    row = next(row for row in rows if row["indicator"] == "vneid_l2")
    return row["numerator"], row["denominator"]


def test_the_burn_up_series_walks_back_from_the_day_asked(
    late_world: tuple[World, Campaign, list[Any]],
) -> None:
    world, made, _people = late_world
    with on_day(date(2026, 10, 5)):
        goal = goal_of(world.commune_officer, made, on=date(2026, 10, 1))
    series = {day: achieved for day, achieved, _population in goal.series}
    assert series[START - timedelta(days=1)] == 2
    assert series[date(2026, 9, 23)] == 3
    assert series[date(2026, 9, 24)] == 4
    assert series[date(2026, 9, 27)] == 3
    assert series[date(2026, 9, 29)] == 4
    assert series[date(2026, 9, 30)] == 3
    assert series[date(2026, 10, 1)] == 3
    assert max(series) == date(2026, 10, 1)
    # The target line runs from the baseline to the target (0.9 of 6, rounded up) at the end.
    assert progress_module.target_line(goal, made, START - timedelta(days=1)) == 2
    assert progress_module.target_line(goal, made, made.ends_on) == 6


def test_the_forecast_follows_the_pace_of_the_last_fourteen_days(
    late_world: tuple[World, Campaign, list[Any]],
) -> None:
    world, made, _people = late_world
    with on_day(date(2026, 10, 5)):
        goal = goal_of(world.commune_officer, made)
    # 4 on 5 October, 2 on 21 September: 2 people in 14 days; 2 more needed → 14 days more.
    assert goal.target_people == 6
    assert goal.gap == 2
    assert goal.forecast_on == date(2026, 10, 19)
    assert goal.on_track is True


def test_children_are_ranked_laggards_first(
    late_world: tuple[World, Campaign, list[Any]],
) -> None:
    world, made, _people = late_world
    with on_day(date(2026, 10, 5)):
        found = progress_module.progress(actor=world.commune_officer, campaign=made)
    assert [child.version.unit_id for child in found.children] == [
        world.village_a2.pk,
        world.village_a1.pk,
    ]
    a2 = found.children[0].goals[0]
    assert (a2.population, a2.baseline, a2.achieved, a2.gap) == (2, 1, 0, 2)


def test_a_stalled_goal_has_no_forecast_and_is_not_on_track(fixture_day: Any, world: World) -> None:
    home(world.village_a1, "1")
    with on_day(date(2026, 9, 20)):
        made = campaign(world.commune_officer, world.commune_a)
    with on_day(date(2026, 10, 20)):
        goal = goal_of(world.commune_officer, made)
    assert (goal.achieved, goal.gap, goal.forecast_on, goal.on_track) == (0, 1, None, False)


def test_a_target_met_gives_the_day_it_was_met(fixture_day: Any, world: World) -> None:
    (person,) = home(world.village_a1, "1")
    with on_day(date(2026, 9, 20)):
        made = campaign(world.commune_officer, world.commune_a)
    with on_day(date(2026, 9, 25)):
        observe(person, True, date(2026, 9, 25))
    with on_day(date(2026, 10, 20)):
        goal = goal_of(world.commune_officer, made)
    assert (goal.achieved, goal.gap, goal.forecast_on, goal.on_track) == (
        1,
        0,
        date(2026, 9, 25),
        True,
    )


def test_a_count_goal_counts_people_gained(fixture_day: Any, world: World) -> None:
    people = [home(world.village_a1, str(n))[0] for n in range(1, 4)]
    with on_day(date(2026, 9, 16)):
        observe(people[0], True, date(2026, 9, 16))
    with on_day(date(2026, 9, 20)):
        made = campaign(world.commune_officer, world.commune_a, goals=[("vneid_l2", 2)])
    with on_day(date(2026, 9, 28)):
        observe(people[1], True, date(2026, 9, 28))
        goal = goal_of(world.commune_officer, made)
    assert (goal.baseline, goal.achieved, goal.target_people, goal.gap) == (1, 2, 3, 1)
    assert goal.target_share is None and goal.target_count == 2
    # A unit below is not asked the commune's number of people unless it is given one.
    with on_day(date(2026, 9, 28)):
        child = progress_module.progress(actor=world.commune_officer, campaign=made).children
    assert all(c.goals[0].target_count is None and c.goals[0].gap is None for c in child)


def test_a_merge_during_the_campaign_carries_the_villages_baselines(
    fixture_day: Any, world: World
) -> None:
    """Communes A (villages A1, A2) and B (B1) merge on 1 October into a new commune C.

    One adult per village: A1's held it before the start, A2's gained it on 25/09 (in A), B1's on
    5/10 (in C). The province's campaign counts C from 1 October with A's and B's baselines."""
    a1 = home(world.village_a1, "1")[0]
    a2 = home(world.village_a2, "2")[0]
    b1 = home(world.village_b1, "3")[0]
    with on_day(date(2026, 9, 16)):
        observe(a1, True, date(2026, 9, 16))
    with on_day(date(2026, 9, 20)):
        made = campaign(world.province_officer, world.province, goals=[("vneid_l2", "0.5")])
        commune_made = campaign(world.commune_officer, world.commune_a)
    with on_day(date(2026, 9, 25)):
        observe(a2, True, date(2026, 9, 25))
    event = units.event_record(
        actor=SYSTEM,
        key="test/campaign-merge",
        kind=EventKind.MERGE,
        effective=date(2026, 10, 1),
        legal_basis="NQ thử",
    )
    merged = units.units_merge(
        actor=SYSTEM,
        event=event,
        sources=[world.commune_a, world.commune_b],
        name="Xã Hợp Nhất",
        kind=Kind.COMMUNE,
        code="L-999-01",
        parent=world.province,
    )
    with on_day(date(2026, 10, 5)):
        observe(b1, True, date(2026, 10, 5))
        officer = world.province_officer
        before = progress_module.progress(actor=officer, campaign=made, on=date(2026, 9, 28))
        after = progress_module.progress(actor=officer, campaign=made, on=date(2026, 10, 6))
        commune_after = goal_of(world.commune_officer, commune_made, on=date(2026, 10, 6))

    def child(found: Any, unit: Unit) -> tuple[int, int, int, int]:
        return figures(next(c for c in found.children if c.version.unit_id == unit.pk).goals[0])

    assert child(before, world.commune_a) == (2, 1, 2, 1)
    assert child(before, world.commune_b)[:3] == (1, 0, 0)
    assert child(after, merged) == (3, 1, 3, 2)
    assert not any(c.version.unit_id == world.commune_a.pk for c in after.children)
    # The whole province: the same people, whatever the communes were called.
    assert figures(after.goals[0])[1:] == (
        figures(before.goals[0])[1],
        figures(before.goals[0])[2] + 1,
        figures(before.goals[0])[3] + 1,
    )
    # Commune A's own campaign goes on with its villages, as they stood on A's last day.
    assert figures(commune_after) == (2, 1, 2, 1)


def test_whole_months_read_from_the_monthly_roll_up_agree_day_by_day(
    fixture_day: Any, world: World
) -> None:
    """A campaign from 15 September: asked from 30 October on, October is read as a whole
    month (and from 30 November, November too); every day must still agree with the
    indicators API, and the baseline stay the figure of the eve of the start."""
    people = [home(world.village_a1, str(n))[0] for n in range(1, 7)]
    with on_day(date(2026, 9, 14)):
        made = campaign(
            world.commune_officer,
            world.commune_a,
            starts_on=date(2026, 9, 15),
            ends_on=date(2026, 12, 31),
        )
        observe(people[0], True, date(2026, 9, 14))
    for person, (happened, value) in zip(
        people * 2,
        [
            (date(2026, 9, 30), True),
            (date(2026, 10, 1), True),
            (date(2026, 10, 15), True),
            (date(2026, 10, 31), True),
            (date(2026, 11, 1), True),
            (date(2026, 11, 30), True),
            (date(2026, 10, 20), False),
            (date(2026, 11, 2), False),
        ],
        strict=False,
    ):
        with on_day(happened):
            observe(person, value, happened)
    with on_day(date(2026, 12, 2)):
        client = world.client(world.commune_officer)
        day = date(2026, 9, 14)
        while day <= date(2026, 12, 2):
            answer = client.get(
                f"/api/v1/campaigns/{made.pk}/progress",
                {"unit": code(world.village_a1), "on": day.isoformat()},
            ).json()["goals"][0]
            assert (answer["achieved"], answer["population"]) == _indicator(
                client, code(world.village_a1), day
            ), day
            if day >= date(2026, 9, 14):
                assert answer["baseline"] == 1, day
            day += timedelta(days=1)
