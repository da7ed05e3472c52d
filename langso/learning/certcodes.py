"""The codes printed on certificates: random, signed, and easy to read out and type.

A code is 10 random bytes (80 bits: nobody finds a certificate by guessing) followed by the first
5 bytes of an HMAC-SHA256 of them under a key derived from the site's secret key for this one
purpose. The 15 bytes are written in base32 (24 letters and digits, no padding) in six groups of
four: ``ABCD-EFGH-…``. Base32 has no 0, 1 or 8, so a person who types one for O, I or B is
understood; case, spaces and dashes do not matter.

``verify`` checks the signature before anything asks the database: a code with one character
changed, cut short or made up is refused by arithmetic alone, in constant time, and costs the
database nothing (the public page is rate limited as well). The 40-bit signature makes a made-up
code pass the check once in a million million tries, and then it still has to be on file.
"""

import base64
import hmac
import re
import secrets

from django.utils.crypto import salted_hmac

PURPOSE = "langso.learning.certificate-code"
RANDOM_BYTES = 10
SIGNATURE_BYTES = 5
LETTERS = (RANDOM_BYTES + SIGNATURE_BYTES) * 8 // 5  # 24
GROUP = 4
# The longest text worth looking at: a code with its dashes, and some spaces around.
MAX_INPUT = 64

_BASE32 = re.compile(r"[A-Z2-7]+")
# What people type for the letters base32 has instead.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def _signature(body: bytes) -> bytes:
    return salted_hmac(PURPOSE, body, algorithm="sha256").digest()[:SIGNATURE_BYTES]


def _grouped(letters: str) -> str:
    return "-".join(letters[i : i + GROUP] for i in range(0, len(letters), GROUP))


def new_code() -> str:
    """A fresh code in its printed form (``XXXX-XXXX-XXXX-XXXX-XXXX-XXXX``)."""
    body = secrets.token_bytes(RANDOM_BYTES)
    letters = base64.b32encode(body + _signature(body)).decode("ascii")
    return _grouped(letters)


def normalize(raw: str) -> str | None:
    """The printed form of what someone typed or scanned, or None when it cannot be a code (the
    signature is not checked here: see ``verify``)."""
    if len(raw) > MAX_INPUT:
        return None
    letters = re.sub(r"[\s\-–—.]", "", raw).upper().translate(_LOOKALIKES)
    if len(letters) != LETTERS or not _BASE32.fullmatch(letters):
        return None
    return _grouped(letters)


def verify(raw: str) -> str | None:
    """The printed form of ``raw`` when its signature holds, else None. Nothing is looked up."""
    code = normalize(raw)
    if code is None:
        return None
    data = base64.b32decode(code.replace("-", ""))
    body, signature = data[:RANDOM_BYTES], data[RANDOM_BYTES:]
    if not hmac.compare_digest(signature, _signature(body)):
        return None
    return code
