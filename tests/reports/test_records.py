"""A member's record: what they moved to yes, and nothing they only confirmed."""

from collections.abc import Iterator
from datetime import date

import pytest
import time_machine

from langso.reports.records import member_records
from tests.clock import FIXTURE_MOMENT
from tests.reports.helpers import END, START, adult, at, busy_fortnight, visit
from tests.roles import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(FIXTURE_MOMENT, tick=False):
        yield


def test_a_first_yes_counts_and_confirming_a_yes_does_not(settled_world: World) -> None:
    busy_fortnight(settled_world)
    record = member_records(users=[settled_world.member.pk], start=START, end=END)[
        settled_world.member.pk
    ]
    # Lan and Bình had never been observed: their first "yes" is a move. Cúc had VNeID level 2
    # from the leader's visit of 20 August: the member's "yes" confirms it and moves no one.
    assert record.guided == {"vneid_l2": 2, "dvc_account": 1}
    assert (record.visits, record.households, record.people, record.hours) == (3, 3, 3, 1.3)


def test_a_yes_after_a_no_counts_once_however_often_it_is_said(settled_world: World) -> None:
    with time_machine.travel(at(date(2026, 8, 3)), tick=False):
        person = adult(settled_world, "Tòng Văn Hạnh")
    member = settled_world.member
    visit(member, person, date(2026, 9, 1), minutes=5, topics=[], observed={"vneid_l2": False})
    visit(member, person, date(2026, 9, 2), minutes=5, topics=[], observed={"vneid_l2": True})
    visit(member, person, date(2026, 9, 3), minutes=5, topics=[], observed={"vneid_l2": True})
    record = member_records(users=[member.pk], start=START, end=END)[member.pk]
    assert record.guided == {"vneid_l2": 1}
    assert (
        member_records(users=[member.pk], start=date(2026, 9, 3), end=END)[member.pk].guided == {}
    )
