"""Background work of the feedback app: delivering messages to reporters."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from langso.feedback import services
from langso.feedback.models import DeliveryStatus

RETRY_AFTER = timedelta(minutes=5)


@task()
def deliver_notification(notification_id: int) -> None:
    notification = services.notification_deliver(notification_id=notification_id)
    # Delivered, given up, or held by another worker, which records its own result.
    if notification.status != DeliveryStatus.PENDING or notification.claimed_at is not None:
        return
    # A gateway that failed for a while gets the message again later, where the task backend
    # can wait (the database backend can); otherwise `deliver_feedback_messages` retries it.
    if deliver_notification.get_backend().supports_defer:
        later = deliver_notification.using(run_after=timezone.now() + RETRY_AFTER)
        transaction.on_commit(lambda: later.enqueue(notification_id))
