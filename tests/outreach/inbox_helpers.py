"""Announcements in members' field-app inboxes, for the inbox's tests."""

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from langso.accounts.models import User
from langso.outreach.models import Announcement, Channel, Delivery, DeliveryStatus
from tests.roles import World


def announce(world: World, users: list[User], *, title: str, text: str = "") -> Announcement:
    """An announcement of commune A sent to ``users``' field-app inboxes."""
    announcement = Announcement.objects.create(
        unit=world.commune_a,
        title=title,
        text=text or f"{title}: nội dung thông báo.",
        audience={"teams": "members", "residents": {"all": False, "lacking": [], "min_age": None}},
        channels=[Channel.APP],
        status="sent",
        created_by=world.commune_officer,
    )
    now = timezone.now() - timedelta(hours=1)
    for user in users:
        Delivery.objects.create(
            announcement=announcement,
            channel=Channel.APP,
            user=user,
            status=DeliveryStatus.SENT,
            created_at=now,
            sent_at=now,
        )
    return announcement


def delivery_of(announcement: Announcement, user: User) -> Delivery:
    return Delivery.objects.get(announcement=announcement, user=user, channel=Channel.APP)


def receipt(delivery: Delivery, read_at: Any = None, **more: Any) -> dict[str, Any]:
    body = {"id": str(uuid.uuid4()), "delivery": delivery.pk, **more}
    if read_at is not None:
        body["read_at"] = read_at.isoformat() if hasattr(read_at, "isoformat") else read_at
    return body
