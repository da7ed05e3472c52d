"""The delivery engine: claim a batch of queued deliveries, send each outside any transaction,
record what became of it.

The rules that make a delivery go out exactly once:

- **Claim, then send.** A batch is claimed in one short transaction: its rows get this run's
  random ``claim`` and ``claimed_at``, and only rows not claimed by a live worker are taken
  (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite has a single writer, whose
  ``IMMEDIATE`` transactions serialise the claims). Two workers never hold the same row.
- **The delivery's id is the idempotency key.** A worker that dies after the provider accepted
  a message but before recording it leaves a claim that expires (``CLAIM_EXPIRES``); the next
  worker sends again with the same key, and the provider drops the repeat.
- **Record only your own claim.** Results are written where the row still carries this run's
  claim: a worker that stalled past the expiry and lost its rows records nothing over the
  worker that took them.
- **Retry with backoff, then give up.** A failure worth retrying (5xx, time-out, a busy
  gateway) is queued again after 30 s, 1, 2, 4 … minutes (capped at 6 hours, with jitter), at
  most ``MAX_ATTEMPTS`` times; a refusal (a wrong number) fails at once.
- **Pace to the provider.** Each channel sends at most its adapter's ``rate`` messages a second
  (``LANGSO_SMS_RATE``…), and a run stops after ``RUN_SECONDS`` so a 20,000-resident
  announcement drains in turns with the worker's other tasks rather than holding it.
"""

import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from langso.core.dates import today
from langso.core.vault import vault
from langso.outreach import render
from langso.outreach.channels import registry
from langso.outreach.channels.base import Adapter, Message, Outcome, Result
from langso.outreach.errors import DeliveryError
from langso.outreach.models import (
    Announcement,
    AnnouncementStatus,
    Channel,
    Delivery,
    DeliveryStatus,
    OptOut,
    ZaloFollower,
)
from langso.people.models import Resident
from langso.teams.models import Person
from langso.units.models import UnitVersion

CLAIM_EXPIRES = timedelta(minutes=5)
MAX_ATTEMPTS = 8
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=6)
BATCH = 200
# Results are written at least this often, so a worker that dies loses little work (and what
# it loses is sent again under the same key, which the provider drops).
RECORD_EVERY = 50
RUN_SECONDS = 20.0
PHONE_PURPOSE = "phone"
SENT_CHANNELS = (Channel.SMS, Channel.ZALO, Channel.EMAIL)


def backoff(attempts: int) -> timedelta:
    """The wait before attempt ``attempts + 1``: doubling from 30 s, capped, with ±20 % jitter
    so that deliveries failed together do not come back together."""
    wait: timedelta = min(BACKOFF_FIRST * (2 ** min(max(attempts - 1, 0), 20)), BACKOFF_CAP)
    return wait * random.uniform(0.8, 1.2)  # noqa: S311 - spreading load, not a secret


