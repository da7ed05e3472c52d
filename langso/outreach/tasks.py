"""Background work of outreach: draining the deliveries, and sending scheduled announcements
at their time. Thin wrappers over ``delivery`` and ``services``."""

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task

from langso.outreach import delivery, services
from langso.outreach.channels.registry import connected

SENT = ("sms", "zalo", "email")
# How soon after a run that stopped with work left (its time or count was up) the next starts:
# long enough for the worker's other tasks to take their turn.
NEXT_TURN = timedelta(seconds=1)


@task()
def deliveries_drain(channel: str) -> int:
    """Sends what is due on ``channel`` for one turn, then asks for the next turn: at once if
    work was left, else when the earliest waiting delivery (a retry, a morning SMS) falls due."""
    handled = delivery.drain(channel)
    due = delivery.next_due(channel)
    if due is not None:
        _later(channel, max(due, timezone.now() + NEXT_TURN) if handled else due)
    return handled


def _later(channel: str, at: datetime) -> None:
    if deliveries_drain.get_backend().supports_defer:
        deliveries_drain.using(run_after=at).enqueue(channel)


def wake() -> None:
    """Starts a turn on every connected channel (after an announcement or a reply is queued)."""
    on = connected()
    for channel in SENT:
        if on.get(channel):
            deliveries_drain.enqueue(channel)


@task()
def announcement_dispatch(announcement_id: int) -> bool:
    return services.announcement_dispatch(announcement_id=announcement_id)


def schedule_dispatch(announcement_id: int, at: datetime | None) -> None:
    """Queues a scheduled announcement's deliveries at its time (``outreach_tick`` catches any
    that a task backend without deferred runs could not wait for)."""
    if at is not None and announcement_dispatch.get_backend().supports_defer:
        announcement_dispatch.using(run_after=at).enqueue(announcement_id)
