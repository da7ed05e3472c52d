from typing import Any

from django.core.management.base import BaseCommand

from langso.learning import cert_services


class Command(BaseCommand):
    help = (
        "Issue a certificate to every person who reached the basic digital skills standard in "
        "a commune that issues automatically, and holds none yet. Safe to rerun: run it "
        "periodically, or after skills came in by a path that did not call the hook."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = cert_services.certificates_issue_auto()
        for commune, count in sorted(done.items()):
            self.stdout.write(f"commune {commune}: {count} issued")
        self.stdout.write(f"{sum(done.values())} certificates issued in {len(done)} communes.")