class Pacer:
    """At most ``rate`` sends a second, evenly spaced."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.gap = 1.0 / rate if rate > 0 else 0.0
        self.clock = clock
        self.next = clock()

    def wait(self) -> None:
        if not self.gap:
            return
        now = self.clock()
        if self.next > now:
            time.sleep(self.next - now)
            now = self.next
        self.next = max(self.next, now) + self.gap


def claim(channel: str, *, limit: int, now: datetime) -> tuple[str, list[int]]:
    """Takes up to ``limit`` due deliveries of ``channel`` for this run: (claim, ids)."""
    token = secrets.token_hex(8)
    due = (
        Delivery.objects.filter(channel=channel, status=DeliveryStatus.QUEUED)
        .filter(next_attempt_at__lte=now)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_EXPIRES))
        .order_by("next_attempt_at", "id")
    )
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            ids = list(due.select_for_update(skip_locked=True).values_list("id", flat=True)[:limit])
        else:
            ids = list(due.values_list("id", flat=True)[:limit])
        if ids:
            Delivery.objects.filter(pk__in=ids).update(
                claim=token, claimed_at=now, attempts=F("attempts") + 1
            )
    return token, ids


@dataclass
class Outbox:
    """One run's results, written in bulk a few at a time."""

    token: str
    done: list[tuple[Delivery, Result | None, str]] = field(default_factory=list)

    def add(self, delivery: Delivery, result: Result | None, status: str = "") -> None:
        self.done.append((delivery, result, status))

    def record(self) -> None:
        if not self.done:
            return
        now = timezone.now()
        changed: list[Delivery] = []
        for delivery, result, forced in self.done:
            delivery.claim = ""
            delivery.claimed_at = None
            if forced:
                delivery.status = forced
                delivery.error_code = str(result.error_code) if result else ""
                delivery.error = result.error if result else ""
            elif result is not None and result.outcome == Outcome.ACCEPTED:
                delivery.status = DeliveryStatus.SENT
                delivery.provider_id = result.provider_id
                delivery.sent_at = now
                delivery.error_code = ""
                delivery.error = ""
            elif result is not None and result.outcome == Outcome.RETRY:
                delivery.error_code = result.error_code
                delivery.error = result.error
                if delivery.attempts >= MAX_ATTEMPTS:
                    delivery.status = DeliveryStatus.FAILED
                else:
                    delivery.status = DeliveryStatus.QUEUED
                    delivery.next_attempt_at = _not_at_night(
                        delivery, now + backoff(delivery.attempts)
                    )
            elif result is not None:
                delivery.status = DeliveryStatus.FAILED
                delivery.error_code = result.error_code
                delivery.error = result.error
            changed.append(delivery)
        # Only rows still under this run's claim: one taken over after the claim expired
        # belongs to the worker that took it. One statement run for each row (executemany):
        # Django's bulk_update writes CASE expressions that cost a 100,000-message drain more
        # than the sending itself.
        ops = connection.ops
        rows = [
            (
                d.status,
                d.provider_id,
                ops.adapt_datetimefield_value(d.sent_at),
                d.error_code,
                d.error,
                ops.adapt_datetimefield_value(d.next_attempt_at),
                d.pk,
                self.token,
            )
            for d in changed
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(RECORD_SQL, rows)
        self.done.clear()


# The table name comes from the model, never from input; every value is a parameter.
_TABLE = Delivery._meta.db_table
RECORD_SQL = (
    f"UPDATE {_TABLE} SET claim = '', claimed_at = NULL, status = %s, provider_id = %s, "  # noqa: S608
    "sent_at = %s, error_code = %s, error = %s, next_attempt_at = %s WHERE id = %s AND claim = %s"
)


def _not_at_night(delivery: Delivery, moment: datetime) -> datetime:
    from langso.outreach.services import first_attempt

    return first_attempt(delivery.channel, moment, urgent=delivery.urgent)


class Addresses:
    """What a batch needs to address and word its messages, read once per batch: village
    names, Zalo follower ids, the numbers that opted out."""

    def __init__(self, batch: list[Delivery]) -> None:
        villages = {d.village_id for d in batch if d.village_id}
        self.names = dict(
            UnitVersion.objects.filter(
                unit_id__in=villages, valid_from__lte=today(), valid_until__gt=today()
            ).values_list("unit_id", "name")
        )
        indexes = {index for d in batch if (index := _index(d))}
        # When each number opted out: a delivery queued before that is not sent (one queued
        # after it was queued because the person gave consent again since).
        self.opted_out = dict(
            OptOut.objects.filter(phone_index__in=indexes).values_list("phone_index", "recorded_at")
        )
        self.followers = dict(
            ZaloFollower.objects.filter(phone_index__in=indexes, following=True).values_list(
                "phone_index", "zalo_user_id"
            )
        )
        self.senders: dict[int, str] = {}


def _holder(delivery: Delivery) -> Resident | Person | None:
    """Whose number a delivery goes to: the resident's or the team member's."""
    return delivery.resident or delivery.person


def _index(delivery: Delivery) -> str | None:
    holder = _holder(delivery)
    return holder.phone_index if holder is not None else None


def _sealed_phone(delivery: Delivery) -> bytes | None:
    if delivery.address_sealed:
        return bytes(delivery.address_sealed)
    holder = _holder(delivery)
    if holder is not None and holder.phone_sealed:
        return bytes(holder.phone_sealed)
    return None


def message_for(delivery: Delivery, book: Addresses) -> Message | None:
    """The message to send for ``delivery``, or None when there is nowhere to send it."""
    if delivery.channel == Channel.EMAIL:
        to = delivery.user.email if delivery.user is not None else ""
    else:
        sealed = _sealed_phone(delivery)
        to = vault().open(PHONE_PURPOSE, sealed) if sealed else ""
    if not to:
        return None
    reference = str(delivery.pk)
    announcement = delivery.announcement
    if announcement is None:
        return Message(to=to, text=delivery.text, reference=reference)
    holder = _holder(delivery)
    name = holder.full_name if holder is not None else ""
    village = book.names.get(delivery.village_id or 0, "")
    text = render.fill(
        announcement.text, name=name, village=village, deadline=announcement.deadline
    )
    title = render.fill(
        announcement.title, name=name, village=village, deadline=announcement.deadline
    )
    link = render.link_url(announcement.link_kind, announcement.link_ref)
    # Residents may stop the commune's messages from the message itself; team members get
    # their team's announcements as part of serving on it.
    opt_out = ""
    if delivery.resident_id is not None:
        from langso.outreach.services import opt_out_token

        opt_out = render.public_url(f"/huy-nhan-tin/{opt_out_token(delivery.pk)}")
    sender = book.senders.get(announcement.unit_id)
    if sender is None:
        from langso.outreach.services import issuer_name

        sender = book.senders[announcement.unit_id] = issuer_name(announcement.unit_id)
    body = render.compose(
        delivery.channel, title=title, text=text, link=link, opt_out=opt_out, sender=sender
    )
    extra: dict[str, str] = {}
    index = _index(delivery)
    if delivery.channel == Channel.ZALO and index and index in book.followers:
        extra["zalo_user_id"] = book.followers[index]
    return Message(to=to, text=body, reference=reference, title=title, link=link, extra=extra)


def drain(
    channel: str,
    *,
    limit: int = 10_000,
    seconds: float = RUN_SECONDS,
    adapter: Adapter | None = None,
    now: Callable[[], datetime] = timezone.now,
) -> int:
    """Sends due deliveries of ``channel`` until none is left, ``limit`` were handled, or
    ``seconds`` passed. Answers how many were handled."""
    sender = adapter if adapter is not None else registry.adapter(channel)
    if sender is None:
        return 0
    pacer = Pacer(sender.rate)
    started = time.monotonic()
    handled = 0
    touched: set[int] = set()
    while handled < limit and time.monotonic() - started < seconds:
        token, ids = claim(channel, limit=min(BATCH, limit - handled), now=now())
        if not ids:
            break
        batch = list(
            Delivery.objects.filter(pk__in=ids, claim=token)
            .select_related("announcement", "resident", "person", "user")
            .order_by("id")
        )
        book = Addresses(batch)
        outbox = Outbox(token)
        try:
            for delivery in batch:
                index = _index(delivery)
                stopped = book.opted_out.get(index) if index else None
                if stopped and stopped >= delivery.created_at and delivery.announcement_id:
                    outbox.add(delivery, None, DeliveryStatus.OPTED_OUT)
                    continue
                message = message_for(delivery, book)
                if message is None:
                    outbox.add(
                        delivery,
                        Result(Outcome.REFUSED, error_code=DeliveryError.NO_ADDRESS),
                        DeliveryStatus.FAILED,
                    )
                    continue
                pacer.wait()
                outbox.add(delivery, sender.send(message))
                if len(outbox.done) >= RECORD_EVERY:
                    outbox.record()
        finally:
            # A crash mid-batch still records what was sent; what was not keeps its claim,
            # which expires, and is sent again under the same idempotency key.
            outbox.record()
        handled += len(batch)
        touched.update(d.announcement_id for d in batch if d.announcement_id)
    # Once a run, not once a batch: the question scans an announcement's queued deliveries.
    announcements_settle(touched)
    return handled


def announcements_settle(ids: set[int]) -> None:
    """An announcement being sent is sent once none of its deliveries waits any more."""
    if not ids:
        return
    done = {
        pk
        for pk in ids
        if not Delivery.objects.filter(announcement_id=pk, status=DeliveryStatus.QUEUED).exists()
    }
    if done:
        Announcement.objects.filter(pk__in=done, status=AnnouncementStatus.SENDING).update(
            status=AnnouncementStatus.SENT
        )


def next_due(channel: str) -> datetime | None:
    """When the earliest waiting delivery of ``channel`` falls due (to wake the worker then)."""
    return (
        Delivery.objects.filter(channel=channel, status=DeliveryStatus.QUEUED)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
