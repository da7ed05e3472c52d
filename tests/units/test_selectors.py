"""Reading units: as of a date, diacritics-insensitive, and only inside the actor's scope."""

from datetime import date

import pytest

from langso.access import SYSTEM
from langso.core.dates import today
from langso.core.errors import NotFound
from langso.units import selectors, tree
from langso.units.errors import UnitError
from tests.roles import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("thuan chau", "Xã Thuận Châu"),
        ("THUẬN CHÂU", "Xã Thuận Châu"),
        ("muong e", "Xã Mường É"),
        ("  Muong   E ", "Xã Mường É"),
        ("03727", "Xã Mường É"),
        ("son la", "Tỉnh Sơn La"),
    ],
)
def test_search_ignores_case_diacritics_and_spacing(query: str, expected: str) -> None:
    found = selectors.search(actor=SYSTEM, query=query)
    assert found, query
    assert found[0].name == expected


def test_search_as_of_2023_finds_the_district_that_no_longer_exists() -> None:
    then = [v.name for v in selectors.search(actor=SYSTEM, query="thuan chau", on=date(2023, 1, 1))]
    assert "Huyện Thuận Châu" in then
    assert "Thị trấn Thuận Châu" in then
    now = [v.name for v in selectors.search(actor=SYSTEM, query="thuan chau")]
    assert "Huyện Thuận Châu" not in now


def test_search_of_nothing_finds_nothing() -> None:
    assert selectors.search(actor=SYSTEM, query="   ") == []


def test_a_member_finds_only_their_own_village(world: World) -> None:
    names = {v.name for v in selectors.search(actor=world.member, query="ban")}
    assert names == {"Bản Hua Nà"}
    assert selectors.search(actor=world.member, query="son la") == []


def test_an_outsider_finds_nothing(world: World) -> None:
    assert selectors.search(actor=world.outsider, query="thuan chau") == []


def test_a_commune_officer_sees_the_commune_and_its_villages_only(world: World) -> None:
    seen = {v.name for v in selectors.visible_versions(world.commune_officer, today())}
    assert seen == {"Xã Thuận Châu", "Bản Hua Nà", "Tiểu khu 3"}


def test_a_province_officer_sees_the_province_as_it_was_in_2023(world: World) -> None:
    version = selectors.unit_get(actor=world.province_officer, code="119", on=date(2023, 6, 1))
    assert version.name == "Huyện Thuận Châu"
    assert (
        len(
            selectors.children(actor=world.province_officer, unit=version.unit, on=date(2023, 6, 1))
        )
        == 29
    )


def test_another_villages_unit_answers_not_found_like_a_missing_one(world: World) -> None:
    with pytest.raises(NotFound) as other:
        selectors.unit_get(actor=world.member, code=world.code(world.village_b1))
    with pytest.raises(NotFound) as missing:
        selectors.unit_get(actor=world.member, code="99999")
    assert other.value.code == missing.value.code == UnitError.NOT_FOUND


def test_breadcrumbs_follow_the_date() -> None:
    then = selectors.unit_get(actor=SYSTEM, code="03760", on=date(2024, 1, 1))
    assert [v.code for v in selectors.breadcrumbs(then.unit, date(2024, 1, 1))] == ["14", "119"]
    assert [v.code for v in selectors.breadcrumbs(then.unit, date(2025, 7, 1))] == ["14"]


def test_branches_tell_which_child_each_unit_lies_in(world: World) -> None:
    branches = tree.branches(world.province, today())
    by_unit = {b.unit_id: b.branch_id for b in branches}
    assert by_unit[world.village_a1.pk] == world.commune_a.pk
    assert by_unit[world.village_b1.pk] == world.commune_b.pk
    assert by_unit[world.province.pk] == world.province.pk
