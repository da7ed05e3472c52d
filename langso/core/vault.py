"""The personal-data vault: authenticated encryption and keyed blind indexes.

Citizen ID numbers and phone numbers are stored sealed with AES-256-GCM (a random 96-bit nonce
per value; the purpose, e.g. "id_number", is bound as associated data so a sealed phone can
never be opened as an ID). Exact lookup and de-duplication use a blind index: HMAC-SHA-256 of
the normalised value under a separate key, truncated to 128 bits. Both keys derive from one
master secret: LANGSO_PII_KEY in production, else a local key file the embedded setup creates
once and announces. Losing the key loses the data; back it up with the database.
"""

import functools
import hashlib
import hmac
import os
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from langso.core.keyfile import local_secret

_VERSION = b"\x01"
_NONCE = 12


class Vault:
    def __init__(self, master_secret: str) -> None:
        master = hashlib.sha256(master_secret.encode("utf-8")).digest()
        self._aead = AESGCM(hmac.new(master, b"langso/pii/encrypt/v1", hashlib.sha256).digest())
        self._index_key = hmac.new(master, b"langso/pii/index/v1", hashlib.sha256).digest()

    def seal(self, purpose: str, value: str) -> bytes:
        return self.seal_bytes(purpose, value.encode("utf-8"))

    def open(self, purpose: str, sealed: bytes) -> str:
        return self.open_bytes(purpose, sealed).decode("utf-8")

    def seal_bytes(self, purpose: str, value: bytes) -> bytes:
        nonce = os.urandom(_NONCE)
        return _VERSION + nonce + self._aead.encrypt(nonce, value, purpose.encode())

    def open_bytes(self, purpose: str, sealed: bytes) -> bytes:
        data = bytes(sealed)
        if data[:1] != _VERSION:
            raise ValueError("unknown vault format")
        nonce, body = data[1 : 1 + _NONCE], data[1 + _NONCE :]
        return self._aead.decrypt(nonce, body, purpose.encode())

    def index(self, purpose: str, value: str) -> str:
        return hmac.digest(self._index_key, f"{purpose}\x00{value}".encode(), "sha256").hex()[:32]


@functools.cache
def vault() -> Vault:
    secret = os.environ.get("LANGSO_PII_KEY") or local_secret(
        Path(settings.DATA_DIR) / "pii_key", what="personal-data key", env="LANGSO_PII_KEY"
    )
    return Vault(secret)
