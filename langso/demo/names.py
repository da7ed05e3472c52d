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


def person_name(rng: random.Random) -> str:
    """About 60% Thái, 25% Kinh, 15% Mông names, half women."""
    roll = rng.random()
    female = rng.random() < 0.5
    if roll < 0.6:
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        return f"{rng.choice(THAI_FAMILY)} {'Thị' if female else 'Văn'} {given}"
    if roll < 0.85:
        given = rng.choice(KINH_FEMALE if female else KINH_MALE)
        middle = rng.choice(("Thị", "Thu", "Ngọc") if female else ("Văn", "Đức", "Minh"))
        return f"{rng.choice(KINH_FAMILY)} {middle} {given}"
    given = rng.choice(MONG_FEMALE if female else MONG_MALE)
    return f"{rng.choice(MONG_FAMILY)} {'Thị' if female else 'A'} {given}"
