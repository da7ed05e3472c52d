"""Rate limits over Django's cache: fixed windows counted per key (an address, a phone, a key).

Keys are hashed before they reach the cache, so the cache never holds a phone number or an
address. With the default local-memory cache each server process counts on its own; a
deployment with several processes points ``CACHES`` at a shared cache (database or Redis) to
count them together.
"""

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from langso.core.errors import DomainError
from langso.feedback.errors import FeedbackError


class TooManyRequests(DomainError):
    status = 429


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


# Filing: a person files a few reports a day; a script files hundreds.
FILE_PER_IP_BURST = Limit("file-ip-10m", 5, 600)
FILE_PER_IP_DAY = Limit("file-ip-day", 20, 86_400)
FILE_PER_PHONE_DAY = Limit("file-phone-day", 3, 86_400)
FILE_PER_KEY_HOUR = Limit("file-key-hour", 300, 3_600)
# Reading: looking up codes one by one cannot become a way to walk through every report.
TRACK_PER_IP = Limit("track-ip-10m", 60, 600)
PLACES_PER_IP = Limit("places-ip-10m", 200, 600)
OPEN311_READ_PER_IP = Limit("o311-read-ip-10m", 300, 600)


def client_address(request: HttpRequest) -> str:
    """The caller's address; IPv6 callers count per /64, the block one household gets."""
    raw = request.META.get("REMOTE_ADDR", "") or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def hit(limit: Limit, key: str) -> bool:
    """Count one use of ``key`` under ``limit``; False when the window is already full."""
    window = int(time.time() // limit.seconds)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"feedback:rl:{limit.name}:{digest}:{window}"
    cache.add(cache_key, 0, limit.seconds)
    try:
        used = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, limit.seconds)
        used = 1
    return used <= limit.count


def enforce(limit: Limit, key: str) -> None:
    if not hit(limit, key):
        raise TooManyRequests(
            FeedbackError.RATE_LIMITED,
            _("Too many requests. Please wait a while and try again."),
        )
