"""The visits page of a unit: members by the name their team knows, topics and notes in words,
and the households left unvisited a page at a time."""

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from langso.access import SYSTEM
from langso.people.models import Household
from langso.people.services import ResidentData, household_create, resident_create
from langso.teams import services as teams
from langso.visits import services
from tests.roles import World

pytestmark = pytest.mark.django_db

NOTE = "Bà hẹn chiều thứ Năm cài VNeID"


def _household(world: World, number: int) -> Household:
    household = household_create(
        actor=SYSTEM, village=world.village_a1, number=str(number), head_name=f"Hộ {number}"
    )
    resident_create(
        actor=SYSTEM,
        household=household,
        data=ResidentData(full_name=f"Lò Văn {number}", birth_year=1980, is_head=True),
    )
    return household


def _visit(world: World, household: Household, days_ago: int = 1, note: str = NOTE) -> None:
    results = services.sync_push(
        actor=world.member,
        device_id="t",
        events=[
            {
                "id": str(uuid.uuid4()),
                "household_id": household.pk,
                "occurred_at": (timezone.now() - timedelta(days=days_ago)).isoformat(),
                "topics": ["vneid", "scam_awareness"],
                "note": note,
            }
        ],
    )
    assert results[0]["status"] == "created"


def _named_member(world: World) -> None:
    """The member's login is "member"; their team knows them as Lò Thị Hoa."""
    membership = teams.member_add(actor=SYSTEM, team=world.team_a1, full_name="Lò Thị Hoa")
    teams.person_link_user(person_id=membership.person_id, user=world.member)


def page(world: World, query: str = "", who: str = "commune_officer") -> str:
    response = world.client(getattr(world, who)).get(f"/units/03721/visits/{query}")
    assert response.status_code == 200
    return str(response.content.decode())


def test_a_visit_shows_the_members_name_the_topics_in_words_and_the_note(world: World) -> None:
    _named_member(world)
    _visit(world, _household(world, 1))
    text = page(world)
    visits = text[: text.index('id="unvisited"')]
    assert "Lò Thị Hoa" in visits
    assert ">member<" not in visits
    assert "Định danh điện tử VNeID" in visits and "nhận biết lừa đảo" in visits
    assert "scam_awareness" not in visits and "vneid," not in visits
    assert NOTE in visits


def test_a_member_without_a_team_name_is_shown_by_their_login_name(world: World) -> None:
    _visit(world, _household(world, 1))
    visits = page(world).split('id="unvisited"')[0]
    assert ">member</a>" in visits


def test_the_unvisited_households_come_fifty_a_page_with_the_days_kept(world: World) -> None:
    for number in range(1, 56):
        _household(world, number)
    first = page(world, "?days=10")
    unvisited = first[first.index('id="unvisited"') :]
    assert unvisited.count("<tr>") == 1 + 50
    link = re.search(r'href="\?([^"]*page=2)#unvisited" rel="next"', unvisited)
    assert link is not None
    assert "days=10" in link.group(1)
    second = page(world, "?" + link.group(1).replace("&amp;", "&"))
    rest = second[second.index('id="unvisited"') :]
    assert rest.count("<tr>") == 1 + 5
    assert 'value="10"' in second
    # The same households the household list gives for the same day.
    assert "/units/03721/households/?since=" in unvisited


def test_a_visited_household_is_not_among_the_unvisited(world: World) -> None:
    seen = _household(world, 1)
    _household(world, 2)
    _visit(world, seen, days_ago=3)
    unvisited = page(world, "?days=10").split('id="unvisited"')[1]
    assert "Hộ 2" in unvisited and "Hộ 1" not in unvisited
    older = page(world, "?days=2").split('id="unvisited"')[1]
    assert "Hộ 1" in older


@pytest.mark.parametrize("bad", ["abc", "99999", "-3"])
def test_a_bad_page_of_either_list_still_answers_a_page(world: World, bad: str) -> None:
    _visit(world, _household(world, 1))
    for name in ("page", "visits_page"):
        assert "Hộ 1" in page(world, f"?{name}={bad}")


def test_the_member_filter_says_whose_visits_are_shown(world: World) -> None:
    _named_member(world)
    _visit(world, _household(world, 1))
    text = page(world, f"?member={world.member.pk}")
    assert "Lò Thị Hoa" in text.split("<table")[0]


def test_the_page_costs_as_many_queries_for_many_visits_as_for_one(
    world: World, django_assert_max_num_queries: Any
) -> None:
    _named_member(world)
    client = world.client(world.commune_officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/units/03721/visits/").status_code == 200
        return len(captured.captured_queries)

    _visit(world, _household(world, 1))
    _household(world, 2)
    few = queries()
    for number in range(3, 40):
        household = _household(world, number)
        if number % 2:
            _visit(world, household)
    with django_assert_max_num_queries(few):
        assert client.get("/units/03721/visits/").status_code == 200


def test_another_communes_member_cannot_open_the_page(world: World) -> None:
    _visit(world, _household(world, 1))
    response = world.client(world.member_b).get("/units/03721/visits/")
    assert response.status_code == 404


def test_the_activity_page_links_each_member_to_their_visits(world: World) -> None:
    _named_member(world)
    text = world.client(world.leader).get(f"/teams/{world.team_a1.pk}/activity/").content.decode()
    code = world.code(world.village_a1)
    assert f"/units/{code}/visits/?days=30&amp;member={world.member.pk}" in text
