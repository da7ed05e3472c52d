"""Indicator reads: children's figures and the monthly trend, from the same roll-ups."""

from datetime import date

import pytest
from django.utils import timezone

from langso.core.dates import today
from langso.indicators import selectors
from tests.indicators.data import OBSERVED, REGISTERED, People
from tests.roles import World

pytestmark = pytest.mark.django_db


def next_month(month: date) -> date:
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


def test_the_trend_has_twelve_months_ending_with_todays_figures(
    world: World, people: People
) -> None:
    version, figures = selectors.figures(actor=world.commune_officer, code="03721")
    series = selectors.trend(version=version)["smartphone"]
    assert len(series) == 12
    assert series[-1][0] == today().replace(day=1)
    now = next(figure for figure in figures if figure.indicator == "smartphone")
    assert series[-1][1:] == (now.numerator, now.denominator) == (4, 5)


def test_each_month_of_the_trend_counts_what_happened_until_its_end(
    world: World, people: People
) -> None:
    version, _figures = selectors.figures(actor=world.commune_officer, code="03721")
    series = selectors.trend(version=version)["smartphone"]
    observed = timezone.localtime(OBSERVED).date()
    months = [month for month, _n, _d in series]
    assert months == sorted(months)
    assert len(set(months)) == 12
    for month, numerator, denominator in series:
        end = next_month(month)
        assert numerator == (4 if end > observed else 0)
        assert denominator == (5 if end > REGISTERED else 0)


def test_children_have_their_own_figures_and_sum_to_the_parent(
    world: World, people: People
) -> None:
    version, figures = selectors.figures(actor=world.commune_officer, code="03721")
    children = selectors.figures_by_child(actor=world.commune_officer, version=version, on=today())
    by_name = {child.name: child_figures["smartphone"] for child, child_figures in children}
    assert {name: (f.numerator, f.denominator) for name, f in by_name.items()} == {
        "Bản Hua Nà": (2, 3),
        "Tiểu khu 3": (2, 2),
    }
    for figure in figures:
        assert sum(f[figure.indicator].numerator for _c, f in children) == figure.numerator
        assert sum(f[figure.indicator].denominator for _c, f in children) == figure.denominator


def test_children_can_be_asked_for_one_indicator_only(world: World, people: People) -> None:
    version, _figures = selectors.figures(actor=world.province_officer, code="03721")
    children = selectors.figures_by_child(
        actor=world.province_officer, version=version, on=today(), indicators=["epayment"]
    )
    assert [set(figures) for _child, figures in children] == [{"epayment"}, {"epayment"}]
    assert [figures["epayment"].percent for _child, figures in children] == [50.0, 0.0]


def test_a_target_is_reached_only_at_or_above_it(world: World, people: People) -> None:
    _version, figures = selectors.figures(actor=world.commune_officer, code="03721")
    by_code = {figure.indicator: figure for figure in figures}
    assert by_code["smartphone"].percent == 80.0
    assert by_code["smartphone"].reached is True
    assert by_code["epayment"].reached is False
    assert by_code["vneid_l2"].reached is None
