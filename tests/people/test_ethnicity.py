import pytest

from langso.core.text import fold_compact
from langso.people.ethnicity import ETHNIC_GROUPS, ETHNIC_VARIANTS, match_ethnicity


def test_there_are_54_groups_in_the_official_order() -> None:
    assert len(ETHNIC_GROUPS) == len(set(ETHNIC_GROUPS)) == 54
    assert ETHNIC_GROUPS[:3] == ("Kinh", "Tày", "Thái")
    assert ETHNIC_GROUPS[-1] == "Rơ Măm"


def test_no_two_groups_meet_once_spellings_are_folded() -> None:
    owner: dict[str, str] = {}
    for group, variants in ETHNIC_VARIANTS.items():
        for spelling in (group, *variants):
            assert owner.setdefault(fold_compact(spelling), group) == group, spelling


@pytest.mark.parametrize("group", ETHNIC_GROUPS)
def test_every_official_name_matches_itself(group: str) -> None:
    assert match_ethnicity(group) == group


@pytest.mark.parametrize(
    ("raw", "group"),
    [
        ("H'Mông", "Mông"),
        ("Hmông", "Mông"),
        ("hmong", "Mông"),
        ("MÈO", "Mông"),
        ("thai", "Thái"),
        ("tay", "Tày"),
        ("  kinh ", "Kinh"),
        ("Việt", "Kinh"),
        ("khơ-mú", "Khơ Mú"),
        ("Xá Cẩu", "Khơ Mú"),
        ("Bru-Vân Kiều", "Bru - Vân Kiều"),
        ("ê đê", "Ê Đê"),
        ("K'Ho", "Cơ Ho"),
    ],
)
def test_the_spellings_people_write_give_the_official_name(raw: str, group: str) -> None:
    assert match_ethnicity(raw) == group


@pytest.mark.parametrize("raw", ["Kinh Thái", "xyz", "", "Dân tộc", "Mông Cổ"])
def test_anything_else_is_not_an_ethnic_group(raw: str) -> None:
    assert match_ethnicity(raw) is None
