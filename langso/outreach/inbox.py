"""A team member's inbox in the field app: the announcements sent to them, and their receipts.

An announcement reaches a member as a delivery through the channel ``app`` addressed to their
login (``Delivery.user``): it is in their inbox from the moment it is sent (status ``sent``).
The field app carries the most recent ones offline (the pull part ``announcements``) and
answers with receipts, idempotently, like the sync: a receipt says the phone holds a delivery
(``delivered_at``, status ``delivered``) and, when the member opened it, when they read it
(``read_at``).

Delivered is recorded when the phone acknowledges, not when a pull reads the inbox: a pull's
answer may be lost on a weak link (the phone then pulls the same again), and a read path that
writes would say "delivered" of messages no phone holds. The phone acknowledges what it stored
once the pull is done, with the same receipts it sends for what the member read.

A member reads only their own deliveries: every query here is limited to the actor's login, and
a receipt for a delivery of someone else's is refused exactly like one for an id that does not
exist, so the answer reveals nothing.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any, cast

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, ValidationError

from langso.access import Actor, actor_id
from langso.core.bounds import DbId
from langso.core.errors import CoreError, DomainError
from langso.outreach import render
from langso.outreach.errors import OutreachError
from langso.outreach.models import (
    Announcement,
    Channel,
    Delivery,
    DeliverySource,
    DeliveryStatus,
)
from langso.outreach.selectors import unit_names

# How many announcements the field app keeps offline: the most recent (older ones stay readable
# online, through the API's pages).
FIELD_SIZE = 50
PAGE_SIZE = 20
MAX_RECEIPTS = 500
# The deliveries that are in an inbox: sent to it, whether the phone has them yet or not.
IN_INBOX = (DeliveryStatus.SENT, DeliveryStatus.DELIVERED)


# Reads ------------------------------------------------------------------------------------------


def inbox(*, actor: Actor) -> QuerySet[Delivery]:
    """The actor's own announcements in the field app, most recent first.

    Only deliveries addressed to the actor's login: the system and visitors have no inbox."""
    user_id = actor_id(actor)
    if user_id is None:
        return Delivery.objects.none()
    return (
        Delivery.objects.filter(
            user_id=user_id,
            channel=Channel.APP,
            source=DeliverySource.ANNOUNCEMENT,
            announcement__isnull=False,
            status__in=IN_INBOX,
        )
        .select_related("announcement", "announcement__image", "person", "user")
        .order_by("-created_at", "-id")
    )


def image_url(announcement: Announcement) -> str | None:
    """Where the field app fetches the announcement's picture: the public address by its digest
    that the Zalo groups' posts use too (``outreach:image``)."""
    if announcement.image is None:
        return None
    return reverse("outreach:image", args=[announcement.image.sha256])


def items(deliveries: Iterable[Delivery]) -> list[dict[str, Any]]:
    """The announcements of an inbox as the field app and the API give them: the title and the
    text written for their reader (``{ten}``, ``{thon}``, ``{han}`` filled in, as the other
    channels send them), the link, the picture, and whether it was read."""
    rows = list(deliveries)
    villages = unit_names({row.village_id for row in rows if row.village_id})
    found = []
    for delivery in rows:
        # ``inbox`` holds only deliveries of announcements.
        announcement = cast(Announcement, delivery.announcement)
        holder = delivery.person or delivery.user
        words = partial(
            render.fill,
            name=holder.full_name if holder is not None else "",
            village=villages.get(delivery.village_id or 0, ""),
            deadline=announcement.deadline,
        )
        kind = announcement.link_kind
        found.append(
            {
                "delivery": delivery.pk,
                "announcement": announcement.pk,
                "title": words(announcement.title),
                "text": words(announcement.text),
                "link": (
                    {
                        "kind": kind,
                        "ref": announcement.link_ref,
                        "url": render.link_url(kind, announcement.link_ref),
                    }
                    if kind
                    else None
                ),
                "image": image_url(announcement),
                "urgent": announcement.urgent,
                "deadline": announcement.deadline.isoformat() if announcement.deadline else None,
                "sent_at": (delivery.sent_at or delivery.created_at).isoformat(),
                "read": delivery.read_at is not None,
            }
        )
    return found


def field_announcements(*, actor: Actor) -> list[dict[str, Any]]:
    """The pull part ``announcements``: the member's most recent announcements with whether
    each was read. It only reads; the phone's receipts record what it received."""
    return items(inbox(actor=actor)[:FIELD_SIZE])


