"""Vietnam's 54 ethnic groups (dân tộc) and the spellings household lists use for them."""

from langso.core.text import fold_compact

# Official name (as in the census and on ID documents) → other spellings people write. The order
# is the official one, which lists and forms follow.
ETHNIC_VARIANTS: dict[str, tuple[str, ...]] = {
    "Kinh": ("Việt",),
    "Tày": (),
    "Thái": (),
    "Hoa": ("Hán",),
    "Khmer": ("Khơ-me", "Khơme"),
    "Mường": (),
    "Nùng": (),
    "Mông": ("H'Mông", "Hmông", "Hmong", "H'mông", "Mèo"),
    "Dao": (),
    "Gia Rai": ("Jrai", "Gia-rai"),
    "Ngái": (),
    "Ê Đê": ("Êđê", "Ê-đê", "Rhade"),
    "Ba Na": ("Bahnar", "Ba-na"),
    "Xơ Đăng": ("Xê Đăng", "Sedang"),
    "Sán Chay": ("Sán Chỉ", "Cao Lan"),
    "Cơ Ho": ("K'Ho", "Cơ-ho"),
    "Chăm": ("Chàm", "Chiêm"),
    "Sán Dìu": (),
    "Hrê": ("H're",),
    "Mnông": ("M'Nông", "Mơ Nông"),
    "Ra Glai": ("Raglai", "Rắc Lây"),
    "Xtiêng": ("X'Tiêng", "Stiêng"),
    "Bru - Vân Kiều": ("Bru-Vân Kiều", "Vân Kiều", "Bru"),
    "Thổ": (),
    "Giáy": (),
    "Cơ Tu": ("Ca Tu", "Katu"),
    "Giẻ Triêng": ("Gié-Triêng", "Giẻ-Triêng"),
    "Mạ": (),
    "Khơ Mú": ("Khơmú", "Khơ-mú", "Kho Mu", "Xá Cẩu"),
    "Co": ("Cor",),
    "Tà Ôi": ("Tà-ôi", "Pa Cô"),
    "Chơ Ro": ("Châu Ro",),
    "Kháng": (),
    "Xinh Mun": ("Xinh-mun",),
    "Hà Nhì": (),
    "Chu Ru": ("Chu-ru",),
    "Lào": (),
    "La Chí": (),
    "La Ha": (),
    "Phù Lá": (),
    "La Hủ": (),
    "Lự": (),
    "Lô Lô": (),
    "Chứt": (),
    "Mảng": (),
    "Pà Thẻn": (),
    "Cơ Lao": (),
    "Cống": (),
    "Bố Y": (),
    "Si La": (),
    "Pu Péo": (),
    "Brâu": (),
    "Ơ Đu": (),
    "Rơ Măm": (),
}

ETHNIC_GROUPS: tuple[str, ...] = tuple(ETHNIC_VARIANTS)

# Folding drops tone marks, so "Chàm" and "Chăm" meet; the tests check that no two different
# groups meet this way.
_BY_KEY: dict[str, str] = {
    fold_compact(spelling): name
    for name, variants in ETHNIC_VARIANTS.items()
    for spelling in (name, *variants)
}


def match_ethnicity(raw: str) -> str | None:
    """The official name of the group ``raw`` names ("hmong" → "Mông"), or None."""
    return _BY_KEY.get(fold_compact(raw))
