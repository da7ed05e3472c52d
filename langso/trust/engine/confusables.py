"""A compact confusable skeleton for host names (Latin, Cyrillic and Greek lookalikes).

Where it comes from: the prototypes of Unicode's confusables data (UTS #39, ``confusables.txt``)
for the letters that render like ASCII letters in the fonts of common phones, restricted to the
Cyrillic, Greek and Latin-extension letters that IDNA allows in a domain label, plus the digits
people use for letters ("vietc0mbank"). It is written out by hand rather than generated because
the full table is 6,000 entries for every script, and a host checker needs about a hundred. The
Vietnamese letters need no entry: ``langso.core.text.fold`` already takes their marks off
(ạ → a, đ → d), and that fold runs first.
"""

# Cyrillic letters that look like Latin ones.
_CYRILLIC = {
    "а": "a",
    "в": "b",
    "с": "c",
    "ԁ": "d",
    "е": "e",
    "ё": "e",
    "һ": "h",
    "н": "h",
    "і": "i",
    "ї": "i",
    "ӏ": "l",
    "ј": "j",
    "к": "k",
    "м": "m",
    "п": "n",
    "о": "o",
    "р": "p",
    "ԛ": "q",
    "г": "r",
    "ѕ": "s",
    "т": "t",
    "ц": "u",
    "ѵ": "v",
    "ԝ": "w",
    "ш": "w",
    "х": "x",
    "у": "y",
    "ү": "y",
    "ь": "b",
    "ъ": "b",
    "з": "3",
    "ч": "4",
}

# Greek letters that look like Latin ones.
_GREEK = {
    "α": "a",
    "β": "b",
    "ϲ": "c",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "ϳ": "j",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "γ": "y",
    "ω": "w",
    "ς": "c",
}

# Latin letters outside ASCII that survive the Vietnamese fold (which removes combining marks).
_LATIN = {
    "ı": "i",
    "ɩ": "i",
    "ɑ": "a",
    "ɡ": "g",
    "ʟ": "l",
    "ł": "l",
    "ŀ": "l",
    "ø": "o",
    "ɵ": "o",
    "ð": "d",
    "đ": "d",
    "ħ": "h",
    "ŧ": "t",
    "ƅ": "b",
    "ɓ": "b",
    "ɗ": "d",
    "ȷ": "j",
    "ʋ": "v",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ĸ": "k",
    "ŉ": "n",
}

SKELETON = str.maketrans({**_CYRILLIC, **_GREEK, **_LATIN})

# Digits used for letters; applied only to a second reading of a label, since digits are also
# just digits ("shopee88").
LEET = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b"})
