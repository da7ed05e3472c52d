"""Generated, plausible names for demo people: clearly not a list of real persons."""

import random

THAI_FAMILY = (
    "Lò",
    "Quàng",
    "Cầm",
    "Lường",
    "Tòng",
    "Vì",
    "Lù",
    "Cà",
    "Điêu",
    "Sa",
    "Lộc",
    "Hoàng",
)
KINH_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MONG_FAMILY = ("Sùng", "Thào", "Vàng", "Giàng", "Mùa", "Lầu", "Hờ", "Lý")
MALE_GIVEN = ("Xuân", "Hoan", "Chính", "Diện", "Hùng", "Inh", "Phong", "Quý", "Thắng", "Ún", "Bun")
FEMALE_GIVEN = ("Hương", "Thoa", "Pọm", "Thắm", "Ngoan", "Tươi", "Xoan", "Yến", "Ên", "Lả", "Biên")
KINH_MALE = ("Minh", "Tuấn", "Dũng", "Hải", "Long", "Sơn", "Trung")
KINH_FEMALE = ("Lan", "Hà", "Hoa", "Thu", "Trang", "Mai", "Linh")
MONG_MALE = ("Páo", "Chứ", "Dế", "Lử", "Vừ", "Pó", "Sếnh")
MONG_FEMALE = ("Mỷ", "Sua", "Dợ", "Mai", "Chía", "Pà")


# Ethnic groups whose names the demo writes the Thái way (the district's groups of the Tai and
# Mon-Khmer families, whose names here mostly follow the Thái pattern).
_MONG = frozenset({"Mông"})
_KINH = frozenset({"Kinh"})


def family_name(rng: random.Random, ethnicity: str) -> str:
    if ethnicity in _KINH:
        return rng.choice(KINH_FAMILY)
    if ethnicity in _MONG:
        return rng.choice(MONG_FAMILY)
    return rng.choice(THAI_FAMILY)


def person_name(
    rng: random.Random, *, female: bool, ethnicity: str, family: str | None = None
) -> str:
    """A name of the person's sex in the naming pattern of their ethnic group: Thái (Lò Văn
    Xuân, Lò Thị Thoa), Kinh (Nguyễn Đức Minh, Trần Thu Hà) or Mông (Sùng A Páo, Sùng Thị Mỷ),
    with ``family`` as the family name when given (children take their father's)."""
    family = family or family_name(rng, ethnicity)
    if ethnicity in _KINH:
        given = rng.choice(KINH_FEMALE if female else KINH_MALE)
        middle = rng.choice(("Thị", "Thu", "Ngọc") if female else ("Văn", "Đức", "Minh"))
        return f"{family} {middle} {given}"
    if ethnicity in _MONG:
        given = rng.choice(MONG_FEMALE if female else MONG_MALE)
        return f"{family} {'Thị' if female else 'A'} {given}"
    given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    return f"{family} {'Thị' if female else 'Văn'} {given}"


def member_name(rng: random.Random) -> str:
    """A team member's name: about 60% Thái, 25% Kinh, 15% Mông names, half women."""
    roll = rng.random()
    ethnicity = "Thái" if roll < 0.6 else "Kinh" if roll < 0.85 else "Mông"
    return person_name(rng, female=rng.random() < 0.5, ethnicity=ethnicity)
