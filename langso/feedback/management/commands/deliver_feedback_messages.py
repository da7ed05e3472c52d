from typing import Any

from django.core.management.base import BaseCommand

from langso.feedback import services
from langso.feedback.models import DeliveryStatus, Notification


class Command(BaseCommand):
    help = (
        "Hand messages still waiting in the outbox to the configured gateway (a retry after a "
        "gateway failure). Safe to rerun: delivered messages are never sent twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        waiting = Notification.objects.filter(status=DeliveryStatus.PENDING).values_list(
            "pk", flat=True
        )
        counts: dict[str, int] = {}
        for notification_id in list(waiting):
            done = services.notification_deliver(notification_id=notification_id)
            counts[done.status] = counts.get(done.status, 0) + 1
        summary = ", ".join(f"{status}: {count}" for status, count in sorted(counts.items()))
        self.stdout.write(summary or "nothing waiting")
