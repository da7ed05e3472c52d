"""Demo households are plausible: relationships, sexes and ages agree (no 15-year-old "Chồng",
no male "Vợ" or "Mẹ", no child born to a ten-year-old)."""

import random

import pytest

from langso.demo.residents import household_members
from tests.demo.households import Person, problems

YEAR = 2026


def people(members: list[tuple[str, str, int]]) -> list[Person]:
    return [Person(relationship, sex, YEAR - age) for relationship, sex, age in members]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("ethnicity", ["Thái", "Kinh", "Mông", "Khơ Mú"])
def test_every_generated_household_is_plausible(seed: int, ethnicity: str) -> None:
    rng = random.Random(seed)
    for _household in range(2_000):
        size = rng.choice((1, 2, 3, 4, 5, 6, 7, 9))
        members = household_members(rng, size, YEAR, ethnicity)
        assert len(members) == size
        household = [
            Person(m.relationship, "F" if m.female else "M", m.born, m.name) for m in members
        ]
        assert problems(household, YEAR) == []


def test_names_follow_the_sex_and_children_carry_their_fathers_family_name() -> None:
    rng = random.Random(7)
    for _household in range(500):
        members = household_members(rng, 6, YEAR, "Thái")
        for member in members:
            assert (" Thị " in member.name) == member.female, member
        father = next(
            (m for m in members if m.relationship in ("Chủ hộ", "Chồng") and not m.female), None
        )
        # Without a father in the household, the mother who heads it gives hers.
        family = (father or members[0]).name.split()[0]
        for child in (m for m in members if m.relationship == "Con"):
            assert child.name.split()[0] == family


@pytest.mark.parametrize(
    ("household", "wrong"),
    [
        ([("Chủ hộ", "F", 40), ("Chồng", "M", 15)], "must be an adult"),
        ([("Chủ hộ", "M", 40), ("Vợ", "M", 38)], "must be a woman"),
        ([("Chủ hộ", "M", 40), ("Mẹ", "M", 70)], "must be a woman"),
        ([("Chủ hộ", "F", 40), ("Bố", "F", 70)], "must be a man"),
        ([("Chủ hộ", "M", 40), ("Vợ", "F", 30), ("Con", "M", 20)], "too close in age"),
        ([("Chủ hộ", "M", 40), ("Mẹ", "F", 45)], "too close in age"),
        ([("Chủ hộ", "M", 40), ("Cháu", "F", 15)], "too close in age"),
        ([("Chủ hộ", "M", 40), ("Chủ hộ", "M", 38)], "2 × Chủ hộ"),
        ([("Vợ", "F", 40)], "no head"),
        ([("Chủ hộ", "M", 12)], "must be an adult"),
    ],
)
def test_the_rules_catch_an_implausible_household(
    household: list[tuple[str, str, int]], wrong: str
) -> None:
    assert any(wrong in problem for problem in problems(people(household), YEAR))