@dataclass(frozen=True)
class InboxPage:
    count: int
    unread: int
    page: int
    pages: int
    items: list[dict[str, Any]]


def inbox_page(*, actor: Actor, page: int) -> InboxPage:
    """One page of the actor's inbox (``PAGE_SIZE`` a page); a page past the end is empty."""
    found = inbox(actor=actor)
    count = found.count()
    start = (page - 1) * PAGE_SIZE
    return InboxPage(
        count=count,
        unread=found.filter(read_at__isnull=True).count(),
        page=page,
        pages=max(1, -(-count // PAGE_SIZE)),
        items=items(found[start : start + PAGE_SIZE]),
    )


# Receipts ---------------------------------------------------------------------------------------


class Receipt(BaseModel):
    """One receipt as the phone sends it: its own id (a UUID made on the phone), the delivery,
    and when the member read it (none: the phone holds it, unread)."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID
    delivery: DbId
    read_at: datetime | None = None


def _refused(raw: Any, code: str, message: str) -> dict[str, Any]:
    # The id as the phone wrote it, for the phone to find its answer (whatever it is, cut short).
    sent = raw.get("id") if isinstance(raw, dict) else None
    return {"id": str(sent or "")[:100], "status": "rejected", "code": code, "message": message}


def _aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def _read_time(delivery: Delivery, sent: datetime, now: datetime) -> datetime:
    """When the member read it, as the phone says, within what can be true: not before the
    delivery was sent, not after now. A wrong clock on the phone does not lose the read."""
    earliest = delivery.sent_at or delivery.created_at
    return min(max(sent, earliest), now)


@transaction.atomic
def reads_record(*, actor: Actor, reads: list[Any]) -> list[dict[str, Any]]:
    """Records a batch of receipts from the actor's phone; answers each, in the order sent:
    ``created`` (something was recorded), ``duplicate`` (all of it was recorded before: a batch
    sent again changes nothing) or ``rejected`` with a code.

    A receipt marks its delivery delivered, and read when it carries ``read_at``; the first
    read counts and a later one changes nothing. A delivery that is not in the actor's inbox,
    someone else's or none at all, is refused with the same code and words."""
    if len(reads) > MAX_RECEIPTS:
        raise DomainError(
            CoreError.INVALID_INPUT,
            _("Send at most %(count)s receipts at a time.") % {"count": MAX_RECEIPTS},
            field="reads",
        )
    now = timezone.now()
    parsed: list[Receipt | dict[str, Any]] = []
    for raw in reads:
        try:
            parsed.append(Receipt.model_validate(raw))
        except ValidationError:
            parsed.append(
                _refused(
                    raw,
                    OutreachError.READ_INVALID,
                    _("This read receipt could not be understood."),
                )
            )
    wanted = {receipt.delivery for receipt in parsed if isinstance(receipt, Receipt)}
    mine = {delivery.pk: delivery for delivery in inbox(actor=actor).filter(pk__in=wanted)}
    results = []
    for receipt in parsed:
        if not isinstance(receipt, Receipt):
            results.append(receipt)
            continue
        delivery = mine.get(receipt.delivery)
        if delivery is None:
            results.append(
                _refused(
                    {"id": receipt.id},
                    OutreachError.READ_UNKNOWN,
                    _("This announcement is not in your inbox."),
                )
            )
            continue
        changed = _receipt_apply(delivery, receipt, now)
        results.append({"id": str(receipt.id), "status": "created" if changed else "duplicate"})
    return results


def _receipt_apply(delivery: Delivery, receipt: Receipt, now: datetime) -> bool:
    """Sets what the receipt tells that was not known yet; whether anything was."""
    read_at = None
    if receipt.read_at is not None and delivery.read_at is None:
        read_at = _read_time(delivery, _aware(receipt.read_at), now)
    if delivery.delivered_at is not None and read_at is None:
        return False
    fields: dict[str, Any] = {}
    if delivery.delivered_at is None:
        # Held by the phone since the read at the latest.
        fields["delivered_at"] = read_at if read_at is not None else now
        fields["status"] = DeliveryStatus.DELIVERED
    if read_at is not None:
        fields["read_at"] = read_at
    # Only where it is still unset when the row is written, so two phones' receipts racing on
    # one delivery (the same member logged in twice) record it once.
    still = Q(read_at__isnull=True) if read_at is not None else Q(delivered_at__isnull=True)
    updated = Delivery.objects.filter(still, pk=delivery.pk).update(**fields)
    for name, value in fields.items():
        setattr(delivery, name, value)
    return updated > 0
