"""The outbox of messages to reporters is outreach's deliveries now (copied by 0006)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("feedback", "0006_notifications_to_deliveries")]

    operations = [migrations.DeleteModel(name="Notification")]
