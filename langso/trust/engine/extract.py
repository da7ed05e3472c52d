"""Telling what an input is, and taking the links, phone numbers and bank accounts out of a
pasted message."""

import re
import unicodedata
from dataclasses import dataclass

from langso.core.errors import DomainError
from langso.core.phone import normalize_phone
from langso.core.text import fold
from langso.trust.engine.hosts import looks_like_host

# The marks ``core.text.fold`` takes off (the tones and hats of Vietnamese letters).
_COMBINING = re.compile(r"[\u0300-\u036f]")
_URL = re.compile(r"(?i)\b(?:https?://|hxxps?://|www\.)[^\s<>\"'“”]+")
_WORD = re.compile(r"[^\s<>\"'“”(),;]+")
_PHONE_IN_TEXT = re.compile(
    r"(?<![\d\w])(?:(?:\+84|84|0)(?:[\s.\-]?\d){8,10}|\+[1-9]\d{0,2}(?:[\s.\-]?\d){6,12})(?![\d])"
)
_PHONE_ALONE = re.compile(r"\+?[\d\s.\-()]{8,20}")
_DIGITS = re.compile(r"\d[\d\s.\-]{4,26}\d|\d{6}")
_ACCOUNT_KEYWORD = re.compile(
    r"(?:\bstk\b|so tai khoan|so tk\b|\btai khoan\b|\btk\b|account|\bacc\b)\s*(?:so\s*)?[:.\-]?\s*"
    r"(\d[\d\s.\-]{4,26}\d)"
)
_LINKISH = re.compile(r"[a-z0-9]\.[a-z]|://|www")
MIN_ACCOUNT = 6
MAX_ACCOUNT = 19


@dataclass(frozen=True, slots=True)
class Account:
    bank: str  # the brand slug, "" when the bank is not named
    number: str  # digits only

    @property
    def key(self) -> str:
        return f"{self.bank}:{self.number}"


@dataclass(frozen=True, slots=True)
class Extracted:
    links: list[str]
    phones: list[tuple[str, str]]  # (as written, E.164)
    accounts: list[tuple[str, Account]]  # (as written, account)


def phone_or_none(text: str) -> str | None:
    try:
        return normalize_phone(text)
    except DomainError:
        return None


class BankNames:
    """Finds a bank's name in folded text ("chuyen vao vcb", "Ngân hàng Ngoại thương")."""

    def __init__(self, names: dict[str, str]) -> None:
        # Longest names first, so "mb bank" wins over "mb".
        ordered = sorted(names, key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<![a-z0-9])(" + "|".join(re.escape(n) for n in ordered) + r")(?![a-z0-9])"
        )
        self._names = names

    def find(self, folded: str) -> str:
        match = self._pattern.search(folded)
        return self._names[match.group(1)] if match else ""


def digits_of(text: str) -> str:
    return re.sub(r"\D", "", text)


def as_phone(text: str) -> str | None:
    """The E.164 form when the whole input is a phone number."""
    if not _PHONE_ALONE.fullmatch(text):
        return None
    return phone_or_none(text)


def as_account(text: str, banks: BankNames) -> Account | None:
    """A bank account written alone: "Vietcombank 0123456789", "STK 0123 456 789 - VCB",
    or a bare number of 6 to 19 digits that is not a phone number."""
    folded = fold(text)
    numbers = _DIGITS.findall(folded)
    if len(numbers) != 1:
        return None
    number = digits_of(numbers[0])
    if not MIN_ACCOUNT <= len(number) <= MAX_ACCOUNT:
        return None
    rest = folded.replace(numbers[0], " ")
    if _LINKISH.search(rest):
        return None  # A number next to a link is a message, not an account.
    bank = banks.find(rest)
    words = re.sub(r"[\s:.\-/]+", " ", rest).strip()
    if bank or _ACCOUNT_KEYWORD.search(folded) or not words:
        return Account(bank, number)
    return None


def as_account_strict(text: str) -> bool:
    """An input with spaces that may still be one account ("Vietcombank 0123 456 789")."""
    digits = sum(c.isdigit() for c in text)
    return digits >= MIN_ACCOUNT and len(text) <= 80 and text.count(" ") <= 6 and "//" not in text


def looks_like_link(text: str) -> bool:
    return "://" in text or "." in text or "@" in text or text.startswith("[")


def extract(text: str, banks: BankNames) -> Extracted:
    """Every link, phone number and bank account in a message, in order, without repeats."""
    links: list[str] = []
    taken: list[tuple[int, int]] = []
    for match in _URL.finditer(text):
        links.append(match.group(0))
        taken.append(match.span())
    for match in _WORD.finditer(text):
        start, end = match.span()
        if any(s <= start < e for s, e in taken):
            continue
        word = match.group(0).strip(".,;:!?…")
        if "@" in word and "/" not in word:
            continue  # An e-mail address is not a link.
        if looks_like_host(word.split("/", 1)[0]):
            links.append(word)
            taken.append((start, end))
    folded = fold(text)
    accounts: list[tuple[str, Account]] = []
    account_numbers: set[str] = set()
    bank = banks.find(folded)
    for match in _ACCOUNT_KEYWORD.finditer(folded):
        number = digits_of(match.group(1))
        if MIN_ACCOUNT <= len(number) <= MAX_ACCOUNT and number not in account_numbers:
            account_numbers.add(number)
            accounts.append((match.group(1).strip(), Account(bank, number)))
    phones: list[tuple[str, str]] = []
    seen: set[str] = set()
    for match in _PHONE_IN_TEXT.finditer(text):
        start = match.start()
        if any(s <= start < e for s, e in taken):
            continue
        if digits_of(match.group(0)) in account_numbers:
            continue
        e164 = phone_or_none(match.group(0))
        if e164 and e164 not in seen:
            seen.add(e164)
            phones.append((match.group(0).strip(), e164))
    return Extracted(list(dict.fromkeys(links)), phones, accounts)


def fold_spans(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, where it came from in ``text``.

    Phrases are searched for in the folded text (so "doc ma OTP" finds "đọc mã OTP"), but a
    person is shown the words as the message wrote them: ``original`` maps a match back.
    """
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                origin.append(index)
            continue
        base = unicodedata.normalize("NFD", char)
        base = _COMBINING.sub("", base).replace("đ", "d").replace("Đ", "D").lower()
        out.extend(base)
        origin.extend([index] * len(base))
    while out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


def original(text: str, origin: list[int], start: int, end: int) -> str:
    """The part of ``text`` that the folded characters ``start:end`` came from."""
    return text[origin[start] : origin[end - 1] + 1]
