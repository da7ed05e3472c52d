"""Time-ordered UUIDs (version 7, RFC 9562) for rows the server creates.

Their first 48 bits are the time in milliseconds, so new ids land at the end of the primary-key
index instead of at random places in it: inserting a batch touches a few pages, not thousands.
A counter in the next 12 bits keeps ids made in the same millisecond in order.
"""

import random
import threading
import time
import uuid

_lock = threading.Lock()
_random = random.Random()  # noqa: S311 - ids must be unique, not secret
_last = [0, 0]  # millisecond, counter


def uuid7() -> uuid.UUID:
    with _lock:
        now = time.time_ns() // 1_000_000
        if now <= _last[0]:
            now = _last[0]
            _last[1] += 1
            if _last[1] > 0xFFF:
                now += 1
                _last[1] = 0
        else:
            _last[1] = 0
        _last[0] = now
        counter = _last[1]
    # Uniqueness, not secrecy: the time and the counter order ids within a process, and 62
    # random bits (seeded from the system at start) keep processes apart.
    tail = _random.getrandbits(62)
    value = (now << 80) | (0x7 << 76) | (counter << 64) | (0b10 << 62) | tail
    return uuid.UUID(int=value)
