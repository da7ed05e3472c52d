"""The lookalike engine: which brand a host name pretends to be, and how.

For each label of a host (decoded, Vietnamese-folded, mapped to its confusable skeleton) it
looks for the catalog's protected labels in four ways, cheapest first:

1. the label, or a hyphen- or digit-separated token of it, *is* a protected label;
2. a protected label of five letters or more is *inside* a token ("nganhangvietcombank");
3. a short protected label (three or four letters: "acb", "momo") stands at a token's edge and
   what is left is made of the words scammers glue to brands ("acb-online", "nganhangvcb",
   "momogift"), of two or three stray consonants ("tikizb"), or of a word that looks like
   "bank" ("vcbdigbink"); a short label inside an unrelated word ("cacbroker") is not enough;
4. a token is one or two edits away from a protected label (a deletion-neighbourhood index,
   SymSpell-style: each label is stored under every string made by deleting up to ``k`` of its
   letters; a token's own deletions are looked up, and the few candidates are verified with the
   optimal-string-alignment distance). No scan over the labels happens.
"""

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from langso.core.text import fold
from langso.trust.engine.confusables import LEET, SKELETON
from langso.trust.engine.words import AFFIXES, LONGEST_AFFIX, NOT_BRANDS, WORDLIKE_LABELS

SHORT = 4
CACHE_SIZE = 100_000
MAX_FUZZY_TOKEN = 24
_LETTER_RUNS = re.compile(r"[a-z]+")
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True, slots=True)
class BrandInfo:
    slug: str
    name: str
    sector: str
    domains: tuple[str, ...]  # ASCII registrable domains, the first is the one shown
    labels: tuple[str, ...]

    @property
    def official(self) -> str:
        return self.domains[0] if self.domains else ""


@dataclass(frozen=True, slots=True)
class Catalog:
    brands: tuple[BrandInfo, ...]
    government_suffix: str = "gov.vn"
    version: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    brand: BrandInfo
    how: str  # "exact", "contains", "edge" or "fuzzy"
    label: str  # the protected label
    token: str  # what in the host matched it
    distance: int = 0

    @property
    def rank(self) -> tuple[int, int, int]:
        order = {"exact": 0, "contains": 1, "edge": 2, "fuzzy": 3}[self.how]
        return (order, self.distance, -len(self.label))


def allowed_distance(label: str) -> int:
    if label in WORDLIKE_LABELS or len(label) <= SHORT:
        return 0
    return 2 if len(label) >= 10 else 1


def deletions(word: str, depth: int) -> set[str]:
    """Every string made by deleting up to ``depth`` letters of ``word`` (itself included)."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two neighbours counts one), cut at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _banklike(text: str) -> bool:
    """Whether ``text`` holds a word made to look like "bank" ("bink", "brnk", "baik", "bnsk"):
    three to five letters starting with "b", at most two edits from it."""
    for start in range(len(text)):
        if text[start] != "b":
            continue
        for size in (3, 4, 5):
            window = text[start : start + size]
            if len(window) == size and osa_distance(window, "bank", 2) <= 2:
                return True
    return False


def skeleton(label: str) -> str:
    """The folded, confusable-mapped form of a Unicode label: a Cyrillic "i" or a Vietnamese
    "ạ" in "vietcombank" both come back as plain "vietcombank"."""
    if label.isascii():
        return label.lower()
    return fold(unicodedata.normalize("NFKC", label)).translate(SKELETON)


def scripts(label: str) -> set[str]:
    """The scripts of a label's letters (Vietnamese letters are Latin)."""
    found = set()
    for char in label:
        if char.isalpha():
            found.add(unicodedata.name(char, "UNKNOWN").split(" ", 1)[0])
    return found


