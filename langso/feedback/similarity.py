"""How alike two reports are: distance on the ground and likeness of their words."""

import math
import re

from langso.core.text import fold

EARTH_RADIUS_M = 6_371_000
_WORD = re.compile(r"[0-9a-z]+")
# Words that say nothing about the problem itself: they would make every pair look alike.
_FILLER = frozenset(
    {
        "a", "ah", "bi", "cho", "co", "cua", "da", "dang", "de", "duoc", "gi", "hay", "khong",
        "la", "lam", "len", "ma", "nay", "nhe", "nhu", "nua", "o", "qua", "ra", "roi", "rat",
        "ta", "thi", "toi", "tu", "va", "vao", "ve", "voi", "xin", "the", "cac", "nhung", "mot",
    }
)  # fmt: skip


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine; plenty for 200 m)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def words(text: str) -> frozenset[str]:
    """The meaningful syllables of a text, without diacritics ("Đường sạt lở" → duong, sat, lo)."""
    return frozenset(w for w in _WORD.findall(fold(text)) if w not in _FILLER)


def likeness(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two word sets, 0…1."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
