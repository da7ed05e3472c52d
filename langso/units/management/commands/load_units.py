import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from langso.units import national


class Command(BaseCommand):
    help = (
        "Load Vietnam's real administrative units from the vietnamadminunits package: the "
        "units before 1 July 2025 and the 2025 reform as dated change events. Safe to rerun."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            help="Only this province: its old (pre-2025) or new code, e.g. 14 for Sơn La.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            report = national.load(province=options["province"])
        except LookupError as exc:
            raise CommandError(f"No province has code {exc.args[0]}.") from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Provinces loaded: {len(report.provinces_loaded)}, already there: "
            f"{len(report.provinces_unchanged)}; units created: {report.units_created}, "
            f"versions: {report.versions_created}, events: {report.events_created} "
            f"({seconds:.1f} s)."
        )
