"""``manage.py outreach_drain``: what the worker does, run by hand or by cron.

Queues every scheduled announcement whose time has passed, then sends what is due on every
connected channel (announcements and replies to feedback alike). Safe to rerun, and to run
beside the worker: deliveries are claimed before they are sent, and a delivery's id is the
idempotency key the provider sees, so nothing goes out twice. Useful where the task backend
cannot wait (a retry after a gateway failure is then due with nobody to wake it) and after a
gateway comes back.
"""

from typing import Any

from django.core.management.base import BaseCommand

from langso.outreach import delivery, services
from langso.outreach.channels import registry


def drain_all() -> tuple[int, dict[str, int]]:
    """Queues due announcements, then drains every connected channel once: (announcements
    queued, deliveries handled per channel)."""
    queued = services.announcements_due()
    on = registry.connected()
    handled = {
        str(channel): delivery.drain(channel)
        for channel in delivery.SENT_CHANNELS
        if on.get(channel)
    }
    return queued, handled


def summary(queued: int, handled: dict[str, int]) -> str:
    parts = [f"{channel}: {count}" for channel, count in handled.items() if count]
    if queued:
        parts.insert(0, f"announcements queued: {queued}")
    return ", ".join(parts) or "nothing due"


class Command(BaseCommand):
    help = (
        "Queue scheduled announcements whose time has come and send what is due on every "
        "connected channel (announcements and replies to feedback). Safe to rerun."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(summary(*drain_all()))
