"""Tracking codes: short, unambiguous, random.

The characters leave out 0/O and 1/I, so a code read aloud or copied by hand from a screen
cannot be mistyped into another one: 32 symbols, 8 of them, 2**40 codes. A code is not a secret
(it opens only what is public about a report), but it is random so that codes say nothing about
how many reports a commune receives.
"""

import re
import secrets

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """What a person types ("abcd-2345 ", "ABCD 2345") → the stored form ("ABCD2345")."""
    return re.sub(r"[\s\-.]", "", raw or "").upper()[:20]


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code
