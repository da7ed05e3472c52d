"""A failed delivery keeps a stable code (``DeliveryError``) beside its technical detail, so the
outbox page shows officers words, not the gateway's English. Messages that failed before carry
only the free text the adapter wrote; their code is worked out from that text, which the
adapter wrote in only these shapes ("HTTP 503", "unreadable answer", "answer without an id",
or the socket's own message when the gateway could not be reached)."""

import re

from django.db import migrations, models

BATCH = 2_000
HTTP = re.compile(r"HTTP (\d{3})")


def _code(error: str) -> str:
    found = HTTP.fullmatch(error)
    if found:
        status = int(found.group(1))
        if status == 429:
            return "DELIVERY_GATEWAY_BUSY"
        return "DELIVERY_GATEWAY_FAILED" if status >= 500 else "DELIVERY_REFUSED"
    if error == "unreadable answer":
        return "DELIVERY_ANSWER_UNREADABLE"
    if error == "answer without an id":
        return "DELIVERY_ANSWER_WITHOUT_ID"
    return "DELIVERY_UNREACHABLE"


def code_old_errors(apps, schema_editor):
    notification = apps.get_model("feedback", "Notification")
    changed = []
    for row in (
        notification.objects.exclude(error="")
        .filter(error_code="")
        .only("id", "error")
        .iterator(chunk_size=BATCH)
    ):
        row.error_code = _code(row.error)
        changed.append(row)
        if len(changed) == BATCH:
            notification.objects.bulk_update(changed, ["error_code"])
            changed = []
    notification.objects.bulk_update(changed, ["error_code"])


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_shorter_masks")]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="error_code",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.RunPython(code_old_errors, migrations.RunPython.noop, elidable=True),
    ]
