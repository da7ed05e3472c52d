"""Bounds of the public endpoints: requests per address per window, through the cache.

The limits are generous, since village phones share their carrier's addresses; they stop a
program hammering the checker or flooding the moderation queue, not a busy village."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from langso.core.errors import CoreError, DomainError


class RateLimited(DomainError):
    status = 429


def checks_per_minute() -> int:
    return int(getattr(settings, "LANGSO_TRUST_CHECKS_PER_MINUTE", 120))


def reports_per_hour() -> int:
    return int(getattr(settings, "LANGSO_TRUST_REPORTS_PER_HOUR", 20))


def throttle(request: HttpRequest, *, bucket: str, limit: int, window: int) -> None:
    """Count one request of this address in ``bucket``; refuse past ``limit`` per window."""
    address = request.META.get("REMOTE_ADDR", "") or "?"
    key = f"trust:{bucket}:{address}:{int(time.time() // window)}"
    cache.add(key, 0, window)
    try:
        used = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        used = 1
    if used > limit:
        raise RateLimited(
            CoreError.RATE_LIMITED,
            _("Too many requests from this connection. Wait a little and try again."),
            details={"retry_after_seconds": window},
        )