class BrandIndex:
    """The catalog arranged for lookups: official domains, protected labels and their index."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.official: dict[str, BrandInfo] = {}
        self.labels: dict[str, BrandInfo] = {}
        for brand in catalog.brands:
            for domain in brand.domains:
                self.official.setdefault(domain, brand)
            for label in brand.labels:
                self.labels.setdefault(label, brand)
        short = sorted(
            (label for label in self.labels if len(label) <= SHORT), key=len, reverse=True
        )
        # Every position of every short label, overlapping ones too (a lookahead).
        self._short = (
            re.compile("(?=(" + "|".join(re.escape(label) for label in short) + "))")
            if short
            else None
        )
        long_labels = sorted(
            (label for label in self.labels if len(label) > SHORT), key=len, reverse=True
        )
        self._contains = (
            re.compile("|".join(re.escape(label) for label in long_labels)) if long_labels else None
        )
        fuzzy = [label for label in long_labels if allowed_distance(label)]
        self._fuzzy_min = min((len(label) - 1 for label in fuzzy), default=0)
        self._fuzzy_max = min(MAX_FUZZY_TOKEN, max((len(label) + 2 for label in fuzzy), default=0))
        self._deleted: dict[str, list[str]] = {}
        for label in fuzzy:
            for variant in deletions(label, allowed_distance(label)):
                self._deleted.setdefault(variant, []).append(label)
        # Labels that allow two edits, by thirds: a token within two edits of such a label
        # contains one of its thirds unchanged (pigeonhole), which finds the candidates that
        # would otherwise need every two-letter deletion of the token.
        self._thirds: list[tuple[str, str]] = []
        for label in fuzzy:
            if allowed_distance(label) == 2:
                size = len(label) // 3
                cuts = (0, size, 2 * size, len(label))
                self._thirds += [(label[a:b], label) for a, b in pairwise(cuts)]
        self._segment_cache: dict[str, bool] = {}
        self._match_cache: dict[str, Hit | None] = {}

    # Affix words -----------------------------------------------------------------------------

    def segments(self, text: str) -> bool:
        """Whether ``text`` is made entirely of affix words and digits ("onlinevn", "247")."""
        cached = self._segment_cache.get(text)
        if cached is not None:
            return cached
        letters = text.strip("0123456789")
        ok = [True] + [False] * len(letters)
        for end in range(1, len(letters) + 1):
            for start in range(max(0, end - LONGEST_AFFIX), end):
                if ok[start] and letters[start:end] in AFFIXES:
                    ok[end] = True
                    break
        result = ok[-1]
        if len(self._segment_cache) < CACHE_SIZE:
            self._segment_cache[text] = result
        return result

    # Matching ---------------------------------------------------------------------------------

    def _short_hit(self, token: str) -> Hit | None:
        if self._short is None or token in NOT_BRANDS:
            return None
        for match in self._short.finditer(token):
            label = match.group(1)
            start = match.start()
            before, after = token[:start], token[start + len(label) :]
            if self._edge_ok(label, before, after) and not self.segments(token):
                return Hit(self.labels[label], "edge", label, token)
        return None

    def _edge_ok(self, label: str, before: str, after: str) -> bool:
        """Whether a short label found inside a token stands for the brand there.

        Four letters ("momo", "tiki") are distinctive enough at either edge of a token
        ("momogift", "tututiki"); three letters ("acb", "evn") must start the token or follow
        affix words, and be followed by affix words, at most three stray letters ("acbmk"), or,
        for a bank, a word made to look like "bank" ("vcbdigbink")."""
        if len(label) == SHORT and (not before or not after):
            return True
        if before and not self.segments(before):
            return False
        if not after or self.segments(after):
            return True
        if before:
            return False
        if len(after) <= 3 or (len(after) <= 5 and not (_VOWELS & set(after))):
            return True
        return self.labels[label].sector == "bank" and _banklike(after)

    def _fuzzy_hit(self, token: str) -> Hit | None:
        if not self._fuzzy_min <= len(token) <= self._fuzzy_max or token in AFFIXES:
            return None
        candidates: set[str] = set()
        deleted = self._deleted
        for variant in (token, *(token[:i] + token[i + 1 :] for i in range(len(token)))):
            found = deleted.get(variant)
            if found:
                candidates.update(found)
        # Two deletions of the token's own are needed only against a label as long as it that
        # allows two edits; the thirds find those labels.
        if len(token) >= 10:
            size = len(token)
            for third, label in self._thirds:
                if third in token and abs(len(label) - size) <= 2:
                    candidates.add(label)
        best: Hit | None = None
        for label in candidates:
            limit = allowed_distance(label)
            distance = osa_distance(token, label, limit)
            if 0 < distance <= limit:
                hit = Hit(self.labels[label], "fuzzy", label, token, distance)
                if best is None or hit.rank < best.rank:
                    best = hit
        return best

    def _contains_hit(self, token: str) -> Hit | None:
        if self._contains is None:
            return None
        for match in self._contains.finditer(token):
            label = match.group(0)
            if label in WORDLIKE_LABELS:
                before, after = token[: match.start()], token[match.end() :]
                if (before and not self.segments(before)) or (after and not self.segments(after)):
                    continue
            return Hit(self.labels[label], "contains", label, token)
        return None

    def tokens(self, folded: str) -> list[str]:
        """The strings of a folded label worth matching: its hyphen parts and their letter runs,
        the same with digits read as letters, the letters joined, and each token with its affix
        words taken off ("xacthucvietcombanng" → "vietcombanng")."""
        found: list[str] = []
        for part in folded.replace("_", "-").split("-"):
            if not part:
                continue
            found.extend(_LETTER_RUNS.findall(part))
            if not part.isalpha():
                found.extend(_LETTER_RUNS.findall(part.translate(LEET)))
        joined = "".join(_LETTER_RUNS.findall(folded))
        if joined:
            found.append(joined)
        for token in list(found):
            found.extend(self._strip_affixes(token))
        return list(dict.fromkeys(found))

    def _strip_affixes(self, token: str) -> list[str]:
        """The token with affix words taken off its ends one at a time, each step kept:
        "xacthucvietcombanng" gives "vietcombanng" (and "combanng", which matches nothing)."""
        steps: list[str] = []
        changed = True
        while changed and len(token) > SHORT:
            changed = False
            for size in range(min(LONGEST_AFFIX, len(token) - 3), 2, -1):
                if token[:size] in AFFIXES:
                    token, changed = token[size:], True
                    break
                if token[-size:] in AFFIXES:
                    token, changed = token[:-size], True
                    break
            if changed:
                steps.append(token)
        return steps

    def match(self, folded: str) -> Hit | None:
        """The best brand hit in one folded label, or None (remembered: "www", "shop" and the
        same name under several endings come back often)."""
        if folded in self._match_cache:
            return self._match_cache[folded]
        hit = self._match(folded)
        if len(self._match_cache) < CACHE_SIZE:
            self._match_cache[folded] = hit
        return hit

    def _match(self, folded: str) -> Hit | None:
        best: Hit | None = None
        tokens = self.tokens(folded)
        for token in tokens:
            brand = self.labels.get(token)
            if brand is not None:
                return Hit(brand, "exact", token, token)
        for finder in (self._contains_hit, self._short_hit, self._fuzzy_hit):
            for token in tokens:
                hit = finder(token)
                if hit is not None and (best is None or hit.rank < best.rank):
                    best = hit
            if best is not None:
                return best
        return None

    def official_brand(self, registrable: str) -> BrandInfo | None:
        return self.official.get(registrable)
