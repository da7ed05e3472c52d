"""What a person must never read on a page of the Vietnamese interface: "None", "null" or
"undefined", a raw error code, or English.

English is found two ways, both robust to the data a page shows: the English msgids of the
catalog whose translation differs (a string that escaped translation shows as its msgid), and a
few English words Vietnamese text never holds.
"""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib

CATALOG = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"

NOTHING = re.compile(r"\b(None|null|undefined|NaN)\b")
# An error code as the code gives it (VILLAGE_UNKNOWN, OFFICIAL_DOMAIN): capitals joined by "_".
RAW_CODE = re.compile(r"\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b")
ENGLISH_WORDS = re.compile(r"\b(the|and|your|with|from|this|there|which|been|please)\b", re.I)
# Words that are the same in both languages, or names.
SAME_IN_BOTH = {"Zalo", "VNeID", "Open311", "Email", "Online", "Offline", "Làng Số"}


@cache
def english_msgids() -> list[tuple[str, re.Pattern[str]]]:
    """The catalog's msgids that read differently in Vietnamese and that a page could show
    whole: plain text (no placeholder, no markup), at least five letters."""
    found = []
    for entry in polib.pofile(str(CATALOG)):
        text = entry.msgid
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        if entry.obsolete or translated == text or text in SAME_IN_BOTH:
            continue
        if "%" in text or "<" in text or "{" in text or len(text) < 5:
            continue
        if not re.fullmatch(r"[A-Za-z][A-Za-z ,.'’:;!?()-]*", text):
            continue
        # A word alone (a menu label) must start with a capital, so that an English word that
        # is also a name or a part of an address does not count.
        if " " not in text and not text[0].isupper():
            continue
        # Phrases in any case (a header may capitalise a msgid written in lower case).
        flags = re.I if " " in text else 0
        pattern = re.compile(r"(?<![\w/.-])" + re.escape(text) + r"(?![\w/-])", flags)
        found.append((text, pattern))
    return found


def problems(text: str) -> list[str]:
    """What is wrong with a page's visible text."""
    found = [f"“{m}” shown" for m in NOTHING.findall(text)]
    found += [f"raw code {m}" for m in RAW_CODE.findall(text)]
    found += [f"English word “{m}”" for m in ENGLISH_WORDS.findall(text)]
    found += [f"English “{msgid}”" for msgid, pattern in english_msgids() if pattern.search(text)]
    return found


class _Text(HTMLParser):
    """The text a browser shows of a page: text nodes outside script, style and templates,
    and the attributes people read (title, placeholder, alt, aria-label, value of buttons)."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        for name, value in attrs:
            if value and name in ("title", "placeholder", "alt", "aria-label"):
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(part.strip() for part in parser.parts if part.strip())
