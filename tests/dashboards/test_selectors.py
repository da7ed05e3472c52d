"""Dashboard reads: filters on ethnicity, sex and age band, and children ranked by an indicator."""

import pytest

from langso.core.dates import today
from langso.core.errors import DomainError
from langso.dashboards import selectors
from langso.dashboards.selectors import ResidentFilter
from langso.indicators.models import Indicator
from tests.indicators.data import People
from tests.roles import World

pytestmark = pytest.mark.django_db


def counts(world: World, code: str = "03721", **chosen: str) -> dict[str, tuple[int, int] | None]:
    _version, lines = selectors.lines(
        actor=world.commune_officer, code=code, on=today(), chosen=ResidentFilter(**chosen)
    )
    return {
        line.indicator: (line.figure.numerator, line.figure.denominator) if line.figure else None
        for line in lines
    }


def ranked(world: World, indicator: str, **chosen: str) -> list[tuple[str, float | None]]:
    version, _lines = selectors.lines(
        actor=world.commune_officer, code="03721", on=today(), chosen=ResidentFilter()
    )
    ranks = selectors.ranking(
        actor=world.commune_officer,
        version=version,
        on=today(),
        indicator=Indicator.objects.get(code=indicator),
        chosen=ResidentFilter(**chosen),
    )
    return [(rank.version.name, rank.figure.percent if rank.figure else None) for rank in ranks]


def test_without_a_filter_the_figures_are_the_roll_ups(world: World, people: People) -> None:
    figures = counts(world)
    assert figures["smartphone"] == (4, 5)
    assert figures["epayment"] == (2, 6)
    assert figures["household_broadband"] == (1, 2)


@pytest.mark.parametrize(
    ("chosen", "smartphone", "epayment"),
    [
        ({"sex": "F"}, (2, 3), (1, 3)),
        ({"sex": "M"}, (2, 2), (1, 3)),
        ({"ethnicity": "Thái"}, (2, 2), (1, 2)),
        ({"ethnicity": "Kinh"}, (2, 2), (1, 3)),
        ({"ethnicity": "Mông"}, (0, 1), (0, 1)),
        ({"age_band": "0-14"}, (0, 0), (0, 0)),
        ({"age_band": "15-17"}, (0, 0), (1, 1)),
        ({"age_band": "18-35"}, (2, 2), (1, 2)),
        ({"age_band": "36-59"}, (2, 2), (0, 2)),
        ({"age_band": "60+"}, (0, 1), (0, 1)),
        ({"sex": "F", "age_band": "18-35"}, (2, 2), (1, 2)),
        ({"sex": "M", "ethnicity": "Kinh"}, (1, 1), (1, 2)),
    ],
)
def test_a_filter_counts_the_residents_it_keeps(
    world: World,
    people: People,
    chosen: dict[str, str],
    smartphone: tuple[int, int],
    epayment: tuple[int, int],
) -> None:
    figures = counts(world, **chosen)
    assert figures["smartphone"] == smartphone
    assert figures["epayment"] == epayment


def test_household_indicators_have_no_figure_under_a_resident_filter(
    world: World, people: People
) -> None:
    figures = counts(world, sex="F")
    assert figures["household_broadband"] is None
    assert figures["business_ecommerce"] is None
    assert figures["ehealth"] == (0, 4)


def test_a_filter_counts_only_villages_under_the_unit(world: World, people: People) -> None:
    assert counts(world, code=world.code(world.village_a2), ethnicity="Mông")["smartphone"] == (
        0,
        0,
    )
    assert counts(world, code=world.code(world.village_a1), ethnicity="Mông")["smartphone"] == (
        0,
        1,
    )


def test_a_member_counts_only_their_own_village_even_with_a_filter(
    world: World, people: People
) -> None:
    _version, lines = selectors.lines(
        actor=world.member,
        code=world.code(world.village_a1),
        on=today(),
        chosen=ResidentFilter(sex="F"),
    )
    smartphone = next(line for line in lines if line.indicator == "smartphone")
    assert smartphone.figure is not None
    assert (smartphone.figure.numerator, smartphone.figure.denominator) == (1, 2)


def test_children_are_ranked_best_first(world: World, people: People) -> None:
    assert ranked(world, "smartphone") == [("Tiểu khu 3", 100.0), ("Bản Hua Nà", 66.7)]
    assert ranked(world, "epayment") == [("Bản Hua Nà", 50.0), ("Tiểu khu 3", 0.0)]


def test_a_filter_ranks_children_by_the_residents_it_keeps(world: World, people: People) -> None:
    assert ranked(world, "smartphone", ethnicity="Thái") == [
        ("Bản Hua Nà", 100.0),
        ("Tiểu khu 3", None),
    ]
    assert ranked(world, "smartphone", sex="F") == [("Tiểu khu 3", 100.0), ("Bản Hua Nà", 50.0)]
    assert ranked(world, "household_broadband", sex="F") == [
        ("Bản Hua Nà", None),
        ("Tiểu khu 3", None),
    ]


def test_a_child_without_a_population_comes_last(world: World, people: People) -> None:
    assert ranked(world, "business_ecommerce") == [("Bản Hua Nà", None), ("Tiểu khu 3", None)]


def test_the_ethnic_groups_present_are_listed_in_the_official_order(
    world: World, people: People
) -> None:
    version, _lines = selectors.lines(
        actor=world.commune_officer, code="03721", on=today(), chosen=ResidentFilter()
    )
    assert selectors.ethnicities(actor=world.commune_officer, version=version) == [
        "Kinh",
        "Thái",
        "Mông",
    ]


def test_a_filter_accepts_the_spellings_people_write() -> None:
    assert selectors.resident_filter(ethnicity="H'Mông").ethnicity == "Mông"
    assert selectors.resident_filter(ethnicity="hmong", sex="F", age_band="60+") == ResidentFilter(
        ethnicity="Mông", sex="F", age_band="60+"
    )
    assert not selectors.resident_filter().is_set


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"ethnicity": "Klingon"}, "ethnicity"),
        ({"sex": "X"}, "sex"),
        ({"age_band": "20-30"}, "age"),
    ],
)
def test_a_filter_that_names_nothing_known_is_refused(given: dict[str, str], field: str) -> None:
    with pytest.raises(DomainError) as refused:
        selectors.resident_filter(**given)
    assert refused.value.field == field
    assert refused.value.code == "INVALID_INPUT"


def test_the_trend_of_an_indicator_ends_with_todays_figure(world: World, people: People) -> None:
    version, lines = selectors.lines(
        actor=world.commune_officer, code="03721", on=today(), chosen=ResidentFilter()
    )
    points = selectors.trend(version=version, indicator=Indicator.objects.get(code="smartphone"))
    assert len(points) == 12
    assert points[-1].figure == lines[0].figure
