"""Sharing out households: even runs of people in household-number order, and history kept."""

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from langso.campaigns import selectors, services
from langso.campaigns.models import Assignment
from langso.campaigns.services import split_even
from langso.core.errors import DomainError
from langso.people.models import Household
from tests.campaigns.helpers import campaign, code, home, on_day
from tests.roles import World

pytestmark = pytest.mark.django_db


def test_an_even_split_keeps_household_number_order_and_balances_people() -> None:
    households = [(1, 1), (2, 5), (3, 1), (4, 1), (5, 1), (6, 1)]
    assert split_even(households, [10, 20]) == {1: 10, 2: 10, 3: 20, 4: 20, 5: 20, 6: 20}
    assert split_even(households, [10, 20, 30]) == {1: 10, 2: 20, 3: 20, 4: 30, 5: 30, 6: 30}


@given(
    st.lists(st.integers(0, 12), min_size=1, max_size=60),
    st.integers(1, 8),
)
def test_every_even_split_is_contiguous_and_whole(people: list[int], members: int) -> None:
    households = [(index, count) for index, count in enumerate(people)]
    split = split_even(households, list(range(members)))
    assert set(split) == {h for h, _count in households}
    order = [split[h] for h, _count in households]
    # Runs in order: each member's households follow one another, members in their order.
    assert order == sorted(order)
    # No member gets more than their share plus the largest household.
    weights = [max(count, 1) for count in people]
    share = sum(weights) / members
    for member in set(order):
        got = sum(w for w, m in zip(weights, order, strict=True) if m == member)
        assert got <= share + max(weights)


def test_numbers_sort_as_numbers(fixture_day: Any, world: World) -> None:
    for number in ("10", "2", "1", ""):
        home(world.village_a1, number)
    ordered = [
        number
        for number in (
            Household.objects.get(pk=pk).number
            for pk, _people in selectors.households_in_order(world.village_a1.pk)
        )
    ]
    assert ordered == ["1", "2", "10", ""]


def test_moving_a_household_keeps_who_had_it_when(fixture_day: Any, world: World) -> None:
    (person,) = home(world.village_a1, "1")
    made = campaign(world.commune_officer, world.commune_a)
    village = code(world.village_a1)
    with on_day(date(2026, 9, 22)):
        services.assignments_give(
            actor=world.leader,
            campaign=made,
            village_code=village,
            member_id=world.member.pk,
            household_ids=[person.household_id],
        )
    with on_day(date(2026, 9, 29)):
        services.assignments_give(
            actor=world.leader,
            campaign=made,
            village_code=village,
            member_id=world.leader.pk,
            household_ids=[person.household_id],
        )
        # Giving it again to whoever has it changes nothing.
        again = services.assignments_give(
            actor=world.leader,
            campaign=made,
            village_code=village,
            member_id=world.leader.pk,
            household_ids=[person.household_id],
        )
    assert again == []
    history = selectors.assignment_history(campaign=made, household_id=person.household_id)
    assert (history[0].member_id, history[0].assigned_at.date()) == (
        world.member.pk,
        date(2026, 9, 22),
    )
    assert history[0].ended_at is not None and history[0].ended_by_id == world.leader.pk
    assert (history[1].member_id, history[1].ended_at) == (world.leader.pk, None)
    with on_day(date(2026, 10, 1)):
        services.assignments_give(
            actor=world.leader,
            campaign=made,
            village_code=village,
            member_id=None,
            household_ids=[person.household_id],
        )
    assert not Assignment.objects.filter(ended_at__isnull=True).exists()
    assert Assignment.objects.count() == 2


def test_splitting_again_keeps_the_rows_that_do_not_change(fixture_day: Any, world: World) -> None:
    for number in range(1, 5):
        home(world.village_a1, str(number))
    made = campaign(world.commune_officer, world.commune_a)
    first = services.assignments_split_even(
        actor=world.leader, campaign=made, village_code=code(world.village_a1)
    )
    assert {row.member_id for row in first} == {world.member.pk}
    second = services.assignments_split_even(
        actor=world.leader, campaign=made, village_code=code(world.village_a1)
    )
    assert second == []
    assert Assignment.objects.count() == 4


def test_a_village_without_members_cannot_be_split(fixture_day: Any, world: World) -> None:
    home(world.village_a2, "1")
    made = campaign(world.commune_officer, world.commune_a)
    with pytest.raises(DomainError) as refused:
        services.assignments_split_even(
            actor=world.commune_officer, campaign=made, village_code=code(world.village_a2)
        )
    assert refused.value.code == "CAMPAIGN_NO_MEMBERS"
