"""The one rate limiter: fixed windows counted in the database, one upsert per use.

A use of a key under a limit is one statement::

    INSERT … ON CONFLICT (name, key, window_start) DO UPDATE SET count = count + n RETURNING count

(the same SQL on SQLite ≥ 3.35 and PostgreSQL). The database adds under its own lock, so uses
racing each other from several threads, processes or servers are all counted, and nothing is
read first. Every worker of every server counts in the same table without another service.

Keys are HMACs under the site's secret key, so the table holds no phone number, address or
user name, and cannot be reversed by hashing every IPv4 address. A key may have several parts
(a user name and an address): each part is hashed on its own, so the counts that begin with
one part can be forgotten together (``clear``).

A window is fixed (aligned on the epoch), so a burst across its end may reach twice the limit;
in exchange one row per key and window holds the whole count. Rows live until their window
ends; a process deletes the ended ones at most once a minute, on the way of a use made outside
a transaction (one indexed ``DELETE``), so the table stays as small as the keys of the current
windows without a cron job.

A use counted inside a transaction that rolls back is rolled back with it. Callers that must
count attempts whatever becomes of them (the photo budget, failed logins) count outside the
service's transaction.
"""

import ipaddress
import math
import time
from dataclasses import dataclass
from enum import StrEnum

from django.db import connection
from django.db.models import Q
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from langso.core.errors import CoreError, DomainError
from langso.core.models import RateCounter

# How often a process deletes the rows of ended windows.
PRUNE_EVERY = 60.0
_SALT = "langso.core.ratelimit"


@dataclass(frozen=True)
class Limit:
    """At most ``count`` uses (or units: megapixels) per ``seconds``-long window."""

    name: str
    count: int
    seconds: int


@dataclass(frozen=True)
class Usage:
    """What a window holds after a use: its count, and seconds until it ends (at least 1)."""

    count: int
    limit: int
    retry_after: int

    @property
    def over(self) -> bool:
        return self.count > self.limit


class RateLimited(DomainError):
    """Too many uses: 429, with the seconds until the window ends (sent as ``Retry-After``)."""

    status = 429

    def __init__(
        self,
        retry_after: int,
        message: object = None,
        *,
        code: StrEnum = CoreError.RATE_LIMITED,
        field: str | None = None,
    ) -> None:
        super().__init__(
            code,
            message
            if message is not None
            else _("Too many requests from this connection. Try again in %(wait)s.")
            % {"wait": wait_text(retry_after)},
            field=field,
            details={"retry_after_seconds": retry_after},
        )
        self.retry_after = retry_after


def wait_text(seconds: int) -> str:
    """``seconds`` as a person says it: whole seconds, minutes or hours, rounded up."""
    if seconds < 60:
        return ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}
    if seconds < 2 * 3600:
        minutes = math.ceil(seconds / 60)
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    hours = math.ceil(seconds / 3600)
    return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}


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


def _digest(part: str) -> str:
    return salted_hmac(_SALT, part, algorithm="sha256").hexdigest()[:32]


def _key(parts: tuple[str, ...]) -> str:
    return ":".join(_digest(part) for part in parts)


def _window(limit: Limit, now: float) -> int:
    return int(now // limit.seconds) * limit.seconds


_next_prune = 0.0


def hit(limit: Limit, *parts: str, amount: int = 1) -> Usage:
    """Count ``amount`` uses of the key made of ``parts`` under ``limit``; the window's total."""
    global _next_prune
    now = time.time()
    start = _window(limit, now)
    end = start + limit.seconds
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    name, key, window, expires, count = (
        connection.ops.quote_name(column)
        for column in ("name", "key", "window_start", "expires_at", "count")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({name}, {key}, {window}, {expires}, {count}) "  # noqa: S608 - names only
            f"VALUES (%s, %s, %s, %s, %s) ON CONFLICT ({name}, {key}, {window}) "
            f"DO UPDATE SET {count} = {table}.{count} + excluded.{count} RETURNING {count}",
            [limit.name, _key(parts), start, end, amount],
        )
        row = cursor.fetchone()
    # Only outside a transaction: inside one, the deleted rows would stay locked until the
    # caller commits, and another process pruning the same rows would wait for it.
    if now >= _next_prune and not connection.in_atomic_block:
        _next_prune = now + PRUNE_EVERY
        prune(now=now)
    return Usage(count=int(row[0]), limit=limit.count, retry_after=max(1, math.ceil(end - now)))


def enforce(limit: Limit, *parts: str, amount: int = 1, message: str | None = None) -> Usage:
    """Count the use; refuse it (``RateLimited``) once the window holds more than the limit.

    ``message`` says what was used too often, with ``%(wait)s`` for how long to wait."""
    usage = hit(limit, *parts, amount=amount)
    if usage.over:
        wait = {"wait": wait_text(usage.retry_after)}
        raise RateLimited(usage.retry_after, message % wait if message else None)
    return usage


def peek(limit: Limit, *parts: str) -> Usage:
    """What the current window holds for the key, without counting a use."""
    now = time.time()
    start = _window(limit, now)
    found = (
        RateCounter.objects.filter(name=limit.name, key=_key(parts), window_start=start)
        .values_list("count", flat=True)
        .first()
    )
    end = start + limit.seconds
    return Usage(count=found or 0, limit=limit.count, retry_after=max(1, math.ceil(end - now)))


def clear(limit: Limit, *parts: str) -> int:
    """Forget every count of the key made of ``parts``, and of the longer keys that begin with
    them (``clear(LOGIN_PAIR, name)`` forgets the name at every address). Returns the rows."""
    key = _key(parts)
    rows = RateCounter.objects.filter(Q(key=key) | Q(key__startswith=f"{key}:"), name=limit.name)
    deleted, _by_model = rows.delete()
    return deleted


def prune(*, now: float | None = None) -> int:
    """Delete the counts of windows that have ended; returns how many."""
    moment = int(time.time() if now is None else now)
    deleted, _by_model = RateCounter.objects.filter(expires_at__lte=moment).delete()
    return deleted
