"""Messages to reporters move to outreach's deliveries (issue 15: one delivery mechanism for
announcements and feedback). Every ``Notification`` becomes a ``Delivery`` of source feedback
whose ``source_ref`` is its report's id, on the SMS channel (the old gateway's "zalo" channel
was a hint to the same HTTP gateway, which outreach now reaches as its SMS gateway).

A message still waiting is queued again, due at once, with no claim: a worker that held one when
the old code stopped is gone, and the gateway drops a repeat of a message it took (the
idempotency key changes from ``fb-<notification>`` to the delivery's id, so a message whose
sending was cut short at that very moment could reach the reporter twice; that window is the
seconds of one send). Going back copies the deliveries of feedback back into notifications."""

from django.db import migrations

BATCH = 2_000

FORWARD = {"pending": "queued", "kept": "kept", "sent": "sent", "failed": "failed"}
# Deliveries know states notifications never had: delivered counts as sent; cancelled or opted
# out, as failed.
BACKWARD = {
    "queued": "pending",
    "kept": "kept",
    "sent": "sent",
    "delivered": "sent",
    "failed": "failed",
    "cancelled": "failed",
    "opted_out": "failed",
}


def copy_to_deliveries(apps, schema_editor):
    notification = apps.get_model("feedback", "Notification")
    delivery = apps.get_model("outreach", "Delivery")
    rows = []
    for old in notification.objects.order_by("id").iterator(chunk_size=BATCH):
        status = FORWARD.get(old.status, "failed")
        rows.append(
            delivery(
                source="feedback",
                source_ref=str(old.report_id),
                channel="sms",
                address_sealed=bytes(old.phone_sealed),
                address_masked=old.phone_masked,
                text=old.text,
                # Replies go out at night too, like ``outreach.services.reply_queue``'s.
                urgent=True,
                status=status,
                attempts=old.attempts,
                next_attempt_at=old.created_at,
                provider_id=old.gateway_id,
                error_code=old.error_code,
                error=old.error,
                created_at=old.created_at,
                sent_at=old.delivered_at if status == "sent" else None,
            )
        )
        if len(rows) == BATCH:
            delivery.objects.bulk_create(rows)
            rows = []
    delivery.objects.bulk_create(rows)


def copy_to_notifications(apps, schema_editor):
    notification = apps.get_model("feedback", "Notification")
    delivery = apps.get_model("outreach", "Delivery")
    replies = delivery.objects.filter(source="feedback")
    batch = []
    for new in replies.order_by("id").iterator(chunk_size=BATCH):
        batch.append(new)
        if len(batch) == BATCH:
            _back(notification, batch)
            batch = []
    _back(notification, batch)
    replies.delete()


def _back(notification, deliveries):
    rows = []
    for new in deliveries:
        status = BACKWARD.get(new.status, "failed")
        rows.append(
            notification(
                report_id=int(new.source_ref),
                phone_sealed=bytes(new.address_sealed or b""),
                phone_masked=new.address_masked[:16],
                text=new.text[:480],
                status=status,
                channel="outbox" if status == "kept" else new.channel,
                attempts=new.attempts,
                gateway_id=new.provider_id,
                error_code=new.error_code,
                error=new.error,
                delivered_at=new.sent_at if status == "sent" else None,
            )
        )
    made = notification.objects.bulk_create(rows)
    # ``created_at`` is ``auto_now_add``, stamped now by the insert: each row gets its
    # delivery's moment back (both databases return the new ids from a bulk insert).
    for row, new in zip(made, deliveries, strict=True):
        row.created_at = new.created_at
    notification.objects.bulk_update(made, ["created_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0005_notification_error_code"),
        ("outreach", "0002_delivery_claim_mark"),
    ]

    operations = [
        migrations.RunPython(copy_to_deliveries, copy_to_notifications),
    ]
