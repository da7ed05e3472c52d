"""Every read of outreach, limited to what the actor may see (``access.outreach``)."""

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from langso import access
from langso.access import Actor
from langso.core.dates import today
from langso.core.errors import DomainError
from langso.outreach import audience as audiences
from langso.outreach.audience import Audience
from langso.outreach.channels import registry
from langso.outreach.errors import OutreachError
from langso.outreach.models import (
    Announcement,
    Channel,
    Delivery,
    DeliveryStatus,
    GroupPost,
    Template,
)
from langso.units.models import UnitVersion


def connected() -> dict[str, bool]:
    """Each channel, and whether it is connected (the field app always is)."""
    return registry.connected()


def announcements(*, actor: Actor) -> QuerySet[Announcement]:
    return (
        Announcement.objects.filter(access.announcements_filter(actor))
        .select_related("unit", "created_by")
        .order_by("-created_at", "-id")
    )


def reach(*, actor: Actor, audience: Audience, channels: list[str]) -> dict[str, int]:
    """How many people each chosen channel would reach now (the composer's count). A channel
    not connected reaches nobody."""
    access.access_outreach_desk(actor)
    chosen = audiences.clean(audience)
    on = today()
    units = audiences.units_addressed(actor, chosen, on)
    ids = audiences.unit_ids(units, on)
    on_now = connected()
    wanted = [channel for channel in channels if channel in Channel.values]
    counts = audiences.reach(chosen, ids, on, [c for c in wanted if on_now.get(c)])
    return {channel: counts.get(channel, 0) for channel in wanted}


def deliveries(
    *, announcement: Announcement, status: str | None = None, channel: str | None = None
) -> QuerySet[Delivery]:
    """The deliveries of an announcement the caller was already allowed to read, newest first,
    with what a dashboard shows of each recipient (masked addresses only)."""
    rows = Delivery.objects.filter(announcement=announcement)
    if status:
        if status not in DeliveryStatus.values:
            raise DomainError(
                OutreachError.STATUS_UNKNOWN,
                _("There is no delivery status %(status)s.") % {"status": status[:20]},
                field="status",
            )
        rows = rows.filter(status=status)
    if channel:
        if channel not in Channel.values:
            raise DomainError(
                OutreachError.CHANNEL_UNKNOWN,
                _("There is no channel %(name)s.") % {"name": channel[:20]},
                field="channel",
            )
        rows = rows.filter(channel=channel)
    return rows.select_related("resident", "person", "user").order_by("id")


def counts(*, announcement: Announcement) -> dict[str, dict[str, int]]:
    """Deliveries per channel and status: {channel: {status: n}}."""
    found: dict[str, dict[str, int]] = defaultdict(dict)
    rows = (
        Delivery.objects.filter(announcement=announcement)
        .values_list("channel", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for channel, status, number in rows:
        found[channel][status] = number
    return dict(found)


def dashboard(*, announcement: Announcement) -> dict[str, Any]:
    """What an announcement's page shows: counts per channel and status, the field app's read
    rate, the counts per village, and the Zalo groups' posts and opens."""
    by_channel = counts(announcement=announcement)
    app = Delivery.objects.filter(announcement=announcement, channel=Channel.APP)
    app_total = app.count()
    app_read = app.filter(read_at__isnull=False).count()
    per_unit = (
        Delivery.objects.filter(announcement=announcement)
        .values("village_id")
        .annotate(
            total=Count("id"),
            sent=Count("id", filter=Q(status__in=(DeliveryStatus.SENT, DeliveryStatus.DELIVERED))),
            failed=Count("id", filter=Q(status=DeliveryStatus.FAILED)),
            read=Count("id", filter=Q(read_at__isnull=False)),
        )
        .order_by("village_id")
    )
    names = unit_names({row["village_id"] for row in per_unit if row["village_id"]})
    units = [{**row, "name": names.get(row["village_id"], "")} for row in per_unit]
    units.sort(key=lambda row: str(row["name"]))
    posts = list(
        GroupPost.objects.filter(announcement=announcement)
        .select_related("team", "posted_by")
        .order_by("team__name")
    )
    return {
        "channels": by_channel,
        "app": {
            "total": app_total,
            "read": app_read,
            "rate": (app_read / app_total) if app_total else None,
        },
        "units": units,
        "group_posts": posts,
    }


def unit_names(ids: set[int]) -> dict[int, str]:
    day = today()
    return dict(
        UnitVersion.objects.filter(
            unit_id__in=ids, valid_from__lte=day, valid_until__gt=day
        ).values_list("unit_id", "name")
    )


def templates(*, actor: Actor) -> QuerySet[Template]:
    return Template.objects.filter(access.templates_filter(actor)).select_related("unit")


def group_posts(*, actor: Actor) -> QuerySet[GroupPost]:
    """A leader's checklist: the posts for the teams they lead, newest first."""
    return (
        GroupPost.objects.filter(
            pk__in=GroupPost.objects.filter(access.group_posts_filter(actor)).values("pk")
        )
        .select_related("announcement", "team")
        .order_by("-announcement__queued_at", "team__name")
    )


def feedback_replies(*, source_refs: QuerySet[Any] | list[str]) -> QuerySet[Delivery]:
    """The messages to the citizens of the feedback reports given (the outbox page)."""
    return Delivery.objects.filter(source="feedback", source_ref__in=source_refs).order_by(
        "-created_at", "-id"
    )


def masked_to(delivery: Delivery) -> str:
    """Where a delivery went, as a dashboard may show it: a masked number, or an email's
    domain (nobody's full address is ever on a page)."""
    if delivery.channel == Channel.EMAIL:
        email = delivery.user.email if delivery.user is not None else ""
        return f"…@{email.partition('@')[2]}" if email else ""
    if delivery.channel == Channel.APP:
        return delivery.user.get_username() if delivery.user is not None else ""
    holder = delivery.resident or delivery.person
    return holder.phone_masked if holder is not None else delivery.address_masked
