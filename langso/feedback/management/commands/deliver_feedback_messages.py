from typing import Any

from django.core.management.base import BaseCommand

from langso.outreach.management.commands.outreach_drain import drain_all, summary


class Command(BaseCommand):
    help = (
        "Send messages to reporters still waiting (a retry after a gateway failure): the same "
        "as outreach_drain, whose deliveries they are now. Safe to rerun."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(summary(*drain_all()))
