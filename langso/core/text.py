"""Vietnamese text folding: the one place that decides when two spellings are "the same"."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Control characters (NUL included) that nobody types into a name and that some databases
# refuse outright: PostgreSQL cannot store or even compare a text holding a NUL.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d), and collapse runs of white space.

    >>> fold("  Xã  Mường  É ")
    'xa muong e'
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = _COMBINING.sub("", decomposed).replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped).strip().lower()


def fold_compact(text: str) -> str:
    """Fold and also drop everything but letters and digits ("H'Mông" → "hmong")."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


def title_words(text: str) -> str:
    """Upper-case the first letter of each word that starts in lower case.

    The national data set spells a few names with a lower-case initial ("Xã Mường é"); official
    names capitalise every syllable, so this mends them without touching the rest of the word.
    """
    return " ".join(word[:1].upper() + word[1:] for word in _SPACES.split(text.strip()))


def one_line(text: str) -> str:
    """Text for a single-line field: control characters dropped, runs of space made one.

    >>> one_line(" Bản\\x00  Lọng\\t")
    'Bản Lọng'
    """
    return " ".join(_CONTROL.sub(" ", text).split())
