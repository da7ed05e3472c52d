"""The rules a demo household keeps: relationships, sexes and ages that agree."""

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

FEMALE_ONLY = {"Vợ", "Mẹ", "Con dâu"}
MALE_ONLY = {"Chồng", "Bố"}
ONE_AT_MOST = {"Chủ hộ", "Vợ", "Chồng", "Bố", "Mẹ"}
# The least difference in age between a parent and their child.
GAP = 15


class Person(NamedTuple):
    relationship: str
    sex: str  # "M" or "F"
    born: int
    name: str = ""


def problems(household: Sequence[Person], year: int) -> list[str]:
    """What is wrong with one household (empty when it is plausible)."""
    found: list[str] = []
    counts = Counter(person.relationship for person in household)
    for relationship in ONE_AT_MOST:
        if counts[relationship] > 1:
            found.append(f"{counts[relationship]} × {relationship}")
    heads = [person for person in household if person.relationship == "Chủ hộ"]
    if len(heads) != 1:
        return [*found, "no head"]
    head = heads[0]
    age = {id(person): year - person.born for person in household}
    spouses = [person for person in household if person.relationship in ("Vợ", "Chồng")]
    for person in household:
        years = age[id(person)]
        label = f"{person.relationship} {person.name} ({person.sex}, {years})"
        if person.relationship in FEMALE_ONLY and person.sex != "F":
            found.append(f"{label}: must be a woman")
        if person.relationship in MALE_ONLY and person.sex != "M":
            found.append(f"{label}: must be a man")
        if person.relationship in ("Chủ hộ", "Vợ", "Chồng", "Con dâu") and years < 18:
            found.append(f"{label}: must be an adult")
        if person.relationship in ("Vợ", "Chồng") and person.sex == head.sex:
            found.append(f"{label}: of the head's sex")
        if person.relationship == "Con":
            for parent in (head, *spouses):
                if age[id(parent)] - years < GAP:
                    found.append(f"{label}: too close in age to {parent.relationship}")
        if person.relationship in ("Bố", "Mẹ") and years - age[id(head)] < GAP:
            found.append(f"{label}: too close in age to the head")
        if person.relationship == "Cháu" and age[id(head)] - years < 2 * GAP:
            found.append(f"{label}: too close in age to the head")
        if not 0 <= years <= 110:
            found.append(f"{label}: impossible age")
    return found
